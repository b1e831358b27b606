"""Trustworthy under bad input, concurrency and change: fuzzing, threads, safety."""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import json
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chipcontrols as cc
from chipcontrols import errors
from chipcontrols.serialization import loads, structure

SRC = Path(cc.__file__).resolve().parent
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=25,
)
keys = st.sampled_from(
    [
        "id",
        "kind",
        "title",
        "summary",
        "citation",
        "announced",
        "published",
        "effective",
        "provisions",
        "amendments",
        "licenses",
        "sources",
        "name",
        "tpp",
        "target",
        "start",
    ]
)
instrument_like = st.dictionaries(keys, json_values, max_size=10)


class TestFuzzLoaders:
    """Arbitrary data into the loaders: only library errors come out."""

    @FUZZ
    @given(st.one_of(json_values, instrument_like))
    def test_structure_instrument(self, data):
        """Arbitrary plain data either structures into an Instrument or raises InvalidRecordError."""
        problems: tuple[errors.RecordProblem, ...] = ()
        try:
            result: object = structure(data, cc.Instrument, file="fuzz.toml")
        except errors.InvalidRecordError as exc:
            problems, result = exc.problems, None
        assert isinstance(result, cc.Instrument) or (problems and all(p.file == "fuzz.toml" for p in problems))

    @FUZZ
    @given(
        st.one_of(
            json_values,
            st.dictionaries(
                st.sampled_from(["name", "tpp", "die_area_mm2", "datacenter", "aliases", "throughput"]), json_values
            ),
        )
    )
    def test_structure_chip(self, data):
        """Arbitrary plain data either structures into a Chip or raises InvalidRecordError."""
        with contextlib.suppress(errors.InvalidRecordError):
            assert isinstance(structure(data, cc.Chip, file="fuzz.toml"), cc.Chip)

    @FUZZ
    @given(st.text(max_size=200) | json_values.map(json.dumps))
    def test_loads(self, text):
        """Arbitrary text into loads(): a Rulebook or InvalidRecordError."""
        with contextlib.suppress(errors.InvalidRecordError):
            assert isinstance(loads(text), cc.Rulebook)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(text=st.text(max_size=300))
    def test_load_directory_with_garbage_toml(self, text, tmp_path_factory):
        """A record directory whose files hold arbitrary text is refused with InvalidRecordError."""
        root = tmp_path_factory.mktemp("fuzz")
        for name in ("record.toml", "chips.toml", "groups.toml", "countries.toml", "criteria.toml"):
            (root / name).write_text(text, encoding="utf-8")
        (root / "instruments").mkdir()
        (root / "instruments" / "x.toml").write_text(text, encoding="utf-8")
        with pytest.raises(errors.InvalidRecordError):
            cc.load(root)


class TestFuzzQueries:
    """Arbitrary arguments into the query API: a Status, a library error or a TypeError."""

    @FUZZ
    @given(
        st.one_of(st.text(max_size=12), st.dates(), st.integers(), st.none(), st.datetimes()),
        st.one_of(st.text(max_size=10), st.sampled_from(["H20", "H100", "rtx 4090"]), st.integers(), st.none()),
        st.one_of(st.text(max_size=10), st.sampled_from(["CN", "India", "HKG"]), st.integers(), st.none()),
        st.one_of(st.none(), st.text(max_size=10), st.dates()),
        st.one_of(st.sampled_from(["legal", "compliance", "enforced"]), st.text(max_size=8), st.integers()),
    )
    def test_status_at(self, date, chip, country, known_on, basis):
        """status_at never fails with anything but a ChipControlsError or TypeError."""
        with contextlib.suppress(errors.ChipControlsError, TypeError):
            assert isinstance(cc.status_at(date, chip, country, known_on=known_on, basis=basis), cc.Status)

    @FUZZ
    @given(st.floats(allow_nan=True, allow_infinity=True) | st.integers() | st.text(max_size=5), st.booleans())
    def test_user_chip_specifications(self, tpp, datacenter):
        """Impossible specifications are refused at construction; possible ones classify."""
        try:
            chip = cc.Chip(name="F", tpp=tpp, datacenter=datacenter)
        except errors.InvalidSpecificationError:
            return
        cc.bundled().explain_classification(chip, "2024-06-01")


class TestConcurrency:
    """Many threads on one rulebook, cold or warm caches, give the serial answers."""

    def test_threads_cold_caches(self):
        """16 threads querying a fresh rulebook agree with a serial run."""
        book = cc.bundled().with_instruments()  # a fresh rulebook: empty caches
        fresh = cc.bundled().with_instruments()
        queries = [
            (dt.date(2019, 1, 1) + dt.timedelta(days=97 * i), chip, country)
            for i in range(28)
            for chip in ("H100", "H20", "RTX 4090", "MI308X")
            for country in ("CN", "HK", "IN", "AE", "SA", "DE", "RU")
        ]
        expected = [fresh.status_at(*q) for q in queries]
        results: list[dict[object, cc.Status]] = [{} for _ in range(16)]

        def work(k: int) -> None:
            order = queries[k:] + queries[:k]  # every thread starts somewhere else
            for q in order:
                results[k][q] = book.status_at(*q)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for k in range(16):
            assert [results[k][q] for q in queries] == expected
        assert [results[3][q].scheduled for q in queries] == [e.scheduled for e in expected]


class TestSafety:
    """No network, no pickle or eval; loading data cannot run code."""

    FORBIDDEN_IMPORTS: ClassVar[set[str]] = {
        "pickle",
        "marshal",
        "shelve",
        "socket",
        "urllib",
        "http",
        "requests",
        "subprocess",
    }

    @pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: p.name)
    def test_no_dangerous_calls(self, path):
        """No module imports pickle or network libraries or calls eval/exec."""
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not {a.name.split(".")[0] for a in node.names} & self.FORBIDDEN_IMPORTS
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in self.FORBIDDEN_IMPORTS
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"eval", "exec", "compile", "__import__"}

    def test_data_files_are_plain_toml(self):
        """The bundled record is TOML only: no code files among the data."""
        data = SRC / "data"
        assert {p.suffix for p in data.rglob("*") if p.is_file()} == {".toml"}


def test_answers_do_not_depend_on_the_order_of_queries():
    """Destinations that share a compiled timeline get equal answers whichever was asked first."""
    pairs = [("H100", c) for c in ("DE", "FR", "IN", "BR", "AE", "SA")] + [("RTX 4090D", c) for c in ("DE", "FR")]
    day = dt.date(2025, 6, 1)
    forward = cc.bundled().with_instruments()
    backward = cc.bundled().with_instruments()
    ahead = {p: forward.status_at(day, *p) for p in pairs}
    behind = {p: backward.status_at(day, *p) for p in reversed(pairs)}
    assert ahead == behind
    assert {p: hash(s) for p, s in ahead.items()} == {p: hash(s) for p, s in behind.items()}
    assert all(s.governing == p[1] for p, s in ahead.items())
