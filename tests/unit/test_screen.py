"""Screening: ``chipcontrols.screen`` answers every row of a table of shipments as ``status_at`` answers
that row alone, in the table's own kind (pandas, polars, pyarrow, plain rows), and refuses what
``status_at`` refuses (naming the row), or puts it in the ``error`` column with ``errors="coerce"``."""

from __future__ import annotations

import datetime as dt
import math
import os
import pickle
import random
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import chipcontrols as cc
from builders import ALPHA, MORE_CHIPS, TPP_4800, VAGUE, book, instrument, provision
from chipcontrols import _dates, errors
from chipcontrols import model as m
from chipcontrols._screen import SCREEN_COLUMNS

BOOK = cc.bundled()
COLUMNS = list(SCREEN_COLUMNS)
REVIEWED = BOOK.info.reviewed
VERSION = BOOK.info.version
#: A licence for every item to China from 2021-01-01 where the chip's TPP is at least 4800; the
#: record speaks from 2020-01-01 and was reviewed on 2025-12-31.
TPP_RULE = book(
    instrument("r", provisions=[provision(items=m.ItemScope(all_items=True, bounds=[TPP_4800]))]), chips=MORE_CHIPS
)

# Catalogue chips as a user would write them (names, aliases, families, other cases), chosen for variety:
# controlled data-centre chips, chips made for China, chips the record cannot classify, consumer chips.
CHIPS = (
    "A100 SXM 80GB",
    "a100 80gb pcie",
    "H100",
    "H800 SXM",
    "H20",
    "H200",
    "B30A",
    "MI308X",
    "L20",
    "RTX 4090",
    "Ascend 910B",
    "Gaudi 3 HL-328",
    "Trainium 1",
    "GB200",
)
# Embargoed and sanctioned places, merged and separate destinations, tiers of the diffusion framework.
COUNTRIES = ("CN", "Hong Kong", "MO", "IN", "AE", "SA", "RU", "IR", "KP", "VN", "US", "DE", "MY", "Singapore", "CUB")
HQS = (None, None, None, "CN", "MO", "US")
KNOWN = (None, None, None, "2022-10-01", "2025-02-01", "2025-06-01")
# Days on which something happened (and the day before), so that rows fall on both sides of changes.
EDGES = (
    "2020-12-22",
    "2020-12-23",
    "2022-08-31",
    "2022-10-07",
    "2022-10-21",
    "2023-10-17",
    "2023-11-17",
    "2025-01-13",
    "2025-04-15",
    "2025-05-13",
    "2025-05-15",
    REVIEWED.isoformat(),
    (REVIEWED + dt.timedelta(days=1)).isoformat(),
)


def sample_rows(count: int = 300, seed: int = 20261206) -> list[dict[str, Any]]:
    """``count`` shipments: catalogue chips, countries and days across 2019 to 2026 (some after the review day)."""
    rng = random.Random(seed)
    first, last = dt.date(2019, 1, 1), dt.date(2026, 12, 31)
    rows = []
    for i in range(count):
        if i % 5 == 0:
            day = rng.choice(EDGES)
        else:
            day = (first + dt.timedelta(days=rng.randrange((last - first).days + 1))).isoformat()
        rows.append(
            {
                "date": day,
                "chip": rng.choice(CHIPS),
                "country": rng.choice(COUNTRIES),
                "hq": rng.choice(HQS),
                "known_on": rng.choice(KNOWN),
            }
        )
    return rows


ROWS = sample_rows()


def expected(
    row: dict[str, Any], *, rb: cc.Rulebook = BOOK, basis: str = "enforced", strict: bool = False
) -> dict[str, Any]:
    """The answer columns for one row, from ``status_at`` (the reference path) asked that row alone."""
    s = rb.status_at(
        row["date"],
        row["chip"],
        row["country"],
        known_on=row.get("known_on"),
        headquartered_in=row.get("hq"),
        basis=basis,
        strict=strict,
    )
    undetermined = s.requirement is m.Requirement.UNDETERMINED
    return {
        "license_required": None if undetermined else s.license_required,
        "requirement": s.requirement.value,
        "level": s.level.value,
        "review_policy": s.review_policy.value if s.review_policy else None,
        "exceptions": [x.value for x in s.exceptions],
        "tier": s.tier,
        "classification": s.classification,
        "governing": s.governing,
        "determinate": s.determinate,
        "caveats": sorted({c.kind.value for c in s.caveats}),
        "citations": list(s.citations),
        "licenses": [lic.id for lic in s.licenses],
        "record": s.record.version,
        "error": None,
    }


EXPECTED = [expected(r) for r in ROWS]


