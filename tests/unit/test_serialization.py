"""The JSON forms of records and answers: valid against their published schemas, deterministic, read
back where they read back, refused with the key path where malformed; answers, rulebooks and errors
that survive pickle, copies and worker processes."""

from __future__ import annotations

import concurrent.futures
import copy
import copyreg
import datetime as dt
import hashlib
import json
import os
import pickle
import random
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator

import chipcontrols as cc
from builders import VAGUE, event_days
from chipcontrols import errors
from chipcontrols import model as m
from chipcontrols import strategies as ccst
from chipcontrols._convert import TOO_DEEP
from chipcontrols._names import all_countries
from chipcontrols.serialization import ANSWER_TYPES, dumps, json_schema, loads, structure, unstructure

BOOK = cc.bundled()
REVIEWED = BOOK.info.reviewed
FOCUS = ("CN", "HK", "MO", "IN", "AE", "SA", "RU", "BY", "IR", "KP", "CU", "VE", "NI", "DE", "US", "MY", "SG", "IL")
SEED = 20261206


def validator(name: str) -> Draft202012Validator:
    """A Draft 2020-12 validator for a published answer schema (the schema itself checked first)."""
    schema = json_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def as_json(obj: object) -> Any:
    """The JSON text of an answer, read back with NaN, Infinity and -Infinity refused (they are not JSON)."""

    def refuse(token: str) -> None:
        raise AssertionError(f"not JSON: {token}")

    return json.loads(dumps(obj), parse_constant=refuse)


