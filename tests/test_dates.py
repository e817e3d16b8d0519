"""Date parsing keeps precision; ordering and formatting respect it."""

from __future__ import annotations

import pytest

import dossierkit.dates as dates
from dossierkit.dates import DateError, PartialDate, _parse_date, human_range, parse_date


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


@pytest.mark.parametrize("text", ["2025", "2025-09", "2025-09-17", " 2025-09 ", "2024-02-29"])
def test_a_date_parsed_again_is_the_same_date(text):
    """Dates are kept by their text once parsed: the kept one equals a fresh parse, approximate or not."""
    assert parse_date(text) == _parse_date(text, False)
    assert parse_date(text) is parse_date(text)
    approximate = parse_date(text, True)
    assert approximate.approximate and not parse_date(text).approximate
    assert approximate == _parse_date(text, True)


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13", "0000", "twenty", "2025-9"])
def test_a_refused_date_is_refused_every_time(text):
    for _ in range(2):
        with pytest.raises(DateError):
            parse_date(text)


def test_dates_kept_are_bounded_and_only_for_text_and_a_bool(monkeypatch):
    monkeypatch.setattr(dates, "_MAX_PARSED", 4)
    monkeypatch.setattr(dates, "_PARSED", {})
    for year in range(1990, 2010):
        assert parse_date(str(year)) == PartialDate(year)
        assert len(dates._PARSED) <= 4
    assert parse_date("2001", 1) == PartialDate(2001, approximate=1)  # not a bool: parsed, and not kept
    assert parse_date("2001", 1) is not parse_date("2001", 1)
    assert parse_date("2001", True) is not parse_date("2001", False)
