"""Dates that keep their precision.

A dossier date is written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and may be
marked approximate.  "June 2026" stays a month: it is never widened to a made-
up day.  Mixed precisions sort sensibly: a year sorts before the months of
that year, a month before the days of that month.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MIN_YEAR = 1
MAX_YEAR = 2999

YEAR, MONTH, DAY = "year", "month", "day"


class DateError(ValueError):
    """Raised for a malformed or impossible date; the message says why."""


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    def __reduce__(self):
        # By its fields, as schema.citation.Cite (a dataclass's own pickling writes a state dictionary).
        return PartialDate, (self.year, self.month, self.day, self.approximate)

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        if self.day is not None:
            return DAY
        if self.month is not None:
            return MONTH
        return YEAR

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological key; less precise dates sort first within their period."""
        return (self.year, self.month or 0, self.day or 0)

    @property
    def end_key(self) -> tuple[int, int, int]:
        """Key of the last day this date may stand for (for range checks)."""
        if self.day is not None:
            return (self.year, self.month or 0, self.day)
        if self.month is not None:
            return (self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return (self.year, 12, 31)

    def iso(self) -> str:
        """The date as written: ``2025``, ``2025-09`` or ``2025-09-17``."""
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out

    def human(self) -> str:
        """Reader-facing text at the real precision: ``17 September 2025``,
        ``June 2026``, ``2016``; approximate dates get ``c.``."""
        if self.day is not None:
            text = f"{self.day} {MONTHS[self.month - 1]} {self.year}"  # type: ignore[index]
        elif self.month is not None:
            text = f"{MONTHS[self.month - 1]} {self.year}"
        else:
            text = str(self.year)
        return f"c. {text}" if self.approximate else text

    def __str__(self) -> str:
        return self.iso()


# Dates already parsed, by their text: a dossier writes the same few dates many times (147 different
# ones in 1,062 dates of the shipped entries), and a PartialDate, frozen, can be shared.  Bounded.
_PARSED: dict[str, PartialDate] = {}
_PARSED_APPROXIMATE: dict[str, PartialDate] = {}
_MAX_PARSED = 1 << 16


def parse_date(text: str, approximate: bool = False) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise :class:`DateError`.

    Impossible calendar dates (``2025-02-30``) and years outside
    ``MIN_YEAR..MAX_YEAR`` are refused.
    """
    memo = None
    if type(text) is str:
        memo = _PARSED if approximate is False else _PARSED_APPROXIMATE if approximate is True else None
        if memo is not None:
            found = memo.get(text)
            if found is not None:
                return found
    parsed = _parse_date(text, approximate)
    if memo is not None:
        if len(memo) >= _MAX_PARSED:
            memo.clear()
        memo[text] = parsed
    return parsed


def _parse_date(text: str, approximate: bool) -> PartialDate:
    """:func:`parse_date`, without looking for the text among those already parsed."""
    m = _DATE_RE.match(text.strip()) if isinstance(text, str) else None
    if not m:
        raise DateError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"year {year} is out of range ({MIN_YEAR}-{MAX_YEAR})")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{text!r}: month {month} does not exist")
    if day is not None:
        last = calendar.monthrange(year, month)[1]  # type: ignore[arg-type]
        if not 1 <= day <= last:
            raise DateError(f"{text!r} is not a real date ({MONTHS[month - 1]} {year} has {last} days)")  # type: ignore[index]
    return PartialDate(year, month, day, approximate)


def human_range(start: PartialDate, end: PartialDate | None) -> str:
    """``17–18 September 2025`` style text for a start and optional end."""
    if end is None or end == start:
        return start.human()
    return f"{start.human()} – {end.human()}"
