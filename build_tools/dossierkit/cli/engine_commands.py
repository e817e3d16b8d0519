"""``dossier build`` and ``dossier serve``: the site engine, run for the project that ``dossier`` finds.

A fresh shell needs nothing but ``dossier``: the engine (ProperDocs or
MkDocs, see :mod:`dossierkit.project.engine`) runs with the interpreter
that runs ``dossier``, on the project's ``mkdocs.yml``, without the
end-of-life banners.  Arguments after ``--`` go to the engine as they are.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from dossierkit.errors import DossierError, Problem
from dossierkit.project.engine import ENGINES, choose_engine, engine_command, engine_environment
from dossierkit.project.locate import locate


def add_parsers(sub) -> None:
    """Register ``build`` and ``serve``."""
    for name, text in (("build", "build the site with the engine (ProperDocs or MkDocs) into site/"),
                       ("serve", "preview the site at http://127.0.0.1:8000, rebuilt on every change")):
        p = sub.add_parser(name, help=text, description=text + "; arguments after -- go to the engine")
        p.add_argument("-f", "--config-file", metavar="FILE", help="the project's mkdocs.yml (default: found "
                                                                   "in this folder or a parent)")
        p.add_argument("--engine", choices=ENGINES, help="the site engine (default: $DOSSIER_ENGINE, else "
                                                         "properdocs when installed, else mkdocs)")
        if name == "build":
            p.add_argument("--strict", action="store_true", help="fail on any warning (as CI does)")
            p.add_argument("-d", "--site-dir", metavar="DIR", help="where to write the site (default: site/)")
        else:
            p.add_argument("-a", "--dev-addr", metavar="IP:PORT", help="address to serve at (default: 127.0.0.1:8000)")
            p.add_argument("--dirty", action=argparse.BooleanOptionalAction, default=True,
                           help="after the first build, rebuild only the pages an edit changes, as `make serve` "
                                "does (the default; --no-dirty rebuilds the whole site on every change)")
        p.add_argument("engine_args", nargs=argparse.REMAINDER, metavar="-- ARGS", help="passed to the engine")


def run(args: argparse.Namespace) -> int:
    """Run the engine's ``build`` or ``serve``; exit with its status."""
    project = locate(None, args.config_file)
    if project.config_file is None:  # pragma: no cover - locate() raises without one
        raise DossierError([Problem(".", 1, 1, "no mkdocs.yml here or above: run `dossier init DIR` to start one")])
    engine = choose_engine(args.engine)
    extra = list(args.engine_args)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    if args.command == "build":
        extra = (["--strict"] if args.strict else []) + \
            (["--site-dir", os.path.abspath(args.site_dir)] if args.site_dir else []) + extra
    else:
        extra = (["--dev-addr", args.dev_addr] if args.dev_addr else []) + (["--dirty"] if args.dirty else []) + extra
    print(f"dossier: {args.command} with {engine} ({project.config_file})", file=sys.stderr, flush=True)
    process = subprocess.Popen(engine_command(engine, args.command, project.config_file, extra),
                               env=engine_environment())
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:  # the engine got the same Ctrl-C: let it stop cleanly
            continue
