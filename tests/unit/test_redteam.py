"""Findings F1-F25 of the December 2026 review: each one's reproducer, turned into the behaviour it should
have. Every bad input gets a library error that says what was wrong and what is valid (never a silently
different answer, never a non-library exception), nothing hangs, and every cache is bounded."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import gc
import importlib
import json
import math
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import chipcontrols as cc
from builders import (
    ALPHA,
    BETA,
    FIRST,
    book,
    criteria,
    day,
    instrument,
    problems,
    provision,
    reference,
    reference_tuple,
    regime_of,
)
from chipcontrols import cli, errors, plots
from chipcontrols import model as m
from chipcontrols import strategies as ccst
from chipcontrols._answer import Status
from chipcontrols._convert import MAX_DEPTH, TOO_DEEP
from chipcontrols._dates import Period
from chipcontrols._engine.cache import Bounded
from chipcontrols.serialization import dumps, json_schema, loads, structure, unstructure

matplotlib.use("Agg")

DATA = Path(str(resources.files("chipcontrols") / "data"))
BOOK = cc.bundled()
H20_LETTER = "2025-04-nvidia-h20-letter"
A100_ALIASES = 'aliases = ["A100 (SXM 80GB)", "A100 SXM4 80GB", "A100 80GB SXM"]'


@pytest.fixture
def record(tmp_path: Path) -> Path:
    """A writable copy of the bundled record."""
    target = tmp_path / "record"
    shutil.copytree(DATA, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file (which must hold it) by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    """Add ``text`` at the end of a file."""
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def load_problems(path: object) -> list[str]:
    """The problems a record directory is refused with."""
    with pytest.raises(errors.InvalidRecordError) as info:
        cc.load(path)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


def validate_fails(path: Path, capsys: pytest.CaptureFixture[str], *fragments: str) -> str:
    """``chipcontrols validate`` refuses the directory: exit status 1, the problems on standard error, no traceback."""
    assert cli.main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("chipcontrols: error: invalid record") and "Traceback" not in err
    for fragment in fragments:
        assert fragment in err
    return err


def raises(call: Callable[[], object], kind: type[errors.ChipControlsError] = errors.ChipControlsError) -> Any:
    """The library error ``call`` raises (it must raise one of ``kind``)."""
    with pytest.raises(kind) as info:
        call()
    return info.value


def finishes(call: Callable[[], object], timeout: float) -> BaseException | None:
    """Run ``call`` in a thread; fail if it has not returned after ``timeout`` seconds; return what it raised."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as exc:  # handed back to the test
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"still running after {timeout} s"
    return outcome[0]


# ------------------------------------------------------------------ A. wrong answers given silently


def test_f01_category_string_is_coerced_or_refused():
    """F1: a category given as its data-file word is read as the enum (so the chip is classified like the
    enum-built one); an unknown word or a non-string is refused, naming the valid values."""
    by_word = m.Chip(name="X1", tpp=5000, datacenter=True, category="logic")
    by_enum = m.Chip(name="X1", tpp=5000, datacenter=True, category=m.ChipCategory.LOGIC)
    assert by_word.category is m.ChipCategory.LOGIC and by_word == by_enum
    assert cc.classify(by_word, "2024-06-01") == cc.classify(by_enum, "2024-06-01") == "3A090.a"
    assert cc.status_at("2024-06-01", by_word, "CN") == cc.status_at("2024-06-01", by_enum, "CN")
    assert cc.status_at("2024-06-01", by_word, "CN").level is m.Level.PRESUMPTION_OF_DENIAL
    memory = m.Chip(name="HBM X", category="memory", memory_bandwidth_density=10)
    assert memory.category is m.ChipCategory.MEMORY and cc.classify(memory, "2025-06-01") == "3A090.c"
    wrong = raises(lambda: m.Chip(name="X1", tpp=5000, category="lgic"), errors.InvalidValueError)
    assert "Chip.category" in str(wrong) and "'logic'" in str(wrong) and "'memory'" in str(wrong)
    raises(lambda: m.Chip(name="X1", category=5))
    assert loads(dumps(BOOK.with_chips(by_word).record)).chips[-1] == by_word  # the follow-on crash is gone


def test_f02_duplicate_criteria_version_id_is_refused(record):
    """F2: two criteria versions with one id are refused (in a directory and in a record built in Python), so
    no answer can depend on the order of queries; the bundled record's status and classification agree."""
    edit(record / "criteria.toml", 'id = "3a090-2023"', 'id = "3a090-2022"')
    assert load_problems(record) == ["criteria.toml $.version: duplicate version id '3a090-2022'"]
    first = criteria(start="2021-01-01")
    twin = attrs.evolve(criteria(start="2022-01-01"), id=first.id)
    found = problems(instrument("crit"), criteria=[first, twin])
    assert f"criteria $.version: duplicate version id {first.id!r}" in found
    ids = [v.id for v in BOOK.criteria]
    assert len(ids) == len(set(ids))
    fresh = cc.Rulebook(BOOK.record)
    assert fresh.status_at("2024-01-01", "H800", "CN").license_required is True
    assert fresh.classify("H800", "2024-01-01") == "3A090.a"
    assert fresh.status_at("2023-01-01", "H800", "CN").license_required is False  # 2022 criteria: not 3A090
    assert fresh.status_at("2024-01-01", "H800", "CN").license_required is True  # asked again, after 2023


def test_f03_unknown_instrument_id_is_refused():
    """F3: without_instruments() refuses an unknown id with close matches, and a non-string id as a type error;
    the right id does remove the instrument."""
    error = raises(lambda: BOOK.without_instruments("2025-04-nvidia-h20-leter"), errors.UnknownIdError)
    assert H20_LETTER in error.close_matches and "'2025-04-nvidia-h20-leter'" in str(error)
    for value in (None, 5, math.nan, b"x", object(), ["2025-04-nvidia-h20-letter"]):
        assert "ids: expected instrument id strings" in str(raises(lambda v=value: BOOK.without_instruments(v)))
    assert BOOK.status_at("2025-06-01", "H20", "CN").license_required is True
    assert BOOK.without_instruments(H20_LETTER).status_at("2025-06-01", "H20", "CN").license_required is False
    assert BOOK.without_instruments() == BOOK


