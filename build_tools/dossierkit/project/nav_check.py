"""The ``nav`` of ``mkdocs.yml``: every page it names must exist, hand-written or generated.

A strict build fails on a nav entry whose page does not exist (MkDocs warns
"A reference to ... is included in the 'nav' configuration, which is not
found in the documentation files"); ``dossier validate`` says so first, at
the entry's line and column in ``mkdocs.yml``, with a "did you mean".

A page exists when it is a file of ``docs/``, a page or data file the
plugin generates (:func:`dossierkit.project.checks.generated_sources`), or
a page of ``include_pages``.  Links (``https://...``, ``mailto:...``, an
absolute ``/path``) are not pages and are not checked.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

import yaml

from dossierkit.errors import Problem
from dossierkit.schema.types import suggest

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class _ComposeLoader(yaml.SafeLoader):
    """Composes nodes only (with their marks): tags such as ``!ENV`` are never constructed."""


def _nav_node(config_file: Path) -> yaml.Node | None:
    """The ``nav`` node of ``config_file``, or None (no nav, or a file that does not parse)."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=_ComposeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # reported where the config is read
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "nav":
            return value
    return None


def nav_pages(node: yaml.Node) -> list[tuple[str, int, int]]:
    """(path, line, column) of every page the nav names, in order (titles and sections walked through)."""
    found: list[tuple[str, int, int]] = []

    def walk(item: yaml.Node) -> None:
        if isinstance(item, yaml.ScalarNode):
            found.append((item.value, item.start_mark.line + 1, item.start_mark.column + 1))
        elif isinstance(item, yaml.SequenceNode):
            for child in item.value:
                walk(child)
        elif isinstance(item, yaml.MappingNode):
            for _title, child in item.value:
                walk(child)

    walk(node)
    return found


def _docs_files(docs_dir: Path) -> set[str]:
    files: set[str] = set()
    if docs_dir.is_dir():
        for current, dirs, names in os.walk(docs_dir):
            dirs[:] = [d for d in dirs if not Path(current, d).is_symlink()]
            rel = Path(current).relative_to(docs_dir).as_posix()
            files.update(name if rel == "." else f"{rel}/{name}" for name in names)
    return files


def check_nav(config_file: Path, shown_config: str, docs_dir: Path, generated: list[str],
              include_pages: dict[str, str]) -> list[Problem]:
    """A located error for every page the nav of ``config_file`` names that no build would have."""
    node = _nav_node(config_file)
    if node is None:
        return []
    existing = _docs_files(docs_dir) | set(generated) | set(include_pages)
    pages = sorted(p for p in existing if p.endswith(".md"))
    problems = []
    for path, line, column in nav_pages(node):
        if not path or _SCHEME_RE.match(path) or path.startswith("/"):
            continue  # a link, not a page
        normal = posixpath.normpath(path)
        if normal in existing:
            continue
        hint = suggest(normal, pages) or _generated_hint(normal)
        problems.append(Problem(shown_config, line, column,
                                f"nav: {path!r} is neither a page in {docs_dir.name}/ nor a generated page"
                                f"{hint}; correct the path or remove the entry"))
    return problems


def _generated_hint(path: str) -> str:
    """``(did you mean 'terms/index.md'?)`` for a nav entry that names a generated page by its
    subject (``glossary.md``, ``timeline.md``, ``actors.md``) rather than by its path."""
    from dossierkit.render.page_paths import GLOSSARY_PAGE, GRAPH_PAGE, LEGEND_PAGE, TIMELINE_PAGE
    from dossierkit.schema.kinds import KINDS

    names = {"glossary": GLOSSARY_PAGE, "timeline": TIMELINE_PAGE, "chronology": TIMELINE_PAGE,
             "legend": LEGEND_PAGE, "status": LEGEND_PAGE, "network": GRAPH_PAGE, "graph": GRAPH_PAGE}
    for kind in KINDS:
        for name in (kind.name, kind.folder, kind.plural.lower()):
            names.setdefault(name, f"{kind.folder}/index.md")
    stem = posixpath.splitext(posixpath.basename(path))[0].lower()
    if stem == "index":
        stem = posixpath.basename(posixpath.dirname(path)).lower()
    return f" (did you mean {names[stem]!r}?)" if stem in names else ""
