"""Bulk grids, records for DataFrames, and notebook display."""

from __future__ import annotations

import datetime as dt
import sys

import attrs
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
    """to_dataframe() builds a DataFrame with the documented columns."""
    df = cc.grid(["2025-06-01"], ["H20"], ["CN"]).to_dataframe()
    assert list(df.columns) == list(cc.RECORD_FIELDS) and len(df) == 1
    assert bool(df.loc[0, "license_required"]) is True


@pytest.mark.parametrize(
    ("make", "feature"),
    [
        (lambda: cc.grid(["2025-06-01"], ["H20"], ["CN"]), "Grid.to_dataframe()"),
        (lambda: cc.history("H20", "CN"), "History.to_dataframe()"),
        (lambda: cc.bundled().timeline(), "Events.to_dataframe()"),
    ],
)
def test_to_dataframe_without_pandas(monkeypatch, make, feature):
    """Without pandas, to_dataframe() raises the library's error naming the extra to install."""
    table = make()
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(cc.errors.MissingDependencyError, match=r"chipcontrols\[pandas\]") as info:
        table.to_dataframe()
    assert info.value.feature == feature and isinstance(info.value, ImportError)


def test_grid_status_resolves_names_like_status_at():
    """Grid.status takes the names status_at takes, and refuses what is not in the grid."""
    g = cc.grid(["2025-06-01"], ["H20", "H100"], ["CN", "DE"])
    assert g.status("2025-06-01", "h20", "China") == cc.status_at("2025-06-01", "H20", "CN")
    with pytest.raises(cc.errors.InvalidArgumentError, match="one of the grid's chips: H20, H100 SXM"):
        g.status("2025-06-01", "A100", "CN")
    with pytest.raises(cc.errors.InvalidArgumentError, match="one of the grid's destinations: CN, DE"):
        g.status("2025-06-01", "H20", "IN")
    with pytest.raises(cc.errors.InvalidArgumentError, match="one of the grid's dates"):
        g.status("2025-06-02", "H20", "CN")
    with pytest.raises(cc.errors.UnknownChipError):
        g.status("2025-06-01", "H2O0", "CN")


class TestHistoryTable:
    """history() returns a read-only sequence with records, a DataFrame and an HTML table."""

    def test_sequence(self):
        h = cc.history("A100", "CN", start="2022-01-01", end="2023-01-01", by=["level"])
        assert isinstance(h, cc.History) and len(h) == 3
        assert list(h) == [h[0], h[1], h[2]] and h[1:] == (h[1], h[2]) and h[-1] is h[2]
        assert (h.chip.name, h.country.code) == ("A100 SXM", "CN")
        assert h == cc.history("A100", "CN", start="2022-01-01", end="2023-01-01", by=["level"])
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            h.entries = ()  # type: ignore[misc]

    def test_records_follow_entries(self):
        h = cc.history("H20", "CN", start="2025-01-01", end="2026-01-01")
        rows = h.records()
        assert [tuple(r) for r in rows] == [cc.HISTORY_FIELDS] * len(h)
        for row, e in zip(rows, h, strict=True):
            assert (row["start"], row["end"]) == (e.period.start, e.period.end)
            assert row["level"] == e.status.level.value and row["license_required"] == e.status.license_required
            assert row["caused_by"] == ",".join(e.caused_by)
        assert rows[0]["start"].isoformat() == "2025-01-01" and rows[-1]["end"].isoformat() == "2026-01-01"

    def test_dataframe(self):
        h = cc.history("H100", "AE")
        df = h.to_dataframe()
        assert list(df.columns) == list(cc.HISTORY_FIELDS) and len(df) == len(h)
        assert list(df["level"]) == [e.status.level.value for e in h]

    def test_html(self):
        h = cc.history("H20", "CN", start="2025-01-01", end="2026-01-01", by=["level"])
        html = h._repr_html_()
        assert html.startswith("<table class='chipcontrols-history'>") and html.count("<tr>") == len(h) + 1
        assert "H20 to China (CN)" in html and "<script" not in html
        # a period is shown by its first and last day
        first = h[0]
        assert f"{first.period.start} – {first.period.end - dt.timedelta(days=1)}" in html


class TestEventsTable:
    """timeline() returns the record's instruments in order of publication, as a table too."""

    def test_order_and_window(self):
        ev = cc.bundled().timeline(start="2025-01-01", end="2026-01-01")
        assert isinstance(ev, cc.Events) and len(ev) > 5
        days = [i.known for i in ev]
        assert days == sorted(days) and all(dt.date(2025, 1, 1) <= d < dt.date(2026, 1, 1) for d in days)
        assert ev[0] is next(iter(ev)) and len(ev[:3]) == 3

    def test_records_dataframe_and_html(self):
        ev = cc.bundled().timeline(start="2025-04-01", end="2025-06-01")
        rows = ev.records()
        assert [tuple(r) for r in rows] == [cc.EVENT_FIELDS] * len(ev)
        assert [r["id"] for r in rows] == [i.id for i in ev]
        assert rows[0]["id"] == "2025-04-nvidia-h20-letter" and rows[0]["public"] == dt.date(2025, 4, 15)
        assert "2025-05-diffusion-non-enforcement" in {r["id"] for r in rows}
        df = ev.to_dataframe()
        assert list(df.columns) == list(cc.EVENT_FIELDS) and len(df) == len(ev)
        html = ev._repr_html_()
        assert html.count("<tr>") == len(ev) + 1 and all(i.citation.short.split("&")[0] in html for i in ev)


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
        import gc

        from chipcontrols._bulk import gc_paused

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
        with pytest.raises(cc.errors.UnknownChipError):
            cc.grid(["2025-06-01"], ["H2O"], ["CN"])
        assert gc.isenabled()

    def test_nested_pauses_and_a_collector_already_off(self):
        import gc

        from chipcontrols._bulk import gc_paused

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
        import gc
        import threading

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
        g = cc.bundled().with_instruments().grid(cc.months("2022-01-01", "2023-12-01"), ["A100"], ["CN"])
        (_, statuses, *_) = g._pairs[0]
        built = {id(s) for s in statuses.built if s is not None}  # before iterating
        cells = {id(cell) for *_, cell in g}
        assert len(built) >= 3 and built == cells


def test_the_engine_builds_statuses_as_the_constructor_does():
    """The engine's quick constructor sets every field of Status, as Status(...) would."""
    from chipcontrols._answer import new_status

    s = cc.status_at("2025-06-01", "H20", "CN")
    values = {f.alias: getattr(s, f.name) for f in attrs.fields(cc.Status)}
    made = new_status(**values)
    assert made == cc.Status(**values) == s
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