def _rule(**fields: Any) -> m.Instrument:
    """The F4 reproducer's rule: RTX 4090 to France, from 2020-02-01."""
    return m.Instrument(
        id="mine",
        kind=m.InstrumentKind.RULE,
        title="t",
        citation=m.Citation(short="MINE"),
        summary="s",
        published=dt.date(2020, 1, 1),
        effective=dt.date(2020, 2, 1),
        provisions=[
            m.Provision(
                id="p",
                title="t",
                items=m.ItemScope(products=["RTX 4090"]),
                destinations=m.DestinationScope(countries=["FR"]),
                **fields,
            )
        ],
    )


@pytest.mark.parametrize(
    ("build", "kind", "fragment"),
    [
        (lambda: _rule(license_required="false"), errors.InvalidTypeError, "Provision.license_required"),
        (lambda: m.DestinationScope(everywhere="false"), errors.InvalidTypeError, "DestinationScope.everywhere"),
        (lambda: m.ItemScope(datacenter="true"), errors.InvalidTypeError, "ItemScope.datacenter"),
        (
            lambda: m.Instrument(
                id="x", kind="rule", title="t", citation=m.Citation(short="X"), summary="s", published="2020-01-01"
            ),
            errors.InvalidTypeError,
            "Instrument.published",
        ),
        (
            lambda: m.RecordInfo(version="v", start="2020-01-01", reviewed=FIRST, sources_through=FIRST),
            errors.InvalidTypeError,
            "RecordInfo.start",
        ),
        (lambda: _rule(review_policy="case-by-cas"), errors.InvalidValueError, "Provision.review_policy"),
        (lambda: attrs.evolve(_rule(), kind="rulez"), errors.InvalidValueError, "Instrument.kind"),
        (
            lambda: m.Paragraph(code="3A090", prong="3A090.a", tests=[], category="logik"),
            errors.InvalidValueError,
            "Paragraph.category",
        ),
    ],
)
def test_f04_model_constructors_are_strict(build, kind, fragment):
    """F4: the model classes used to build records in Python refuse a mistyped field with a library error
    naming the class and field, never an answer that reads the string's truthiness."""
    error = raises(build, kind)
    assert fragment in str(error)


def test_f04_enum_words_are_read_as_their_enum():
    """F4: where the data files write an enum as its word, the model reads the word as the enum: a rule built
    with words answers exactly as the one built with enums, and a boolean field takes only a bool."""
    by_word = _rule(review_policy="case-by-case")
    by_enum = _rule(review_policy=m.ReviewPolicy.CASE_BY_CASE)
    assert by_word == by_enum and by_word.provisions[0].review_policy is m.ReviewPolicy.CASE_BY_CASE
    assert attrs.evolve(by_enum, kind="rule").kind is m.InstrumentKind.RULE
    word, enum = BOOK.with_instruments(by_word), BOOK.with_instruments(by_enum)
    assert word.status_at("2021-01-01", "RTX 4090", "FR") == enum.status_at("2021-01-01", "RTX 4090", "FR")
    assert word.status_at("2021-01-01", "RTX 4090", "FR").level is m.Level.CASE_BY_CASE
    free = BOOK.with_instruments(_rule(license_required=False))
    assert free.status_at("2021-01-01", "RTX 4090", "FR").license_required is False
    paragraph = m.Paragraph(code="3A090", prong="3A090.a", tests=[], category="memory")
    assert paragraph.category is m.ChipCategory.MEMORY


