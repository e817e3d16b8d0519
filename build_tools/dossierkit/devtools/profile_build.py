"""Where a site build spends its time, phase by phase, without a profiler's overhead.

``python -m dossierkit.devtools.profile_build [mkdocs.yml]`` runs one ``mkdocs build``
in this process with wall-clock timers around its phases: Python-Markdown,
Material's search indexing and Jinja templates, writing files, and each of
the dossier plugin's events with the helpers they call.  A profiler such as
cProfile slows Python code unevenly (it more than doubled this build), so
these timers are what ``docs/reference/benchmarks.md`` quotes; use cProfile
or py-spy within a phase to see why it is slow.

Phases can nest (the plugin's helpers run inside its events); the rest of
the build time is MkDocs' own work between them.  The build runs in one
process (``DOSSIER_WORKERS=1`` unless set otherwise), so that every page is
counted.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
from collections import Counter

TIMES: Counter[str] = Counter()


def _timed(owner, name: str, label: str) -> None:
    """Replace ``owner.name`` by a wrapper that adds its wall time to ``TIMES[label]``."""
    original = getattr(owner, name)

    @functools.wraps(original)  # keeps MkDocs' event priorities
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            TIMES[label] += time.perf_counter() - start

    setattr(owner, name, wrapper)


def instrument() -> None:
    """Put the timers in place (before the config, and so the plugins, are loaded)."""
    import jinja2
    import markdown
    import mkdocs.utils
    from material.plugins.search import plugin as search

    import dossierkit.plugin.plugin as dossier
    import dossierkit.project.checks as checks

    _timed(markdown.Markdown, "convert", "Python-Markdown (pages)")
    _timed(search.SearchPlugin, "on_page_context", "search indexing (Material)")
    _timed(jinja2.Template, "render", "Jinja templates (Material)")
    _timed(mkdocs.utils, "write_file", "writing files")
    for event in ("on_config", "on_files", "on_page_markdown", "on_page_content", "on_page_context"):
        _timed(dossier.DossierPlugin, event, f"plugin {event}")
    _timed(checks, "load_project_dossier", "  plugin: load and validate")
    _timed(dossier, "index_pages", "  plugin: generate pages")
    _timed(dossier, "entry_pages", "  plugin: generate pages")
    _timed(dossier.Glossary, "mark", "  plugin: tooltips on Markdown-made HTML")
    _timed(dossier, "sanitize_html", "  plugin: sanitize")
    _timed(dossier, "insert_graphs", "  plugin: graphs")


def main(argv: list[str] | None = None) -> int:
    """Build once with timers and print the phases, longest first."""
    parser = argparse.ArgumentParser(prog="python -m dossierkit.devtools.profile_build", description=__doc__.split("\n")[0])
    parser.add_argument("config", nargs="?", default="mkdocs.yml")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # One process, so that every phase is timed (a split build's child would go uncounted).
    os.environ.setdefault("DOSSIER_WORKERS", "1")
    instrument()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory(prefix="dossier-profile-") as site:
        config = load_config(args.config, site_dir=site)
        config.plugins.on_startup(command="build", dirty=False)
        start = time.perf_counter()
        build(config)
        total = time.perf_counter() - start
        config.plugins.on_shutdown()
    print(f"{total:8.2f} s  whole build")
    for label, seconds in sorted(TIMES.items(), key=lambda item: -item[1]):
        print(f"{seconds:8.2f} s  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
