"""The examples in every public module's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import chipcontrols

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(chipcontrols.__path__, prefix="chipcontrols.")
    if name != "chipcontrols.__main__"
)


@pytest.mark.parametrize("name", ["chipcontrols", *MODULES])
def test_docstring_examples(name):
    """Each module's >>> examples pass (run on the installed package)."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_examples_exist():
    """The public modules carry examples at all."""
    total = sum(doctest.testmod(importlib.import_module(n), report=False).attempted for n in ["chipcontrols", *MODULES])
    assert total >= 30
