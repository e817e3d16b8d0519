"""Date parsing keeps precision; ordering and formatting respect it."""

from __future__ import annotations

import pytest

from dossierkit.dates import DateError, PartialDate, human_range, parse_date


@pytest.mark.parametrize("text, precision, human", [
    ("2016", "year", "2016"),
    ("2026-06", "month", "June 2026"),
    ("2025-09-17", "day", "17 September 2025"),
    ("2024-02-29", "day", "29 February 2024"),
])
def test_parse_keeps_precision(text, precision, human):
    d = parse_date(text)
    assert d.precision == precision
    assert d.human() == human
    assert d.iso() == text


def test_approximate_is_marked():
    assert parse_date("2016", approximate=True).human() == "c. 2016"


@pytest.mark.parametrize("text", ["2025-02-30", "2023-02-29", "2025-00", "2025-13-01", "2025-9-1", "0000", "20250", "", "2025/09/17"])
def test_impossible_or_malformed(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_mixed_precision_sorting():
    dates = [parse_date(x) for x in ["2026-06-23", "2026", "2026-06", "2025-12-31", "2026-01-01"]]
    ordered = sorted(dates, key=lambda d: d.sort_key)
    assert [d.iso() for d in ordered] == ["2025-12-31", "2026", "2026-01-01", "2026-06", "2026-06-23"]


def test_end_key_covers_the_whole_period():
    assert parse_date("2024-02").end_key == (2024, 2, 29)
    assert parse_date("2025").end_key == (2025, 12, 31)


def test_range_text():
    assert human_range(parse_date("2025-08-02"), parse_date("2025-08-03")) == "2 August 2025 – 3 August 2025"
    assert human_range(PartialDate(2025), None) == "2025"
