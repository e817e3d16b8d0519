"""Problem reports in the three ``--format`` styles: text, github, json."""

from __future__ import annotations

import json
from typing import Iterable

from dossierkit.errors import Problem


def escape_data(text: str) -> str:
    """Escape a workflow-command message (``%``, CR, LF) as GitHub requires."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """``::error file=...,line=...,col=...::message`` for one problem."""
    level = "error" if problem.is_error else "warning"
    props = ",".join((
        f"file={escape_property(problem.path)}",
        f"line={problem.line}",
        f"col={problem.column}",
        f"title={escape_property('dossier validate')}",
    ))
    return f"::{level} {props}::{escape_data(problem.message)}"


def summary_line(problems: list[Problem], entries: int | None) -> str:
    """``N error(s), M warning(s)`` with the entry count when known."""
    errors = sum(p.is_error for p in problems)
    text = f"{errors} error(s), {len(problems) - errors} warning(s)"
    return f"{entries} entries checked: {text}" if entries is not None else text


def render(problems: Iterable[Problem], fmt: str, entries: int | None) -> str:
    """All problems in ``fmt`` (``text``, ``github`` or ``json``), sorted."""
    problems = sorted(problems)
    if fmt == "json":
        return json.dumps({
            "entries": entries,
            "errors": sum(p.is_error for p in problems),
            "warnings": sum(not p.is_error for p in problems),
            "problems": [
                {"path": p.path, "line": p.line, "column": p.column, "severity": p.severity,
                 "field": p.field, "message": p.message}
                for p in problems
            ],
        }, indent=2, ensure_ascii=False)
    lines = [github_annotation(p) if fmt == "github" else p.format() for p in problems]
    lines.append(summary_line(problems, entries))
    return "\n".join(lines)
