"""``dossier check-sources``: fetch every source's address and look for its quotes.

Exit codes as ``dossier validate``: 0 nothing wrong, 1 problems (a page gone
with no working archive, a quote not found, a refused address), 2 usage
errors.  See :mod:`dossierkit.sourcecheck` for how it works.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dossierkit.cli.report import escape_data, escape_property
from dossierkit.errors import ERROR, WARNING
from dossierkit.loading.load import load_dossier
from dossierkit.project.locate import locate
from dossierkit.sourcecheck.report import NOTE, Finding, Report

# (the network modules, and addresses with its socket, are imported when used: other commands start faster)
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
DEFAULT_CACHE = "build/source-cache"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_LEVELS = {ERROR: "error", WARNING: "warning", NOTE: "notice"}


def _positive(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} must be more than 0")
        return value
    return parse


def _endpoint(text: str) -> tuple[str, int]:
    from dossierkit.sourcecheck.addresses import parse_endpoint

    try:
        return parse_endpoint(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(sub, add_location) -> None:
    """Register ``check-sources`` and its options."""
    p = sub.add_parser("check-sources", help="check that cited pages exist and hold their quotes (uses the network)")
    add_location(p)
    p.add_argument("--offline", action="store_true", help="use only the cache; report the rest as not checked")
    p.add_argument("--changed-only", action="store_true",
                   help="only the sources a change adds or modifies, and those its changed entries cite")
    p.add_argument("--base", metavar="REV", help="with --changed-only: compare with REV (default: the merge base "
                                                 "with origin/main, else HEAD~1)")
    p.add_argument("--format", choices=("text", "github", "json"), default="text", help="output style (default: text)")
    p.add_argument("--allow-private", action="store_true",
                   help="also fetch addresses in loopback, private and other non-public ranges (intranets)")
    p.add_argument("--allow-host", metavar="HOST:PORT", action="append", type=_endpoint, default=[],
                   help="also fetch from this one endpoint whatever it resolves to (tests); repeatable")
    p.add_argument("--cache", metavar="DIR", help=f"the cache folder (default: {DEFAULT_CACHE} in the project)")
    p.add_argument("--timeout", metavar="S", type=_positive(float), default=DEFAULT_TIMEOUT,
                   help=f"seconds per request (default: {DEFAULT_TIMEOUT:g})")
    p.add_argument("--total-timeout", metavar="S", type=_positive(float), default=1800.0,
                   help="seconds for the whole run; what is left is reported as not checked (default: 1800)")
    p.add_argument("--max-bytes", metavar="N", type=_positive(int), default=DEFAULT_MAX_BYTES,
                   help=f"largest page read, in bytes (default: {DEFAULT_MAX_BYTES:,})")
    p.add_argument("--jobs", metavar="N", type=_positive(int), default=4,
                   help="sources checked at once (default: 4; never more than one request at a time per host)")


def annotation(finding: Finding) -> str:
    """A finding as a GitHub workflow command (``::error file=...,line=...,col=...::message``)."""
    props = ",".join((f"file={escape_property(finding.path)}", f"line={finding.line}", f"col={finding.column}",
                      f"title={escape_property('dossier check-sources')}"))
    return f"::{_LEVELS[finding.severity]} {props}::{escape_data(finding.message)}"


def render(report: Report, fmt: str) -> str:
    """The report as ``text`` (one finding per line, then a summary), ``github`` or ``json``."""
    if fmt == "json":
        import json

        return json.dumps(report.as_json(), indent=2, ensure_ascii=False)
    lines = [annotation(f) if fmt == "github" else f.format() for f in report.findings]
    lines.append(report.summary())
    return "\n".join(lines)


def _usage(message: str) -> int:
    print(f"dossier check-sources: {message}", file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    """``dossier check-sources``: check, print the report, exit 0, 1 or 2."""
    from dossierkit.sourcecheck.addresses import Policy
    from dossierkit.sourcecheck.changes import ChangesError, changed_files
    from dossierkit.sourcecheck.check import check_dossier
    from dossierkit.sourcecheck.http_fetch import Limits
    from dossierkit.sourcecheck.pages import Cache, Fetcher

    if args.base is not None and not args.changed_only:
        return _usage("--base goes with --changed-only")
    if args.jobs > 32:
        return _usage("--jobs is at most 32")
    project = locate(getattr(args, "dossier", None), getattr(args, "config_file", None))
    dossier = load_dossier(project.dossier_dir, root=project.root)
    changed = None
    if args.changed_only:
        try:
            changed, _base = changed_files(project.dossier_dir, args.base)
        except ChangesError as exc:
            return _usage(str(exc))
    if args.cache:
        cache_dir = Path(args.cache)
    else:
        # A checked-out branch could hold build/ as a symbolic link to anywhere.
        cache_dir = project.root / DEFAULT_CACHE
        if cache_dir.is_symlink() or cache_dir.parent.is_symlink():
            return _usage(f"{DEFAULT_CACHE} or its folder is a symbolic link; pass --cache DIR")
    cache = Cache(cache_dir)
    limits = Limits(timeout=args.timeout, max_bytes=args.max_bytes)
    policy = Policy(allow_private=args.allow_private, allowed=frozenset(args.allow_host))
    fetcher = Fetcher(policy, limits, cache, offline=args.offline, deadline=time.monotonic() + args.total_timeout)
    report = check_dossier(dossier, fetcher.page, jobs=args.jobs, changed=changed)
    print(render(report, args.format))
    return EXIT_PROBLEMS if report.failed else EXIT_OK
