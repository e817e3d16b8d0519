"""Parts of Material's pages rendered once for all the pages that get the same.

Material renders its navigation (``partials/nav.html``) for every page: a
third of its templates' time at 10,000 entries, about 3 s of a build
(``docs/reference/benchmarks.md``).  For a page that is not in the
navigation (every entry page) nothing in it depends on the page but the
links, which the ``url`` filter makes relative to the page's URL
(``mkdocs.utils.get_relative_url``).  So every page in the same folder,
and every page alone in its own folder beside others (``actors/a/``,
``actors/b/``), gets the very same navigation; it is rendered for the first
and copied into the others.  The same goes for three blocks of
``base.html`` (the stylesheets, the configuration script, the scripts:
:data:`BLOCKS`), kept through a ``main.html`` that extends it as Material's
does; and the header (``partials/header.html``), all but the page's title,
which is printed between the parts kept before and after it.  The search
box (``partials/search.html``) depends on nothing but the configuration
and the language: it is rendered once a build.

This holds for Material's own templates, and for partials of a theme's own
(the starter's ``overrides/``) that read nothing but the settings and make
no link: when a theme's folder overrides one otherwise, what reads it is
not kept (:data:`KEPT`), and nothing is kept when a template that includes
the kept parts, or sets what they read, is not Material's
(:data:`INCLUDERS`, the language files).  Links are counted as MkDocs
resolves them (``./a`` and ``../a`` are ``a``).  The plugin installs this
only when every plugin is one it knows
(``parallel.only_known_plugins``): another could change the navigation
from page to page.  A page in the navigation (its item is marked active)
is always rendered, and what is kept lives for one build.  The site is
byte for byte what Material renders page by page (tested).
"""

from __future__ import annotations

import posixpath
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from jinja2 import meta, nodes

NAV, SEARCH = "partials/nav.html", "partials/search.html"
MAIN, BASE, HEADER = "main.html", "base.html", "partials/header.html"
# The templates that include the kept parts, or set what they read (``features``, ``lang``): they
# must be Material's own, or nothing is kept.
INCLUDERS = (MAIN, BASE, HEADER, "partials/language.html")
# Each partial kept: the expression of its key; the partials it reads that must be Material's own
# (they use the page in ways this module knows); the others it reads: Material's own, or a theme's
# that reads nothing but the settings and makes no link (:func:`_reads_only_settings`).
KEPT = {NAV: ("dossier_kept.key(page, nav)", (NAV, "partials/nav-item.html"), ("partials/logo.html", "partials/source.html")),
        SEARCH: ("dossier_kept.everywhere", (), (SEARCH,))}
# Blocks of Material's base.html kept the same way (in place of main.html, which only extends it):
# stylesheets, the configuration script and the scripts, whose links are made relative to the page.
BLOCKS = ("styles", "config", "scripts")
BLOCK_READS = ("partials/icons.html",)
# Material's header, but for the page's title (:func:`_header`), and the partials it reads besides
# the navigation's and the search box (tabs: only the navigation's items, active for a page in it).
HEADER_TITLE = "{% if page.meta and page.meta.title %}"
HEADER_READS = ("partials/palette.html", "partials/javascripts/palette.html", "partials/alternate.html",
                "partials/tabs.html", "partials/tabs-item.html")
SETTINGS = frozenset({"config", "features", "lang"})  # the same on every page of a build
SAFE_FILTERS = frozenset({"e", "escape", "d", "default", "replace", "lower", "upper", "capitalize", "title", "trim",
                          "striptags", "truncate", "length", "count", "string", "int", "float"})  # text in, text out
ICONS = ".icons/"


def _original(name: str) -> str:
    """The name the partial ``name`` of Material keeps when its wrapper takes its place."""
    return "dossier/material-" + name.rsplit("/", 1)[-1]


def _include(name: str) -> str:
    return '{%- include "' + name + '" -%}'


def _kept(key: str, render: str) -> str:
    """Prints what the Jinja ``render`` gave for the first page with the key ``key`` (a Jinja
    expression), rendering it for that page."""
    return ('{%- if ' + key + ' in dossier_kept.kept -%}{{- dossier_kept.kept[' + key + '] -}}'
            '{%- else -%}{%- set dossier_out -%}' + render + '{%- endset -%}'
            '{{- dossier_kept.keep(' + key + ', dossier_out) -}}{%- endif -%}')


def _wrapper(name: str, key: str) -> str:
    """Includes Material's partial, or prints what it gave for the first page with the same key."""
    original = _original(name)
    return ('{%- set dossier_key = ' + key + ' -%}'
            '{%- if dossier_key is none -%}' + _include(original) +
            '{%- else -%}' + _kept("dossier_key", _include(original)) + '{%- endif -%}')


