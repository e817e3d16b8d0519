"""``dossier export --format markdown DIR``: the site as plain Markdown files.

Writes a folder that any Markdown engine can publish, and that plain MkDocs
(without this plugin) builds as is: ``DIR/docs/`` holds the hand-written
pages with ``[[id]]`` links and directives expanded, every generated page,
and the stylesheet and script; ``DIR/mkdocs.yml`` is a config without the
``dossier`` plugin.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dossierkit.changes.history import read_history
from dossierkit.changes.site_history import SiteHistory, site_history
from dossierkit.changes.updates import atom_feed, latest_updates, write_updates
from dossierkit.errors import DossierError, Problem
from dossierkit.render.formats import MarkdownFormat
from dossierkit.render.slots import PageWriter
from dossierkit.render.context import SiteOptions
from dossierkit.outputs.export_pages import copy_static, export_included, export_page
from dossierkit.outputs.write_errors import temporary_name, writing
from dossierkit.project.checks import shown
from dossierkit.render.site import generate_pages
from dossierkit.render.styles import site_css
from dossierkit.render.page_paths import FEED_FILE, TIMELINE_PAGE, UPDATES_PAGE, page_path
from dossierkit.render.timeline_data import timeline_ics, timeline_json
from dossierkit.structure.dossier import Dossier

ASSETS = ("dossier.css", "dossier.js", "citations.js", "timeline.js")
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}]


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="\n")


def _plain_config(site_name: str, nav: Any) -> str:
    config: dict[str, Any] = {
        "site_name": site_name,
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "markdown_extensions": EXTENSIONS,
        "extra_css": ["assets/dossier/dossier.css"],
        "extra_javascript": ["assets/dossier/dossier.js", "assets/dossier/citations.js", "assets/dossier/timeline.js"],
    }
    if nav:
        config["nav"] = nav
    return "# Written by `dossier export --format markdown`: plain MkDocs, no dossier plugin.\n" + \
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def dossier_title(dossier: Dossier, path: str) -> str:
    """The plain-text title of the entry page at ``path`` (``actors/iran.md``)."""
    entry = dossier.entries[path.rsplit("/", 1)[1][:-3]]
    abbreviation = entry.data.get("abbreviation")
    return f"{entry.label} ({abbreviation})" if abbreviation and abbreviation not in entry.label else entry.label


def export_markdown(dossier: Dossier, out_dir: Path, project: Any) -> int:
    """Write every page as Markdown under ``out_dir``; return the page count.

    ``project`` is a :class:`~dossierkit.project.locate.Project` (root, config,
    dossier folder).  ``out_dir`` must be empty or absent.  The project is
    checked as a build checks it (links, names, front matter) first; the
    pages are written into a temporary folder beside ``out_dir`` that is
    renamed at the end, so a failed export leaves nothing half-written.
    """
    if out_dir.exists() and any(out_dir.iterdir()):
        raise DossierError([Problem(str(out_dir), 1, 1, "output folder exists and is not empty")])
    from dossierkit.project.checks import check_project, layout_for
    from dossierkit.project.locate import read_config

    config = read_config(project.config_file) if project.config_file is not None else {}
    from dossierkit.project.locate import options_of

    history = site_history(read_history(project.dossier_dir, dossier.vocabulary), dossier) \
        if options_of(project.config_file, project.root).history else SiteHistory(note="the history is turned off")
    layout = layout_for(project)
    problems = check_project(layout, dossier) if project.config_file is not None else []
    if problems:
        raise DossierError(problems)
    staging = temporary_name(out_dir)
    try:
        with writing(out_dir):  # named as asked for, not by its temporary name
            count = _export_into(dossier, staging, config, layout, history)
            if out_dir.exists():
                out_dir.rmdir()
        with writing(out_dir):
            staging.rename(out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return count


def _export_into(dossier: Dossier, out_dir: Path, config: dict[str, Any], layout: Any, history: SiteHistory) -> int:
    extra = {"latest-updates": lambda args, page: latest_updates(dossier, history, page,
                                                                 int(args[0]) if args and args[0].isdigit() else 3)}
    docs_src, docs_out = layout.docs_dir, out_dir / "docs"
    count = 0
    if docs_src.is_dir():
        for src in sorted(docs_src.rglob("*")):
            rel = src.relative_to(docs_src).as_posix()
            if src.is_dir() or src.is_symlink():  # links are refused by the checks; never followed
                continue
            if src.suffix == ".md":
                text = src.read_text(encoding="utf-8-sig")
                _write(docs_out / rel, export_page(dossier, text, rel, shown(src, layout.root), extra=extra))
                count += 1
            else:
                copy_static(src, docs_out / rel)
    docs_prefix = shown(docs_src, layout.root) + "/"
    for page, repo_file in sorted(layout.include_pages.items()):
        text = (layout.root / repo_file).read_text(encoding="utf-8")
        up = "../" * page.count("/")
        _write(docs_out / page, re.sub(r"\]\(" + re.escape(docs_prefix), "](" + up, export_included(text)))
        count += 1
    for page in generate_pages(dossier, SiteOptions()):
        text = page.markdown
        if page.entry_path and not text.startswith("---"):
            # Themes print the title into <title> through `striptags`, which
            # unescapes the heading's entities: give them an escaped title.
            title = html.escape(dossier_title(dossier, page.path), quote=False)
            text = "---\ntitle: " + json.dumps(title, ensure_ascii=False) + "\n---\n\n" + text
        _write(docs_out / page.path, text)
        count += 1
    out = PageWriter()
    write_updates(dossier, history, MarkdownFormat(UPDATES_PAGE), out)
    _write(docs_out / UPDATES_PAGE, out.finish()[0])
    count += 1
    _write(docs_out / FEED_FILE, atom_feed(dossier, history, str(config.get("site_name", "Dossier")),
                                           lambda src: src[:-3] + "/" if not src.endswith("index.md") else src[:-8]))

    def url_for(entry) -> str:
        return page_path(entry)[:-3] + "/"

    timeline_dir = TIMELINE_PAGE.rsplit("/", 1)[0]
    _write(docs_out / timeline_dir / "timeline.json", timeline_json(dossier, url_for))
    _write(docs_out / timeline_dir / "timeline.ics",
           timeline_ics(dossier, url_for, str(config.get("site_name", "Dossier"))).encode("utf-8"))
    package = resources.files("dossierkit").joinpath("assets")
    for name in ASSETS:
        content = site_css(dossier.vocabulary).encode("utf-8") if name == "dossier.css" else package.joinpath(name).read_bytes()
        _write(docs_out / "assets" / "dossier" / name, content)
    _write(out_dir / "mkdocs.yml", _plain_config(str(config.get("site_name", "Dossier")), config.get("nav")))
    return count
