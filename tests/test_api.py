"""The public surface: exports, typing marker, lazy imports, immutability."""

from __future__ import annotations

import inspect
import subprocess
import sys
from importlib import resources

import attrs
import pytest

import chipcontrols as cc


def test_all_sorted_and_complete():
    """__all__ is sorted, and every name in it exists."""
    assert list(cc.__all__) == sorted(cc.__all__)
    for name in cc.__all__:
        assert hasattr(cc, name), name


def test_star_import():
    """from chipcontrols import * gives exactly __all__."""
    ns: dict[str, object] = {}
    exec("from chipcontrols import *", ns)
    assert set(ns) - {"__builtins__"} == set(cc.__all__)


def test_public_names_documented():
    """Every public callable and class has a docstring."""
    for name in cc.__all__:
        obj = getattr(cc, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert obj.__doc__ and obj.__doc__.strip(), name


def test_py_typed():
    """The package ships its typing marker."""
    assert (resources.files("chipcontrols") / "py.typed").is_file()


def test_import_does_not_import_optional_packages():
    """import chipcontrols pulls in neither hypothesis, pandas nor matplotlib."""
    code = (
        "import sys, chipcontrols; print(sorted(m for m in ('hypothesis','pandas','matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_entry_point_registers_types():
    """st.from_type works for chipcontrols types through the Hypothesis plugin."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=5, deadline=None)
    @given(st.from_type(cc.Chip), st.from_type(cc.Country))
    def check(chip, country):
        assert isinstance(chip, cc.Chip) and isinstance(country, cc.Country)

    check()


class TestImmutability:
    """Public objects cannot be changed; derived copies leave the original alone."""

    def test_status_frozen(self):
        """A Status refuses assignment."""
        s = cc.status_at("2024-01-01", "H100", "CN")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            s.license_required = False  # type: ignore[misc]

    def test_rulebook_frozen_and_extension_is_a_copy(self):
        """with_instruments returns a new rulebook; the bundled one is unchanged."""
        book = cc.bundled()
        n = len(book.instruments)
        smaller = book.without_instruments("2025-04-nvidia-h20-letter")
        assert len(smaller.instruments) == n - 1 and len(book.instruments) == n
        assert smaller.status_at("2025-06-01", "H20", "CN").license_required is False
        assert book.status_at("2025-06-01", "H20", "CN").license_required is True
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            book.instruments = ()  # type: ignore[misc]

    def test_collections_are_tuples_and_frozensets(self):
        """Collections inside the model are immutable types."""
        inst = cc.bundled().instrument("2023-10-advanced-computing-ifr")
        assert isinstance(inst.provisions, tuple)
        assert isinstance(inst.provisions[0].items.classifications, frozenset)


def test_ordered_enums():
    """Review policies and levels are ordered as DESIGN section 3 says."""
    R = cc.ReviewPolicy
    assert sorted([R.POLICY_OF_DENIAL, R.CASE_BY_CASE, R.PRESUMPTION_OF_APPROVAL, R.PRESUMPTION_OF_DENIAL]) == [
        R.PRESUMPTION_OF_APPROVAL,
        R.CASE_BY_CASE,
        R.PRESUMPTION_OF_DENIAL,
        R.POLICY_OF_DENIAL,
    ]
    assert cc.Level.NO_LICENSE_REQUIRED < cc.Level.LICENSE_EXCEPTION < cc.Level.CASE_BY_CASE
    with pytest.raises(TypeError):
        _ = R.CASE_BY_CASE < cc.Level.CASE_BY_CASE  # type: ignore[operator]


def test_rulebook_repr_is_short():
    """A rulebook's repr summarises rather than dumps."""
    assert repr(cc.bundled()).startswith("<Rulebook ")
    assert len(repr(cc.bundled())) < 200