def _header(env: jinja2.Environment, source: str) -> dict[str, str]:
    """Material's header kept but for the page's title, which it prints once, between the parts
    before and after it (each kept by the navigation's key); nothing when it is not so."""
    start = source.find(HEADER_TITLE)
    end = source.find("{% endif %}", start) + len("{% endif %}")
    head, title, tail = source[:start], source[start:end], source[end:]
    if start < 0 or source.count(HEADER_TITLE) != 1:
        return {}
    try:  # each part whole on its own (the title is outside any tag), only the title reads the page
        read = [meta.find_undeclared_variables(env.parse(part)) for part in (head, title, tail)]
    except jinja2.TemplateError:
        return {}
    if "page" in read[0] or "page" in read[2]:
        return {}
    names = {part: f"dossier/material-header-{part}.html" for part in ("head", "tail")}
    wrapper = ('{%- set dossier_key = dossier_kept.key(page, nav) -%}'
               '{%- if dossier_key is none -%}' + _include(_original(HEADER)) + '{%- else -%}'
               + _kept('(dossier_key, "header-head")', _include(names["head"])) + title
               + _kept('(dossier_key, "header-tail")', _include(names["tail"])) + '{%- endif -%}')
    return {HEADER: wrapper, names["head"]: head, names["tail"]: tail}


def _block(name: str) -> str:
    """A block of :data:`MAIN` that prints Material's, or what it gave for the first page with the same key."""
    return ('{%- block ' + name + ' -%}{%- set dossier_key = dossier_kept.key(page, nav) -%}'
            '{%- if dossier_key is none -%}{{- super() -}}'
            '{%- else -%}' + _kept(f'(dossier_key, "{name}")', '{{- super() -}}') + '{%- endif -%}{%- endblock -%}')


def _material_templates() -> Path | None:
    try:
        import material
    except ImportError:
        return None
    return Path(material.__file__).parent / "templates"


def _is_materials_own(env: jinja2.Environment, name: str, own: Path) -> bool:
    try:
        source, _path, _uptodate = env.loader.get_source(env, name)
        return source == (own / name).read_text(encoding="utf-8")
    except (jinja2.TemplateNotFound, OSError):
        return False


def _included(template: nodes.Expr) -> str | None:
    """The name an include or import names: a constant, or an icon (``".icons/" ~ icon ~ ".svg"``)."""
    if isinstance(template, nodes.Const) and isinstance(template.value, str):
        return template.value
    first = template.nodes[0] if isinstance(template, nodes.Concat) and template.nodes else None
    if isinstance(first, nodes.Const) and first.value == ICONS:
        return ICONS
    return None


def _reads_only_settings(env: jinja2.Environment, name: str, seen: set[str]) -> bool:
    """Whether the template ``name``, and all it includes, reads nothing but :data:`SETTINGS` and
    its own variables: no private or plugin attribute (MkDocs keeps the page it renders in
    ``config._current_page``), no call but a translation's, no filter but :data:`SAFE_FILTERS`
    (``url`` reads the page)."""
    if name in seen or name == ICONS:  # an icon is an SVG file
        return True
    seen.add(name)
    try:
        ast = env.parse(env.loader.get_source(env, name)[0])
    except (jinja2.TemplateError, OSError):
        return False
    if meta.find_undeclared_variables(ast) - SETTINGS:
        return False
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        field = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if not isinstance(field, str) or field.startswith("_") or field == "plugins":
            return False
    if any(node.name not in SAFE_FILTERS for node in ast.find_all(nodes.Filter)):
        return False
    for node in ast.find_all(nodes.Call):  # no method (config.get("plugins")): only a translation, lang.t(...)
        called = node.node
        if not (isinstance(called, nodes.Getattr) and called.attr == "t" and isinstance(called.node, nodes.Name)
                and called.node.name == "lang"):
            return False
    for node in ast.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        included = _included(node.template)
        if included is None or not _reads_only_settings(env, included, seen):
            return False
    return True


def _own_or_settings(env: jinja2.Environment, name: str, own: Path) -> bool:
    return _is_materials_own(env, name, own) or _reads_only_settings(env, name, set())


def _segments(url: str) -> tuple[str, ...]:
    """The folders and name of a relative URL as ``normalize_url`` and ``get_relative_url`` take
    them (``./a``, ``../a`` and ``x/../a`` are all ``a``); none for an absolute one."""
    url = url.replace("\\", "/")
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("/", "#")):
        return ()
    return tuple(part for part in posixpath.normpath("/" + url).split("/") if part)


