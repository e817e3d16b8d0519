"""``dossier ci-summary``: a Markdown report for a CI job summary.

GitHub shows at most ten annotations of each kind per step, so a pull request
with many problems would hide most of them.  This command writes what a
contributor needs on one page (GitHub's ``$GITHUB_STEP_SUMMARY``):

- the outcome of each CI step (``--check NAME=OUTCOME``);
- how many entries the dossier holds, by kind;
- which files under the dossier changed (``--changed FILE``: the output of
  ``git diff --name-status`` or ``--name-only`` against the pull request's
  base), with the page each one becomes and its problems;
- every error and every warning, in full, linked to its line when
  ``--blob-url`` is given.

Everything that comes from a contributor (file names, messages quoting their
values) is escaped, so it is shown as text and never rendered as Markdown or
HTML.  The exit code is 0 whenever the report is written: failing the job is
the business of ``dossier validate``.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import quote

from dossierkit.project.checks import load_located
from dossierkit.project.locate import Project, locate
from dossierkit.cli.report import summary_line
from dossierkit.errors import DossierError, Problem
from dossierkit.loading.names import skipped_name
from dossierkit.schema.kinds import KINDS, KINDS_BY_NAME

# GitHub refuses a step summary over 1 MiB; stay well below it.
MAX_BYTES = 900_000

OUTCOMES = {
    "success": "✅ passed",
    "failure": "❌ failed",
    "cancelled": "⚪ cancelled",
    "skipped": "⏭️ skipped",
    "": "⏭️ not run",
}
GIT_STATUS = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed", "C": "copied", "T": "type changed"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&:$^@])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]+")
_GIT_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def md_text(text: str) -> str:
    """``text`` as literal Markdown: every punctuation mark escaped, on one line.

    Backslash escapes work for every ASCII punctuation character in
    CommonMark and in GitHub's table cells (``\\|``), so no contributed text
    can open a link, an HTML tag, an emphasis or a new table cell.
    """
    return _MD_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def md_link(label: str, url: str | None) -> str:
    """A Markdown link (label escaped) or just the escaped label."""
    return f"[{md_text(label)}]({url})" if url else md_text(label)


def unquote_git_path(path: str) -> str:
    """A path as git prints it, with git's C-style quoting removed."""
    if len(path) < 2 or not (path.startswith('"') and path.endswith('"')):
        return path
    body, out, raw = path[1:-1], [], bytearray()
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567" and re.match(r"[0-7]{3}", body[i + 1:i + 4]):
                raw.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
            if raw:
                out.append(raw.decode("utf-8", "replace"))
                raw.clear()
            out.append(_GIT_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        if raw:
            out.append(raw.decode("utf-8", "replace"))
            raw.clear()
        out.append(ch)
        i += 1
    if raw:
        out.append(raw.decode("utf-8", "replace"))
    return "".join(out)


@dataclass(frozen=True)
class Change:
    """One changed file: its path (relative to the project) and what happened to it."""

    path: str
    status: str  # added, modified, deleted, renamed, ... or "changed" when unknown


def parse_changes(text: str, project_root: Path | None = None) -> list[Change]:
    """Lines of ``git diff --name-status`` (or ``--name-only``) as changes.

    With ``--name-only`` the status is ``changed``, or ``deleted`` when the
    file no longer exists under ``project_root``.  Renames and copies count
    as the new path.  Duplicates are dropped; the order is sorted.
    """
    changes: dict[str, Change] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 2 and re.fullmatch(r"[ACDMRTUXB][0-9]*", parts[0]):
            status = GIT_STATUS.get(parts[0][0], "changed")
            path = unquote_git_path(parts[-1])
        else:
            path = unquote_git_path(line.strip())
            status = "changed"
            if project_root is not None and not (project_root / path).exists():
                status = "deleted"
        path = PurePosixPath(path).as_posix()
        changes[path] = Change(path, status)
    return [changes[p] for p in sorted(changes)]


@dataclass
class Report:
    """What the summary shows."""

    counts: dict[str, int]
    counted_files: bool  # True when the dossier did not load and files were counted instead
    problems: list[Problem]
    entries: int | None
    changes: list[Change] | None
    dossier_prefix: str
    checks: list[tuple[str, str]]
    changes_note: str = "No list of changed files was given."


def _count_files(dossier_dir: Path) -> dict[str, int]:
    counts = {}
    for kind in KINDS:
        folder = dossier_dir / kind.folder
        counts[kind.name] = len([p for p in folder.glob("*.yml") if p.is_file() and not skipped_name(p.name)]) \
            if folder.is_dir() else 0
    return counts


def collect(project: Project, changes: list[Change] | None, checks: list[tuple[str, str]]) -> Report:
    """Load the dossier and gather everything the summary shows."""
    try:
        dossier = load_located(project)
        problems, entries, counts, counted_files = list(dossier.warnings), len(dossier), dossier.counts(), False
    except DossierError as exc:
        problems, entries, counted_files = list(exc.problems), None, True
        counts = _count_files(project.dossier_dir)
    try:
        prefix = project.dossier_dir.resolve().relative_to(project.root.resolve()).as_posix() + "/"
    except ValueError:
        prefix = project.dossier_dir.as_posix().rstrip("/") + "/"
    return Report(counts, counted_files, sorted(problems), entries, changes, prefix, checks)


def _entry_of(path: str, prefix: str) -> tuple[str, str] | None:
    """(kind name, id) of an entry file path under the dossier, if it is one."""
    from dossierkit.changes.snapshot import entry_path_parts

    found = entry_path_parts(path, prefix)
    return (found[0].name, found[1]) if found else None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def render_summary(report: Report, blob_url: str | None = None, max_bytes: int = MAX_BYTES) -> str:
    """The whole summary as GitHub-flavoured Markdown."""
    # The base comes from CI's environment; quote it anyway so that it cannot end the link.
    base = quote(blob_url.rstrip("/"), safe=":/?=&%~@+,;") + "/" if blob_url else None

    def file_url(path: str, line: int | None = None) -> str | None:
        if base is None:
            return None
        return base + quote(path, safe="/") + (f"#L{line}" if line else "")

    errors = [p for p in report.problems if p.is_error]
    warnings = [p for p in report.problems if not p.is_error]
    out: list[str] = ["## Dossier check", ""]
    if errors:
        out.append(f"**❌ {_plural(len(errors), 'error')} and {_plural(len(warnings), 'warning')}.** "
                   "Every one is listed below with its file and line; fix the errors and push again. "
                   "Run `dossier validate` locally for the same list.")
    elif warnings:
        out.append(f"**✅ No errors; {_plural(len(warnings), 'warning')}** (listed below). "
                   "Warnings do not block the pull request, but a reviewer will ask about them.")
    else:
        out.append(f"**✅ {report.entries} entries checked: no errors, no warnings.**")
    out.append("")

    if report.checks:
        out += ["### Checks", "", "| Check | Result |", "|---|---|"]
        for name, outcome in report.checks:
            out.append(f"| {md_text(name)} | {OUTCOMES.get(outcome, md_text(outcome))} |")
        out.append("")

    out += ["### Entries by kind", ""]
    if report.counted_files:
        out += ["The dossier has errors, so these are the files in each kind folder, not checked entries.", ""]
    out += ["| Kind | Entries |", "|---|---:|"]
    for kind in KINDS:
        out.append(f"| {kind.folder.capitalize()} ({md_text(report.dossier_prefix + kind.folder)}/) | {report.counts.get(kind.name, 0)} |")
    out += [f"| **Total** | **{sum(report.counts.values())}** |", ""]

    out += ["### What changed", ""]
    if report.changes is None:
        out += [md_text(report.changes_note), ""]
    elif not report.changes:
        out += [f"No file under {md_text(report.dossier_prefix)} changed.", ""]
    else:
        per_file: dict[str, list[Problem]] = {}
        for p in report.problems:
            per_file.setdefault(p.path, []).append(p)
        out += [f"{_plural(len(report.changes), 'file')} under {md_text(report.dossier_prefix)} changed against the base branch.",
                "Once the site is built, the pages are in the `site` artifact of this run.", "",
                "| File | Change | Entry | Page | Problems |", "|---|---|---|---|---|"]
        for change in report.changes:
            found = _entry_of(change.path, report.dossier_prefix)
            entry = f"{found[0]} {md_text(found[1])}" if found else "not an entry file"
            page = md_text(f"{KINDS_BY_NAME[found[0]].folder}/{found[1]}/") if found and change.status != "deleted" else ""
            mine = per_file.get(change.path, [])
            n_err = sum(p.is_error for p in mine)
            issues = ", ".join(filter(None, (
                _plural(n_err, "error") if n_err else "",
                _plural(len(mine) - n_err, "warning") if len(mine) - n_err else "",
            ))) or "none"
            link = None if change.status == "deleted" else file_url(change.path)
            out.append(f"| {md_link(change.path, link)} | {change.status} | {entry} | {page} | {issues} |")
        out.append("")

    body: list[str] = []
    for title, items in (("Errors", errors), ("Warnings", warnings)):
        if not items:
            continue
        body += [f"### {title} ({len(items)})", "", "| Where | Message |", "|---|---|"]
        for p in items:
            body.append(f"| {md_link(f'{p.path}:{p.line}:{p.column}', file_url(p.path, p.line))} | {md_text(p.message)} |")
        body.append("")

    closing = [summary_line(report.problems, report.entries), ""]
    head = "\n".join(out) + "\n"
    tail = "\n".join(closing)
    budget = max_bytes - len(head.encode()) - len(tail.encode()) - 400
    kept: list[str] = []
    used = 0
    for i, line in enumerate(body):
        size = len(line.encode()) + 1
        if used + size > budget:
            omitted = sum(1 for rest in body[i:] if rest.startswith("| ") and not rest.startswith("| Where"))
            kept += ["", f"**{omitted} more problem(s) not shown**: GitHub limits a job summary to 1 MiB. "
                     "Run `dossier validate` for the complete list (the log of the validate step has it too).", ""]
            break
        kept.append(line)
        used += size
    return head + "\n".join(kept) + ("\n" if kept else "") + tail



def _check(value: str) -> tuple[str, str]:
    name, sep, outcome = value.rpartition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=OUTCOME, got {value!r}")
    return name, outcome.strip().lower()


def add_parser(sub, add_location: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``ci-summary`` on the CLI's sub-command parsers."""
    p = sub.add_parser("ci-summary", help="write a Markdown report for a CI job summary")
    add_location(p)
    p.add_argument("--changed", metavar="FILE",
                   help="output of `git diff --name-status` (or --name-only) against the base; '-' for standard input")
    p.add_argument("--check", metavar="NAME=OUTCOME", action="append", type=_check, default=[],
                   help="a CI step and its outcome (success, failure, cancelled, skipped); repeatable")
    p.add_argument("--blob-url", metavar="URL",
                   help="prefix that turns a repository path into a link, e.g. $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="file to append the report to (e.g. $GITHUB_STEP_SUMMARY; default: standard output)")


def run(args: argparse.Namespace) -> int:
    """``dossier ci-summary``: write the report; exit 0 once it is written."""
    project = locate(getattr(args, "dossier", None), getattr(args, "config_file", None))
    changes, note = None, None
    if args.changed == "-":
        changes = parse_changes(sys.stdin.read(), project.root)
    elif args.changed and Path(args.changed).is_file():
        changes = parse_changes(Path(args.changed).read_text(encoding="utf-8", errors="replace"), project.root)
    elif args.changed:
        # The step that lists the changes failed; the rest of the report still helps.
        note = f"The list of changed files ({args.changed}) is missing: the step that makes it failed."
    report = collect(project, changes, args.check)
    if note:
        report.changes_note = note
    text = render_summary(report, args.blob_url)
    if args.output:
        with open(args.output, "a", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0
