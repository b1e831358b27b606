"""Arbitrary input into the loaders, the model's constructors and the query API: only the library's own errors
(subclasses of ChipControlsError) come out, never a bare TypeError, KeyError or RecursionError."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chipcontrols as cc
from chipcontrols import errors
from chipcontrols import model as m
from chipcontrols.serialization import loads, structure

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
BOOK = cc.bundled()

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
        "merges",
        "group_changes",
        "destination_sets",
        "item_sets",
    ]
)
instrument_like = st.dictionaries(keys, json_values, max_size=10)

#: anything a caller might pass: wrong types, containers, huge and odd values, objects
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.binary(max_size=6),
    st.dates(),
    st.datetimes(),
    st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.just(object()),
    st.just("today"),
)
dates = st.one_of(anything, st.dates(dt.date(2018, 1, 1), dt.date(2030, 1, 1)), st.sampled_from(["2025-06-01"]))
chips = st.one_of(anything, st.sampled_from(["H20", "H100", "rtx 4090", "H200", "MI308X"]))
countries = st.one_of(anything, st.sampled_from(["CN", "India", "HKG", "Congo", "Korea"]))
bases = st.one_of(anything, st.sampled_from(["legal", "compliance", "enforced", m.Basis.LEGAL]))


def answers_or_refuses(call, *args, **kwargs):
    """The call's result, or ``None`` if it raised a ChipControlsError (anything else escapes and fails)."""
    try:
        return call(*args, **kwargs)
    except errors.ChipControlsError:
        return None


def structured(data: object, cls: type) -> object:
    """The object structured from ``data``, or the problems it was refused with."""
    try:
        return structure(data, cls, file="fuzz.toml")
    except errors.InvalidRecordError as exc:
        return exc.problems


def loaded(text: str) -> object:
    """The record read from ``text``, or the problems it was refused with."""
    try:
        return loads(text)
    except errors.InvalidRecordError as exc:
        return exc.problems


def built(cls: type, **fields: object) -> object:
    """The object built from ``fields``, or the type or value error it was refused with."""
    try:
        return cls(**fields)
    except (errors.InvalidTypeError, errors.InvalidValueError) as exc:
        return exc


class TestFuzzLoaders:
    """Arbitrary data into the loaders: only library errors come out."""

    @FUZZ
    @given(st.one_of(json_values, instrument_like))
    def test_structure_instrument(self, data):
        """Arbitrary plain data either structures into an Instrument or raises InvalidRecordError naming the file."""
        result = structured(data, m.Instrument)
        assert isinstance(result, m.Instrument) or (result and all(p.file == "fuzz.toml" for p in result))

    @FUZZ
    @given(
        st.one_of(
            json_values,
            st.dictionaries(
                st.sampled_from(["name", "tpp", "die_area_mm2", "datacenter", "aliases", "throughput", "launched"]),
                json_values,
            ),
        )
    )
    def test_structure_chip(self, data):
        """Arbitrary plain data either structures into a Chip or raises InvalidRecordError."""
        result = structured(data, m.Chip)
        assert isinstance(result, m.Chip) or (result and all(p.file == "fuzz.toml" for p in result))

    @FUZZ
    @given(st.text(max_size=200) | json_values.map(json.dumps))
    def test_loads(self, text):
        """Arbitrary text into loads(): a Record or InvalidRecordError."""
        result = loaded(text)
        assert isinstance(result, m.Record) or (isinstance(result, tuple) and result)

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

    @FUZZ
    @given(anything)
    def test_load_anything(self, path):
        """Anything passed as a record's path is refused with a library error (a type error or the problems)."""
        with pytest.raises(errors.ChipControlsError):
            cc.load(path if not isinstance(path, str) else f"/nonexistent/{path}")


