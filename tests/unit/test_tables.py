"""Answers as tables: grids, histories, events and revisions as sequences, JSON-safe records, typed DataFrames
and HTML for notebooks."""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import json
import sys
import threading

import attrs
import pandas as pd
import pytest

import chipcontrols as cc
from chipcontrols import model as m
from chipcontrols._bulk import GRID_FIELDS, gc_paused
from chipcontrols._tables import EVENT_FIELDS, HISTORY_FIELDS, REVISION_FIELDS, STATUS_COLUMNS
from chipcontrols.errors import InvalidArgumentError, MissingDependencyError, OutsideCoverageError, UnknownChipError

REVIEWED = cc.bundled().info.reviewed


class TestGrid:
    def test_grid_matches_status_at(self):
        """Every cell of a grid equals status_at for that date, chip and destination."""
        dates = cc.months("2022-06-01", "2026-06-01")
        g = cc.grid(dates, ["H100", "H20", "RTX 4090"], ["CN", "HK", "IN", "AE"])
        assert len(g) == len(dates) * 3 * 4 == len(list(g))
        for day, chip, country, status in g:
            assert status == cc.status_at(day, chip, country)

    def test_grid_is_read_only(self):
        """A grid's dates (sorted, without repeats), chips and destinations are read-only."""
        g = cc.grid(["2025-06-01", "2024-06-01", "2025-06-01"], ["H20"], ["CN", "DE"])
        assert g.dates == (dt.date(2024, 6, 1), dt.date(2025, 6, 1))
        assert [c.name for c in g.chips] == ["H20"] and [c.code for c in g.countries] == ["CN", "DE"]
        for name in ("dates", "chips", "countries"):
            with pytest.raises(AttributeError):
                setattr(g, name, ())
        with pytest.raises(AttributeError):
            g.extra = 1  # type: ignore[attr-defined]

    def test_grid_records(self):
        """records() gives one plain, JSON-safe row per cell with the documented columns."""
        rows = cc.grid(["2025-06-01"], ["H20"], ["CN", "DE"]).records()
        assert [tuple(r) for r in rows] == [GRID_FIELDS, GRID_FIELDS]
        assert ("date", "chip", "country", *STATUS_COLUMNS) == GRID_FIELDS
        assert [(r["date"], r["country"], r["license_required"], r["requirement"]) for r in rows] == [
            ("2025-06-01", "CN", True, "required"),
            ("2025-06-01", "DE", False, "not-required"),
        ]
        assert (
            rows[0]["citations"] == ["NVIDIA Form 8-K, 2025-04-15"] and rows[0]["record"] == cc.bundled().info.version
        )
        assert json.loads(json.dumps(rows)) == rows

    def test_grid_records_of_an_undetermined_answer(self):
        """An undetermined requirement is ``None`` in license_required (never False) and named in requirement."""
        (row,) = cc.grid(["2025-06-01"], ["MI308X"], ["SA"]).records()
        assert (row["license_required"], row["requirement"], row["level"]) == (None, "undetermined", "undetermined")
        assert "missing-specification" in row["caveats"] and row["caveats"] == sorted(row["caveats"])

    def test_grid_after_the_review_day_carries_the_record_age_note(self):
        """Cells after the review day carry the record-age note; those before do not; strict refuses them."""
        after_review = REVIEWED + dt.timedelta(days=1)
        g = cc.grid(["2025-06-01", after_review], ["H20"], ["CN"])
        before, after = (s for *_, s in g)
        assert before.notes == () and [n.kind for n in after.notes] == [m.CaveatKind.RECORD_AGE]
        assert [r["caveats"].count("record-age") for r in g.records()] == [0, 1]
        with pytest.raises(OutsideCoverageError):
            cc.grid([after_review], ["H20"], ["CN"], strict=True)

    def test_grid_refuses_days_before_the_record(self):
        """A grid day before the record's first day is refused."""
        with pytest.raises(OutsideCoverageError):
            cc.grid(["2018-01-01"], ["H20"], ["CN"])

    def test_to_dataframe(self):
        """to_dataframe() builds a DataFrame with the documented columns and typed dates, levels and requirement."""
        df = cc.grid(["2025-06-01"], ["H20", "MI308X"], ["CN", "SA"]).to_dataframe()
        assert list(df.columns) == list(GRID_FIELDS) and len(df) == 4
        assert pd.api.types.is_datetime64_any_dtype(df["date"]) and df.loc[0, "date"] == pd.Timestamp("2025-06-01")
        assert df["level"].cat.ordered and list(df["level"].cat.categories) == [lv.value for lv in m.Level]
        assert str(df["license_required"].dtype) == "boolean"
        assert df["license_required"].tolist() == [True, False, True, pd.NA]
        assert df["level"].max() == "undetermined"

    def test_grid_status_resolves_names_like_status_at(self):
        """Grid.status takes the names status_at takes, and refuses what is not in the grid."""
        g = cc.grid(["2025-06-01"], ["H20", "H100"], ["CN", "DE"])
        assert g.status("2025-06-01", "h20", "China") == cc.status_at("2025-06-01", "H20", "CN")
        with pytest.raises(InvalidArgumentError, match="one of the grid's chips: H20, H100 SXM"):
            g.status("2025-06-01", "A100", "CN")
        with pytest.raises(InvalidArgumentError, match="one of the grid's destinations: CN, DE"):
            g.status("2025-06-01", "H20", "IN")
        with pytest.raises(InvalidArgumentError, match="one of the grid's dates"):
            g.status("2025-06-02", "H20", "CN")
        with pytest.raises(UnknownChipError):
            g.status("2025-06-01", "H2O0", "CN")

    def test_grid_html(self):
        """A grid renders as an HTML table of its first 200 cells, saying so."""
        small = cc.grid(["2025-06-01"], ["H20"], ["CN", "DE"])
        html = small._repr_html_()
        assert html.startswith("<table class='chipcontrols-grid'>") and html.count("<tr>") == len(small) + 1
        big = cc.grid(cc.months("2019-01-01", "2026-11-01"), ["H20", "H100"], ["CN", "DE"])
        assert len(big) > 200 and big._repr_html_().count("<tr>") == 201 and "(first 200 cells)" in big._repr_html_()