def assert_valid(name: str, obj: object, check: Draft202012Validator | None = None) -> Any:
    """The JSON form of ``obj`` validates against schema ``name``; the form is returned."""
    data = as_json(obj)
    problems = sorted((check or validator(name)).iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not problems, [f"{list(e.absolute_path)}: {e.message}" for e in problems[:5]]
    return data


STATUS_CHECK = validator("status")


def questions(n: int, seed: int = SEED) -> list[tuple[dt.date, m.Chip, str]]:
    """``n`` questions about the bundled record: catalogue chips, the focus destinations and a few others,
    on the days around the record's events and a few after its review day."""
    rng = random.Random(seed)
    days = sorted({d + dt.timedelta(days=k) for d in event_days(BOOK) for k in (-1, 0) if d > BOOK.info.start})
    days = [d for d in days if d <= REVIEWED] + [REVIEWED + dt.timedelta(days=1), dt.date(2030, 1, 1)]
    codes = [*FOCUS, *rng.sample([c.code for c in all_countries()], 12)]
    return [(rng.choice(days), rng.choice(BOOK.chips), rng.choice(codes)) for _ in range(n)]


# ------------------------------------------------------------------ the schemas


class TestSchemas:
    def test_every_answer_type_has_a_valid_schema(self):
        """Each answer type with a JSON form has a schema that is itself valid Draft 2020-12."""
        assert set(ANSWER_TYPES) == {"status", "history", "change", "classification", "grid", "revisions", "events"}
        for name in ANSWER_TYPES:
            schema = json_schema(name)
            assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
            Draft202012Validator.check_schema(schema)

    def test_a_schema_is_a_fresh_copy(self):
        """Changing a schema that was handed out does not change the next one."""
        first = json_schema("status")
        first["properties"].clear()
        assert "level" in json_schema("status")["properties"]

    def test_unknown_schema_name_offers_close_matches(self):
        """An unknown schema name is refused with the valid names, or the close ones."""
        with pytest.raises(errors.UnknownIdError) as info:
            json_schema("nope")
        assert isinstance(info.value, LookupError) and isinstance(info.value, errors.InvalidArgumentError)
        assert all(name in str(info.value) for name in ANSWER_TYPES)
        with pytest.raises(errors.UnknownIdError) as info:
            json_schema("statuss")
        assert info.value.close_matches == ("status",)
        assert "status" in str(info.value) and "'statuss'" in str(info.value)

    def test_schema_name_of_the_wrong_type(self):
        """A schema name that is not a string is refused as a type error, never an unhashable-type escape."""
        for value in (5, None, ["status"], {"status": 1}):
            with pytest.raises(errors.InvalidTypeError, match="name: expected a schema name"):
                json_schema(value)  # type: ignore[arg-type]


# ------------------------------------------------------------------ answers against their schemas


class TestAnswersValidate:
    def test_statuses(self):
        """A few hundred statuses over real chips, destinations and days validate, whatever the basis,
        knowledge day or headquarters; license_required is null exactly when the requirement is undetermined."""
        check = validator("status")
        rng = random.Random(SEED)
        seen: set[str] = set()
        for date, chip, code in questions(260):
            known_on = rng.choice([None, None, dt.date(2025, 2, 1), dt.date(2023, 1, 1)])
            basis = rng.choice(list(m.Basis))
            hq = rng.choice([None, None, "CN", "MO", "US"])
            if known_on is not None and known_on > date:
                known_on = None
            status = BOOK.status_at(date, chip, code, known_on=known_on, basis=basis, headquartered_in=hq)
            data = assert_valid("status", status, check)
            assert (data["license_required"] is None) == (data["requirement"] == "undetermined")
            assert data["chip"] == chip.name and data["country"] == code and data["basis"] == basis.value
            assert data["record"]["version"] == BOOK.info.version
            seen.update([data["requirement"], *(c["kind"] for c in data["caveats"])])
        assert {"required", "not-required", "undetermined", "record-age"} <= seen  # the sample reaches the edges

    def test_undetermined_and_late_statuses(self):
        """An undetermined answer (a chip without specifications) and one after the review day validate."""
        undetermined = assert_valid("status", cc.status_at("2024-06-01", VAGUE, "CN"))
        assert (undetermined["requirement"], undetermined["license_required"]) == ("undetermined", None)
        late = assert_valid("status", cc.status_at(REVIEWED + dt.timedelta(days=30), "H20", "CN"))
        assert "record-age" in [c["kind"] for c in late["caveats"]]
        capped = assert_valid("status", cc.status_at("2025-06-01", "H100", "IN", known_on=REVIEWED))
        assert capped["known_on"] is None or capped["known_on"] <= REVIEWED.isoformat()

    @settings(max_examples=25, deadline=None)
    @given(ccst.statuses())
    def test_drawn_statuses(self, status):
        """Statuses drawn by the shipped strategy validate."""
        assert_valid("status", status, STATUS_CHECK)

    def test_histories(self):
        """Histories of real pairs, whole or clipped, merged by a field or not, validate."""
        check = validator("history")
        for chip, code, kwargs in [
            ("H20", "CN", {}),
            ("H100", "IN", {"known_on": "2025-02-01"}),
            ("H100 SXM", "HK", {"start": "2020-06-01", "end": "2024-01-01"}),
            ("MI308X", "SA", {"by": ["level"]}),
            ("RTX 4090", "RU", {"basis": "legal"}),
            ("A100 SXM 80GB", "AE", {"headquartered_in": "CN", "by": ["requirement", "tier"]}),
        ]:
            h = cc.history(chip, code, **kwargs)
            data = assert_valid("history", h, check)
            assert len(data["periods"]) == len(h) > 0
            assert [p["period"]["start"] for p in data["periods"]] == [e.period.start.isoformat() for e in h]

    def test_revisions(self):
        """Revisions of real questions validate."""
        check = validator("revisions")
        for date, chip, code in [
            ("2025-06-01", "H100", "IN"),
            ("2025-06-01", "H20", "CN"),
            ("2023-12-01", "A800 SXM", "SA"),
        ]:
            data = assert_valid("revisions", BOOK.revisions(date, chip, code), check)
            assert data["date"] == date and data["revisions"]

    def test_grid(self):
        """A grid over real dates, chips and destinations validates, one cell per date, chip and destination."""
        g = cc.grid(cc.months("2022-09-01", "2026-03-01")[::6], ["H100", "H20", "MI308X", "RTX 4090"], FOCUS[:8])
        data = assert_valid("grid", g)
        assert len(data["cells"]) == len(g) == 8 * 4 * 8

    def test_changes(self):
        """The changes between two days (diff) validate, each on its own and as a list."""
        changes = cc.diff("2023-11-16", "2023-11-17", chips=["H100", "H20", "A800 SXM"], countries=["SA", "CN", "AE"])
        assert changes
        check = validator("change")
        listed = as_json(list(changes))
        assert len(listed) == len(changes)
        for change, data in zip(changes, listed, strict=True):
            assert assert_valid("change", change, check) == data
            assert not list(check.iter_errors(data))

    def test_classifications_validate_and_read_back(self):
        """Classifications validate and read back equal, margins and all."""
        check = validator("classification")
        for chip in BOOK.chips[::3]:
            for day in ("2022-10-07", "2023-11-17", "2025-01-16"):
                c = cc.explain_classification(chip, day)
                data = assert_valid("classification", c, check)
                assert loads(dumps(c), cc.Classification) == c
                assert [t["margin"] for t in data["tests"]] == [t.margin for t in c.tests]

    def test_events(self):
        """The record's events validate, whole and over a window."""
        check = validator("events")
        data = assert_valid("events", cc.events(), check)
        assert len(data["events"]) == len(BOOK.instruments)
        assert assert_valid("events", cc.events(start="2025-01-01", end="2026-01-01"), check)["events"]


# ------------------------------------------------------------------ determinism


def _digests() -> list[str]:
    """Digests of the JSON of a few answers and of the record (run here and in a fresh interpreter)."""
    answers: list[object] = [
        BOOK.record,
        cc.status_at("2025-06-01", "H20", "CN", headquartered_in="MO"),
        cc.history("H100", "AE"),
        cc.grid(["2024-01-01", "2025-06-01"], ["H100", "H20"], ["CN", "AE", "DE"]),
        BOOK.revisions("2025-06-01", "H100", "IN"),
        list(cc.diff("2023-11-16", "2023-11-17", chips=["H100"], countries=["SA", "CN"])),
        cc.explain_classification("H800", "2024-01-01"),
        cc.events(),
    ]
    return [hashlib.sha256(dumps(a).encode()).hexdigest() for a in answers]


class TestDeterminism:
    def test_same_text_every_time(self):
        """The same answer gives the same text, asked again, copied, or asked of a fresh rulebook with cold caches."""
        fresh = cc.Rulebook(BOOK.record)
        for date, chip, code in questions(40, seed=7):
            text = dumps(BOOK.status_at(date, chip, code))
            assert text == dumps(BOOK.status_at(date, chip, code)) == dumps(fresh.status_at(date, chip, code))
        assert dumps(BOOK) == dumps(BOOK.record) == dumps(fresh.record)

    def test_same_text_under_another_hash_seed(self):
        """A fresh interpreter with another hash seed writes byte-identical JSON (sets are written sorted)."""
        code = "import json, test_serialization as t; print(json.dumps(t._digests()))"
        env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": os.pathsep.join(sys.path)}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=True
        )
        assert json.loads(out.stdout.strip().splitlines()[-1]) == _digests()


