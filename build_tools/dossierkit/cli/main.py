"""The ``dossier`` command: validate, new, export, init, schema, check-sources, diff and more.

Exit codes: 0 success; 1 the dossier has errors (or warnings under
``--strict``); 2 usage errors.  A Python traceback never reaches the user:
unexpected failures print one line (set ``DOSSIER_DEBUG=1`` for the trace).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from pathlib import Path

from dossierkit import __version__
from dossierkit.loading.load import load_dossier
from dossierkit.cli import check_sources
from dossierkit.cli import ci_summary
from dossierkit.cli import build_commands, diff_command, engine_commands, output_commands, project_commands
from dossierkit.project.checks import check_pages, generated_sources, layout_for, load_located, load_project_dossier
from dossierkit.project.locate import Project, locate
from dossierkit.project.nav_check import check_nav
from dossierkit.cli.report import render
from dossierkit.errors import DossierError
from dossierkit.outputs.write_errors import (
    OutputError, describe_os_error, discard, replace_atomically, temporary_name, writing,
)
from dossierkit.schema.kinds import KINDS_BY_NAME

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _add_location(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dossier", metavar="DIR", help="the dossier folder (default: from mkdocs.yml)")
    parser.add_argument("-f", "--config-file", metavar="FILE", help="the MkDocs config to read dossier_dir from")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(prog="dossier", description="Build and check topic dossiers made of YAML entries.")
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("validate", help="check every entry and reference")
    _add_location(p)
    p.add_argument("--format", choices=("text", "github", "json"), default="text", help="output style (default: text)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--watch", action="store_true",
                   help="keep running: check again after every change, reading only the files that changed")

    p = sub.add_parser("new", help="write a commented stub for a new entry")
    _add_location(p)
    p.add_argument("kind", choices=sorted(KINDS_BY_NAME), help="the kind of entry")
    p.add_argument("id", help="the new entry's id (lowercase, hyphens)")

    p = sub.add_parser("export", help="write the dossier as a dataset")
    _add_location(p)
    p.add_argument("--format", choices=("json", "csv", "positions-csv", "markdown"), default="json",
                   help="json (default), csv (one row per entry), positions-csv (one row per position), markdown")
    p.add_argument("-o", "--output", metavar="PATH", help="file to write (folder for markdown; default: standard output)")
    p.add_argument("--editorial", action="store_true", help="json: include editors' notes (left out by default)")

    p = sub.add_parser("init", help="create a new dossier project")
    p.add_argument("dir", help="folder to create (must be empty or absent)")
    p.add_argument("--title", default="A new dossier", help="the site's title")
    p.add_argument("--maintainer", action="append", default=[], metavar="@LOGIN",
                   help="a GitHub user or team (@org/team) who reviews pull requests (.github/CODEOWNERS); repeatable")
    p.add_argument("--repo", metavar="OWNER/NAME",
                   help="the project's GitHub repository (default: from `git remote get-url origin` in DIR)")
    p.add_argument("--tool-requirement", metavar="SPEC",
                   help="how the GitHub workflows install dossierkit, e.g. 'dossierkit @ git+https://github.com/"
                        "OWNER/NAME@COMMIT' (default: from how this copy was installed)")

    p = sub.add_parser("schema", help="write the JSON Schema files for editors")
    p.add_argument("dir", nargs="?", default=None, help="folder to write to (default: docs/schema of the project)")
    _add_location(p)
    output_commands.add_parser(sub, _add_location)
    output_commands.add_pack_parser(sub)
    output_commands.add_synth_parser(sub)
    ci_summary.add_parser(sub, _add_location)
    check_sources.add_parser(sub, _add_location)
    build_commands.add_parser(sub)
    project_commands.add_parser(sub, _add_location)
    diff_command.add_parser(sub, _add_location)
    engine_commands.add_parsers(sub)
    p = sub.add_parser("swap-site", help="replace a site folder by a new build, atomically (make build)")
    p.add_argument("staging", help="the complete new build (e.g. build/site)")
    p.add_argument("site", help="the site folder to replace (e.g. site)")
    return parser


def _project(args: argparse.Namespace) -> Project:
    return locate(getattr(args, "dossier", None), getattr(args, "config_file", None))


def project_vocabulary(project: Project):
    """The project's vocabulary (the preset and its ``vocabulary.yml``); its mistakes stop the command."""
    from dossierkit.schema.vocabulary_file import VOCABULARY_FILE, read_vocabulary

    path = project.dossier_dir / VOCABULARY_FILE
    vocab, problems = read_vocabulary(path if path.is_file() else None, str(path.relative_to(project.root))
                                      if path.is_relative_to(project.root) else str(path))
    if any(p.is_error for p in problems):
        raise DossierError(problems)
    return vocab


