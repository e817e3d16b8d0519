"""``dossier diff BASE [HEAD]``: what changes for readers between two versions of the dossier.

BASE and HEAD are git revisions (a branch, a tag, a commit) or folders (a
project with ``mkdocs.yml``, or a dossier folder); without HEAD, the working
tree.  Both sides are loaded by the real loader from a temporary copy (see
``changes/checkout.py``), compared entry by entry (``changes/dossier_diff.py``)
and reported in a reader's words, with the flags a reviewer must look at.

Exit codes: 0 when compared (flags are for the reviewer, not errors); 1 when
a side does not validate or a revision does not exist; 2 for usage errors.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Callable

from typing import TYPE_CHECKING

from dossierkit.project.locate import locate

if TYPE_CHECKING:
    from dossierkit.cli.diff_report import DiffReport
# (what compares and reports is imported by the functions that use it: other commands start faster)

FORMATS = ("text", "markdown", "json", "github")


def add_parser(sub, add_location: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``diff`` on the CLI's sub-command parsers."""
    p = sub.add_parser("diff", help="what changes for readers between two revisions or folders")
    add_location(p)
    p.add_argument("base", help="the older side: a git revision (main, a commit) or a folder")
    p.add_argument("head", nargs="?", default=None, help="the newer side (default: the working tree)")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text, markdown, json, or github (annotations on the flagged lines)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here (default: standard output)")
    p.add_argument("--summary", metavar="FILE",
                   help="also append the Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY)")
    p.add_argument("--blob-url", metavar="URL",
                   help="prefix that turns a repository path into a link in Markdown, "
                        "e.g. $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA")


def build_report(base: str, head: str | None, dossier: str | None = None, config_file: str | None = None) -> DiffReport:
    """Load both sides and compare them (raises ``DossierError`` for a revision that does not exist)."""
    from dossierkit.changes.checkout import open_side
    from dossierkit.changes.dossier_diff import diff_dossiers
    from dossierkit.cli.diff_report import DiffReport

    project = locate(dossier, config_file)
    with tempfile.TemporaryDirectory(prefix="dossier-diff-") as scratch:
        old = open_side(base, project, Path(scratch))
        new = open_side(head, project, Path(scratch))
    old_entries, new_entries = old.snapshots(), new.snapshots()
    diff = None
    if old.dossier is not None and new.dossier is not None:
        diff = diff_dossiers(old_entries, new_entries, new.dossier.vocabulary)
    return DiffReport(old, new, diff, old_entries, new_entries)


def run(args: argparse.Namespace) -> int:
    """``dossier diff``: print (or write) the report; exit 1 when a side does not validate."""
    from dossierkit.cli.diff_report import render_github, render_json, render_markdown, render_text

    report = build_report(args.base, args.head, getattr(args, "dossier", None), getattr(args, "config_file", None))
    if args.format == "text":
        text = render_text(report)
    elif args.format == "json":
        text = render_json(report)
    elif args.format == "github":
        text = render_github(report)
    else:
        text = render_markdown(report, args.blob_url)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as fh:
            fh.write(render_markdown(report, args.blob_url))
    return 1 if report.failed else 0
