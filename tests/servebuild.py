"""The rebuilds of `mkdocs serve --dirty`, one at a time, in a process of their own.

MkDocs' live server rebuilds when its file watcher says so, and serves from
a temporary folder.  To compare its rebuilds with clean builds file by file,
:class:`ServeBuilds` runs the same builder as ``mkdocs/commands/serve.py``
(config loaded again for each build, ``on_startup(command="serve",
dirty=True)`` once, ``build(config, serve_url=..., dirty=True)``) in a child
process, into a folder of the test's choosing, whenever the test asks.
The plugin instance lives as long as the process, as it does under `serve`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_BUILDER = r"""
import logging, sys, traceback
from mkdocs.commands.build import build
from mkdocs.config import load_config

project, site_dir, command = sys.argv[1], sys.argv[2], sys.argv[3]
serve_url = "http://127.0.0.1:8000/"
logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")

def get_config():
    config = load_config(config_file=project + "/mkdocs.yml", site_dir=site_dir)
    config.site_url = serve_url
    return config

config = get_config()
config.plugins.on_startup(command=command, dirty=command == "serve")
for line in sys.stdin:
    try:
        if command == "serve":
            build(config if config is not None else get_config(), serve_url=serve_url, dirty=True)
        else:  # `mkdocs build`, with the address the served site has
            build(config)
        print("ok", flush=True)
    except BaseException:
        traceback.print_exc()
        print("error", flush=True)
    config = None
"""

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600", "PYTHONDONTWRITEBYTECODE": "1"}


class ServeBuilds:
    """A serve process whose rebuilds run when :meth:`build` is called."""

    def __init__(self, project: Path, site_dir: Path, command: str = "serve"):
        self.site_dir = site_dir
        self.proc = subprocess.Popen([sys.executable, "-c", _BUILDER, str(project), str(site_dir), command], cwd=project,
                                     env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def build(self) -> str:
        """Rebuild; ``ok`` or ``error``."""
        self.proc.stdin.write("build\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def close(self) -> None:
        """End the process."""
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def clean_build(project: Path, site_dir: Path) -> dict[str, bytes]:
    """A clean ``mkdocs build`` in a fresh process (with the served site's address)."""
    builds = ServeBuilds(project, site_dir, command="build")
    try:
        assert builds.build() == "ok"
    finally:
        builds.close()
    return read_site(site_dir)


def read_site(site_dir: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site."""
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


def mtimes(site_dir: Path) -> dict[str, int]:
    """When each file of a built site was last written."""
    return {p.relative_to(site_dir).as_posix(): p.stat().st_mtime_ns for p in site_dir.rglob("*") if p.is_file()}
