"""The files the plugin adds to a site besides its pages: the timeline's data, the feed, the assets.

Each is a path and a function of the dossier that makes its bytes, so that
``mkdocs serve`` can make it again and write it only when it changes, and a
forked child of the build can leave it to the parent (``parallel.py``).
"""

from __future__ import annotations

from importlib import resources
from typing import Callable

from dossierkit.plugin.urls import entry_url
from dossierkit.render.position_styles import positions_css
from dossierkit.render.styles import site_css
from dossierkit.render.timeline_data import timeline_ics, timeline_json
from dossierkit.render.page_paths import FEED_FILE, TIMELINE_PAGE

ASSET_DIR = "assets/dossier"
ASSETS = ("dossier.css", "dossier.js", "citations.js", "network.js", "timeline.js", "positions.css", "positions.js")
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables", "toc")


def add_extensions_and_assets(config) -> None:
    """Add to the site's settings the Markdown extensions the pages need and the plugin's stylesheets
    and scripts (each once: a setting that names one already keeps it as it is)."""
    for ext in REQUIRED_EXTENSIONS:
        if ext not in config.markdown_extensions:
            config.markdown_extensions.append(ext)
    for name in ASSETS:
        target = config.extra_css if name.endswith(".css") else config.extra_javascript
        if f"{ASSET_DIR}/{name}" not in [str(x) for x in target]:
            target.append(f"{ASSET_DIR}/{name}")
# Material's offline plugin loads this polyfill from a CDN; serve our vendored copy instead.
IFRAME_WORKER = "vendor/iframe-worker-shim.js"
GENERATED_ASSETS = {"dossier.css": site_css, "positions.css": positions_css}  # made from the vocabulary

Make = Callable[[object], "str | bytes"]


def _asset(name: str) -> Make:
    generated = GENERATED_ASSETS.get(name)
    if generated is not None:
        return lambda dossier: generated(dossier.vocabulary).encode("utf-8")
    return lambda dossier: resources.files("dossierkit").joinpath("assets", *name.split("/")).read_bytes()


def data_files(config, feed_text: Callable[[object, object], str]) -> list[tuple[str, Make]]:
    """(path in the site, function of the dossier that makes the file) for each file, in order;
    ``feed_text(dossier, config)`` makes the history's feed."""
    timeline_dir = TIMELINE_PAGE.rsplit("/", 1)[0]
    url_for = entry_url(config)
    made: list[tuple[str, Make]] = [
        (f"{timeline_dir}/timeline.json", lambda d: timeline_json(d, url_for)),
        (f"{timeline_dir}/timeline.ics", lambda d: timeline_ics(d, url_for, config.site_name)),
        (FEED_FILE, lambda d: feed_text(d, config)),
    ]
    return made + [(f"{ASSET_DIR}/{name}", _asset(name)) for name in ASSETS + (IFRAME_WORKER,)]