# ------------------------------------------------------------------ records: round trip and refusals


class TestRecordRoundTrip:
    def test_bundled_record_round_trips(self):
        """The bundled record reads back equal from its JSON, text or bytes, and answers the same."""
        text = dumps(BOOK.record)
        assert loads(text) == BOOK.record == loads(text.encode("utf-8"))
        again = cc.Rulebook(loads(text))
        for date, chip, code in questions(30, seed=11):
            assert again.status_at(date, chip, code) == BOOK.status_at(date, chip, code)

    @settings(max_examples=15, deadline=None)
    @given(ccst.rulebooks())
    def test_generated_records_round_trip(self, book):
        """Generated records read back equal from their JSON."""
        assert loads(dumps(book.record)) == book.record

    def test_model_objects_round_trip(self):
        """Model objects read back as their own type."""
        inst = BOOK.instrument("2025-04-nvidia-h20-letter")
        assert structure(unstructure(inst), m.Instrument) == inst
        chip = BOOK.chip("H20")
        assert loads(dumps(chip), m.Chip) == chip


class TestLoadsRefuses:
    @pytest.mark.parametrize("text", ["nope", "{", "", "[1,]", b"\xff\xfe\x00", "NaN"])
    def test_not_json(self, text):
        """Text that is not JSON is refused at ``$``."""
        with pytest.raises(errors.InvalidRecordError) as info:
            loads(text)
        assert [(p.file, p.path) for p in info.value.problems] == [("<json>", "$")]

    @pytest.mark.parametrize("value", [None, 5, ["{}"]])
    def test_not_text(self, value):
        """Something other than text or bytes is refused at ``$``."""
        with pytest.raises(errors.InvalidRecordError, match="not JSON text"):
            loads(value)

    @pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"a": ' * 5_000 + "1" + "}" * 5_000])
    def test_deep_nesting(self, text):
        """Deeply nested JSON is refused as nested too deeply, never a RecursionError."""
        with pytest.raises(errors.InvalidRecordError) as info:
            loads(text)
        assert [(p.path, p.message) for p in info.value.problems] == [("$", TOO_DEEP)]

    @pytest.mark.parametrize(
        ("change", "path", "fragment"),
        [
            (lambda d: d.__setitem__("extra", 1), "$", "unknown key(s) ['extra']"),
            (lambda d: d.__setitem__("info", 5), "$.info", "expected a table"),
            (lambda d: d["info"].__setitem__("start", "2019-1-1"), "$.info.start", "expected a date (YYYY-MM-DD)"),
            (lambda d: d.__setitem__("chips", {}), "$.chips", "expected an array"),
            (lambda d: d["chips"][0].__setitem__("tpp", "5000"), "$.chips[0].tpp", "expected a number, got '5000'"),
            (lambda d: d["chips"][3].__setitem__("aliases", "A100"), "$.chips[3].aliases", "expected an array"),
            (lambda d: d["chips"][0].pop("name"), "$.chips[0].name", "required key missing"),
            (lambda d: d["instruments"][0].__setitem__("kind", "rulez"), "$.instruments[0].kind", "expected one of"),
            (
                lambda d: d["instruments"][2]["provisions"][0].__setitem__("license_required", "yes"),
                "$.instruments[2].provisions[0].license_required",
                "expected true or false",
            ),
        ],
    )
    def test_wrong_shapes_name_the_path(self, change: Callable[[dict[str, Any]], None], path: str, fragment: str):
        """A record of the wrong shape is refused with the key path of the problem."""
        data = json.loads(dumps(BOOK.record))
        change(data)
        with pytest.raises(errors.InvalidRecordError) as info:
            loads(json.dumps(data))
        assert [(p.file, p.path) for p in info.value.problems] == [("<json>", path)]
        assert fragment in info.value.problems[0].message

    def test_a_record_refused_as_a_whole_lists_its_problems(self):
        """Well-formed parts that make an invalid record (a duplicate chip) give the record's own problem,
        not a nested message."""
        data = json.loads(dumps(BOOK.record))
        data["chips"].append(data["chips"][0])
        with pytest.raises(errors.InvalidRecordError) as info:
            loads(json.dumps(data))
        (problem,) = info.value.problems
        assert problem.message == f"duplicate chip name {data['chips'][0]['name']!r}"
        assert "invalid record" not in problem.message

    @pytest.mark.parametrize(
        "change",
        [
            lambda d: d.__setitem__("date", "2024-1-1"),
            lambda d: d.__setitem__("determinate", "yes"),
            lambda d: d.pop("chip"),
            lambda d: d.__setitem__("extra", 1),
        ],
    )
    def test_malformed_classification(self, change: Callable[[dict[str, Any]], None]):
        """A classification of the wrong shape is refused as not a classification, carrying no converter error."""
        data = json.loads(dumps(cc.explain_classification("H100", "2024-01-01")))
        change(data)
        with pytest.raises(errors.InvalidRecordError) as info:
            loads(json.dumps(data), cc.Classification)
        (problem,) = info.value.problems
        assert (problem.file, problem.path) == ("<json>", "$") and problem.message.startswith("not a classification")
        assert info.value.__context__ is None

    def test_not_a_table(self):
        """JSON that is not an object is refused at ``$``."""
        with pytest.raises(errors.InvalidRecordError, match=r"\$: expected a table \(mapping\), got list"):
            loads("[1, 2]")

    @pytest.mark.parametrize("cls", [cc.Status, cc.History, cc.Grid, cc.Change, object, 5])
    def test_types_that_do_not_read_back(self, cls):
        """Asking to read an answer that is only written, or something that is not a model type, is a type error."""
        with pytest.raises(errors.InvalidTypeError, match="cls: expected"):
            loads("{}", cls)
        with pytest.raises(errors.InvalidTypeError, match="cls: expected"):
            structure({}, cls)

    @pytest.mark.parametrize("obj", [object(), b"CN", 1j, float("nan"), {1: "a"}, iter([])])
    def test_objects_without_a_json_form(self, obj):
        """Writing an object that has no JSON form is a type error, never a JSON encoder's escape."""
        with pytest.raises(errors.InvalidTypeError, match="obj: expected a chipcontrols record"):
            dumps(obj)


