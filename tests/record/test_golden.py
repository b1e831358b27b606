"""Golden historical cases: expected regimes derived from the sources, not from the library."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import chipcontrols
from chipcontrols import model as m
from chipcontrols.errors import UndeterminedAnswerError

GOLDEN = Path(__file__).parent / "golden"

#: the expectations a case may state; exactly one of ``license_required`` and ``requirement`` is required
EXPECTATIONS = {"license_required", "requirement", "review_policy", "exceptions", "citations_include", "tier"}
QUESTION = {"date", "chip", "country", "known_on", "basis", "headquartered_in"}
KNOWN_KEYS = QUESTION | EXPECTATIONS | {"source", "note"}
REQUIREMENTS = {r.value: r for r in m.Requirement}


def _files() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for path in sorted(GOLDEN.glob("*.toml")):
        with path.open("rb") as fh:
            out.append((path, tomllib.load(fh)))
    return out


FILES = _files()
CASES = [(f"{path.stem}-{i}", case) for path, data in FILES for i, case in enumerate(data.get("case", []))]


def expected_requirement(case: dict[str, Any]) -> m.Requirement:
    """The requirement a case expects, from ``requirement`` or from ``license_required``."""
    if "requirement" in case:
        return REQUIREMENTS[case["requirement"]]
    return m.Requirement.REQUIRED if case["license_required"] else m.Requirement.NOT_REQUIRED


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_golden_case(case: dict[str, Any]) -> None:
    """The library's answer matches every expectation the sources support."""
    status = chipcontrols.status_at(
        case["date"],
        case["chip"],
        case["country"],
        known_on=case.get("known_on"),
        basis=case.get("basis", "enforced"),
        headquartered_in=case.get("headquartered_in"),
    )
    requirement = expected_requirement(case)
    assert status.requirement is requirement, [c.message for c in status.unsettled]
    if requirement is m.Requirement.UNDETERMINED:
        assert status.level is m.Level.UNDETERMINED and status.unsettled
        with pytest.raises(UndeterminedAnswerError):
            _ = status.license_required
    else:
        assert status.license_required is (requirement is m.Requirement.REQUIRED)
    if "review_policy" in case:
        expected = None if case["review_policy"] == "none" else case["review_policy"]
        actual = None if status.review_policy is None else status.review_policy.value
        assert actual == expected
    if "exceptions" in case:
        assert {e.value for e in status.exceptions} == set(case["exceptions"])
    if "citations_include" in case:
        assert set(case["citations_include"]) <= set(status.citations), status.citations
    if "tier" in case:
        assert status.tier == case["tier"]


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_golden_case_is_well_formed(case: dict[str, Any]) -> None:
    """Each case asks a whole question, states one requirement (a valid one), cites a source and uses known keys."""
    assert set(case) <= KNOWN_KEYS, set(case) - KNOWN_KEYS
    assert {"date", "chip", "country"} <= set(case)
    assert len({"license_required", "requirement"} & set(case)) == 1
    assert isinstance(case.get("license_required", True), bool)
    assert case.get("requirement", "required") in REQUIREMENTS
    assert isinstance(case.get("source"), str) and case["source"].strip()
    assert isinstance(case.get("note", "x"), str) and case.get("note", "x").strip()


@pytest.mark.parametrize(("path", "data"), FILES, ids=[p.stem for p, _ in FILES])
def test_golden_file_names_its_event_and_holds_cases(path: Path, data: dict[str, Any]) -> None:
    """Every golden file states its event and holds only [[case]] tables (a misspelt one would hide them)."""
    assert isinstance(data.get("event"), str) and data["event"].strip(), path.name
    assert set(data) == {"event", "case"}, path.name
    assert isinstance(data["case"], list) and data["case"], path.name


def test_golden_files_exist() -> None:
    """The golden directory is where this module looks for it, and holds the standing embargoes' file."""
    assert (GOLDEN / "standing-embargoes.toml").is_file()
    assert len(FILES) == len(list(GOLDEN.iterdir()))