@pytest.mark.parametrize(
    ("make", "feature"),
    [
        (lambda: cc.grid(["2025-06-01"], ["H20"], ["CN"]), "Grid.to_dataframe()"),
        (lambda: cc.history("H20", "CN"), "History.to_dataframe()"),
        (lambda: cc.events(), "Events.to_dataframe()"),
        (lambda: cc.revisions("2025-06-01", "H100", "IN"), "Revisions.to_dataframe()"),
    ],
)
def test_to_dataframe_without_pandas(monkeypatch, make, feature):
    """Without pandas, to_dataframe() raises the library's error naming the extra to install."""
    table = make()
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(MissingDependencyError, match=r"chipcontrols\[pandas\]") as info:
        table.to_dataframe()
    assert info.value.feature == feature and isinstance(info.value, ImportError)


class TestHistoryTable:
    """history() returns a read-only sequence with records, a DataFrame and an HTML table."""

    def test_sequence(self):
        """A history is an immutable sequence of entries, equal to the same history asked again."""
        h = cc.history("A100", "CN", start="2022-01-01", end="2023-01-01", by=["level"])
        assert isinstance(h, cc.History) and len(h) == 3
        assert list(h) == [h[0], h[1], h[2]] and h[1:] == (h[1], h[2]) and h[-1] is h[2]
        assert h.entries == tuple(h)
        assert (h.chip.name, h.country.code) == ("A100 SXM 80GB", "CN")
        assert h == cc.history("A100", "CN", start="2022-01-01", end="2023-01-01", by=["level"])
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            h.rows = ()  # type: ignore[misc]

    def test_records_follow_entries(self):
        """Each record is its entry's period, answer and causes, JSON-safe."""
        h = cc.history("H20", "CN", start="2025-01-01", end="2026-01-01")
        rows = h.records()
        assert [tuple(r) for r in rows] == [HISTORY_FIELDS] * len(h)
        for row, e in zip(rows, h, strict=True):
            assert (row["start"], row["end"]) == (e.period.start.isoformat(), e.period.end.isoformat())
            assert row["level"] == e.status.level.value and row["license_required"] == e.status.license_required
            assert row["requirement"] == e.status.requirement.value
            assert row["caused_by"] == list(e.caused_by)
            assert row["caveats"] == sorted({c.kind.value for c in e.status.caveats})
        assert rows[0]["start"] == "2025-01-01" and rows[-1]["end"] == "2026-01-01"
        assert json.loads(json.dumps(rows)) == rows

    def test_open_last_period(self):
        """Without an end the last period is open: ``end`` is None in the record and NaT in the DataFrame."""
        h = cc.history("H20", "CN", start="2025-01-01")
        assert h[-1].period.end is None and str(h[-1].period).endswith(", …)")
        assert h.records()[-1]["end"] is None
        df = h.to_dataframe()
        assert pd.isna(df["end"].iloc[-1]) and pd.api.types.is_datetime64_any_dtype(df["end"])

    def test_dataframe(self):
        """The DataFrame has the documented columns, one row per entry, with the entries' levels."""
        h = cc.history("H100", "AE")
        df = h.to_dataframe()
        assert list(df.columns) == list(HISTORY_FIELDS) and len(df) == len(h)
        assert list(df["level"]) == [e.status.level.value for e in h]
        assert "undetermined" in list(df["level"])  # the UAE from 2026-07-10
        assert df["license_required"].isna().tolist() == [e.status.level is m.Level.UNDETERMINED for e in h]

    def test_html(self):
        """The HTML table has a row per entry, a caption naming the pair, each period and its causes."""
        h = cc.history("H20", "CN", start="2025-01-01", end="2026-01-01", by=["level"])
        html = h._repr_html_()
        assert html.startswith("<table class='chipcontrols-history'>") and html.count("<tr>") == len(h) + 1
        assert "<caption>H20 to China (CN)</caption>" in html and "<script" not in html
        assert all(str(e.period) in html for e in h)
        assert "2025-04-nvidia-h20-letter" in html


