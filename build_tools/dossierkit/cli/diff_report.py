"""``dossier diff`` output: text, Markdown (a pull request's job summary), JSON and GitHub annotations.

Every contributed string (names, claims, quotes, file names) is escaped for
where it lands: Markdown escapes every punctuation mark (``ci_summary.md_text``),
annotations use GitHub's workflow-command escaping, and JSON is JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from dossierkit.changes.checkout import Side
from dossierkit.changes.dossier_diff import DossierDiff
from dossierkit.changes.facts import EntryChange, Fact
from dossierkit.changes.snapshot import Snapshot
from dossierkit.changes.words import Words
from dossierkit.cli.ci_summary import MAX_BYTES, md_link, md_text
from dossierkit.cli.report import escape_data, escape_property

TITLE = "dossier diff"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


@dataclass
class DiffReport:
    """Both sides, their differences (None when a side did not load) and the entries of each."""

    base: Side
    head: Side
    diff: DossierDiff | None
    base_entries: dict[str, Snapshot]
    head_entries: dict[str, Snapshot]

    def words(self, arrow: str) -> Words:
        """Words with the newer side's vocabulary and both sides' entry names."""
        vocab = self.head.vocabulary or self.base.vocabulary

        def label_of(entry_id: str) -> str | None:
            found = self.head_entries.get(entry_id) or self.base_entries.get(entry_id)
            return found.label if found else None

        return Words(vocab, label_of, arrow)  # type: ignore[arg-type]

    def line(self, change: EntryChange, fact: Fact) -> int:
        """The line in the newer file that a fact is about."""
        snap = self.head_entries.get(change.id)
        return snap.line(fact.path) if snap else 1

    @property
    def failed(self) -> list[Side]:
        """The sides that did not load."""
        return [s for s in (self.base, self.head) if s.dossier is None]

    def counts(self) -> str:
        """``1 entry added, 2 changed; 1 flag for a reviewer``."""
        d = self.diff
        if d is None or not d:
            return "no entry changed"
        parts = [f"{_plural(len(d.added), 'entry')} added" if d.added else "",
                 f"{len(d.removed)} removed" if d.removed else "", f"{len(d.renamed)} renamed" if d.renamed else "",
                 f"{len(d.changed)} changed" if d.changed else ""]
        text = ", ".join(p for p in parts if p)
        return text + (f"; {_plural(d.flags, 'flag')} for a reviewer" if d.flags else "; nothing flagged")


# --- text -----------------------------------------------------------------------------------


def render_text(report: DiffReport) -> str:
    """The report for a terminal."""
    out = [f"{TITLE}: {report.base.title} -> {report.head.title}"]
    if report.failed:
        for side in report.failed:
            errors = [p for p in side.problems if p.is_error]
            out.append(f"cannot compare: {side.title} does not validate ({_plural(len(errors), 'error')}):")
            out += ["  " + p.format() for p in errors]
        return "\n".join(out) + "\n"
    words, diff = report.words("->"), report.diff
    out.append(report.counts())
    for title, group, mark in (("Added", diff.added, "+"), ("Removed", diff.removed, "-")):
        if group:
            out += ["", title] + [f"  {mark} {c.kind} {c.id}: {c.label} ({c.path})" for c in group]
    for title, group in (("Renamed", diff.renamed), ("Changed", diff.changed)):
        if not group:
            continue
        out += ["", title]
        for change in group:
            was = f" (was {change.old_id}, {change.old_path})" if change.old_id else ""
            out.append(f"  {change.kind} {change.id}: {change.label} ({change.path}){was}")
            if not change.facts and change.change != "renamed":
                out.append("      edited")
            for fact in change.facts:
                out.append(f"      {words.line(change.kind, fact)}")
            for fact in change.flags:
                out.append(f"    ! {words.flag(change.kind, fact)} (line {report.line(change, fact)})")
    return "\n".join(out) + "\n"


# --- JSON -----------------------------------------------------------------------------------


def _side_json(side: Side) -> dict[str, Any]:
    return {"name": side.name, "commit": side.commit or None,
            "entries": len(side.dossier) if side.dossier else None,
            "errors": [{"path": p.path, "line": p.line, "column": p.column, "message": p.message}
                       for p in side.problems if p.is_error]}


def render_json(report: DiffReport) -> str:
    """The report as JSON (see ``docs/reference/changes.md``)."""
    data: dict[str, Any] = {"base": _side_json(report.base), "head": _side_json(report.head), "compared": not report.failed}
    diff = report.diff
    if diff is not None:
        words = report.words("→")
        data["summary"] = {"added": len(diff.added), "removed": len(diff.removed), "renamed": len(diff.renamed),
                           "changed": len(diff.changed), "flags": diff.flags}
        for group in ("added", "removed", "renamed", "changed"):
            items = []
            for change in getattr(diff, group):
                item: dict[str, Any] = {"kind": change.kind, "id": change.id, "path": change.path, "label": change.label}
                if group in ("renamed", "changed"):
                    if change.old_id:
                        item["from"] = {"id": change.old_id, "path": change.old_path}
                    item["changes"] = [{"what": f.what, "field": f.field, "text": words.line(change.kind, f),
                                        "line": report.line(change, f), "flag": f.flag or None} for f in change.facts]
                    item["flags"] = [{"flag": f.flag, "text": words.flag(change.kind, f), "line": report.line(change, f)}
                                     for f in change.flags]
                items.append(item)
            data[group] = items
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- GitHub annotations ----------------------------------------------------------------------


def render_github(report: DiffReport) -> str:
    """One ``::warning`` workflow command per flagged line (and per error of a side that did not load)."""
    lines = []
    for side in report.failed:
        lines.append(f"::error title={escape_property(TITLE)}::{escape_data(f'{side.title} does not validate: see dossier validate')}")
    if report.diff is not None:
        words = report.words("→")
        for change in report.diff.renamed + report.diff.changed:
            for fact in change.flags:
                props = f"file={escape_property(change.path)},line={report.line(change, fact)},title={escape_property(TITLE)}"
                lines.append(f"::warning {props}::{escape_data(words.flag(change.kind, fact))}")
    return "\n".join(lines) + ("\n" if lines else "")


# --- Markdown -------------------------------------------------------------------------------------


def render_markdown(report: DiffReport, blob_url: str | None = None, max_bytes: int = MAX_BYTES) -> str:
    """The report as GitHub-flavoured Markdown, for a pull request's job summary."""
    base_url = quote(blob_url.rstrip("/"), safe=":/?=&%~@+,;") + "/" if blob_url else None

    def where(path: str, line: int | None = None) -> str:
        url = base_url + quote(path, safe="/") + (f"#L{line}" if line else "") if base_url else None
        return md_link(f"{path}:{line}" if line else path, url)

    head = ["## What changes for readers", "",
            f"{md_text(report.head.title)} compared with {md_text(report.base.title)}.", ""]
    if report.failed:
        for side in report.failed:
            errors = [p for p in side.problems if p.is_error]
            head += [f"**❌ {md_text(side.title)} does not validate** ({_plural(len(errors), 'error')}), "
                     "so the two cannot be compared: fix the errors listed by `dossier validate`.", ""]
        return "\n".join(head) + "\n"
    diff, words = report.diff, report.words("→")
    head += [f"**{md_text(report.counts().capitalize())}.**", ""]
    body: list[str] = []
    flagged = [(c, f) for c in diff.renamed + diff.changed for f in c.flags]
    if flagged:
        body += ["### ⚠️ For the reviewer", "", "| Where | What to check |", "|---|---|"]
        for change, fact in flagged:
            body.append(f"| {where(change.path, report.line(change, fact))} | {md_text(words.flag(change.kind, fact))} |")
        body.append("")
    for title, group in (("Added", diff.added), ("Removed", diff.removed)):
        if group:
            body += [f"### {title} ({len(group)})", ""]
            body += [f"- **{md_text(c.label)}** ({c.kind} {md_text(c.id)}, "
                     f"{where(c.path) if title == 'Added' else md_text(c.path)})" for c in group]
            body.append("")
    for title, group in (("Renamed", diff.renamed), ("Changed", diff.changed)):
        if not group:
            continue
        body += [f"### {title} ({len(group)})", ""]
        for change in group:
            was = f", was {md_text(change.old_id)}" if change.old_id else ""
            body.append(f"- **{md_text(change.label)}** ({change.kind} {md_text(change.id)}{was}, {where(change.path)})")
            for fact in change.facts:
                mark = "⚠️ " if fact.flag else ""
                body.append(f"  - {mark}{md_text(words.line(change.kind, fact))}")
            if not change.facts and change.change != "renamed":
                body.append("  - edited")
        body.append("")
    text, used = "\n".join(head) + "\n", 0
    budget = max_bytes - len(text.encode()) - 400
    kept = []
    for i, line in enumerate(body):
        used += len(line.encode()) + 1
        if used > budget:
            kept += ["", f"**{len(body) - i} more line(s) not shown**: GitHub limits a job summary to 1 MiB. "
                     "Run `dossier diff` locally for the whole list.", ""]
            break
        kept.append(line)
    return text + "\n".join(kept) + "\n"
