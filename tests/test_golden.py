"""Golden historical cases: expected regimes derived from the sources, not from the library."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import chipcontrols

GOLDEN = Path(__file__).parent / "golden"

KNOWN_KEYS = {
    "date",
    "chip",
    "country",
    "known_on",
    "basis",
    "headquartered_in",
    "license_required",
    "review_policy",
    "exceptions",
    "citations_include",
    "tier",
    "source",
}


def _load() -> list[tuple[str, dict[str, Any]]]:
    cases: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(GOLDEN.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for index, case in enumerate(data.get("case", [])):
            cases.append((f"{path.stem}-{index}", case))
    return cases


CASES = _load()


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
    assert status.license_required is case["license_required"]
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


def test_golden_cases_enough_and_sourced() -> None:
    """There are at least 80 golden cases, each with a non-empty source and only known keys."""
    assert len(CASES) >= 80
    for case_id, case in CASES:
        assert isinstance(case.get("source"), str) and case["source"].strip(), case_id
        assert set(case) <= KNOWN_KEYS, (case_id, set(case) - KNOWN_KEYS)


def test_golden_files_name_their_event() -> None:
    """Every golden file states the legal event it covers."""
    files = sorted(GOLDEN.glob("*.toml"))
    assert files
    for path in files:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        assert isinstance(data.get("event"), str) and data["event"].strip(), path.name
