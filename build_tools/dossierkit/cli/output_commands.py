"""Commands that write outputs: ``pdf`` (the book), ``pack`` (the offline zip), ``synth`` (benchmark data)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dossierkit.project.checks import load_located
from dossierkit.project.locate import locate, options_of, read_config
from dossierkit.errors import DossierError, Problem

DEFAULT_OUTPUT = "site/dossier.pdf"


def add_synth_parser(sub) -> None:
    """Register ``synth``: a seeded synthetic dossier for benchmarks."""
    p = sub.add_parser("synth", help="write a seeded synthetic dossier project (for benchmarks)")
    p.add_argument("dir", help="folder to write (must be empty or absent)")
    p.add_argument("--entries", type=int, default=1000, help="number of entries (default 1000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--positions", type=int, default=None, metavar="N",
                   help="positions taken by its actors (default: half the number of entries; 0 for none)")


def run_synth(args: argparse.Namespace) -> int:
    """``dossier synth --entries N --seed S [--positions P] DIR``."""
    from dossierkit.devtools.synth import write_synthetic

    target = Path(args.dir)
    if target.exists() and any(target.iterdir()):
        raise DossierError([Problem(str(target), 1, 1, "folder exists and is not empty")])
    count = write_synthetic(target, args.entries, args.seed, args.positions)
    print(f"wrote {count} entries to {target}")
    return 0


def add_pack_parser(sub) -> None:
    """Register the ``pack`` sub-command (zip a built site for offline reading)."""
    p = sub.add_parser("pack", help="zip a built site for offline reading (deterministic)")
    p.add_argument("site", help="the built site folder")
    p.add_argument("-o", "--output", metavar="ZIP", required=True, help="the zip file to write")


def run_pack(args: argparse.Namespace) -> int:
    """``dossier pack SITE -o ZIP``."""
    from dossierkit.outputs.offline_pack import pack_site

    from dossierkit.outputs.build_lock import lock_for

    with lock_for(Path(args.output)):  # no other build writes the project's site meanwhile
        count = pack_site(Path(args.site), Path(args.output))
    print(f"wrote {args.output} ({count} files)")
    return 0


def add_parser(sub, add_location) -> None:
    """Register the ``pdf`` sub-command."""
    p = sub.add_parser("pdf", help="write the whole dossier as a PDF book")
    add_location(p)
    p.add_argument("-o", "--output", metavar="FILE", default=None,
                   help=f"the PDF to write (default: {DEFAULT_OUTPUT} in the project)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    p.add_argument("--strict", action="store_true",
                   help="fail when a link in a hand-written page or a body is left out of the book")


def intro_pages(project) -> tuple[tuple[str, str], ...]:
    """The hand-written pages named by the plugin's ``pdf_pages`` option."""
    if project.config_file is None:
        return ()
    options = options_of(project.config_file, project.root)
    docs = project.root / read_config(project.config_file).get("docs_dir", "docs")
    pages = []
    for name in options.pdf_pages:
        path = (docs / name).resolve()
        if not path.is_relative_to(docs.resolve()) or not path.is_file():
            raise DossierError([Problem(str(project.config_file), 1, 1, f"pdf_pages: {name!r} is not a page in {docs}")])
        pages.append((name, path.read_text(encoding="utf-8-sig")))
    return tuple(pages)


def site_pages(project) -> frozenset[str]:
    """Pages of the site (``docs/`` and the plugin's ``include_pages``): links to them become text in the book."""
    if project.config_file is None:
        return frozenset()
    docs = project.root / read_config(project.config_file).get("docs_dir", "docs")
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")} if docs.is_dir() else set()
    pages |= set(options_of(project.config_file, project.root).include_pages)
    return frozenset(pages)


def run(args: argparse.Namespace) -> int:
    """Build the print document and write the PDF, with progress on standard error."""
    from dossierkit.outputs.pdf import default_options, stderr_progress, write_pdf

    project = locate(args.dossier, args.config_file)
    dossier = load_located(project, bool(args.dossier))
    config = read_config(project.config_file) if project.config_file else {}
    options = default_options(str(config.get("site_name") or "Dossier"), str(config.get("site_description") or ""),
                              intro_pages(project), site_pages(project))
    output = Path(args.output) if args.output else project.root / DEFAULT_OUTPUT
    from dossierkit.outputs.build_lock import lock_for

    with lock_for(output, root=project.root):  # no other build writes the project's site meanwhile
        write_pdf(dossier, output, options, None if args.quiet else stderr_progress, strict=args.strict)
    return 0