class TestEventsTable:
    """events() returns the record's instruments in order of publication, as a table too."""

    def test_order_and_window(self):
        """Instruments are in the order they became public, within ``[start, end)``."""
        ev = cc.events(start="2025-01-01", end="2026-01-01")
        assert isinstance(ev, m.Events) and len(ev) > 5 and ev.instruments == tuple(ev)
        days = [i.known_from for i in ev]
        assert days == sorted(days) and all(dt.date(2025, 1, 1) <= d < dt.date(2026, 1, 1) for d in days)
        assert ev[0] is next(iter(ev)) and len(ev[:3]) == 3
        assert ev == cc.bundled().events(start="2025-01-01", end="2026-01-01")

    def test_every_instrument_by_default(self):
        """Without a window every instrument is listed; the standing ones (no public day) first."""
        ev = cc.events()
        assert tuple(ev) == cc.bundled().instruments
        rows = ev.records()
        standing = [r["id"] for r in rows if r["known_from"] is None]
        assert standing and [r["id"] for r in rows[: len(standing)]] == standing
        assert all(i.standing for i in ev if i.id in standing)

    def test_records_dataframe_and_html(self):
        """Events records are JSON-safe, keyed as documented; the DataFrame and HTML follow them."""
        ev = cc.events(start="2025-04-01", end="2025-06-01")
        rows = ev.records()
        assert [tuple(r) for r in rows] == [EVENT_FIELDS] * len(ev)
        assert [r["id"] for r in rows] == [i.id for i in ev]
        assert rows[0]["id"] == "2025-04-nvidia-h20-letter" and rows[0]["known_from"] == "2025-04-15"
        assert (rows[0]["kind"], rows[0]["effective"]) == ("letter", "2025-04-09")
        assert "2025-05-diffusion-non-enforcement" in {r["id"] for r in rows}
        assert json.loads(json.dumps(rows)) == rows
        df = ev.to_dataframe()
        assert list(df.columns) == list(EVENT_FIELDS) and len(df) == len(ev)
        assert df.loc[0, "known_from"] == pd.Timestamp("2025-04-15")
        html = ev._repr_html_()
        assert html.count("<tr>") == len(ev) + 1 and all(i.id in html for i in ev)

    def test_window_must_be_in_order(self):
        """An end before the start is refused."""
        with pytest.raises(InvalidArgumentError, match="a day after start"):
            cc.events(start="2025-06-01", end="2025-01-01")


class TestRevisionsTable:
    """revisions() returns the knowledge periods of one day's answer, as a table too."""

    def test_sequence(self):
        """Knowledge periods follow each other from the record's first day, the last open."""
        r = cc.revisions("2025-06-01", "H100", "IN")
        assert isinstance(r, m.Revisions) and len(r) >= 3
        assert (r.chip.name, r.country.code, r.date) == ("H100 SXM", "IN", dt.date(2025, 6, 1))
        assert r[0].known_from == cc.bundled().info.start and r[-1].known_until is None
        for a, b in itertools.pairwise(r):
            assert a.known_until == b.known_from
        assert [x.status.tier for x in r][-2:] == ["Tier 2", None]

    def test_records_dataframe_and_html(self):
        """Revisions records are JSON-safe, keyed as documented; the DataFrame and HTML follow them."""
        r = cc.revisions("2025-06-01", "H100", "IN")
        rows = r.records()
        assert [tuple(x) for x in rows] == [REVISION_FIELDS] * len(r)
        assert [x["known_from"] for x in rows] == [x.known_from.isoformat() for x in r]
        assert rows[-1]["known_until"] is None and rows[-1]["revised_by"] == ["2025-05-diffusion-non-enforcement"]
        assert all(x["date"] == "2025-06-01" for x in rows)
        assert json.loads(json.dumps(rows)) == rows
        df = r.to_dataframe()
        assert list(df.columns) == list(REVISION_FIELDS) and len(df) == len(r)
        assert pd.isna(df["known_until"].iloc[-1])
        html = r._repr_html_()
        assert html.count("<tr>") == len(r) + 1
        assert "<caption>H100 SXM to India (IN) on 2025-06-01, as knowledge grew</caption>" in html


