"""When the PDF cannot be made: name the entry (or page) that breaks it.

WeasyPrint lays out the whole book at once, so a failure deep inside it (a
``RecursionError`` from a body of 300 nested ``>`` quotes) names no file.
:func:`locate_failure` finds the culprit: first each part's own HTML is
built (Markdown errors show up there), then the parts are laid out in halves,
keeping the half that still fails, until one part is left: about twice the
work of one full layout, spent only after a failure.
"""

from __future__ import annotations

from typing import Callable

from dossierkit.errors import DossierError, Problem
from dossierkit.render.print_document import PrintOptions, entry_html, intro_html
from dossierkit.structure.dossier import Dossier

Render = Callable[[str], object]  # lays out a complete HTML document; raises on failure


def _document(fragments: list[str], css: str) -> str:
    return f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>{css}</style></head>' \
           f'<body>{"".join(fragments)}</body></html>'


def _fails(render: Render, fragments: list[str], css: str) -> bool:
    try:
        render(_document(fragments, css))
    except (RecursionError, MemoryError, Exception):  # noqa: BLE001 - any failure counts
        return True
    return False


def _problem(path: str, what: str, exc: BaseException, pos: tuple[int, int] = (1, 1)) -> DossierError:
    reason = f"{type(exc).__name__}: {str(exc)[:200]}" if str(exc) else type(exc).__name__
    return DossierError([Problem(path, pos[0], pos[1], f"the PDF cannot be made with this {what} ({reason}); "
                                             "simplify its text: very deep nesting (hundreds of '>' quote "
                                             "markers or list levels) is the usual cause")])


def locate_failure(dossier: Dossier, options: PrintOptions, render: Render, css: str,
                   exc: BaseException) -> DossierError:
    """A located error naming the entry or page that makes the PDF fail with ``exc``."""
    parts: list[tuple[str, str, str, tuple[int, int]]] = []  # (path shown, what, HTML, position)
    for path, text in options.intro_pages:
        try:
            parts.append((path, "page", intro_html(dossier, path, text), (1, 1)))
        except (RecursionError, Exception) as inner:  # noqa: BLE001
            return _problem(path, "page", inner)
    for entry in dossier:
        # The body is where nesting can run deep: point at it.
        pos = entry.doc.pos(("body",)) if entry.data.get("body") else (1, 1)
        try:
            parts.append((entry.path, "entry", entry_html(dossier, entry, 2), pos))
        except (RecursionError, Exception) as inner:  # noqa: BLE001
            return _problem(entry.path, "entry", inner, pos)
    candidates = parts
    if not _fails(render, [part[2] for part in candidates], css):
        return DossierError([Problem("(the PDF)", 1, 1, f"the PDF could not be made ({type(exc).__name__}: "
                                                         f"{str(exc)[:200]}), and no single entry causes it")])
    while len(candidates) > 1:
        half = candidates[: len(candidates) // 2]
        candidates = half if _fails(render, [part[2] for part in half], css) else candidates[len(half):]
    path, what, html, pos = candidates[0]
    if not _fails(render, [html], css):  # only a combination fails: say so rather than blame one part
        return DossierError([Problem("(the PDF)", 1, 1, f"the PDF could not be made ({type(exc).__name__}: "
                                                         f"{str(exc)[:200]}), and no single entry causes it")])
    return _problem(path, what, exc, pos)
