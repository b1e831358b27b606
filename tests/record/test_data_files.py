"""The bundled record's data files themselves: what the loader would not catch (every figure sourced, ids that
are file names, standing group lists, dates as TOML dates) and what a reader relies on."""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import chipcontrols as cc
from chipcontrols.errors import AmbiguousInputError

DATA = Path(str(resources.files("chipcontrols") / "data"))
INSTRUMENT_FILES = sorted((DATA / "instruments").glob("*.toml"))
#: keys of a chip table that state no figure: names, the record's own notes, sources themselves
NOT_FIGURES = {"name", "family", "aliases", "notes", "uncertain", "sources", "disputed", "launched_precision"}


def read(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


CHIPS = read(DATA / "chips.toml")["chip"]


def test_only_toml_files():
    """The bundled record is TOML only (no code among the data), and holds no hidden file the loader would skip."""
    files = [p for p in DATA.rglob("*") if p.is_file()]
    assert files and {p.suffix for p in files} == {".toml"}
    assert not list(DATA.rglob(".*"))
    assert {p.name for p in DATA.iterdir()} == {
        "record.toml",
        "chips.toml",
        "groups.toml",
        "countries.toml",
        "criteria.toml",
        "instruments",
    }


@pytest.mark.parametrize("path", INSTRUMENT_FILES, ids=lambda p: p.stem)
def test_instrument_id_is_its_file_name(path):
    """Each instrument file holds the instrument named by its file name."""
    assert read(path)["id"] == path.stem


def test_every_instrument_file_is_in_the_record():
    """Every instrument file is loaded, and nothing else is."""
    assert sorted(i.id for i in cc.bundled().instruments) == [p.stem for p in INSTRUMENT_FILES]


@pytest.mark.parametrize("chip", CHIPS, ids=lambda c: c["name"])
def test_every_chip_figure_has_a_source(chip):
    """Every figure a chip table states (each market fact too) has a source, and every source a figure."""
    figures = {k for k in chip if k not in NOT_FIGURES and k != "market"}
    figures |= {f"market.{k}" for k in chip.get("market", {})}
    sourced = {s["field"] for s in chip.get("sources", [])}
    assert not figures - sourced, f"figures without a source: {sorted(figures - sourced)}"
    assert not sourced - figures, f"sources of figures not stated: {sorted(sourced - figures)}"
    assert all(s["citation"].strip() for s in chip.get("sources", []))
    for d in chip.get("disputed", []):  # a value the record does not use, for a figure it states, and why
        assert d["field"] in figures and d["reason"].strip()


@pytest.mark.parametrize("chip", [c for c in CHIPS if "launched" in c], ids=lambda c: c["name"])
def test_launch_days_are_toml_dates(chip):
    """``launched`` is a TOML date (not a string); a month or year known only is said so by its precision."""
    assert type(chip["launched"]) is dt.date
    assert chip.get("launched_precision", "day") in {"day", "month", "year"}


def test_record_file():
    """record.toml holds one ``[record]`` table: the version (its review day) and the record's days."""
    data = read(DATA / "record.toml")
    assert set(data) == {"record"}
    info = data["record"]
    assert set(info) == {"version", "start", "reviewed", "sources_through"}
    assert info["start"] == dt.date(2019, 1, 1) and info["reviewed"] == dt.date(2026, 12, 6)
    assert info["version"] == info["reviewed"].isoformat().replace("-", ".")


def test_groups_list_standing_members_only():
    """groups.toml lists each group's standing members; every change of membership is stated by an instrument."""
    for group in read(DATA / "groups.toml")["group"]:
        assert all(set(mb) == {"country"} for mb in group["members"]), group["id"]
    changes = [c for p in INSTRUMENT_FILES for c in read(p).get("group_changes", [])]
    assert {c["group"] for c in changes} >= {"D:1", "D:4", "D:5"}


def test_merges_are_stated_by_instruments():
    """countries.toml holds names only; Hong Kong's merge into China is stated by the rule that made it."""
    assert set(read(DATA / "countries.toml")) == {"alias", "ambiguous"}
    merges = {p.stem: read(p).get("merges", []) for p in INSTRUMENT_FILES}
    assert {k: [(x["code"], x["into"]) for x in v] for k, v in merges.items() if v} == {
        "2020-12-hong-kong": [("HK", "CN")]
    }


@pytest.mark.parametrize("alias", read(DATA / "countries.toml")["alias"], ids=lambda a: a["name"])
def test_every_alias_names_its_country(alias):
    """Every extra name resolves to its code."""
    assert cc.country(alias["name"]).code == alias["code"]


@pytest.mark.parametrize("entry", read(DATA / "countries.toml")["ambiguous"], ids=lambda a: a["name"])
def test_every_ambiguous_name_is_refused_with_its_candidates(entry):
    """A name people use for several countries is refused, listing them, never guessed."""
    with pytest.raises(AmbiguousInputError) as info:
        cc.country(entry["name"])
    codes = {c.rsplit("(", 1)[1].rstrip(")") for c in info.value.candidates}
    assert codes == set(entry["countries"]) and len(codes) >= 2
    assert entry["note"].strip()


def test_the_ambiguous_names_asked_about():
    """Congo, Korea, Guinea, the Virgin Islands and Saint Martin are among the ambiguous names."""
    names = {a["name"] for a in read(DATA / "countries.toml")["ambiguous"]}
    assert {"Congo", "Korea", "Guinea", "Virgin Islands", "Saint Martin"} <= names


def test_criteria_versions():
    """Each criteria version names the instrument that made it, by a unique id, in order of start."""
    versions = read(DATA / "criteria.toml")["version"]
    ids = [v["id"] for v in versions]
    assert len(ids) == len(set(ids))
    assert [v["start"] for v in versions] == sorted(v["start"] for v in versions)
    assert {v["instrument"] for v in versions} <= {p.stem for p in INSTRUMENT_FILES}