def _shown_config(project: Project) -> str:
    config = project.config_file
    return config.relative_to(project.root).as_posix() if config.is_relative_to(project.root) else str(config)


def cmd_validate(args: argparse.Namespace) -> int:
    """``dossier validate``: print every problem; exit 1 on errors."""
    # One load, kept to the end: the cyclic collector, turned back on after the load,
    # would only walk its million objects again and again (0.45 s of 2.4 s at 10,000
    # entries).  It is off until the dossier is printed, then as it was (for a caller of main()).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _validate(args)
    finally:
        if collecting:
            gc.enable()


def _validate(args: argparse.Namespace) -> int:
    if args.watch:
        from dossierkit.cli.validate_watch import watch

        if args.format != "text":
            print("dossier validate: --watch prints text reports; leave out --format", file=sys.stderr)
            return EXIT_USAGE
        return watch(args, check_project, _project(args))
    problems, count = check_project(args, hold=_EXIT_PAST)
    print(render(problems, args.format, count))
    return validate_exit(args, problems)


def validate_exit(args: argparse.Namespace, problems: list) -> int:
    """``dossier validate``'s exit code for ``problems``: 1 on errors (on warnings too with ``--strict``)."""
    failed = any(p.is_error for p in problems) or (args.strict and problems)
    return EXIT_ERRORS if failed else EXIT_OK


def check_project(args: argparse.Namespace, cache=None, hold: list | None = None) -> tuple[list, int | None]:
    """Every problem of the project ``args`` names, and its number of entries (None when it did not load).

    ``cache``: an :class:`~dossierkit.loading.entry_cache.EntryCache` kept
    between checks (``--watch``), so that unchanged files are not read again.
    ``hold``: a list the loaded dossier is added to, to outlive the call (see :func:`run`).
    """
    project = _project(args)
    # What a build reads besides the entries (links, names, pages), unless --dossier points elsewhere.
    layout = layout_for(project) if project.config_file is not None and not args.dossier else None
    try:
        dossier = load_project_dossier(layout, cache=cache) if layout is not None else \
            load_dossier(project.dossier_dir, root=project.root, cache=cache)
        problems, count = dossier.warnings, len(dossier)
        if hold is not None:
            hold.append(dossier)
        if layout is not None:
            generated = generated_sources(dossier)
            problems = sorted(problems + check_pages(layout, dossier, generated) +
                              check_nav(project.config_file, _shown_config(project), layout.docs_dir, generated,
                                        layout.include_pages))
    except DossierError as exc:
        problems, count = exc.problems, None
    return problems, count


