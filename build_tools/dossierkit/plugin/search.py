"""What Material's search knows about an entry page: its boost, and the names it is known by.

A reader who searches for a name wants the page of the thing that bears
it, before the sources and events that mention it.  Material's search
index has a ``tags`` field, weighted far above titles and text; the
plugin fills it with the names an entry is known by (its name, its
abbreviation, its other names and its names in their own scripts, with
their transliterations), so that "NATO", "مسعود پزشکیان" or "中国" finds
the entry first.  The site's stylesheet hides these tags in search
results: the result's title already names the page.

Tags are written into the index as HTML (Material shows them as HTML), so
they are escaped here.  The boost per kind comes from the kind registry.
"""

from __future__ import annotations

import html
import posixpath

from dossierkit.schema.kinds import ENTITY, GLOSSARY, KINDS
from dossierkit.render.text import page_path
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry

# Search ranking per kind of entry page (Material's `search.boost`, from the
# kind registry): a reader searching for an organisation's initials wants its
# page before the many sources naming it.
SEARCH_BOOST = {k.folder: max(1, k.search_boost) for k in KINDS}  # >= 1: lower values break the search worker
NAMED_KINDS = frozenset(k.name for k in KINDS if k.search_boost > 1 and k.role in (ENTITY, GLOSSARY))


def entry_of_page(dossier: Dossier, src: str) -> Entry | None:
    """The entry whose page has the source path ``src`` (``actors/iran.md``), or None."""
    entry = dossier.entries.get(posixpath.splitext(posixpath.basename(src))[0])
    return entry if entry is not None and page_path(entry) == src else None


def known_names(entry: Entry) -> list[str]:
    """The names ``entry`` is known by, in order, without repeats (none for sources and events)."""
    if entry.kind.name not in NAMED_KINDS:
        return []
    d = entry.data
    names = [entry.label, d.get("abbreviation") or ""] + list(d.get("aliases", ()))
    for native in d.get("native_names", ()):
        names += [native["name"], native.get("transliteration") or ""]
    return list(dict.fromkeys(n for n in names if n))


def search_meta(entry: Entry) -> dict:
    """The page metadata Material's search reads for ``entry``'s page: its boost and its names."""
    meta: dict = {"search": {"boost": SEARCH_BOOST.get(entry.kind.folder, 1)}}
    names = known_names(entry)
    if names:
        meta["tags"] = [html.escape(n, quote=True) for n in names]
    return meta
