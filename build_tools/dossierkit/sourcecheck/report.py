"""The checker's findings and results, and its stable JSON report.

A :class:`Finding` is one located message (``path:line:col: severity:
message``, as ``dossier validate`` prints); a :class:`Report` holds every
checked source with its quotes.  The CLI (``cli/check_sources.py``) prints
the report as text, GitHub annotations, or :meth:`Report.as_json`.

Severities: ``error`` (the command exits 1: a page gone with no working
archive, a quote not found, a refused address), ``warning`` (moved, gone
but archived, could not be checked) and ``note`` (all is well).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from dossierkit.errors import ERROR, WARNING, printable

NOTE = "note"
REPORT_FORMAT = 1
SOURCE_STATUSES = ("reachable", "moved", "gone", "refused", "unreachable", "not-checked", "no-address")
QUOTE_STATUSES = ("found", "archive-only", "missing", "not-checked")


@dataclass(frozen=True, order=True)
class Finding:
    """One located message about a source or a quote."""

    path: str
    line: int
    column: int
    message: str
    severity: str = field(default=ERROR, compare=False)
    source: str = field(default="", compare=False)
    code: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        # Messages quote addresses from servers (Location headers) and text
        # from entries: no raw control character reaches a terminal or a log.
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", printable(self.message))

    def format(self) -> str:
        """``path:line:column: severity: message``."""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        """The finding as a JSON object."""
        return {"path": self.path, "line": self.line, "column": self.column, "severity": self.severity,
                "source": self.source, "code": self.code, "message": self.message}


@dataclass
class QuoteResult:
    """One citation's quote: where it is written and whether the page has it."""

    path: str
    line: int
    column: int
    status: str                   # one of QUOTE_STATUSES
    quote: str
    checked_in: str | None = None  # the address whose text was searched


@dataclass
class SourceResult:
    """One source: what its address gave, its quotes, and the findings about both."""

    id: str
    path: str
    line: int
    url: str | None
    archive_url: str | None
    status: str = "not-checked"   # one of SOURCE_STATUSES
    http_status: int | None = None
    final_url: str | None = None
    reason: str = ""
    archive: str | None = None    # "works", "fails", or None when it was not needed
    fetched: str | None = None
    quotes: list[QuoteResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The source's record in the JSON report."""
        return {
            "id": self.id, "path": self.path, "line": self.line, "url": self.url, "archive_url": self.archive_url,
            "status": self.status, "http_status": self.http_status, "final_url": self.final_url,
            "reason": printable(self.reason), "archive": self.archive, "fetched": self.fetched,
            "quotes": [{"path": q.path, "line": q.line, "column": q.column, "status": q.status,
                        "quote": q.quote, "checked_in": q.checked_in} for q in self.quotes],
        }


@dataclass
class Report:
    """Every checked source, in id order, and what was checked (all or the changes)."""

    sources: list[SourceResult]
    scope: str = "all"

    @property
    def findings(self) -> list[Finding]:
        """Every finding, sorted by file, line, column and message."""
        return sorted(f for s in self.sources for f in s.findings)

    @property
    def failed(self) -> bool:
        """True when any finding is an error (exit code 1)."""
        return any(f.severity == ERROR for f in self.findings)

    def counts(self) -> dict[str, dict[str, int]]:
        """Sources by status and quotes by status, every status listed."""
        sources = Counter(s.status for s in self.sources)
        quotes = Counter(q.status for s in self.sources for q in s.quotes)
        return {"sources": {k: sources[k] for k in SOURCE_STATUSES},
                "quotes": {k: quotes[k] for k in QUOTE_STATUSES}}

    def summary(self) -> str:
        """One line: sources and quotes by status, errors and warnings."""
        counts = self.counts()
        severities = Counter(f.severity for f in self.findings)
        parts = [f"{n} {k.replace('-', ' ')}" for k, n in counts["sources"].items() if n]
        quote_parts = [f"{n} {k.replace('-', ' ').replace('missing', 'not found')}"
                       for k, n in counts["quotes"].items() if n]
        text = f"{len(self.sources)} source(s) checked" + (f": {', '.join(parts)}" if parts else "")
        total_quotes = sum(counts["quotes"].values())
        text += f"; {total_quotes} quote(s)" + (f": {', '.join(quote_parts)}" if quote_parts else "")
        return text + f"; {severities[ERROR]} error(s), {severities[WARNING]} warning(s)"

    def as_json(self) -> dict[str, Any]:
        """The stable JSON report."""
        findings = self.findings
        return {
            "format": REPORT_FORMAT,
            "scope": self.scope,
            "summary": {**self.counts(), "errors": sum(f.severity == ERROR for f in findings),
                        "warnings": sum(f.severity == WARNING for f in findings)},
            "sources": [s.as_json() for s in sorted(self.sources, key=lambda s: s.id)],
            "findings": [f.as_json() for f in findings],
        }