def _base(url: str) -> tuple[str, ...]:
    """The folder a URL on this page is made relative to (as ``get_relative_url`` takes it)."""
    head, tail = posixpath.split(url)
    return _segments(head if "." in tail else url)


class ThemeCache:
    """The parts rendered in one build, by :meth:`key` (and the part's name, for the blocks and
    the header's halves)."""

    everywhere = ("everywhere",)  # the key of a partial that is the same on every page

    def __init__(self, urls: list[str]):
        self.kept: dict[tuple, str] = {}
        self._urls = urls  # every URL a kept part may link to, but the nav's (install)
        self._nav: int | None = None
        self._nav_pages: set[int] = set()
        self._inside: Counter[tuple[str, ...]] = Counter()
        self._asked: tuple | None = None
        self._key: tuple | None = None

    def _read_nav(self, nav) -> None:
        """The pages of ``nav``, and how many URLs (files' and the nav's links) lie in each folder."""
        self._nav, self._nav_pages = id(nav), {id(p) for p in nav.pages}
        urls = list(self._urls)
        items = list(nav.items)
        while items:
            item = items.pop()
            items.extend(getattr(item, "children", None) or ())
            if isinstance(getattr(item, "url", None), str):
                urls.append(item.url)
        self._inside = Counter(seg[:n] for seg in map(_segments, urls) for n in range(1, len(seg) + 1))

    def key(self, page, nav) -> tuple | None:
        """What the navigation on ``page`` depends on; None when it must be rendered for it.
        (Asked four times a page, by the navigation and the blocks: the last answer is kept.)"""
        if page is None or nav is None or not isinstance(getattr(page, "url", None), str):
            return None
        asked = (id(page), id(nav), page.url)
        if asked != self._asked:
            self._asked, self._key = asked, self._find_key(page, nav)
        return self._key

    def _find_key(self, page, nav) -> tuple | None:
        if self._nav != id(nav):
            self._read_nav(nav)
        if id(page) in self._nav_pages or getattr(page, "parent", None) is not None:
            return None  # (MkDocs marks the page it renders active: in the nav, its item and sections)
        base = _base(page.url)
        if base and self._inside.get(base, 0) <= 1:
            # Its last folder holds nothing but itself, so no link leads into it: any page alone
            # in a sibling folder (actors/a/, actors/b/) gets the same links.
            return id(nav), base[:-1], len(base)
        return id(nav), base

    def keep(self, key: tuple, rendered: str) -> str:
        """Keep ``rendered`` for the pages with ``key``; return it."""
        self.kept[key] = rendered
        return rendered


def install(env: jinja2.Environment, files, config) -> list[str]:
    """Render Material's navigation, search box, header and :data:`BLOCKS` once per key in this build
    (see the module docstring); the templates it took over (none where the theme's are not Material's own)."""
    own = _material_templates()
    if own is None:
        return []
    language = config.theme.get("language") or "en"
    if not all(_is_materials_own(env, read, own) for read in INCLUDERS) or not all(
            _own_or_settings(env, read, own) for read in ("partials/languages/en.html", f"partials/languages/{language}.html")):
        return []
    taken = {name: _wrapper(name, key) for name, (key, owns, reads) in KEPT.items()
             if all(_is_materials_own(env, read, own) for read in owns)
             and all(_own_or_settings(env, read, own) for read in reads)}
    if all(_own_or_settings(env, read, own) for read in BLOCK_READS):
        taken[MAIN] = '{% extends "' + BASE + '" %}' + "".join(_block(name) for name in BLOCKS)
    parts: dict[str, str] = {}  # the header's, when it reads only what is kept besides its title
    if NAV in taken and SEARCH in taken and all(_is_materials_own(env, read, own) for read in HEADER_READS):
        parts = _header(env, env.loader.get_source(env, HEADER)[0])
        if parts:
            taken[HEADER] = parts.pop(HEADER)
    if not taken:
        return []
    originals = {_original(name): env.loader.get_source(env, name)[0] for name in taken if name != MAIN}
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({**taken, **originals, **parts}), env.loader])
    # Every URL a kept part may link to, beside the nav's own (ThemeCache._read_nav):
    urls = [file.url for file in files] + [str(path) for path in (*config.extra_javascript, *config.extra_css)]
    # (the url filter links str(value): a link YAML reads as a number, or an empty one, counts too)
    extra = config.extra or {}
    urls += [str(url) for url in (extra.get("homepage"), config.theme.get("logo")) if url]
    alternate = extra.get("alternate")
    urls += [str(alt["link"]) for alt in alternate if isinstance(alt, dict) and "link" in alt] \
        if isinstance(alternate, (list, tuple)) else []
    env.globals["dossier_kept"] = ThemeCache(urls)
    return sorted(taken)
