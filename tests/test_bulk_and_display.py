"""Bulk grids, records for DataFrames, and notebook display."""

from __future__ import annotations

import importlib.util

import pytest

import chipcontrols as cc


def test_grid_matches_status_at():
    """Every cell of a grid equals status_at for that date, chip and destination."""
    dates = cc.months("2022-06-01", "2026-06-01")
    g = cc.grid(dates, ["H100", "H20", "RTX 4090"], ["CN", "HK", "IN", "AE"])
    assert len(g) == len(dates) * 3 * 4
    for day, chip, country, status in g:
        assert status == cc.status_at(day, chip, country)


def test_grid_records():
    """records() gives one plain row per cell with the documented columns."""
    rows = cc.grid(["2025-06-01"], ["H20"], ["CN", "DE"]).records()
    assert [tuple(r) for r in rows] == [cc.RECORD_FIELDS, cc.RECORD_FIELDS]
    assert [(r["country"], r["license_required"]) for r in rows] == [("CN", True), ("DE", False)]


def test_grid_refuses_days_outside_coverage():
    """A grid day outside the record's coverage is refused."""
    with pytest.raises(cc.errors.OutsideCoverageError):
        cc.grid(["2018-01-01"], ["H20"], ["CN"])


def test_to_dataframe():
    """to_dataframe() builds a DataFrame with pandas, or says how to install it."""
    g = cc.grid(["2025-06-01"], ["H20"], ["CN"])
    if importlib.util.find_spec("pandas") is None:
        with pytest.raises(ImportError, match="chipcontrols\\[pandas\\]"):
            g.to_dataframe()
    else:
        df = g.to_dataframe()
        assert list(df.columns) == list(cc.RECORD_FIELDS) and len(df) == 1


def test_status_html():
    """A status renders as an HTML table for notebooks, with its citations escaped."""
    html = cc.status_at("2025-06-01", "H20", "CN")._repr_html_()
    assert html.startswith("<table") and "NVIDIA Form 8-K, 2025-04-15" in html and "<script" not in html


def test_explain_mentions_undetermined_classification():
    """explain() says when the classification cannot be settled."""
    text = cc.status_at("2024-06-01", "MI308X", "SA").explain()
    assert "undetermined (missing" in text