# ------------------------------------------------------------------ pickle and copies


def _answers() -> dict[str, object]:
    return {
        "status": cc.status_at("2025-06-01", "H20", "CN"),
        "status with notes": cc.status_at(REVIEWED + dt.timedelta(days=3), "H100", "CN"),
        "undetermined status": cc.status_at("2024-06-01", VAGUE, "CN"),
        "history": cc.history("H100", "AE"),
        "history by level": cc.history("H20", "CN", by=["level"], end="2026-01-01"),
        "grid": cc.grid(["2023-01-01", "2025-06-01", REVIEWED + dt.timedelta(days=1)], ["H100", "H20"], ["CN", "IN"]),
        "revisions": BOOK.revisions("2025-06-01", "H100", "IN"),
        "events": cc.events(start="2025-01-01"),
        "classification": cc.explain_classification("H800", "2024-01-01"),
        "changes": cc.diff("2023-11-16", "2023-11-17", chips=["H100"], countries=["SA", "CN"]),
        "chip": BOOK.chip("MI308X"),
        "record": BOOK.record,
    }


def _raised(call: Callable[[], object]) -> errors.ChipControlsError:
    with pytest.raises(errors.ChipControlsError) as info:
        call()
    return info.value


def _errors() -> list[errors.ChipControlsError]:
    """One error of each kind, as the library raises it."""
    return [
        _raised(lambda: cc.chip("H2O0")),
        _raised(lambda: cc.country("Atlantis")),
        _raised(lambda: cc.country("Korea")),
        _raised(lambda: cc.status_at("2025-02-30", "H20", "CN")),
        _raised(lambda: cc.status_at("1900-01-01", "H20", "CN")),
        _raised(lambda: cc.status_at("2025-06-01", "H20", "CN", basis="lawful")),
        _raised(lambda: cc.status_at("2025-06-01", None, "CN")),  # type: ignore[arg-type]
        _raised(lambda: m.Chip(name="")),
        _raised(lambda: m.Chip(name="X", tpp=-1)),
        _raised(lambda: cc.status_at("2024-06-01", VAGUE, "CN").license_required),
        _raised(lambda: cc.classify(VAGUE, "2024-06-01")),
        _raised(lambda: loads('{"info": 5}')),
        _raised(lambda: BOOK.instrument("2025-04-nvidia-h20-leter")),
        errors.MissingDependencyError("plot_regime()", "matplotlib", "plot"),
    ]