DATA = Path(str(resources.files("chipcontrols") / "data"))
MUTATED_FILES = (
    "record.toml",
    "chips.toml",
    "groups.toml",
    "countries.toml",
    "criteria.toml",
    "instruments/2023-10-advanced-computing-ifr.toml",
    "instruments/2026-01-h200-review-policy.toml",
    "instruments/2025-01-ai-diffusion.toml",
    "instruments/2020-12-hong-kong.toml",
)
#: What a mutated value becomes: another type, an array from a string, a number out of range, an id that
#: names nothing or something twice, a date out of order.
mutations = st.one_of(
    st.sampled_from(["", "x", "CN", "D:5", "2023-10-advanced-computing-ifr", "3A090.a", "presumption-of-denial"]),
    st.sampled_from([0, -1, 10**30, 1.5, float("nan"), float("inf"), True, False]),
    st.sampled_from([[], ["x"], ["CN", "CN"], {}, {"x": 1}, dt.date(1900, 1, 1), dt.date(2999, 1, 1)]),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path to a value in a parsed TOML document."""
    out = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        out.append((*prefix, key))
        out.extend(_paths(value, (*prefix, key)))
    return out


class TestFuzzRecordFiles:
    """A copy of the bundled record with one value of one file replaced (by another type, an array from a
    string, a number out of range, a dangling or repeated id, a day out of order) loads as a valid record or is
    refused with InvalidRecordError naming, for each problem, a file of the record and a key path; never
    another error."""

    @settings(deadline=None, suppress_health_check=list(HealthCheck))  # the profile's number of examples
    @given(data=st.data())
    def test_one_mutated_value(self, data, tmp_path_factory):
        root = tmp_path_factory.getbasetemp() / "mutated-record"
        if not root.exists():
            shutil.copytree(DATA, root)
        name = data.draw(st.sampled_from(MUTATED_FILES))
        original = (DATA / name).read_bytes()
        document = tomllib.loads(original.decode("utf-8"))
        path = data.draw(st.sampled_from(_paths(document)))
        value = data.draw(mutations)
        node: Any = document
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        try:
            text = tomli_w.dumps(document)
        except (TypeError, ValueError):  # a value TOML cannot hold where it was put: nothing to load
            return
        try:
            (root / name).write_text(text, encoding="utf-8")
            refused: errors.InvalidRecordError | None = None
            try:
                book: cc.Rulebook | None = cc.load(root)
            except errors.InvalidRecordError as exc:
                refused, book = exc, None
            if refused is None:
                assert isinstance(book, cc.Rulebook)
            else:
                found = refused.problems
                assert found and all(p.file and p.path.startswith("$") for p in found)
                # named where found: the file changed, or a file whose reference it broke
                assert all((root / p.file).is_file() or p.file == "<record>" for p in found), (
                    name,
                    path,
                    value,
                    [str(p) for p in found],
                )
        finally:
            (root / name).write_bytes(original)


class TestFuzzModel:
    """Every model constructor is strict: arbitrary field values build a valid object or a library error."""

    @FUZZ
    @given(st.floats(allow_nan=True, allow_infinity=True) | st.integers() | st.text(max_size=5), st.booleans())
    def test_user_chip_specifications(self, tpp, datacenter):
        """Impossible figures are refused as specifications, other types as types; possible ones classify."""
        try:
            chip = m.Chip(name="F", tpp=tpp, datacenter=datacenter)
        except errors.InvalidSpecificationError:
            assert not isinstance(tpp, str)
            return
        except errors.InvalidTypeError:
            assert isinstance(tpp, str)
            return
        assert chip.tpp is not None and chip.tpp > 0
        assert BOOK.explain_classification(chip, "2024-06-01").determinate in (True, False)

    @FUZZ
    @given(
        st.fixed_dictionaries(
            {},
            optional={
                "name": anything,
                "tpp": anything,
                "die_area_mm2": anything,
                "aliases": anything,
                "datacenter": anything,
                "launched": anything,
                "release": anything,
                "throughput": anything,
            },
        )
    )
    def test_chip_fields(self, fields):
        """A Chip from any field values: a Chip, or a ChipControlsError naming Chip and the field."""
        fields.setdefault("name", "X")
        chip = built(m.Chip, **fields)
        assert isinstance(chip, m.Chip) or (chip.owner in {"Chip", "Throughput"} and chip.field)

    @FUZZ
    @given(anything, anything, anything)
    def test_threshold_fields(self, spec, op, value):
        """A Threshold from any values: a Threshold or a library error."""
        made = answers_or_refuses(m.Threshold, spec=spec, op=op, value=value)
        assert made is None or isinstance(made, m.Threshold)


class TestFuzzQueries:
    """Arbitrary arguments into the query API: an answer or a ChipControlsError, nothing else."""

    @FUZZ
    @given(dates, chips, countries, st.one_of(st.none(), dates), bases, st.one_of(st.none(), countries), anything)
    def test_status_at(self, date, chip, country, known_on, basis, hq, strict):
        """status_at never fails with anything but a ChipControlsError (wrong types are InvalidTypeError)."""
        s = answers_or_refuses(
            cc.status_at, date, chip, country, known_on=known_on, basis=basis, headquartered_in=hq, strict=strict
        )
        assert s is None or isinstance(s, cc.Status)

    @FUZZ
    @given(chips, countries, st.one_of(st.none(), dates), st.one_of(st.none(), dates), anything)
    def test_history(self, chip, country, start, end, by):
        """history never fails with anything but a ChipControlsError."""
        h = answers_or_refuses(cc.history, chip, country, start=start, end=end, by=by)
        assert h is None or isinstance(h, cc.History)

    @FUZZ
    @given(st.one_of(anything, st.lists(dates, max_size=3)), st.one_of(anything, st.lists(chips, max_size=2)))
    def test_grid(self, days, chip_list):
        """grid never fails with anything but a ChipControlsError."""
        g = answers_or_refuses(cc.grid, days, chip_list, ["CN"])
        assert g is None or isinstance(g, cc.Grid)

    @FUZZ
    @given(dates, dates, st.one_of(anything, st.lists(chips, max_size=2)), st.one_of(anything, st.lists(countries)))
    def test_diff(self, a, b, chip_list, country_list):
        """diff never fails with anything but a ChipControlsError."""
        out = answers_or_refuses(cc.diff, a, b, chips=chip_list, countries=country_list)
        assert out is None or isinstance(out, tuple)

    @FUZZ
    @given(dates, chips, countries, bases)
    def test_revisions(self, date, chip, country, basis):
        """revisions never fails with anything but a ChipControlsError."""
        out = answers_or_refuses(cc.revisions, date, chip, country, basis=basis)
        assert out is None or isinstance(out, m.Revisions)

    @FUZZ
    @given(chips, dates, st.one_of(st.none(), dates))
    def test_classify(self, chip, date, known_on):
        """classify and explain_classification never fail with anything but a ChipControlsError."""
        answers_or_refuses(cc.classify, chip, date, known_on=known_on)
        c = answers_or_refuses(cc.explain_classification, chip, date, known_on=known_on)
        assert c is None or isinstance(c, cc.Classification)

    @FUZZ
    @given(anything, dates, st.one_of(st.none(), dates), countries)
    def test_members_tiers_and_events(self, group, date, known_on, country):
        """members, tiers_at, events, group and instrument never fail with anything but a ChipControlsError."""
        answers_or_refuses(BOOK.members, group, date, known_on=known_on)
        answers_or_refuses(BOOK.members, "D:5", date, known_on=known_on)
        answers_or_refuses(BOOK.tiers_at, country, date, known_on=known_on)
        answers_or_refuses(cc.events, start=date, end=known_on)
        answers_or_refuses(BOOK.group, group)
        answers_or_refuses(BOOK.instrument, group)

    @FUZZ
    @given(anything)
    def test_lookups_and_derivations(self, value):
        """chip, country and the what-if derivations refuse anything wrong with a ChipControlsError."""
        answers_or_refuses(cc.chip, value)
        answers_or_refuses(cc.country, value)
        answers_or_refuses(BOOK.without_instruments, value)
        with pytest.raises(errors.ChipControlsError):
            BOOK.with_instruments(value)
        with pytest.raises(errors.ChipControlsError):
            BOOK.with_chips(value)

    def test_wrong_types_are_type_errors_of_the_library(self):
        """A wrong-typed argument raises InvalidTypeError, which is both a ChipControlsError and a TypeError."""
        for call in (
            lambda: cc.status_at("2025-06-01", 20, "CN"),
            lambda: cc.status_at("2025-06-01", "H20", ["CN"]),
            lambda: cc.status_at("2025-06-01", "H20", "CN", basis=1),
            lambda: cc.history("H20", "CN", by="level"),
            lambda: cc.grid("2025-06-01", ["H20"], ["CN"]),
            lambda: cc.bundled().without_instruments(3),
        ):
            with pytest.raises(errors.InvalidTypeError) as info:
                call()
            assert isinstance(info.value, errors.ChipControlsError) and isinstance(info.value, TypeError)


EXTREME_DAYS = [
    dt.date.min,
    dt.date(2018, 12, 31),
    dt.date(2026, 11, 23),
    dt.date.max - dt.timedelta(days=1),
    dt.date.max,
]
QUESTIONS_OF_A_DAY = {
    "status_at": lambda d: cc.status_at(d, "H20", "CN").scheduled,
    "history start": lambda d: cc.history("H20", "CN", start=d),
    "history end": lambda d: cc.history("H20", "CN", end=d),
    "grid": lambda d: cc.grid([d], ["H20"], ["CN"]),
    "diff from": lambda d: cc.diff(d, "2025-01-01", chips=["H20"], countries=["CN"]),
    "diff to": lambda d: cc.diff("2025-01-01", d, chips=["H20"], countries=["CN"]),
    "revisions": lambda d: cc.revisions(d, "H20", "CN"),
    "events": lambda d: cc.events(start=d),
    "members": lambda d: BOOK.members("D:5", d),
    "tiers_at": lambda d: BOOK.tiers_at("CN", d),
    "classify": lambda d: cc.explain_classification("H20", d),
    "months": lambda d: cc.months(d, d),
}


@pytest.mark.parametrize("day", EXTREME_DAYS, ids=str)
@pytest.mark.parametrize("question", sorted(QUESTIONS_OF_A_DAY))
def test_extreme_days(question, day):
    """date.min, date.max and days around the record's are answered or refused with a ChipControlsError."""
    answers_or_refuses(QUESTIONS_OF_A_DAY[question], day)