def test_f05_members_refuses_days_before_the_record(capsys):
    """F5: members() refuses a day before the record's first day, as tiers_at() does, also from the command
    line. A day after the review day is answered as known on the review day (DESIGN.md section 8), so the
    report's expectation of a refusal for 2200-01-01 no longer applies: the answer equals the review day's."""
    for call in (lambda: BOOK.members("D:1", "1900-01-01"), lambda: BOOK.tiers_at("IN", "1900-01-01")):
        error = raises(call, errors.OutsideCoverageError)
        assert (error.date, error.first) == (dt.date(1900, 1, 1), BOOK.info.start)
    assert BOOK.members("D:5", "2200-01-01") == BOOK.members("D:5", BOOK.info.reviewed)
    assert BOOK.tiers_at("IN", "2200-01-01") == BOOK.tiers_at("IN", BOOK.info.reviewed)
    assert cli.main(["countries", "--group", "D:5", "--on", "1900-01-01"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "1900-01-01 is outside the record's coverage" in err


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.__setitem__("uncertainties", "The review"), "$.uncertainties"),
        (lambda d: d.__setitem__("citation", {"short": "X", "cfr": "15 CFR 744"}), "$.citation.cfr"),
        (lambda d: d["provisions"][0].__setitem__("conditions", "exports only"), "$.provisions[0].conditions"),
        (lambda d: d["provisions"][0].__setitem__("items", {"products": "H20"}), "$.provisions[0].items.products"),
        (
            lambda d: d["provisions"][0].__setitem__("destinations", {"countries": "CN"}),
            "$.provisions[0].destinations.countries",
        ),
    ],
)
def test_f06_string_where_an_array_belongs_is_refused(change, path):
    """F6: in an instrument, a string where an array belongs is refused at its path ("expected an array"),
    never split into characters, and never reported as unknown chips 'H', '2', '0'."""
    data = tomllib.loads((DATA / "instruments" / f"{H20_LETTER}.toml").read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(errors.InvalidRecordError) as info:
        structure(data, m.Instrument, file="x.toml")
    (problem,) = info.value.problems
    assert (problem.file, problem.path) == ("x.toml", path)
    assert problem.message.startswith("expected an array, got '")


def test_f06_string_aliases_in_a_directory_and_in_python(record, capsys):
    """F6: chips.toml with ``aliases = "A100"`` is refused at its path (load and validate), and so is
    ``Chip(aliases="abc")``; the bundled chips' single-letter names resolve to nothing."""
    edit(record / "chips.toml", A100_ALIASES, 'aliases = "A100"')
    (found,) = load_problems(record)
    assert found.startswith("chips.toml $.chip[") and found.endswith("].aliases: expected an array, got 'A100'")
    validate_fails(record, capsys, "aliases: expected an array, got 'A100'")
    for notes in ({"name": "X", "notes": "abc"}, {"name": "X", "aliases": "abc"}):
        raises(lambda n=notes: structure(n, m.Chip), errors.InvalidRecordError)
    error = raises(lambda: m.Chip(name="X", aliases="abc"), errors.InvalidTypeError)
    assert "Chip.aliases: expected an array" in str(error)
    for name in ("A", "1", "0"):
        raises(lambda n=name: BOOK.chip(n), errors.UnknownChipError)


def test_f07_nan_or_negative_threshold_is_refused(record, capsys):
    """F7: a criteria threshold of nan or below zero is refused at its path in criteria.toml, and by
    ``Threshold`` built in Python; the bundled H100 is 3A090.a on 2023-01-01."""
    edit(record / "criteria.toml", "value = 4800", "value = nan")
    (found,) = load_problems(record)
    assert found.startswith("criteria.toml $.version[0].paragraphs[0].tests[")
    assert "Threshold.value: expected a finite number of 0 or more, got nan" in found
    validate_fails(record, capsys, "Threshold.value")
    edit(record / "criteria.toml", "value = nan", "value = -4800")
    assert "got -4800.0" in load_problems(record)[0]
    for value in (math.nan, math.inf, -1, -math.inf):
        error = raises(lambda v=value: m.Threshold(spec=m.Spec.TPP, op=m.Op.GE, value=v), errors.InvalidValueError)
        assert "Threshold.value" in str(error)
    assert cc.classify("H100", "2023-01-01") == "3A090.a"


def test_f08_merges_are_validated(record, capsys):
    """F8: a merge into itself, a cycle and a chain are refused, naming the instrument and the fix; the
    bundled record governs Hong Kong by China and leaves Macau separate."""
    hk = instrument("hk")
    found = problems(hk, merges=[m.Merge(code="MO", into="MO", start=day("2021-01-01"), instrument="hk")])
    assert found == ["instrument:hk $.merges[0]: MO cannot be merged into itself"]
    cycle = [
        m.Merge(code="CN", into="HK", start=day("2021-01-01"), instrument="hk"),
        m.Merge(code="HK", into="CN", start=day("2021-01-01"), instrument="hk"),
    ]
    found = problems(hk, merges=cycle)
    assert any("CN is merged into HK, which is itself merged into CN (a cycle)" in p for p in found)
    append(
        record / "instruments" / "2020-12-hong-kong.toml",
        '\n[[merges]]\ncode = "MO"\ninto = "HK"\nstart = 2021-01-01\n',
    )
    (chain,) = load_problems(record)
    assert chain == (
        "instruments/2020-12-hong-kong.toml $.merges: MO is merged into HK, which is itself merged into CN "
        "(a chain): merge each place into the one that governs it"
    )
    validate_fails(record, capsys, "(a chain)")
    assert BOOK.status_at("2025-06-01", "H100", "HK").governing == "CN"
    assert BOOK.status_at("2025-06-01", "H100", "MO").governing == "MO"


def test_f09_unreadable_or_miscased_instrument_files_are_problems(record, capsys):
    """F9: an instrument file whose extension is in another case, and a dangling link, are each a problem
    (never left out silently, which changed the H20 answer)."""
    folder = record / "instruments"
    (folder / f"{H20_LETTER}.toml").rename(folder / f"{H20_LETTER}.TOML")
    (folder / "zz-dangling.toml").symlink_to("/nonexistent/x.toml")
    assert load_problems(record) == [
        f"instruments/{H20_LETTER}.TOML $: rename it to end in '.toml' (lowercase)",
        "instruments/zz-dangling.toml $: file not found",
    ]
    validate_fails(record, capsys, "rename it to end in '.toml'", "zz-dangling.toml $: file not found")


def test_f10_grid_is_read_only():
    """F10: a grid's dates, chips and destinations cannot be rebound (nor new attributes added), so cells stay
    labelled with their own chip."""
    g = cc.grid(["2025-01-01"], ["H20"], ["CN"])
    for name in ("dates", "chips", "countries"):
        with pytest.raises(AttributeError):
            setattr(g, name, (BOOK.chip("H100"),))
    with pytest.raises(AttributeError):
        g.extra = 1  # type: ignore[attr-defined]
    assert [(c.name, s.chip.name) for _, c, _, s in g] == [("H20", "H20")]
    raises(lambda: g.status("2025-01-01", "H100", "CN"), errors.InvalidArgumentError)


def test_f10_record_problem_is_immutable():
    """F10: a RecordProblem (hashable) cannot be changed or have attributes removed, so its hash never changes."""
    problem = errors.RecordProblem("chips.toml", "$.chip[0]", "bad")
    before = hash(problem)
    for name in ("file", "path", "message", "other"):
        with pytest.raises(AttributeError):
            setattr(problem, name, "x")
        with pytest.raises(AttributeError):
            delattr(problem, name)
    assert (problem.file, problem.path, problem.message, hash(problem)) == ("chips.toml", "$.chip[0]", "bad", before)
    assert pickle.loads(pickle.dumps(problem)) == problem == copy.deepcopy(problem)


class _MyDate(dt.date):
    """A caller's subclass of date."""


class _Unhashable(dt.date):
    """A caller's subclass of date that cannot be hashed."""

    __hash__ = None  # type: ignore[assignment]


class _NeverEarlier(dt.date):
    """A caller's subclass of date whose comparisons say it is never before another day."""

    def __lt__(self, other: object) -> bool:
        return False

    def __le__(self, other: object) -> bool:
        return False


def test_f10_answers_never_carry_a_callers_date_type():
    """F10 (related): a subclass of date given as a day or knowledge day is read as a plain date, so no answer
    (cached or not) hands a caller's type to another caller; an unhashable subclass is answered too."""
    rb = cc.Rulebook(BOOK.record)
    mine = rb.status_at("2025-06-01", "H100", "IN", known_on=_MyDate(2025, 2, 1))
    plain = rb.status_at("2025-06-01", "H100", "IN", known_on=dt.date(2025, 2, 1))
    assert type(mine.known_on) is dt.date and type(plain.known_on) is dt.date and mine == plain
    assert type(rb.status_at(_MyDate(2025, 6, 1), "H100", "IN").period.start) is dt.date
    assert type(rb.history("H100", "IN", start=_MyDate(2024, 1, 1))[0].period.start) is dt.date
    assert rb.status_at("2025-06-01", "H100", "IN", known_on=_Unhashable(2025, 2, 1)) == plain
    assert type(rb.day(_MyDate(2025, 6, 1))) is dt.date
    sneaky = _NeverEarlier(1900, 1, 1)
    assert not sneaky < rb.info.start  # its own comparison would let it past the record's first day
    raises(lambda: rb.status_at(sneaky, "H100", "IN"), errors.OutsideCoverageError)
    raises(lambda: rb.history("H100", "IN", start=sneaky), errors.OutsideCoverageError)


def test_f11_history_by_must_be_a_list():
    """F11: ``by`` that is not a list of field names (False, 0, '', {}, a bare name) is refused as a type error
    instead of collapsing the history; a list of names merges periods and agrees with status_at."""
    for value in (False, 0, "", {}, "level", 1.5):
        error = raises(lambda v=value: cc.history("H20", "CN", by=v), errors.InvalidTypeError)
        assert "by: expected a list of Status field names" in str(error)
    raises(lambda: cc.history("H20", "CN", by=["levl"]), errors.InvalidArgumentError)
    merged = cc.history("H20", "CN", by=["license_required"])
    (entry,) = [e for e in merged if dt.date(2025, 6, 1) in e.period]
    assert entry.status.license_required is cc.status_at("2025-06-01", "H20", "CN").license_required is True
    assert len(merged) > 1


@pytest.mark.parametrize(
    ("build", "kind", "fragment"),
    [
        (lambda: m.Throughput(bits=math.inf, tera_ops=1.0), errors.InvalidTypeError, "Throughput.bits"),
        (lambda: m.Throughput(bits=0.5, tera_ops=1.0), errors.InvalidTypeError, "Throughput.bits"),
        (lambda: m.Throughput(bits=True, tera_ops=1.0), errors.InvalidTypeError, "Throughput.bits"),
        (lambda: m.Throughput(bits="8", tera_ops=1.0), errors.InvalidTypeError, "Throughput.bits"),
        (lambda: m.Throughput(bits=0, tera_ops=1.0), errors.InvalidValueError, "Throughput.bits"),
        (lambda: m.Throughput(bits=8, tera_ops="600"), errors.InvalidTypeError, "Throughput.tera_ops"),
        (lambda: m.Throughput(bits=8, tera_ops=math.nan), errors.InvalidValueError, "Throughput.tera_ops"),
        (lambda: m.Throughput(bits=8, tera_ops=1e308), errors.InvalidSpecificationError, "is finite"),
        (lambda: m.Chip(name="Z", tpp=math.inf), errors.InvalidSpecificationError, "Chip.tpp"),
        (lambda: m.Chip(name="Z", tpp="5000"), errors.InvalidTypeError, "Chip.tpp"),
        (lambda: m.Chip(name="Z", foreign_produced="no"), errors.InvalidTypeError, "Chip.foreign_produced"),
        (lambda: m.Chip(name="Z", datacenter="yes"), errors.InvalidTypeError, "Chip.datacenter"),
    ],
)
def test_f12_impossible_chip_specifications_are_refused(build, kind, fragment):
    """F12: infinite TPP through a throughput figure, fractional, boolean or string bit lengths, string figures
    and truthy strings for flags are refused with a library error naming the field."""
    assert fragment in str(raises(build, kind))


def test_f12_throughput_in_chips_toml_is_checked_too():
    """F12: chips.toml is held to the same rules: a throughput whose TPP would be infinite is refused at its path."""
    data = {"name": "X", "throughput": [{"bits": 8, "tera_ops": 1e308}]}
    (problem,) = raises(lambda: structure(data, m.Chip, file="chips.toml"), errors.InvalidRecordError).problems
    assert (problem.file, problem.path) == ("chips.toml", "$.throughput[0]") and "finite" in problem.message


def test_f13_cli_classify_refuses_specifications_with_a_chip_name(capsys):
    """F13: ``classify H20 --tpp 99999`` is refused (a chip or specifications, not both) instead of silently
    ignoring ``--tpp``; specifications alone classify your own chip."""
    assert cli.main(["classify", "H20", "--tpp", "99999", "--on", "2024-01-01"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "chip: expected either a catalogue chip or specifications (--tpp, --die-area, ...), not both" in err
    assert cli.main(["status", "2024-01-01", "H20", "CN", "--tpp", "99999"]) == 2
    assert "not both" in capsys.readouterr().err
    assert cli.main(["classify", "--tpp", "99999", "--datacenter", "--on", "2024-06-01"]) == 0
    assert capsys.readouterr().out.startswith("(your chip) on 2024-06-01: 3A090.a")


# ------------------------------------------------------------------ B. crashes and escapes


@pytest.mark.parametrize(
    "build",
    [
        lambda: m.Throughput(bits=10**400, tera_ops=1.0),
        lambda: m.Throughput(bits=8, tera_ops=10**400),
        lambda: m.Throughput(bits=-(10**400), tera_ops=1.0),
        *[
            (lambda field=field: m.Chip(name="Z", **{field: 10**400}))
            for field in (
                "tpp",
                "die_area_mm2",
                "io_bandwidth_gbps",
                "memory_bandwidth_gbps",
                "memory_bandwidth_density",
            )
        ],
    ],
)
def test_f14_huge_integers_are_refused(build):
    """F14: integers too large for a float are refused as an invalid specification (a ValueError of the
    library), with a message of bounded length, never an OverflowError at construction or at query time."""
    error = raises(build, errors.InvalidSpecificationError)
    assert isinstance(error, ValueError) and len(str(error)) < 300


def test_f14_huge_integers_in_data_files(record, capsys):
    """F14: a 400-digit integer in chips.toml, or in JSON, is refused at its path; validate says so."""
    edit(record / "chips.toml", "bits = 8", "bits = " + "9" * 400)
    (found,) = load_problems(record)
    assert found.startswith("chips.toml $.chip[") and "Throughput.bits: expected an integer from 1 to 1024" in found
    assert len(found) < 400
    validate_fails(record, capsys, "Throughput.bits")
    text = '{"name": "Z", "die_area_mm2": ' + "9" * 400 + "}"
    (problem,) = raises(lambda: loads(text, m.Chip), errors.InvalidRecordError).problems
    assert (problem.path, problem.message) == (
        "$.die_area_mm2",
        "expected a finite number, got an integer of 400 digits",
    )


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_f15_deep_nesting_is_refused(record, capsys, depth):
    """F15: arrays or inline tables nested thousands deep in a data file, or in JSON, are refused as nested too
    deeply, naming the file, never a RecursionError (also from the command line)."""
    target = record / "instruments" / f"{H20_LETTER}.toml"
    append(target, "\nzz = " + "[" * depth + "]" * depth + "\n")
    assert load_problems(record) == [f"instruments/{H20_LETTER}.toml $: {TOO_DEEP}"]
    validate_fails(record, capsys, "nested too deeply")
    shutil.copy(DATA / "instruments" / f"{H20_LETTER}.toml", target)
    append(target, "\nzz = " + "{a = " * min(depth, 5_000) + "1" + "}" * min(depth, 5_000) + "\n")
    assert load_problems(record) == [f"instruments/{H20_LETTER}.toml $: {TOO_DEEP}"]
    for text in ("[" * depth + "]" * depth, '{"a": ' * depth + "1" + "}" * depth):
        (problem,) = raises(lambda t=text: loads(t), errors.InvalidRecordError).problems
        assert (problem.path, problem.message) == ("$", TOO_DEEP)


def test_f15_nesting_is_refused_beyond_the_stated_limit_whatever_the_parser_manages(record):
    """F15, at the limit: a data file or JSON text nested MAX_DEPTH levels deep reaches the record's own checks
    (here: an unknown key), one level more is refused as too deep, on every Python (3.12's parsers manage
    nesting that 3.11's refuse with a RecursionError)."""
    target = record / "instruments" / f"{H20_LETTER}.toml"
    original = target.read_text(encoding="utf-8")
    # a key at the top of the file: the file's table is level 1, so arrays nested MAX_DEPTH - 1 deep in it
    # make MAX_DEPTH levels
    target.write_text("zz = " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n" + original, encoding="utf-8")
    (found,) = load_problems(record)
    assert "zz" in found and TOO_DEEP not in found
    target.write_text("zz = " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n" + original, encoding="utf-8")
    assert load_problems(record) == [f"instruments/{H20_LETTER}.toml $: {TOO_DEEP}"]
    for depth, refused in ((MAX_DEPTH, False), (MAX_DEPTH + 1, True)):
        text = '{"a": ' * depth + "1" + "}" * depth
        problems = [p.message for p in raises(lambda t=text: loads(t), errors.InvalidRecordError).problems]
        assert problems == [TOO_DEEP] if refused else TOO_DEEP not in problems, (depth, problems)


def test_f16_far_future_review_day_is_refused_not_crashed(record, capsys):
    """F16: a review day of 9999-12-31 is refused as an invalid record naming record.toml and the latest day
    allowed (the report's ``end`` is now ``reviewed``); a record reviewed on that latest day answers up to
    ``date.max`` without an OverflowError, and so do instruments dated ``date.max``."""
    edit(record / "record.toml", "reviewed = 2026-12-06", "reviewed = 9999-12-31")
    (found,) = load_problems(record)
    assert found == "record.toml $.record: RecordInfo.reviewed: expected a day no later than 9999-12-28, got " + repr(
        dt.date(9999, 12, 31)
    )
    validate_fails(record, capsys, "RecordInfo.reviewed")
    latest = m.RecordInfo(version="t", start=FIRST, reviewed=dt.date(9999, 12, 28), sources_through=FIRST)
    raises(lambda: attrs.evolve(latest, reviewed=dt.date(9999, 12, 29)), errors.InvalidValueError)
    far = book(instrument("a", provisions=[provision(expires=dt.date(9999, 12, 30))]), info=latest)
    assert far.status_at(dt.date(9999, 12, 28), ALPHA, "CN").license_required is True
    assert far.status_at(dt.date.max, ALPHA, "CN").license_required is False
    assert far.history(ALPHA, "CN", end=dt.date.max)[-1].period.end == dt.date.max
    assert far.history(ALPHA, "CN", start=dt.date.max)[0].period.start == dt.date.max
    assert cc.status_at(dt.date.max, "H100", "CN").notes  # the bundled record: answered, with its age caveat
    assert len(cc.history("H100", "CN", end=dt.date.max)) > 1
    raises(lambda: cc.history("H100", "CN", end=dt.date.max, strict=True), errors.OutsideCoverageError)
    edges = book(
        instrument("a", provisions=[provision()], expires=dt.date.max),
        instrument(
            "b", provisions=[provision("q", effective=dt.date.max, destinations=m.DestinationScope(countries=["IN"]))]
        ),
    )
    assert edges.status_at("2024-01-01", ALPHA, "CN").license_required is True
    assert edges.status_at("2024-01-01", ALPHA, "IN").license_required is False


def test_f17_filesystem_errors_are_record_errors(record, tmp_path, capsys):
    """F17: a record.toml that is a directory or a link loop, a path that is a file, an unusable path and a
    path of the wrong type are each refused with a library error, never IsADirectoryError, OSError,
    NotADirectoryError, ValueError, UnicodeEncodeError or a TypeError from ``/``."""
    (record / "record.toml").unlink()
    (record / "record.toml").mkdir()
    assert load_problems(record) == ["record.toml $: cannot be read: a directory"]
    validate_fails(record, capsys, "record.toml $: cannot be read: a directory")
    (record / "record.toml").rmdir()
    (record / "record.toml").symlink_to("record.toml")
    (found,) = load_problems(record)
    assert found.startswith("record.toml $: cannot be read: ") and "symbolic links" in found
    plain = tmp_path / "passwd"
    plain.write_text("root:x:0:0\n", encoding="utf-8")
    assert load_problems(plain) == [f"{plain} $: not a directory (a record is a directory)"]
    validate_fails(plain, capsys, "not a directory")
    for path in ("\x00", "\ud800", "a" * 100_000, str(tmp_path / "missing")):
        (found,) = load_problems(path)
        assert " $: cannot be read: " in found and len(found) < 400
    for value in (None, 5, b"/tmp"):
        error = raises(lambda v=value: cc.load(v), errors.InvalidTypeError)
        assert "path: expected a directory path" in str(error)


def test_f18_answers_have_a_json_form(capsys):
    """F18: a status, history, history entry, change, grid and revisions have a public JSON form (no private
    names, no objects the encoder cannot write) that validates against its schema; asking to read back an
    answer that is written only is a library type error; a classification reads back."""
    from jsonschema import Draft202012Validator

    status = cc.status_at("2025-06-01", "H20", "CN")
    data = unstructure(status)
    assert not [k for k in data if k.startswith("_")] and data["level"] == "license-required"
    assert dumps(status) and not list(Draft202012Validator(json_schema("status")).iter_errors(data))
    history = cc.history("H20", "CN")
    entry = unstructure(history)["periods"][0]
    assert set(entry) == {"period", "caused_by", "status"}
    change = cc.diff("2023-11-16", "2023-11-17", chips=["H100"], countries=["SA"])[0]
    grid = cc.grid(["2025-06-01"], ["H20"], ["CN"])
    for name, answer in (("history", history), ("change", change), ("grid", grid)):
        assert not list(Draft202012Validator(json_schema(name)).iter_errors(unstructure(answer)))
    for cls in (cc.Status, cc.History, cc.Change, cc.Grid):
        error = raises(lambda c=cls: structure(data, c), errors.InvalidTypeError)
        assert "the JSON form of other answers is not read back" in str(error)
    c = cc.explain_classification("H100", "2024-01-01")
    assert loads(dumps(c), cc.Classification) == c
    assert loads(dumps(BOOK.record)) == BOOK.record
    assert cli.main(["status", "2025-06-01", "H20", "CN", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(dumps(status))  # the command line writes the same form
    chip = m.Chip(name="Q", category="logic")
    assert dumps(BOOK.with_chips(chip))
    assert dumps(BOOK.with_chips(chip)) == dumps(BOOK.with_chips(chip).record)


@pytest.mark.parametrize(
    ("label", "call", "kind"),
    [
        ("group(None)", lambda: BOOK.group(None), errors.InvalidTypeError),
        ("members(None, d)", lambda: BOOK.members(None, "2025-01-01"), errors.InvalidTypeError),
        ("instrument(None)", lambda: BOOK.instrument(None), errors.InvalidTypeError),
        ("instrument([])", lambda: BOOK.instrument([]), errors.InvalidTypeError),
        ("history(by=[['level']])", lambda: cc.history("H20", "CN", by=[["level"]]), errors.InvalidArgumentError),
        ("grid(None)", lambda: cc.grid(None), errors.InvalidTypeError),
        ("diff(chips=True)", lambda: cc.diff("2024-01-01", "2025-01-01", chips=True), errors.InvalidTypeError),
        ("with_chips(None)", lambda: BOOK.with_chips(None), errors.InvalidTypeError),
        ("with_instruments(None)", lambda: BOOK.with_instruments(None), errors.InvalidTypeError),
        ("Chip(name=5)", lambda: m.Chip(name=5), errors.InvalidTypeError),
        ("Chip(name='')", lambda: m.Chip(name=""), errors.InvalidValueError),
        ("Chip(throughput=[None])", lambda: m.Chip(name="x", throughput=[None]), errors.InvalidTypeError),
        ("Throughput(bits='8')", lambda: m.Throughput(bits="8", tera_ops=1), errors.InvalidTypeError),
        ("Country(code='cn')", lambda: m.Country(code="cn", name="x"), errors.InvalidValueError),
        ("Instrument.provision('x')", lambda: BOOK.instruments[0].provision("x"), errors.UnknownIdError),
        (
            "Record(chips=[None])",
            lambda: m.Record(info=BOOK.info, chips=[None]),
            errors.InvalidTypeError,
        ),
        ("plot_regime(countries=None)", lambda: plots.plot_regime("H20", None), errors.InvalidTypeError),
        ("plot_heatmap(dates=5)", lambda: plots.plot_heatmap("H100", dates=5), errors.InvalidTypeError),
        ("plot_heatmap(rulebook='x')", lambda: plots.plot_heatmap("H100", rulebook="x"), errors.InvalidTypeError),
        ("plot_regime(ax='x')", lambda: plots.plot_regime("H20", "CN", ax="x"), errors.InvalidTypeError),
        ("plot_catalogue(chips=5)", lambda: plots.plot_catalogue(5), errors.InvalidTypeError),
        ("plot_catalogue(chips='H20')", lambda: plots.plot_catalogue("H20"), errors.InvalidTypeError),
        ("json_schema([])", lambda: json_schema([]), errors.InvalidTypeError),
        ("structure({}, object)", lambda: structure({}, object), errors.InvalidTypeError),
        ("dumps(object())", lambda: dumps(object()), errors.InvalidTypeError),
    ],
)
def test_f19_wrong_typed_arguments_raise_library_errors(label, call, kind):
    """F19: wrong-typed arguments raise the library's own error, which names the argument or field, never an
    AttributeError, KeyError or internal TypeError from deep inside."""
    error = raises(call, kind)
    assert ": expected " in str(error), label
    if kind is errors.InvalidTypeError:
        assert isinstance(error, TypeError)


@pytest.mark.parametrize(
    ("argument", "call"),
    [
        ("chip", lambda: cc.status_at("2025-06-01", None, "CN")),
        ("chip", lambda: cc.status_at("2025-06-01", b"H20", "CN")),
        ("country", lambda: cc.status_at("2025-06-01", "H20", np.int64(5))),
        ("country", lambda: cc.status_at("2025-06-01", "H20", None)),
        ("basis", lambda: cc.status_at("2025-06-01", "H20", "CN", basis=5)),
        ("headquartered_in", lambda: cc.status_at("2025-06-01", "H20", "CN", headquartered_in=5)),
        ("headquartered_in", lambda: cc.history("H20", "CN", headquartered_in=b"CN")),
        ("chip", lambda: cc.history(None, "CN")),
        ("chip", lambda: cc.classify(3.5, "2025-06-01")),
        ("country", lambda: cc.country(b"CN")),
    ],
)
def test_f20_wrong_typed_query_arguments_are_library_type_errors(argument, call):
    """F20: a wrong-typed chip, country, basis or headquarters is an InvalidTypeError: both a ChipControlsError
    (so ``except ChipControlsError`` catches every bad input) and a TypeError, with the message kept. The
    report's "by design a plain TypeError" no longer holds."""
    error = raises(call, errors.InvalidTypeError)
    assert isinstance(error, TypeError) and isinstance(error, errors.ChipControlsError)
    assert str(error).startswith(f"{argument}: expected ")


def test_f21_cli_output_the_terminal_cannot_encode():
    """F21: with an ASCII-only standard output (a fresh interpreter is needed for the encoding), ``countries``
    escapes the names it cannot encode and exits 0, with no traceback."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "chipcontrols", "countries"], env=env, capture_output=True, timeout=120, check=False
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"AX  \\xc5land Islands" in done.stdout
    done.stdout.decode("ascii")  # nothing but ASCII was written


def test_f21_cli_output_that_cannot_be_written(monkeypatch, capsys):
    """F21: when standard output cannot be written (/dev/full), the command says so in one line and exits 1."""
    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr(sys, "stdout", full)
        assert cli.main(["events"]) == 1
        monkeypatch.undo()
    out, err = capsys.readouterr()
    assert out == "" and err == "chipcontrols: error: cannot write the output: No space left on device\n"


def test_f21_cli_validate_of_broken_records_prints_no_traceback(record, tmp_path, capsys):
    """F21: ``validate`` of the F14-F17 directories prints the problems (no traceback) and exits 1."""
    edit(record / "record.toml", "reviewed = 2026-12-06", "reviewed = 9999-12-31")
    append(record / "instruments" / f"{H20_LETTER}.toml", "\nzz = " + "[" * 2_000 + "]" * 2_000 + "\n")
    edit(record / "chips.toml", "bits = 8", "bits = " + "9" * 400)
    validate_fails(record, capsys, "RecordInfo.reviewed", "nested too deeply", "Throughput.bits", "3 problem(s)")
    assert cli.main(["validate", str(tmp_path / "nothing")]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_f22_strategy_arguments_are_checked():
    """F22: strategies refuse a bad country pool with the library's errors (never a bare KeyError), and
    ``instruments(earliest=LAST)`` names the window it needs instead of failing inside Hypothesis."""
    raises(lambda: ccst.countries(["XX"]), errors.UnknownCountryError)
    assert raises(lambda: ccst.countries(["cn"]), errors.UnknownCountryError).close_matches == ("CN",)
    assert "pool: expected a list" in str(raises(lambda: ccst.countries("CN"), errors.InvalidTypeError))
    raises(lambda: ccst.countries([]), errors.InvalidArgumentError)
    error = raises(lambda: _draw_once(ccst.instruments(earliest=ccst.LAST)), errors.InvalidArgumentError)
    assert "latest: expected a day at least three days after earliest" in str(error)


def _draw_once(strategy: st.SearchStrategy[Any]) -> None:
    @settings(max_examples=1, database=None, deadline=None)
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        data.draw(strategy)

    draw()


@pytest.mark.parametrize("name", [5, "", "   "])
def test_f22_chip_strategy_name_is_checked(name):
    """F22: ``chips(name=...)`` that is not a non-empty string is refused when drawn, never drawn as a random
    name and never an AttributeError."""
    error = raises(lambda: _draw_once(ccst.chips(name=name)), errors.InvalidArgumentError)
    assert "name: expected a non-empty chip name" in str(error)


@settings(max_examples=5, deadline=None)
@given(st.from_type(m.Membership), st.from_type(m.Provision), st.from_type(Period), st.from_type(Status))
def test_f22_public_types_are_registered_for_from_type(membership, provision_, period, status):
    """F22: ``st.from_type`` draws the public types the report found unregistered."""
    assert isinstance(membership, m.Membership) and isinstance(provision_, m.Provision)
    assert isinstance(period, Period) and isinstance(status, Status)


def test_f22_strategies_without_hypothesis(monkeypatch):
    """F22: importing the strategies without Hypothesis installed raises MissingDependencyError naming the extra."""
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "chipcontrols.strategies")
    with pytest.raises(errors.MissingDependencyError) as info:
        importlib.import_module("chipcontrols.strategies")
    assert (info.value.package, info.value.extra) == ("hypothesis", "hypothesis")
    assert 'pip install "chipcontrols[hypothesis]"' in str(info.value)


# ------------------------------------------------------------------ C. hangs and resource exhaustion


def _caches(rb: cc.Rulebook) -> list[Bounded[Any, Any]]:
    state = rb._state
    return [*state.queries.maps, state.families, *state.compiled.caches, *state.index.caches]


def _containers(root: object) -> Iterator[Any]:
    """Every dict, list, set and tuple reachable from ``root`` through containers and chipcontrols' own objects."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, dict | list | set | frozenset | tuple):
            yield obj
        elif not type(obj).__module__.startswith("chipcontrols"):
            continue  # functions, modules, locks, dates, strings: no cache of ours lives behind them
        stack.extend(r for r in gc.get_referents(obj) if not isinstance(r, type))


def test_f23_every_cache_is_bounded():
    """F23: every cache a rulebook keeps, including the ones the report found growing (statuses, chip
    signatures, chip classes), has a size limit and is listed by cache_info(); clear_cache() empties them."""
    rb = cc.Rulebook(BOOK.record)
    infos = rb.cache_info()
    names = {c.name for c in infos}
    assert {"statuses", "chip signatures", "chip classifications", "timelines", "queries by argument"} <= names
    assert all(isinstance(c.limit, int) and 0 < c.limit <= 1_000_000 for c in infos)
    assert len(_caches(rb)) == len(infos) == len(names)
    for i in range(40):
        chip = m.Chip(name=f"c{i}", tpp=1000 + i, datacenter=True, die_area_mm2=800)
        rb.status_at("2025-06-01", chip, "CN")
        rb.status_at("2025-06-01", "H100", "IN", known_on=dt.date(2025, 1, 1) + dt.timedelta(days=i))
    assert {c.name for c in rb.cache_info() if c.entries >= 40} >= {"statuses", "chip signatures"}
    rb.clear_cache()
    assert all(c.entries == 0 for c in rb.cache_info())
    assert rb.status_at("2025-06-01", "H20", "CN") == BOOK.status_at("2025-06-01", "H20", "CN")


def test_f23_cache_info_names_every_cache_in_a_fixed_order():
    """The names cache_info() reports are public output (monitoring reads them): each cache keeps its own name,
    in a fixed order (the query caches, chip families, compiled timelines, then the record's index)."""
    assert [c.name for c in cc.Rulebook(BOOK.record).cache_info()] == [
        "queries by argument",
        "queries by name",
        "default queries by chip",
        "dates",
        "chip families",
        "timelines",
        "shared timelines",
        "statuses",
        "relevance",
        "destination representatives",
        "regimes",
        "chip classifications",
        "chip signatures",
        "chip classes",
        "chip scopes",
        "destination signatures",
        "classifications",
        "provision states",
        "item scopes",
        "destination scopes",
    ]


def _two_rules() -> cc.Rulebook:
    """A small record: a licence for every item to China from 2021, and a case-by-case review from 2022."""
    later = provision("q", review_policy=m.ReviewPolicy.CASE_BY_CASE)
    return book(
        instrument("a", provisions=[provision()]),
        instrument("b", provisions=[later], published="2022-01-01", effective="2022-01-01"),
    )


def test_f23_distinct_chips_and_knowledge_days_never_grow_memory_without_limit():
    """F23: with every limit set small, a stream of distinct custom chips and knowledge days keeps each cache
    within its limit (emptying it when full), nothing else reachable from the rulebook grows with the stream,
    and the answers stay those of a fresh rulebook."""
    rb = _two_rules()
    limit = 16
    for cache in _caches(rb):
        cache.limit = limit
    before = {id(c): len(c) for c in _containers(rb) if not isinstance(c, Bounded)}
    stream = 400
    for i in range(stream):
        chip = m.Chip(name=f"c{i}", tpp=1000 + 10 * i, datacenter=True, die_area_mm2=800)
        rb.status_at("2023-06-01", chip, "CN", known_on=FIRST + dt.timedelta(days=i))
    many = [m.Chip(name=f"g{i}", tpp=1001 + 10 * i, datacenter=True, die_area_mm2=700) for i in range(stream)]
    assert len(rb.grid(["2021-06-01", "2023-06-01"], many, ["CN", "IN"])) == 2 * stream * 2
    infos = rb.cache_info()
    assert all(c.entries <= limit for c in infos), [c for c in infos if c.entries > limit]
    assert {c.name for c in infos if c.clears} >= {"statuses", "chip signatures", "queries by argument"}
    grown = [
        (type(c).__name__, len(c))
        for c in _containers(rb)
        if not isinstance(c, Bounded) and len(c) - before.get(id(c), 0) >= stream // 2
    ]
    assert grown == []
    fresh = _two_rules()
    for i in (0, 7, stream - 1):
        chip = m.Chip(name=f"c{i}", tpp=1000 + 10 * i, datacenter=True, die_area_mm2=800)
        known = FIRST + dt.timedelta(days=i)
        assert rb.status_at("2023-06-01", chip, "CN", known_on=known) == fresh.status_at(
            "2023-06-01", chip, "CN", known_on=known
        )


def test_f24_fifo_or_device_data_file_does_not_block(record, capsys):
    """F24: a data file that is a FIFO, or a link to /dev/zero, is refused as not a regular file at once
    (loading never blocks on it nor reads without end), also by ``validate``."""
    countries = record / "countries.toml"
    countries.unlink()
    os.mkfifo(countries)
    try:
        error = finishes(lambda: cc.load(record), timeout=30)
        assert isinstance(error, errors.InvalidRecordError)
        assert [str(p) for p in error.problems] == ["countries.toml $: cannot be read: not a regular file"]
        assert finishes(lambda: validate_fails(record, capsys, "not a regular file"), timeout=30) is None
    finally:  # release a reader that would be blocked on the FIFO
        with contextlib.suppress(OSError):
            os.close(os.open(countries, os.O_WRONLY | os.O_NONBLOCK))
    countries.unlink()
    countries.symlink_to("/dev/zero")
    error = finishes(lambda: cc.load(record), timeout=30)
    assert isinstance(error, errors.InvalidRecordError)
    assert [str(p) for p in error.problems] == ["countries.toml $: cannot be read: not a regular file"]


def test_f25_first_query_on_a_large_overlapping_record_is_bounded():
    """F25 (not fixed: documented in docs/performance.md as quadratic in the provisions that can bind a pair):
    a record of 400 short, overlapping instruments covering every item and destination answers its first
    query in bounded time, agrees with the reference evaluation, and answers warm queries at once."""
    policies = list(m.ReviewPolicy)
    rules = []
    for i in range(400):
        start = dt.date(2021, 1, 1) + dt.timedelta(days=(i * 7) % 1500)
        rules.append(
            instrument(
                f"r{i:04d}",
                published=start.isoformat(),
                effective=start.isoformat(),
                provisions=[
                    provision(
                        destinations=m.DestinationScope(everywhere=True),
                        expires=start + dt.timedelta(days=30 + i % 50),
                        review_policy=policies[i % len(policies)],
                    )
                ],
            )
        )
    rb = book(*rules)
    started = time.perf_counter()
    status = rb.status_at("2022-06-01", ALPHA, "CN")
    assert time.perf_counter() - started < 30
    for d in ("2021-01-01", "2022-06-01", "2023-02-14", "2024-12-31"):
        for chip, code in ((ALPHA, "CN"), (BETA, "IN")):
            assert regime_of(rb.status_at(d, chip, code)) == reference_tuple(reference(rb, day(d), chip, code))
    started = time.perf_counter()
    assert rb.status_at("2022-06-01", ALPHA, "CN") == status
    assert time.perf_counter() - started < 0.5