def test_status_html():
    """A status renders as an HTML table for notebooks, with its citations escaped."""
    html = cc.status_at("2025-06-01", "H20", "CN")._repr_html_()
    assert html.startswith("<table") and "NVIDIA Form 8-K, 2025-04-15" in html and "<script" not in html


def test_explain_mentions_undetermined_classification():
    """explain() says when the classification cannot be settled."""
    text = cc.status_at("2024-06-01", "MI308X", "SA").explain()
    assert "undetermined (missing" in text


class TestGcPause:
    """Bulk grids pause the cyclic collector and always restore it."""

    def test_restored_after_a_grid_and_on_error(self):
        """The collector is on again after a grid, after an error inside a pause, and after a failed grid."""
        assert gc.isenabled()
        cc.grid(["2025-06-01"], ["H20"], ["CN"])
        assert gc.isenabled()
        seen: list[bool] = []

        def fail() -> None:
            with gc_paused():
                seen.append(gc.isenabled())
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            fail()
        assert seen == [False] and gc.isenabled()
        with pytest.raises(UnknownChipError):
            cc.grid(["2025-06-01"], ["H2O"], ["CN"])
        assert gc.isenabled()

    def test_nested_pauses_and_a_collector_already_off(self):
        """Nested pauses hold until the outer one ends; a collector the caller turned off stays off."""
        with gc_paused():
            with gc_paused():
                assert not gc.isenabled()
            assert not gc.isenabled()  # the outer pause still holds
        assert gc.isenabled()
        gc.disable()
        try:
            with gc_paused():
                pass
            assert not gc.isenabled()  # left as the caller had it
        finally:
            gc.enable()

    def test_concurrent_grids_leave_the_collector_on(self):
        """Grids in eight threads at once leave the collector on and raise nothing."""
        book = cc.bundled().with_instruments()
        errors: list[BaseException] = []

        def work(k: int) -> None:
            try:
                book.grid(cc.months("2024-01-01", "2025-12-01"), ["H100", "H20"], ["CN", "DE", "IN"][k % 3 :])
            except BaseException as exc:  # reported by the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors and gc.isenabled()

    def test_grid_statuses_are_built_before_iteration(self):
        """A grid builds the status of every period holding one of its dates when it is made; cells share them."""
        g = cc.bundled().with_instruments().grid(cc.months("2022-01-01", "2023-12-01"), ["A100"], ["CN"])
        built = {id(s) for s in g._pairs[0].statuses.built if s is not None}  # before iterating
        cells = {id(cell) for *_, cell in g}
        assert len(built) >= 3 and built == cells


def test_status_is_frozen_and_built_from_its_fields():
    """A Status built from another's fields (by their aliases) equals it and shares them; it cannot be changed."""
    s = cc.status_at("2025-06-01", "H20", "CN")
    values = {f.alias: getattr(s, f.name) for f in attrs.fields(cc.Status)}
    made = cc.Status(**values)
    assert made == s and hash(made) == hash(s)
    assert all(getattr(made, f.name) is getattr(s, f.name) for f in attrs.fields(cc.Status))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.level = cc.Level.NO_LICENSE_REQUIRED  # type: ignore[misc]


def test_grid_reuses_statuses_already_built_by_single_queries():
    """A grid over a pair some of whose periods were already asked about shares those statuses."""
    book = cc.bundled().with_instruments()
    first = book.status_at("2023-06-01", "H100", "CN")
    cells = {day: s for day, _, _, s in book.grid(cc.months("2022-01-01", "2024-12-01"), ["H100"], ["CN"])}
    assert cells[dt.date(2023, 6, 1)] is first
    assert all(s == book.status_at(day, "H100", "CN") for day, s in cells.items())
    again = {day: s for day, _, _, s in book.grid(cc.months("2022-01-01", "2024-12-01"), ["H100"], ["CN"])}
    assert all(again[day] is s for day, s in cells.items())