def _same_error(a: BaseException, b: BaseException) -> None:
    assert type(a) is type(b)
    assert (str(a), a.args) == (str(b), b.args)
    assert vars(a) == vars(b)


class TestPickleAndCopy:
    @pytest.mark.parametrize("name", list(_answers()))
    def test_answers_survive_pickle_and_deepcopy(self, name):
        """Answers, histories, grids and records are equal after pickle and after a deep copy."""
        answer = _answers()[name]
        for copied in (pickle.loads(pickle.dumps(answer)), copy.deepcopy(answer), copy.copy(answer)):
            assert type(copied) is type(answer)
            assert copied == answer
            assert dumps(copied) == dumps(answer)

    def test_copied_status_keeps_its_schedule(self):
        """A pickled status carries its scheduled changes (computed before it travels)."""
        status = cc.status_at("2025-02-01", "H100", "IN")
        assert status.scheduled
        assert pickle.loads(pickle.dumps(status)).scheduled == status.scheduled

    def test_copied_grid_answers_the_same(self):
        """A grid read back from pickle has the same cells and answers cell lookups; another grid is not equal to it."""
        g = _answers()["grid"]
        again = pickle.loads(pickle.dumps(g))
        assert list(again) == list(g) and again.records() == g.records()
        assert again.status("2025-06-01", "H20", "CN") == g.status("2025-06-01", "H20", "CN")
        assert again != cc.grid(["2023-01-01"], ["H100"], ["CN"])
        assert g != 5 and g != list(g)

    def test_pickled_rulebook_answers_the_same(self):
        """A rulebook read back from pickle (or deep-copied) equals the original, starts with empty caches and
        answers every question the same."""
        for again in (pickle.loads(pickle.dumps(BOOK)), copy.deepcopy(BOOK)):
            assert again == BOOK and again is not BOOK
            assert all(c.entries == 0 for c in again.cache_info())
            for date, chip, code in questions(40, seed=3):
                assert again.status_at(date, chip, code) == BOOK.status_at(date, chip, code)
            assert again.history("H20", "CN") == BOOK.history("H20", "CN")

    @pytest.mark.parametrize("index", range(len(_errors())))
    def test_errors_survive_pickle_and_deepcopy(self, index):
        """Each error keeps its type, message and attributes through pickle and a deep copy."""
        error = _errors()[index]
        for copied in (pickle.loads(pickle.dumps(error)), copy.deepcopy(error)):
            _same_error(copied, error)
            assert isinstance(copied, errors.ChipControlsError)

    def test_errors_survive_pickle_with_their_tracebacks(self):
        """With tracebacks pickled too (tblib, as dask's workers install it), every error still reads back: none
        carries an exception of the converter, or the whole input, as its context."""
        from tblib import pickling_support

        saved = dict(copyreg.dispatch_table)
        try:
            pickling_support.install()
            for error in _errors():
                assert error.__context__ is None or isinstance(error.__context__, errors.ChipControlsError | ValueError)
                _same_error(pickle.loads(pickle.dumps(error)), error)
        finally:
            copyreg.dispatch_table.clear()
            copyreg.dispatch_table.update(saved)

    def test_error_attributes_travel(self):
        """The data an error carries (close matches, problems, the missing dependency's name) travels with it."""
        chip_error = pickle.loads(pickle.dumps(_raised(lambda: cc.chip("H2O0"))))
        assert isinstance(chip_error, errors.UnknownChipError) and chip_error.name == "H2O0"
        assert chip_error.close_matches
        record_error = pickle.loads(pickle.dumps(_raised(lambda: loads('{"info": 5}'))))
        assert [str(p) for p in record_error.problems] == ["<json> $.info: expected a table (mapping)"]
        missing = pickle.loads(pickle.dumps(errors.MissingDependencyError("plot_regime()", "matplotlib", "plot")))
        assert (missing.name, missing.extra) == ("matplotlib", "plot")