def plain(value: object) -> object:
    """A cell as plain Python: arrays as lists, every kind of null as ``None``."""
    if isinstance(value, np.ndarray | list | tuple):
        return [plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def answers(out: Any) -> list[dict[str, Any]]:
    """The answer columns of a screened table (any kind), row by row, as plain Python."""
    if isinstance(out, pd.DataFrame):
        records = out[COLUMNS].astype(object).to_dict("records")
    elif isinstance(out, pl.DataFrame):
        records = out.select(COLUMNS).to_dicts()
    elif isinstance(out, pa.Table):
        records = out.select(COLUMNS).to_pylist()
    else:
        records = [{k: r[k] for k in COLUMNS} for r in out]
    return [{k: plain(v) for k, v in r.items()} for r in records]


def to_pandas(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(rows[0]))


def to_polars(rows: Sequence[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.Utf8))


def to_arrow(rows: Sequence[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=pa.schema([(k, pa.string()) for k in rows[0]]))


BACKENDS: dict[str, Callable[[Sequence[dict[str, Any]]], Any]] = {
    "rows": list,
    "pandas": to_pandas,
    "polars": to_polars,
    "pyarrow": to_arrow,
}
NATIVE = {"rows": list, "pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.Table}


def h20_to_china(kind: str, days: Any, type_: Any = None) -> Any:
    """A table of one column of ``days`` (in ``kind``'s own types), each an H20 to China."""
    if kind == "pyarrow":
        return pa.table({"date": pa.array(days, type_), "chip": ["H20"] * len(days), "country": ["CN"] * len(days)})
    make = pl.DataFrame if kind == "polars" else pd.DataFrame
    return make({"date": days, "chip": ["H20"] * len(days), "country": ["CN"] * len(days)})


def one(**row: Any) -> dict[str, Any]:
    """The answer columns of one screened row (given as a plain row)."""
    return answers(cc.screen([row]))[0]


class TestAgreesWithStatusAt:
    @pytest.mark.parametrize("backend", list(BACKENDS))
    def test_every_row_agrees_with_status_at(self, backend):
        """Every answer column of every row equals status_at asked that row alone, in every kind of table."""
        out = cc.screen(BACKENDS[backend](ROWS))
        assert answers(out) == EXPECTED

    @pytest.mark.parametrize("basis", ["legal", "compliance", m.Basis.ENFORCED])
    def test_every_basis_agrees_with_status_at(self, basis):
        """The basis asked for is the basis of every row's answer."""
        rows = ROWS[:120]
        want = [expected(r, basis=m.Basis(basis).value) for r in rows]
        assert want == answers(cc.screen(rows, basis=basis))

    def test_the_sample_covers_the_cases(self):
        """The rows compared above include every requirement, merged destinations, tiers, late days and
        knowledge days that change the answer (else the comparison would prove little)."""
        assert {a["requirement"] for a in EXPECTED} == {"required", "not-required", "undetermined"}
        assert any(a["governing"] != BOOK.country(r["country"]).code for r, a in zip(ROWS, EXPECTED, strict=True))
        assert any(a["tier"] for a in EXPECTED)
        assert any("record-age" in a["caveats"] for a in EXPECTED)
        pairs = list(zip(ROWS, EXPECTED, strict=True))
        assert any(r["hq"] is None and "party-rule" in a["caveats"] for r, a in pairs)
        assert any(r["hq"] is not None and "party-rule" not in a["caveats"] for r, a in pairs)
        assert any(r["known_on"] and a != expected({**r, "known_on": None}) for r, a in pairs)
        assert len({a["level"] for a in EXPECTED}) >= 5

    def test_a_hand_built_record(self):
        """Rulebook.screen answers from its own record: the day before a rule, its first day, the day after."""
        rows = [
            {"date": d, "chip": c, "country": k}
            for d in ("2020-12-31", "2021-01-01", "2021-01-02")
            for c in ("Alpha", "Vague")
            for k in ("CN", "DE")
        ]
        got = answers(TPP_RULE.screen(rows))
        assert [expected(r, rb=TPP_RULE) for r in rows] == got
        by_row = {(r["date"], r["chip"], r["country"]): a["requirement"] for r, a in zip(rows, got, strict=True)}
        assert by_row[("2020-12-31", "Alpha", "CN")] == "not-required"  # before the rule
        assert by_row[("2021-01-01", "Alpha", "CN")] == "required"  # TPP 5000 >= 4800
        assert by_row[("2021-01-01", "Vague", "CN")] == "undetermined"  # no TPP in the record
        assert by_row[("2021-01-02", "Alpha", "DE")] == "not-required"  # the rule reaches China only
        assert {a["record"] for a in got} == {"test"}


class TestHistoricalFacts:
    """Answers fixed by public sources (the record cites them), screened together in one table."""

    FACTS = (
        # no advanced-computing control reached China before NVIDIA's 2022-08-31 Form 8-K (the is-informed letter)
        (("2022-06-01", "A100 SXM 80GB", "CN"), False),
        # 87 FR 62186 (2022-10-07 rule): 3A090 items to China need a licence
        (("2023-06-01", "A100 SXM 80GB", "CN"), True),
        # NVIDIA Form 8-K, 2025-04-15: the H20 needs a licence for China
        (("2024-06-01", "H20", "CN"), False),
        (("2025-06-01", "H20", "CN"), True),
        # BIS, 2025-05-13: the AI Diffusion framework is not enforced (DESIGN.md, section 1)
        (("2025-06-01", "H100", "IN"), False),
        # 15 CFR 746.7: a licence for Iran, and 746.4 for North Korea, from the record's first day
        (("2019-01-01", "RTX 4090", "IR"), True),
        (("2019-06-01", "A100 SXM 80GB", "KP"), True),
    )

    def test_licence_required_as_the_sources_say(self):
        """Each fact's licence requirement, from one screen of all of them."""
        rows = [{"date": d, "chip": c, "country": k} for (d, c, k), _ in self.FACTS]
        got = [a["license_required"] for a in answers(cc.screen(pd.DataFrame(rows)))]
        assert [want for _, want in self.FACTS] == got

    def test_hong_kong_is_governed_as_china_from_2020_12_23(self):
        """85 FR 83765: Hong Kong is treated as China from 2020-12-23; Macau stays separate."""
        rows = [
            {"date": "2020-12-22", "chip": "A100 SXM 80GB", "country": "HK"},
            {"date": "2020-12-23", "chip": "A100 SXM 80GB", "country": "HK"},
            {"date": "2024-01-01", "chip": "A100 SXM 80GB", "country": "MO"},
        ]
        assert [a["governing"] for a in answers(cc.screen(rows))] == ["HK", "CN", "MO"]

    def test_a_knowledge_day_before_the_rescission(self):
        """DESIGN.md, section 1: as known on 2025-02-01, the H100 to India on 2025-06-01 falls in Tier 2."""
        table = pl.DataFrame(
            {"date": ["2025-06-01"] * 2, "chip": "H100", "country": "IN", "known_on": ["2025-02-01", None]}
        )
        got = answers(cc.screen(table))
        assert [(a["tier"], a["level"]) for a in got] == [
            ("Tier 2", "license-exception"),
            (None, "no-license-required"),
        ]


class TestUndetermined:
    def test_never_reads_as_no_licence(self):
        """An undetermined row has a null license_required in every kind of table, never False."""
        rows = [{"date": "2024-06-01", "chip": "MI308X", "country": "CN"}]
        with pytest.raises(errors.UndeterminedAnswerError):
            BOOK.status_at("2024-06-01", "MI308X", "CN").license_required  # noqa: B018 - reading it is the test
        for backend, make in BACKENDS.items():
            got = answers(cc.screen(make(rows)))[0]
            assert (
                got["license_required"],
                got["requirement"],
                got["level"],
                got["determinate"],
            ) == (None, "undetermined", "undetermined", False), backend

    def test_null_exactly_when_undetermined(self):
        """license_required is null on exactly the rows whose requirement is undetermined."""
        got = answers(cc.screen(ROWS))
        assert [a["requirement"] == "undetermined" for a in got] == [a["license_required"] is None for a in got]

    def test_a_pandas_filter_on_no_licence_drops_them(self):
        """Keeping the rows where license_required == False keeps no undetermined row."""
        out = cc.screen(pd.DataFrame(ROWS))
        shipped = out[out["license_required"] == False]  # noqa: E712 - the comparison a user writes
        assert len(shipped) > 0
        assert set(shipped["requirement"]) == {"not-required"}
        assert (out["requirement"] == "undetermined").sum() == out["license_required"].isna().sum() > 0

    def test_a_missing_specification(self):
        """A chip without the figure a rule tests gets an undetermined answer, not a 'no'."""
        got = answers(TPP_RULE.screen([{"date": "2022-01-01", "chip": VAGUE.name, "country": "CN"}]))[0]
        assert (got["license_required"], got["requirement"], got["caveats"]) == (
            None,
            "undetermined",
            ["missing-specification"],
        )


class TestReviewDay:
    def test_later_days_carry_the_record_age_note(self):
        """A day after the review day is answered with a record-age caveat; the review day itself is not."""
        later = (REVIEWED + dt.timedelta(days=1)).isoformat()
        rows = [
            {"date": REVIEWED.isoformat(), "chip": "H20", "country": "CN"},
            {"date": later, "chip": "H20", "country": "CN"},
            {"date": "2030-01-01", "chip": "H20", "country": "CN"},
        ]
        got = answers(cc.screen(pd.DataFrame(rows)))
        assert [expected(r) for r in rows] == got
        assert ["record-age" in a["caveats"] for a in got] == [False, True, True]

    def test_strict_refuses_later_days(self):
        """strict=True refuses a day after the review day, naming the day and the row."""
        later = REVIEWED + dt.timedelta(days=3)
        rows = [
            {"date": REVIEWED.isoformat(), "chip": "H20", "country": "CN"},
            {"date": later.isoformat(), "chip": "H20", "country": "CN"},
        ]
        with pytest.raises(errors.OutsideCoverageError) as info:
            cc.screen(rows, strict=True)
        assert (info.value.date, info.value.reviewed, info.value.strict) == (later, REVIEWED, True)
        assert "(in row 1 of the table;" in str(info.value)
        got = answers(cc.screen(rows, strict=True, errors="coerce"))
        assert got[0] == expected(rows[0], strict=True)
        assert got[1]["level"] is None
        assert got[1]["error"].startswith(f"{later.isoformat()} is outside the record's coverage: ")

    def test_a_knowledge_day_after_the_review_day(self, monkeypatch):
        """A knowledge day after the review day (and not after today) is the review day, with the note."""
        monkeypatch.setattr(_dates, "today", lambda: dt.date(2026, 6, 1))
        rows = [
            {"date": "2021-06-01", "chip": "Alpha", "country": "CN", "known_on": "2026-01-15"},
            {"date": "2021-06-01", "chip": "Alpha", "country": "CN", "known_on": "2025-12-31"},
            {"date": "2026-02-01", "chip": "Alpha", "country": "CN", "known_on": None},
        ]
        got = answers(TPP_RULE.screen(rows))
        assert [expected(r, rb=TPP_RULE) for r in rows] == got
        assert ["record-age" in a["caveats"] for a in got] == [True, False, True]

    def test_a_knowledge_day_after_today_is_refused(self, monkeypatch):
        """A knowledge day later than today is refused, naming it."""
        monkeypatch.setattr(_dates, "today", lambda: dt.date(2025, 6, 1))
        with pytest.raises(
            errors.InvalidArgumentError,
            match=r"^known_on: expected a day no later than today \(2025-06-01\), got datetime.date\(2025, 6, 2\) ",
        ):
            TPP_RULE.screen([{"date": "2021-06-01", "chip": "Alpha", "country": "CN", "known_on": "2025-06-02"}])


class TestDates:
    WANT = expected({"date": "2025-06-01", "chip": "H20", "country": "CN"})

    @pytest.mark.parametrize(
        "value",
        [
            "2025-06-01",
            dt.date(2025, 6, 1),
            dt.datetime(2025, 6, 1),
            pd.Timestamp("2025-06-01"),
            np.datetime64("2025-06-01"),
            np.datetime64("2025-06-01T00:00:00.000000000"),
        ],
        ids=["iso", "date", "datetime", "timestamp", "datetime64-day", "datetime64-ns"],
    )
    def test_a_day_in_a_row(self, value):
        """A row's day as a date, a YYYY-MM-DD string, or a timestamp at midnight."""
        assert one(date=value, chip="H20", country="CN") == self.WANT

    @pytest.mark.parametrize(
        "table",
        [
            h20_to_china("pandas", pd.to_datetime(["2025-06-01"])),
            h20_to_china("pandas", [dt.date(2025, 6, 1)]),
            h20_to_china("pandas", pd.Series([pd.Timestamp("2025-06-01")], dtype=object)),
            h20_to_china("pandas", np.array(["2025-06-01"], dtype="datetime64[D]")),
            h20_to_china("polars", [dt.date(2025, 6, 1)]),
            h20_to_china("polars", [dt.datetime(2025, 6, 1)]),
            h20_to_china("pyarrow", [dt.date(2025, 6, 1)], pa.date32()),
            h20_to_china("pyarrow", [dt.datetime(2025, 6, 1)], pa.timestamp("ns")),
        ],
        ids=[
            "pandas-datetime64",
            "pandas-date",
            "pandas-timestamps",
            "pandas-numpy",
            "polars-date",
            "polars-datetime",
            "arrow-date32",
            "arrow-timestamp",
        ],
    )
    def test_a_column_of_days(self, table):
        """A column of dates or midnight timestamps, in any backend."""
        assert answers(cc.screen(table)) == [self.WANT]

    @pytest.mark.parametrize(
        "known",
        [
            pd.to_datetime(["2025-02-01"]),
            pl.Series([dt.date(2025, 2, 1)]),
            pa.array([dt.date(2025, 2, 1)], pa.date32()),
            [pd.Timestamp("2025-02-01")],
            [np.datetime64("2025-02-01")],
            [dt.date(2025, 2, 1)],
        ],
        ids=["pandas-datetime64", "polars-date", "arrow-date32", "timestamp", "datetime64", "date"],
    )
    def test_a_column_of_knowledge_days(self, known):
        """Knowledge days as dates or midnight timestamps are read (a date-typed column was once ignored)."""
        columns = {"date": ["2025-06-01"], "chip": ["H100"], "country": ["IN"], "known_on": known}
        if isinstance(known, pl.Series):
            table: Any = pl.DataFrame(columns)
        elif isinstance(known, pa.Array):
            table = pa.table(columns)
        else:
            table = pd.DataFrame(columns)
        got = answers(cc.screen(table))[0]
        assert expected({"date": "2025-06-01", "chip": "H100", "country": "IN", "known_on": "2025-02-01"}) == got
        assert got["tier"] == "Tier 2"

    @pytest.mark.parametrize(
        "table",
        [
            h20_to_china("pandas", pd.to_datetime(["2025-06-01 12:00"])),
            h20_to_china("polars", [dt.datetime(2025, 6, 1, 12)]),
            h20_to_china("pyarrow", [dt.datetime(2025, 6, 1, 12)], pa.timestamp("us")),
            [{"date": pd.Timestamp("2025-06-01 12:00"), "chip": "H20", "country": "CN"}],
            [{"date": np.datetime64("2025-06-01T12:00"), "chip": "H20", "country": "CN"}],
            [{"date": dt.datetime(2025, 6, 1, 12), "chip": "H20", "country": "CN"}],
        ],
        ids=["pandas", "polars", "arrow", "timestamp", "datetime64", "datetime"],
    )
    def test_a_time_of_day_is_refused(self, table):
        """A timestamp that is not midnight names an instant, not a day: refused, naming it."""
        with pytest.raises(
            errors.InvalidDateError,
            match=r"got (\S*2025-06-01.12:00\S*|datetime.datetime\(2025, 6, 1, 12, 0\)) .*not midnight.*\(in row 0 ",
        ):
            cc.screen(table)

    @pytest.mark.parametrize(
        "table",
        [
            h20_to_china("pandas", pd.to_datetime(["2025-06-01"]).tz_localize("UTC")),
            h20_to_china("polars", [dt.datetime(2025, 6, 1, tzinfo=dt.UTC)]),
            h20_to_china("pyarrow", [dt.datetime(2025, 6, 1)], pa.timestamp("us", tz="Asia/Shanghai")),
            [{"date": pd.Timestamp("2025-06-01", tz="UTC"), "chip": "H20", "country": "CN"}],
            [{"date": dt.datetime(2025, 6, 1, tzinfo=dt.UTC), "chip": "H20", "country": "CN"}],
        ],
        ids=["pandas", "polars", "arrow", "timestamp", "datetime"],
    )
    def test_a_time_zone_is_refused(self, table):
        """A timestamp with a time zone, even at midnight, names an instant: refused."""
        with pytest.raises(errors.InvalidDateError, match="time zone"):
            cc.screen(table)

    def test_nanoseconds_past_midnight_are_refused(self):
        """A nanosecond past midnight is not midnight, in a column or a row."""
        stamp = pd.Timestamp("2025-06-01") + pd.Timedelta(1, "ns")
        for table in (
            pd.DataFrame({"date": [stamp], "chip": ["H20"], "country": ["CN"]}),
            [{"date": stamp, "chip": "H20", "country": "CN"}],
            [{"date": stamp.to_datetime64(), "chip": "H20", "country": "CN"}],
        ):
            with pytest.raises(errors.InvalidDateError, match="not midnight"):
                cc.screen(table)

    def test_each_refused_timestamp_is_named_in_its_own_row(self):
        """With errors='coerce', each refused timestamp's row names that timestamp."""
        table = pd.DataFrame(
            {
                "date": pd.to_datetime(["2025-06-01 09:00", "2025-06-01 00:00", "2024-03-02 18:30", None]),
                "chip": "H20",
                "country": "CN",
            }
        )
        got = [a["error"] for a in answers(cc.screen(table, errors="coerce"))]
        assert "2025-06-01T09:00" in got[0]
        assert got[1] is None
        assert "2024-03-02T18:30" in got[2]
        assert got[3] == "date: expected a day in column 'date', got None"

    @pytest.mark.parametrize("day", ["2018-12-31", "2005-01-01", dt.date(2018, 6, 1)])
    def test_days_before_the_first_day_are_refused(self, day):
        """The record speaks from 2019-01-01: an earlier day is refused, never answered 'no licence'."""
        with pytest.raises(errors.OutsideCoverageError) as info:
            cc.screen(
                [{"date": "2020-01-01", "chip": "H20", "country": "CN"}, {"date": day, "chip": "H20", "country": "CN"}]
            )
        assert (info.value.date, info.value.first) == (dt.date.fromisoformat(str(day)), dt.date(2019, 1, 1))
        assert "(in row 1 of the table;" in str(info.value)

    def test_each_early_row_names_its_own_day(self):
        """With errors='coerce', every refused early row names its own day (not another row's)."""
        rows = [
            {"date": "2018-05-01", "chip": "H20", "country": "CN"},
            {"date": "2017-01-01", "chip": "H20", "country": "CN"},
            {"date": "2018-05-01", "chip": "H100", "country": "IN"},
        ]
        got = [a["error"] for a in answers(cc.screen(rows, errors="coerce"))]
        assert [e.split(" is outside")[0] for e in got] == ["2018-05-01", "2017-01-01", "2018-05-01"]

    def test_the_first_day_is_answered(self):
        """2019-01-01, the record's first day, is answered."""
        assert one(date="2019-01-01", chip="H20", country="CN")["error"] is None

    @pytest.mark.parametrize("value", ["06/01/2025", "2025-6-1", "2025-02-30", 20250601, 2025.5])
    def test_a_day_in_another_form_is_refused(self, value):
        """Only a date, a YYYY-MM-DD string or a midnight timestamp is a day."""
        with pytest.raises(errors.InvalidDateError, match=r"^date: expected a datetime\.date or a 'YYYY-MM-DD'"):
            cc.screen([{"date": value, "chip": "H20", "country": "CN"}])


class TestBadRows:
    def test_an_unknown_chip_names_the_row_and_close_matches(self):
        """An unknown chip raises UnknownChipError, naming the first bad row and offering close matches."""
        table = pd.DataFrame({"date": "2025-06-01", "chip": ["H20", "H100", "H2O", "H2O"], "country": "CN"})
        with pytest.raises(errors.UnknownChipError) as info:
            cc.screen(table)
        assert info.value.name == "H2O"
        assert "H20" in info.value.close_matches
        assert str(info.value).endswith("(in row 2 of the table; errors='coerce' answers the other rows)")

    def test_an_unknown_country_names_the_row_and_close_matches(self):
        """An unknown country raises UnknownCountryError, naming the row and offering close matches."""
        with pytest.raises(errors.UnknownCountryError) as info:
            cc.screen(pl.DataFrame({"date": ["2025-06-01"] * 2, "chip": "H20", "country": ["CN", "Chnia"]}))
        assert "China" in info.value.close_matches
        assert "(in row 1 of the table;" in str(info.value)

    def test_an_unknown_headquarters(self):
        """An unknown headquarters country is refused like a destination."""
        with pytest.raises(errors.UnknownCountryError, match=r"'Atlantis'.*\(in row 0 of the table"):
            cc.screen([{"date": "2025-06-01", "chip": "H20", "country": "CN", "hq": "Atlantis"}])

    @pytest.mark.parametrize("blank", [None, "", "   ", float("nan"), pd.NA])
    @pytest.mark.parametrize("column", ["chip", "country"])
    def test_a_blank_chip_or_country(self, column, blank):
        """A blank chip or destination is refused, naming the column and the row."""
        rows = [{"date": "2025-06-01", "chip": "H20", "country": "CN"} for _ in range(3)]
        rows[1][column] = blank
        with pytest.raises(errors.InvalidArgumentError) as info:
            cc.screen(pd.DataFrame(rows))
        assert info.value.argument == column
        assert str(info.value) == (
            f"{column}: expected a value in column '{column}', got None "
            "(in row 1 of the table; errors='coerce' answers the other rows)"
        )

    def test_the_first_bad_row_is_raised(self):
        """Of several bad rows, the first in the table is the one raised, whatever its fault."""
        rows = [
            {"date": "2025-06-01", "chip": "H20", "country": "CN"},
            {"date": "2025-06-01", "chip": "H20", "country": "Narnia"},
            {"date": "06/01/2025", "chip": "H20", "country": "CN"},
            {"date": "2025-06-01", "chip": "H2O", "country": "CN"},
        ]
        with pytest.raises(errors.UnknownCountryError, match=r"\(in row 1 of the table"):
            cc.screen(rows)

    def test_a_bad_row_does_not_change_the_table(self):
        """Refusing a table leaves it as it was."""
        table = pd.DataFrame({"date": ["2025-06-01", "2025-06-01"], "chip": ["H20", "H2O"], "country": "CN"})
        before = table.copy()
        with pytest.raises(errors.UnknownChipError):
            cc.screen(table)
        pd.testing.assert_frame_equal(before, table)

    @pytest.mark.parametrize("backend", list(BACKENDS))
    def test_coerce_answers_the_other_rows(self, backend):
        """errors='coerce': each bad row's error in its own words, its answer null; the others as status_at."""
        bad = [
            {"date": "2025-06-01", "chip": "H2O", "country": "CN", "hq": None, "known_on": None},
            {"date": "06/01/2025", "chip": "H20", "country": "CN", "hq": None, "known_on": None},
            {"date": "2025-06-01", "chip": "H20", "country": "XX", "hq": None, "known_on": None},
            {"date": "2018-01-01", "chip": "H20", "country": "CN", "hq": None, "known_on": None},
            {"date": "2025-06-01", "chip": None, "country": "CN", "hq": None, "known_on": None},
            {"date": "2025-06-01", "chip": "H20", "country": "CN", "hq": None, "known_on": "2025-13-01"},
        ]
        rows = ROWS[:40] + bad + ROWS[40:60]
        got = answers(cc.screen(BACKENDS[backend](rows), errors="coerce"))
        assert EXPECTED[:40] + EXPECTED[40:60] == got[:40] + got[46:]
        errors_ = [a["error"] for a in got[40:46]]
        assert [e.split(":")[0] for e in errors_] == [
            "unknown chip 'H2O'",
            "date",
            "unknown country 'XX'",
            "2018-01-01 is outside the record's coverage",
            "chip",
            "known_on",
        ]
        assert "Close matches: 'H20'" in errors_[0]
        for a in got[40:46]:
            assert {k: v for k, v in a.items() if k != "error"} == dict.fromkeys(COLUMNS[:-1])

    def test_an_error_in_every_row(self):
        """A table of bad rows only is answered with errors only."""
        got = answers(cc.screen(pd.DataFrame({"date": ["x", "y"], "chip": "H20", "country": "CN"}), errors="coerce"))
        assert [a["level"] for a in got] == [None, None]
        assert all(a["error"].startswith("date: ") for a in got)

    @pytest.mark.parametrize("unit", ["D", "s", "ns"])
    def test_numpy_not_a_time_is_blank(self, unit):
        """numpy's NaT in a row is a blank day, refused as such (it once failed an internal assertion)."""
        with pytest.raises(errors.InvalidArgumentError, match=r"date: expected a day in column 'date', got None"):
            cc.screen([{"date": np.datetime64("NaT", unit), "chip": "H20", "country": "CN"}])

    @pytest.mark.parametrize(
        "day",
        [
            (dt.date(1969, 12, 31), "1969-12-31"),
            ("1969-12-31", "1969-12-31"),
            (np.datetime64("1969-12-31"), "1969-12-31"),
            (dt.date(1900, 1, 1), "1900-01-01"),
            (dt.date(1, 1, 1), "0001-01-01"),
        ],
        ids=["date-1969", "string-1969", "datetime64-1969", "date-1900", "date-1"],
    )
    @pytest.mark.parametrize("backend", ["rows", "pandas", "polars"])
    def test_a_day_before_1970_is_a_day_not_a_blank(self, day, backend):
        """Days are counted from 1970-01-01, so a day before it is a negative count: it is refused as outside the
        record's coverage, as status_at refuses it, and not taken for a blank cell (it once was, for 1969-12-31)."""
        value, iso = day
        with pytest.raises(errors.OutsideCoverageError) as one:
            cc.status_at(iso, "H20", "CN")
        rows = [{"date": value, "chip": "H20", "country": "CN"}]
        table: Any = rows if backend == "rows" else (pd.DataFrame if backend == "pandas" else pl.DataFrame)(rows)
        with pytest.raises(errors.OutsideCoverageError) as many:
            cc.screen(table)
        assert str(many.value).startswith(f"{iso} is outside the record's coverage")
        assert str(many.value).startswith(str(one.value).split(" (")[0])

    @pytest.mark.parametrize("unit", ["Y", "M", "W"])
    def test_a_datetime64_of_a_coarser_unit_than_a_day_is_refused(self, unit):
        """A numpy year, month or week names a period: refused, never answered for its first day."""
        rows = [
            {"date": np.datetime64("2025-06-02", "D").astype(f"datetime64[{unit}]"), "chip": "H20", "country": "CN"}
        ]
        (got,) = answers(cc.screen(rows, errors="coerce"))
        assert got["level"] is None
        assert (
            got["error"].startswith("date: expected a datetime.date")
            and f"unit '{unit}' names a period" in got["error"]
        )

    @pytest.mark.parametrize("backend", ["rows", "polars", "pyarrow", "pandas"])
    @pytest.mark.parametrize("role", ["date", "known_on"])
    def test_a_day_a_date_cannot_hold_is_refused_in_its_row(self, backend, role):
        """A day before year 1 or after 9999 (polars, Arrow and numpy can hold one) is refused in its own row, with
        errors='coerce' answering the others (it once raised OverflowError for the whole table, or was answered)."""
        far = np.array(["12000-01-01", "-0100-01-01"], dtype="datetime64[ms]")
        good = {"date": "2025-01-01", "chip": "H20", "country": "CN"}
        columns: dict[str, Any] = {"date": ["2025-01-01"] * 3, "chip": ["H20"] * 3, "country": ["CN"] * 3}
        if backend == "rows":
            columns[role] = [*far.astype("datetime64[D]"), np.datetime64("2025-01-01")]
            table: Any = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
        elif backend == "polars":
            columns[role] = pl.concat([pl.Series(far), pl.Series(np.array(["2025-01-01"], dtype="datetime64[ms]"))])
            table = pl.DataFrame(columns)
        elif backend == "pyarrow":
            columns[role] = pa.array(np.concatenate([far, np.array(["2025-01-01"], dtype="datetime64[ms]")]))
            table = pa.table(columns)
        else:
            columns[role] = np.concatenate([far, np.array(["2025-01-01"], dtype="datetime64[ms]")])
            table = pd.DataFrame(columns)
        for strict in (False, True):
            got = answers(cc.screen(table, errors="coerce", strict=strict))
            assert [a["level"] for a in got[:2]] == [None, None]
            assert all("outside the days a date can hold (years 1 to 9999)" in a["error"] for a in got[:2])
            assert all(a["error"].startswith(f"{role}: ") for a in got[:2])
            assert got[2] == expected({**good, role: "2025-01-01"})
        with pytest.raises(errors.InvalidDateError):
            cc.screen(table)

    @pytest.mark.parametrize("role", ["date", "chip", "country", "hq", "known_on"])
    @pytest.mark.parametrize("kind", ["list", "struct"])
    def test_a_nested_arrow_column_is_refused_row_by_row(self, role, kind):
        """A list or struct column (which Arrow cannot take distinct values of) is refused in each row (by type, or as
        no date), not with Arrow's own error."""
        columns: dict[str, Any] = {"date": ["2025-06-01"], "chip": ["H20"], "country": ["CN"]}
        columns[role] = pa.array([["CN"]] if kind == "list" else [{"a": 1}])
        table = pa.table(columns)
        (got,) = answers(cc.screen(table, errors="coerce"))
        assert got["level"] is None and got["error"].startswith(f"{role}: expected ")
        refusal = errors.InvalidDateError if role in ("date", "known_on") else errors.InvalidTypeError
        with pytest.raises(refusal, match=rf"^{role}: expected "):
            cc.screen(table)

    @pytest.mark.parametrize("cell", [None, "", "   ", float("nan")])
    def test_a_blank_headquarters_cell_is_not_given_and_says_so(self, cell):
        """A blank headquarters cell (null, empty, spaces, NaN) is "not given": the answer is status_at's without a
        headquarters, and carries the caveat of the headquarters rule it could not evaluate."""
        (got,) = answers(cc.screen([{"date": "2024-06-01", "chip": "H100", "country": "MY", "hq": cell}]))
        assert got == expected({"date": "2024-06-01", "chip": "H100", "country": "MY"})
        assert "party-rule" in got["caveats"]

    def test_close_matches_only_for_the_first_distinct_unknown_names(self, monkeypatch):
        """Close matches are looked for only for the first SUGGESTED distinct unknown names of a column (each search
        costs about a millisecond); the others are refused alike, without them, and the good rows are answered."""
        from chipcontrols import _screen_input

        monkeypatch.setattr(_screen_input, "SUGGESTED", 2)
        rows = [{"date": "2025-06-01", "chip": "H20", "country": name} for name in ("Zambiaa", "Indiaa", "Chinaa")]
        rows.append({"date": "2025-06-01", "chip": "H20", "country": "CN"})
        for backend in ("rows", "pandas", "polars", "pyarrow"):
            table = rows if backend == "rows" else BACKENDS[backend](rows)
            got = answers(cc.screen(table, errors="coerce"))
            # in the order of the rows: the first two bad rows get them, whatever order the backend sorts values in
            assert ["Close matches" in a["error"] for a in got[:3]] == [True, True, False], backend
            assert all(a["error"].startswith("unknown country") for a in got[:3])
            assert got[3] == expected(rows[3])
            with pytest.raises(errors.UnknownCountryError) as first:
                cc.screen(table)
            assert first.value.close_matches[0] == "Zambia"
        with pytest.raises(errors.UnknownCountryError) as info:
            cc.status_at("2025-06-01", "H20", "Japann")
        assert info.value.close_matches == ("Japan",)  # a single question always looks

    def test_equal_values_of_different_types_are_refused_each_as_itself(self):
        """True and 1 are equal in Python, but each row's error names its own value and type."""
        rows = [{"date": "2024-06-01", "chip": "H100", "country": "MY", "hq": v} for v in (True, 1)]
        got = [a["error"] for a in answers(cc.screen(rows, errors="coerce"))]
        assert got[0].endswith("got True (a bool)") and got[1].endswith("got 1 (a int)")

    def test_a_polars_column_of_python_objects_is_read_as_rows_are(self):
        """polars cannot take the distinct values of an Object column: such a column is read value by value, as
        plain rows are, and answered the same (it once raised polars' own error from inside screen)."""
        rows = [
            {"date": "2025-06-01", "chip": "H20", "country": "CN"},
            {"date": "2025-06-01", "chip": "H100", "country": "IN"},
            {"date": "2025-06-01", "chip": "H2O", "country": "CN"},
        ]
        table = pl.DataFrame(
            {
                "date": pl.Series([r["date"] for r in rows], dtype=pl.Object),
                "chip": pl.Series([r["chip"] for r in rows], dtype=pl.Object),
                "country": [r["country"] for r in rows],
            }
        )
        got = answers(cc.screen(table, errors="coerce"))
        assert got[:2] == [expected(r) for r in rows[:2]]
        assert got[2]["error"].startswith("unknown chip 'H2O'")

    @pytest.mark.parametrize(
        "known",
        [dt.date(1969, 12, 31), "1969-12-31", np.datetime64("1969-12-31"), dt.date(1950, 6, 1)],
        ids=["date-1969", "string-1969", "datetime64-1969", "date-1950"],
    )
    @pytest.mark.parametrize("backend", ["rows", "pandas", "polars"])
    def test_a_knowledge_day_before_1970_knows_nothing_as_in_status_at(self, known, backend):
        """A knowledge day before 1970 is a day like any other, before every publication: the answer is what was
        known then, as status_at gives it, never the whole record's answer for a blank cell (it once was)."""
        rows = [
            {"date": "2025-06-01", "chip": "H100", "country": "CN", "known_on": known},
            {"date": "2025-06-01", "chip": "H100", "country": "CN", "known_on": None},
        ]
        table: Any = rows if backend == "rows" else (pd.DataFrame if backend == "pandas" else pl.DataFrame)(rows)
        got = answers(cc.screen(table))
        as_of_then = expected({**rows[0], "known_on": dt.date(1969, 12, 31)})
        assert got[0] == as_of_then
        assert got[1] == expected(rows[1])
        assert got[0]["license_required"] is False  # nothing was published yet
        assert got[1]["license_required"] is True  # the whole record: the 2022 rule and after


class TestArguments:
    def test_a_table_too_long_for_the_row_codes_is_refused(self, monkeypatch):
        """Per-row codes are 32-bit: a table of more rows than they can number is refused before any work, as a
        frame or as rows (the limit lowered here to four rows)."""
        from chipcontrols import _screen_input

        monkeypatch.setattr(_screen_input, "MAX_ROWS", 4)
        rows = [{"date": "2025-06-01", "chip": "H20", "country": "CN"}] * 5
        for table in (rows, pd.DataFrame(rows)):
            with pytest.raises(errors.InvalidArgumentError, match="at most 4 rows in one call: screen it in parts"):
                cc.screen(table)
        assert len(cc.screen(rows[:4])) == 4

    @pytest.mark.parametrize("backend", ["rows", "pandas", "polars", "pyarrow"])
    @pytest.mark.parametrize(("role", "name"), [("hq", "buyer_HQ"), ("known_on", "asknown")])
    def test_a_named_optional_column_must_be_there(self, backend, role, name):
        """A headquarters or knowledge-day column named in the call must be in the table: a misspelt name is refused
        with the close matches, never read as "no headquarters" (a China-headquartered buyer in Malaysia was once
        answered "no licence" that way). Left out under its default name, the column is simply not given."""
        rows = [{"date": "2024-06-01", "chip": "H100", "country": "MY", "buyer_hq": "CN", "as_known": "2022-01-01"}]
        table: Any = rows if backend == "rows" else BACKENDS[backend](rows)
        right = {"hq": "buyer_hq", "known_on": "as_known"}
        got = answers(cc.screen(table, **{role: right[role]}))[0]
        question = {"date": "2024-06-01", "chip": "H100", "country": "MY", role: rows[0][right[role]]}
        assert got == expected(question)
        with pytest.raises(
            errors.InvalidArgumentError, match=rf"^{role}: expected a (column of the table|key of the rows)"
        ):
            cc.screen(table, **{role: name})
        if role == "hq":
            with pytest.raises(errors.InvalidArgumentError, match="close matches: 'buyer_hq'"):
                cc.screen(table, hq=name)
        assert answers(cc.screen(table))[0] == expected({"date": "2024-06-01", "chip": "H100", "country": "MY"})

    @pytest.mark.parametrize(("argument", "value"), [("date", ["d"]), ("chip", None), ("hq", 5), ("known_on", 1.5)])
    def test_column_names_must_be_strings(self, argument, value):
        """A column name that is not a string (or None, for hq and known_on) is refused by type."""
        with pytest.raises(errors.InvalidTypeError, match=rf"^{argument}: expected a column name \(a string\)"):
            cc.screen([{"date": "2024-06-01", "chip": "H100", "country": "MY"}], **{argument: value})

    @pytest.mark.parametrize("backend", ["pandas", "pyarrow"])
    @pytest.mark.parametrize("errors_", ["raise", "coerce"])
    def test_repeated_column_names_are_refused(self, errors_, backend):
        """A table with a column name twice is refused by the library, naming it (not by the dataframe library)."""
        names = ["date", "chip", "country", "note", "note"]
        if backend == "pandas":
            table: Any = pd.DataFrame([["2025-06-01", "H20", "CN", 1, 2]], columns=names)
        else:
            table = pa.table([pa.array(v) for v in (["2025-06-01"], ["H20"], ["CN"], [1], [2])], names=names)
        with pytest.raises(
            errors.InvalidArgumentError, match=r"^table: expected a table whose column names are unique, got \['note'\]"
        ):
            cc.screen(table, errors=errors_)

    def test_column_names(self):
        """Columns named otherwise are named in the call; hq=None reads no headquarters."""
        table = pd.DataFrame({"ship_date": ["2025-06-01"], "part": ["H20"], "dest": ["CN"], "hq": ["US"]})
        got = answers(cc.screen(table, date="ship_date", chip="part", country="dest", hq=None))[0]
        assert expected({"date": "2025-06-01", "chip": "H20", "country": "CN"}) == got
        with_hq = answers(cc.screen(table, date="ship_date", chip="part", country="dest"))[0]
        assert expected({"date": "2025-06-01", "chip": "H20", "country": "CN", "hq": "US"}) == with_hq
        assert "party-rule" in got["caveats"]
        assert "party-rule" not in with_hq["caveats"]

    @pytest.mark.parametrize("backend", list(BACKENDS))
    def test_a_missing_column(self, backend):
        """A table without a required column is refused, naming it."""
        table = BACKENDS[backend]([{"date": "2025-06-01", "part": "H20", "country": "CN"}])
        with pytest.raises(errors.InvalidArgumentError, match=r"^chip: expected .*got 'chip'"):
            cc.screen(table)

    def test_answer_columns_in_the_input(self):
        """A table that already has a column named like an answer is refused (screen the input, not an answer)."""
        once = cc.screen(pd.DataFrame({"date": ["2025-06-01"], "chip": ["H20"], "country": ["CN"]}))
        with pytest.raises(errors.InvalidArgumentError, match="without columns named like the answer columns"):
            cc.screen(once)

    @pytest.mark.parametrize("table", ["rows.csv", b"rows", {"date": "2025-06-01"}, 5, [("2025-06-01", "H20", "CN")]])
    def test_not_a_table(self, table):
        """Text, a single mapping, a number or rows that are not mappings are refused as a wrong type."""
        with pytest.raises(errors.InvalidTypeError):
            cc.screen(table)

    def test_lazy_frames_are_refused(self):
        """A lazy frame is refused with what to do instead (it would otherwise be read as its column names)."""
        import dask.dataframe as dd

        table = pd.DataFrame({"date": ["2025-06-01"], "chip": ["H20"], "country": ["CN"]})
        for lazy in (pl.from_pandas(table).lazy(), dd.from_pandas(table, npartitions=1)):
            with pytest.raises(errors.InvalidTypeError, match="map_partitions"):
                cc.screen(lazy)

    @pytest.mark.parametrize(
        ("argument", "value", "error"),
        [
            ("errors", "ignore", errors.InvalidArgumentError),
            ("basis", "customary", errors.ChipControlsError),
            ("strict", "yes", errors.InvalidTypeError),
        ],
    )
    def test_bad_options(self, argument, value, error):
        """An option out of its range is refused before any row is read."""
        with pytest.raises(error):
            cc.screen([{"date": "2025-06-01", "chip": "H20", "country": "CN"}], **{argument: value})


class TestOutput:
    @pytest.mark.parametrize("backend", list(BACKENDS))
    def test_same_kind_and_columns(self, backend):
        """The result is the input's kind, with its columns unchanged, then exactly SCREEN_COLUMNS in order."""
        rows = ROWS[:25]
        out = cc.screen(BACKENDS[backend](rows))
        assert isinstance(out, NATIVE[backend])
        names = list(out[0]) if backend == "rows" else list(out.columns if backend != "pyarrow" else out.column_names)
        assert names == [*rows[0], *SCREEN_COLUMNS]
        if backend == "rows":
            assert [{k: r[k] for k in rows[0]} for r in out] == rows
        else:
            kept = out.to_pylist() if backend == "pyarrow" else out.to_dicts() if backend == "polars" else None
            if kept is None:
                kept = [{k: plain(v) for k, v in r.items()} for r in out.astype(object).to_dict("records")]
            assert [{k: r[k] for k in rows[0]} for r in kept] == rows

    @pytest.mark.parametrize("backend", list(BACKENDS))
    def test_an_empty_table(self, backend):
        """An empty table comes back empty, of its kind, with the answer columns."""
        if backend == "rows":
            assert cc.screen([]) == []
            return
        names = ("date", "chip", "country")
        if backend == "pandas":
            empty: Any = pd.DataFrame({k: [] for k in names}, dtype=str)
        elif backend == "polars":
            empty = pl.DataFrame(schema=dict.fromkeys(names, pl.Utf8))
        else:
            empty = pa.table({k: pa.array([], pa.string()) for k in names})
        out = cc.screen(empty)
        assert isinstance(out, NATIVE[backend])
        assert len(out) == 0
        names = list(out.column_names) if backend == "pyarrow" else list(out.columns)
        assert names == ["date", "chip", "country", *SCREEN_COLUMNS]

    def test_pandas_types(self):
        """pandas: nullable booleans, and the level an ordered category from the easiest shipment to the hardest."""
        out = cc.screen(pd.DataFrame(ROWS))
        assert (str(out["license_required"].dtype), str(out["determinate"].dtype)) == ("boolean", "boolean")
        assert out["level"].dtype.ordered
        assert list(out["level"].cat.categories) == [lv.value for lv in m.Level]
        assert list(out["requirement"].cat.categories) == [r.value for r in m.Requirement]
        ranks = {lv.value: k for k, lv in enumerate(m.Level)}
        assert [ranks[v] for v in out.sort_values("level")["level"]] == sorted(ranks[a["level"]] for a in EXPECTED)

    def test_polars_types(self):
        """polars: booleans, the level an Enum in order, the lists as lists of strings."""
        out = cc.screen(to_polars(ROWS[:10]))
        assert out.schema["license_required"] == pl.Boolean
        assert out.schema["level"] == pl.Enum([lv.value for lv in m.Level])
        assert out.schema["caveats"] == pl.List(pl.Utf8)

    def test_arrow_types(self):
        """pyarrow: booleans, strings, lists of strings."""
        schema = cc.screen(to_arrow(ROWS[:10])).schema
        assert (schema.field("license_required").type, schema.field("level").type) == (pa.bool_(), pa.string())
        assert schema.field("citations").type == pa.list_(pa.string())

    def test_a_pandas_index_is_kept(self):
        """Rows keep their index labels, and each its own answer, whatever the index."""
        table = pd.DataFrame(ROWS[:30], index=[1000 - 7 * k for k in range(30)])
        out = cc.screen(table)
        assert list(out.index) == list(table.index)
        assert answers(out) == EXPECTED[:30]

    def test_the_input_is_not_modified(self):
        """Screening adds columns to a new table: the input keeps its own."""
        table = pd.DataFrame(ROWS[:10])
        before = table.copy()
        cc.screen(table)
        pd.testing.assert_frame_equal(before, table)
        rows = [dict(r) for r in ROWS[:10]]
        cc.screen(rows)
        assert rows == ROWS[:10]


class TestBeyondOneProcess:
    def test_dask_partitions_give_the_answers_of_pandas(self):
        """A Dask dataframe screened partition by partition (map_partitions) answers as pandas does."""
        import dask
        import dask.dataframe as dd

        table = pd.DataFrame(ROWS[:90])
        ddf = dd.from_pandas(table, npartitions=3)
        with dask.config.set(scheduler="synchronous"):
            out = ddf.map_partitions(cc.screen, meta=cc.screen(ddf._meta)).compute()
        assert ddf.npartitions == 3
        pd.testing.assert_frame_equal(out[COLUMNS], cc.screen(table)[COLUMNS])
        assert answers(out) == EXPECTED[:90]

    def test_dask_distributed_worker_processes_give_the_answers_of_one_process(self):
        """On a local Dask cluster of two worker processes, the bundled record's screen and a custom rulebook's
        (sent to the workers by pickle) answer as one process does; the workers are gone afterwards."""
        import dask.dataframe as dd
        from distributed import Client, LocalCluster

        table = pd.DataFrame(ROWS[:120])
        ddf = dd.from_pandas(table, npartitions=4)
        custom_rows = [
            {"date": d, "chip": c.name, "country": "CN"} for d in ("2020-06-01", "2021-06-01") for c in (ALPHA, VAGUE)
        ]
        custom = dd.from_pandas(pd.DataFrame(custom_rows), npartitions=2)
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
            Client(cluster, timeout="60s") as client,
        ):
            pids = set(client.run(os.getpid).values())
            out = ddf.map_partitions(cc.screen, meta=cc.screen(ddf._meta)).compute()
            mine = custom.map_partitions(TPP_RULE.screen, meta=TPP_RULE.screen(custom._meta)).compute()
        assert len(pids) == 2 and os.getpid() not in pids  # answered in two other processes
        pd.testing.assert_frame_equal(out[COLUMNS], cc.screen(table)[COLUMNS])
        assert answers(out) == EXPECTED[:120]
        assert answers(mine) == answers(TPP_RULE.screen(custom_rows))

    def test_a_pickled_rulebook_screens_alike(self):
        """Rulebook.screen survives pickling (as sent to a worker process) and answers alike."""
        screen = pickle.loads(pickle.dumps(TPP_RULE.screen))
        rows = [
            {"date": d, "chip": c.name, "country": "CN"} for d in ("2020-06-01", "2021-06-01") for c in (ALPHA, VAGUE)
        ]
        assert answers(screen(rows)) == answers(TPP_RULE.screen(rows))


# ------------------------------------------------------------------ Spark: the recipe of docs/screening.md

SPARK_WARNINGS = pytest.mark.filterwarnings(
    # PySpark 4.3 under pandas 3: a warning on every conversion, and a deprecated keyword it passes
    # (the conversions used here work; the answers are checked)
    "ignore:PySpark does not yet fully support pandas:FutureWarning",
    "ignore:The copy keyword is deprecated",
    # the JVM's gateway sockets are closed by py4j when the session stops, after pytest has looked
    "ignore::ResourceWarning",
)

SCREENING_DOCS = Path(__file__).resolve().parents[2] / "docs" / "screening.md"


def docs_recipe() -> str:
    """The Python block of the Spark recipe in docs/screening.md, dedented."""
    text = SCREENING_DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"^( *)```python\n(.*?)^\1```", text, flags=re.S | re.M)
    recipe = [body for indent, body in blocks if "mapInPandas" in body]
    assert len(recipe) == 1, "docs/screening.md has one Spark recipe"
    indent = next(indent for indent, body in blocks if "mapInPandas" in body)
    return "\n".join(line.removeprefix(indent) for line in recipe[0].splitlines())


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A local Spark session of two cores. PySpark needs Java 17+: without ``java`` on PATH these tests are
    skipped, unless CHIPCONTROLS_REQUIRE_JAVA is set (CI sets it): then they fail."""
    import shutil

    if shutil.which("java") is None:
        reason = "no java on PATH (PySpark needs Java 17 or newer: apt-get install default-jre-headless)"
        if os.environ.get("CHIPCONTROLS_REQUIRE_JAVA"):
            pytest.fail(f"{reason}, and CHIPCONTROLS_REQUIRE_JAVA is set")
        pytest.skip(f"{reason}; set CHIPCONTROLS_REQUIRE_JAVA=1 to fail instead of skipping")
    from pyspark.sql import SparkSession

    scratch = tmp_path_factory.mktemp("spark")
    with pytest.MonkeyPatch.context() as env:  # the environment is the test process's: restored afterwards
        env.setenv("SPARK_LOCAL_IP", os.environ.get("SPARK_LOCAL_IP", "127.0.0.1"))
        env.setenv("PYSPARK_PYTHON", sys.executable)  # the workers run this interpreter, with chipcontrols
        env.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        session = (
            SparkSession.builder.master("local[2]")
            .appName("chipcontrols-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.local.dir", str(scratch / "local"))
            .config("spark.sql.warehouse.dir", str(scratch / "warehouse"))
            .config("spark.driver.extraJavaOptions", f"-Djava.io.tmpdir={scratch}")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()


@SPARK_WARNINGS
def test_spark_the_docs_recipe_answers_as_one_pandas_call(spark: Any) -> None:
    """The docs' block, executed on three Spark partitions of 300 shipments, gives each row the answer
    one pandas call gives it (rows matched by a key Spark carries through)."""
    table = pd.DataFrame(ROWS).assign(n=range(len(ROWS)))
    shipments = spark.createDataFrame(
        table, schema="date string, chip string, country string, hq string, known_on string, n long"
    ).repartition(3)
    assert shipments.rdd.getNumPartitions() == 3
    namespace: dict[str, Any] = {"shipments": shipments}
    exec(compile(docs_recipe(), str(SCREENING_DOCS), "exec"), namespace)
    out = namespace["answers"].toPandas().sort_values("n").reset_index(drop=True)
    assert list(out.columns) == [*table.columns, *COLUMNS]
    assert out["n"].tolist() == list(range(len(ROWS)))
    assert answers(out) == EXPECTED
    assert answers(out) == answers(cc.screen(table))


@SPARK_WARNINGS
def test_spark_a_custom_rulebook_screens_in_the_workers(spark: Any) -> None:
    """``Rulebook.screen`` of a rulebook built in the driver reaches Spark's Python workers by pickle and
    answers as it does in the driver."""
    from pyspark.sql.types import StructType

    rows = [{"date": d, "chip": c.name, "country": "CN"} for d in ("2020-06-01", "2021-06-01") for c in (ALPHA, VAGUE)]
    table = pd.DataFrame(rows).assign(n=range(len(rows)))
    shipments = spark.createDataFrame(table, schema="date string, chip string, country string, n long").repartition(2)
    namespace: dict[str, Any] = {}
    exec(compile(docs_recipe().split("def screen_frames")[0], str(SCREENING_DOCS), "exec"), namespace)
    schema = StructType(shipments.schema.fields + StructType.fromDDL(namespace["ANSWER_COLUMNS"]).fields)
    screen = TPP_RULE.screen
    out = shipments.mapInPandas(lambda frames: (screen(f) for f in frames), schema=schema).toPandas()
    out = out.sort_values("n").reset_index(drop=True)
    assert answers(out) == answers(TPP_RULE.screen(rows))
    assert {a["requirement"] for a in answers(out)} >= {"required", "not-required"}


@SPARK_WARNINGS
def test_spark_a_spark_frame_itself_is_refused_with_the_recipe(spark: Any) -> None:
    """Handing ``screen`` a Spark DataFrame (lazy, distributed) is refused with advice, not collected in silence."""
    shipments = spark.createDataFrame(pd.DataFrame(ROWS[:3]))
    with pytest.raises(errors.ChipControlsError) as caught:
        cc.screen(shipments)
    message = str(caught.value)
    assert "mapInPandas" in message and "partition by partition" in message
