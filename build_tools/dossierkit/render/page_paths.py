"""Where the generated pages and files are: their source paths, and nothing else.

Kept apart from the modules that render them so that what only needs the
paths (``dossier validate``'s check of links and of the nav) does not import
every renderer: that was a twentieth of validating 10,000 entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dossierkit.schema.kinds import KINDS, KINDS_BY_NAME, Kind

if TYPE_CHECKING:
    from dossierkit.structure.entry import Entry

TIMELINE_PAGE = "events/index.md"
GLOSSARY_PAGE = "terms/index.md"
LEGEND_PAGE = "status.md"  # the legend of statuses and confidence levels (render/index_pages.py)
GRAPH_PAGE = "graph.md"
POSITIONS_PAGE = "positions.md"
UPDATES_PAGE = "updates/index.md"
FEED_FILE = "updates/feed.xml"


def indexed_kinds() -> list[Kind]:
    """The kinds that have an index page of their own (the registry's ``index_intro``)."""
    return [k for k in KINDS if k.index_intro]


def kind_index_page(kind: str) -> str:
    """Source path of the index page of ``kind``: ``actors/index.md``."""
    return f"{KINDS_BY_NAME[kind].folder}/index.md"


def page_path(entry: Entry) -> str:
    """Source path of an entry's page: ``actors/iran.md``."""
    return f"{entry.kind.folder}/{entry.id}.md"


def listing_page_paths() -> list[str]:
    """Source paths of the generated pages that list entries (see ``render.site.index_pages``), without rendering them."""
    return [kind_index_page(k.name) for k in indexed_kinds()] + [TIMELINE_PAGE, GLOSSARY_PAGE, LEGEND_PAGE, GRAPH_PAGE,
                                                                 POSITIONS_PAGE]
