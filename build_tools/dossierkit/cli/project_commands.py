"""``dossier codeowners``: write ``.github/CODEOWNERS`` from the ``maintainers`` setting."""

from __future__ import annotations

import argparse
import sys

from dossierkit.errors import DossierError, Problem
from dossierkit.project.codeowners import check_maintainers, write_codeowners
from dossierkit.project.locate import locate, options_of


def add_parser(sub, add_location) -> None:
    """Register ``codeowners``."""
    p = sub.add_parser("codeowners", help="write .github/CODEOWNERS from the maintainers setting in mkdocs.yml")
    add_location(p)
    p.add_argument("--check", action="store_true", help="only check that the file is up to date (exit 1 if not)")


def run(args: argparse.Namespace) -> int:
    """``dossier codeowners [--check]``."""
    project = locate(None, args.config_file)
    if project.config_file is None:
        raise DossierError([Problem(".", 1, 1, "no mkdocs.yml: the maintainers are set there")])
    options = options_of(project.config_file, project.root)
    maintainers = check_maintainers(list(options.maintainers), str(project.config_file))
    path, up_to_date = write_codeowners(project.root, maintainers, check=args.check)
    if args.check and not up_to_date:
        print(f"{path}: out of date with the maintainers in mkdocs.yml; run `dossier codeowners`", file=sys.stderr)
        return 1
    if not maintainers:
        print(f"{path}: no maintainer set, so GitHub asks nobody to review pull requests; set "
              "plugins.dossier.maintainers in mkdocs.yml (e.g. ['@login']) and run `dossier codeowners` again",
              file=sys.stderr)
    elif not args.check:
        print(f"wrote {path} ({', '.join(maintainers)})")
    return 0
