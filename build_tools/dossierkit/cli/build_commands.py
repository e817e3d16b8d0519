"""``dossier locked -- COMMAND``: run a build's steps holding the project's output lock.

``make build`` runs ``dossier locked -- make build-steps``: the steps get a
staging folder of their own in ``DOSSIER_STAGE`` and run while no other
build of the same project does (see :mod:`dossierkit.outputs.build_lock`).
The staging folder is removed after a successful run and kept after a
failed one (to look at); the next build removes it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys

from dossierkit.outputs.build_lock import STAGE_ENV, new_stage, output_lock, project_root


def add_parser(sub) -> None:
    """Register ``locked``."""
    p = sub.add_parser("locked", help="run a command holding the project's build lock, with its own staging folder")
    p.add_argument("argv", nargs=argparse.REMAINDER, metavar="COMMAND", help="the command to run (after --)")


def run(args: argparse.Namespace) -> int:
    """``dossier locked -- COMMAND...``: exit with the command's status."""
    command = args.argv[1:] if args.argv[:1] == ["--"] else args.argv
    if not command:
        print("dossier locked: give the command to run after --", file=sys.stderr, flush=True)
        return 2
    root = project_root()
    with output_lock(root):
        stage = new_stage(root)
        env = dict(os.environ, **{STAGE_ENV: str(stage)})
        status = subprocess.call(command, env=env)
        if status == 0:
            shutil.rmtree(stage, ignore_errors=True)
        return status
