"""The timeline's overview: a compact axis of its eras and years, with the density of events, that jumps to a period.

One column per year heading of the page (so one per era and year: a year
split between two eras has a column in each), in page order; a bar shows
how many events the year holds (eight steps, on a log scale), and the
column links to the year's heading.  Eras group their years under their
title.  Years without events are left out (a narrow gap marks them), so
a dossier reaching back to 1949 does not spend most of the axis on empty
decades.  The axis is plain HTML and CSS (``assets/timeline.css`` keeps it
in view while the page scrolls, and scrolls sideways by itself on a
phone); the page's script dims the years a filter empties.

The headings' anchors are fixed here: ``year-2025`` (``year-2025-2`` for
its second era), ``era-1``, ``era-2``...
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from dossierkit.render.text import attr, html_text

DENSITY_STEPS = 8


@dataclass
class YearGroup:
    """The events of one year heading: its anchor and how many events it holds."""

    year: int
    anchor: str
    count: int = 0


@dataclass
class EraGroup:
    """One era heading (``title`` '' when the dossier defines no eras) and its years."""

    title: str
    anchor: str
    years: list[YearGroup] = field(default_factory=list)
    named: bool = True  # False for the events outside every era ("Other events")


class Anchors:
    """Hands out the anchors of the timeline's headings, one per era and year."""

    def __init__(self) -> None:
        self.used: dict[str, int] = {}
        self.eras = 0

    def year(self, year: int) -> str:
        """``year-2025``, then ``year-2025-2`` for the same year under another era."""
        base = f"year-{year}"
        n = self.used[base] = self.used.get(base, 0) + 1
        return base if n == 1 else f"{base}-{n}"

    def era(self) -> str:
        """``era-1``, ``era-2``...: an era's title may be anything."""
        self.eras += 1
        return f"era-{self.eras}"


def density(count: int, most: int) -> int:
    """The bar's step (1 to :data:`DENSITY_STEPS`, 0 for none) for ``count`` events, ``most`` the busiest year."""
    if count <= 0:
        return 0
    return max(1, math.ceil(DENSITY_STEPS * math.log1p(count) / math.log1p(max(most, 1))))


def events_text(count: int) -> str:
    """``1 event``, ``2 events``."""
    return f"{count} event" + ("" if count == 1 else "s")


def overview_html(eras: list[EraGroup]) -> str:
    """The axis (see the module docstring); '' for a timeline without events."""
    years = [y for era in eras for y in era.years]
    if not years:
        return ""
    most = max(y.count for y in years)
    groups = []
    for era in eras:
        cells = []
        previous = None
        for y in era.years:
            if previous is not None and y.year > previous + 1:
                cells.append('<li class="dossier-axis-gap" aria-hidden="true"></li>')
            previous = y.year
            words = f"{y.year}: {events_text(y.count)}"
            cells.append(f'<li class="dossier-axis-year" data-year="{y.year}"><a href="#{y.anchor}" title="{words}" '
                         f'aria-label="{words}"><span class="dossier-axis-bar dossier-density-{density(y.count, most)}">'
                         f'</span><span class="dossier-axis-label">{y.year}</span></a></li>')
        name = (f'<a class="dossier-axis-era-name" href="#{era.anchor}" title="{attr(era.title)}">{html_text(era.title)}</a>'
                if era.title else "")
        groups.append(f'<li class="dossier-axis-era">{name}<ol class="dossier-axis-years">{"".join(cells)}</ol></li>')
    label = "Eras and years of the timeline" if any(e.title for e in eras) else "Years of the timeline"
    return (f'<nav class="dossier-axis" aria-label="{label}: the height of each bar is the number of events" '
            f'data-search-exclude><ol class="dossier-axis-eras">{"".join(groups)}</ol></nav>')