def cmd_new(args: argparse.Namespace) -> int:
    """``dossier new KIND ID``: write a stub, never overwriting."""
    from dossierkit.project.scaffold import new_entry

    project = _project(args)
    path = new_entry(project.dossier_dir, KINDS_BY_NAME[args.kind], args.id, project.root, project_vocabulary(project))
    print(f"wrote {path}; fill in every FILL-ME, then run `dossier validate`")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """``dossier export``: the whole dossier as JSON, CSV or Markdown pages."""
    from dossierkit.outputs import dataset as export
    project = _project(args)
    dossier = load_located(project, bool(args.dossier))
    if args.format == "markdown":
        if not args.output:
            print("dossier export: --format markdown needs -o DIR", file=sys.stderr)
            return EXIT_USAGE
        from dossierkit.outputs.markdown_export import export_markdown

        count = export_markdown(dossier, Path(args.output), project)
        print(f"wrote {count} pages to {args.output}")
        return EXIT_OK
    if args.format == "positions-csv":
        from dossierkit.outputs.positions_export import to_positions_csv

        text = to_positions_csv(dossier)
    else:
        text = export.to_json(dossier, args.editorial) if args.format == "json" else export.to_csv(dossier)
    if args.output:
        # Written under a temporary name and renamed: an interrupted export
        # never leaves a truncated file where a complete one was.
        output = Path(args.output)
        partial = temporary_name(output)
        try:
            with writing(output):
                partial.write_text(text, encoding="utf-8", newline="")
        except BaseException:
            discard(partial)
            raise
        replace_atomically(partial, output)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    """``dossier init DIR``: a complete new project that validates and builds (see :mod:`dossierkit.project.init`)."""
    from dossierkit.project.init import init_project

    result = init_project(Path(args.dir), args.title, args.maintainer, args.repo, args.tool_requirement)
    print(f"created {args.dir} ({len(result.written)} files) for "
          f"{'github.com/' + result.repo if result.repo else 'a repository not known yet'}; next:\n"
          f"  cd {args.dir}\n  dossier validate      # check the entries, pages and nav\n"
          "  dossier serve         # preview at http://127.0.0.1:8000\n"
          "  (the examples are dossier/*/example-*.yml: delete them once you have entries of your own)")
    notes = []
    if not args.maintainer:
        notes.append("no maintainer given, so GitHub will ask nobody to review pull requests: set "
                     "plugins.dossier.maintainers in mkdocs.yml (or use dossier init --maintainer @login), "
                     "then run `dossier codeowners`")
    if result.repo is None:
        notes.append("no repository given (--repo OWNER/NAME) and no `origin` remote, so the site's address and "
                     "the issue forms' link to the contributing guide are left out; the workflows need neither")
    if result.requirement is None:
        notes.append("this dossierkit was installed from a local checkout or wheel, which GitHub cannot install: "
                     "write the requirement the workflows should use in requirements.txt (see its comments), "
                     "or run dossier init with --tool-requirement")
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """``dossier schema [DIR]``: (re)write the JSON Schema files."""
    from dossierkit.schema.jsonschema import write_schemas

    project = _project(args)
    folder = Path(args.dir) if args.dir else project.root / "docs" / "schema"
    vocab = project_vocabulary(project)
    for path in write_schemas(folder, vocab):
        print(f"wrote {path}")
    return EXIT_OK


def cmd_swap_site(args: argparse.Namespace) -> int:
    """``dossier swap-site STAGING SITE``: see :mod:`dossierkit.outputs.site_swap`."""
    from dossierkit.outputs.build_lock import lock_for
    from dossierkit.outputs.site_swap import swap_site

    with lock_for(Path(args.site)):
        swap_site(Path(args.staging), Path(args.site))
    print(f"{args.site}: replaced by the new build from {args.staging}")
    return EXIT_OK


COMMANDS = {
    "validate": cmd_validate, "new": cmd_new, "export": cmd_export,
    "init": cmd_init, "schema": cmd_schema,
    "ci-summary": ci_summary.run,
    "check-sources": check_sources.run,
    "diff": diff_command.run,
    "swap-site": cmd_swap_site,
    "locked": build_commands.run,
    "codeowners": project_commands.run,
    "pdf": output_commands.run,
    "pack": output_commands.run_pack,
    "synth": output_commands.run_synth,
    "build": engine_commands.run,
    "serve": engine_commands.run,
}


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code (also used by the console script)."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except DossierError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OutputError as exc:  # a full disk, a read-only folder: the path and what to do
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        print(f"dossier: {describe_os_error(exc)}", file=sys.stderr)
        return EXIT_ERRORS
    except Exception as exc:  # noqa: BLE001 - last line of defence: no tracebacks for users
        if os.environ.get("DOSSIER_DEBUG"):
            traceback.print_exc()
        print(f"dossier: internal error: {type(exc).__name__}: {exc} (set DOSSIER_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_ERRORS


# Under :func:`run`, a one-shot ``dossier validate`` leaves the dossier it
# loaded here, so that the process exits without freeing it: freeing its
# million objects one by one, then the interpreter's own teardown, took
# 0.07-0.09 s of a 1 s validate of 10,000 entries (in turns).  None when main()
# is called from Python, which keeps nothing.
_EXIT_PAST: list | None = None


def run() -> None:
    """The ``dossier`` console script: :func:`main`, then exit with its code.

    After a one-shot ``validate`` (nothing else: other commands may leave
    work to ``atexit``, such as releasing a build lock), the report is
    flushed and the process ends with ``os._exit``, past the freeing of
    what it loaded.  Anything that fails to flush takes the normal way out.
    """
    global _EXIT_PAST
    _EXIT_PAST = []
    code = main()
    held, _EXIT_PAST = _EXIT_PAST, None  # (held: what stays loaded until the process ends)
    if held:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            sys.exit(code)
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