# ------------------------------------------------------------------ worker processes


class TestProcessPool:
    def test_worker_answers_equal_serial_ones(self):
        """Answers computed by two worker processes equal the ones computed here."""
        asked = questions(40, seed=5)
        dates, chips, codes = (list(x) for x in zip(*asked, strict=True))
        names = [c.name for c in chips]
        with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
            statuses = list(pool.map(cc.status_at, dates, names, codes, chunksize=5))
            histories = list(pool.map(cc.history, ["H20", "H100", "MI308X"], ["CN", "AE", "SA"]))
            grids = list(pool.map(cc.grid, [["2024-01-01", "2025-06-01"]], [["H100", "H20"]], [["CN", "IN"]]))
            failure = pool.submit(cc.status_at, "1900-01-01", "H20", "CN").exception(timeout=60)
        assert statuses == [cc.status_at(d, c, k) for d, c, k in zip(dates, names, codes, strict=True)]
        assert histories == [cc.history("H20", "CN"), cc.history("H100", "AE"), cc.history("MI308X", "SA")]
        assert grids == [cc.grid(["2024-01-01", "2025-06-01"], ["H100", "H20"], ["CN", "IN"])]
        assert isinstance(failure, errors.OutsideCoverageError)
        _same_error(failure, _raised(lambda: cc.status_at("1900-01-01", "H20", "CN")))
