"""The examples in every module's docstrings run and give what they show; the public API shows examples."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import chipcontrols

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(chipcontrols.__path__, prefix="chipcontrols.")
    if name != "chipcontrols.__main__"
)
#: the package and its documented modules (the command line, chipcontrols.cli, is documented by its --help)
PUBLIC_MODULES = [
    "chipcontrols",
    *(f"chipcontrols.{n}" for n in ("model", "errors", "serialization", "strategies", "plots")),
]
FINDER = doctest.DocTestFinder()


def examples(obj: object, name: str) -> int:
    """How many ``>>>`` examples the docstring of ``obj`` itself holds."""
    doc = inspect.getdoc(obj) or ""
    return len(doctest.DocTestParser().get_examples(doc, name))


@pytest.mark.parametrize("name", ["chipcontrols", *MODULES])
def test_docstring_examples(name):
    """Each module's >>> examples pass (run on the installed package)."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_every_public_module_has_examples(name):
    """Every public module carries examples (and so is checked by the test above)."""
    module = importlib.import_module(name)
    assert sum(len(t.examples) for t in FINDER.find(module)) > 0


@pytest.mark.parametrize(
    "name", sorted(n for n in chipcontrols.__all__ if inspect.isfunction(getattr(chipcontrols, n)) and n != "load")
)
def test_every_question_shows_an_example(name):
    """Every question of the top level shows an example (load, needing a directory, is left out)."""
    assert examples(getattr(chipcontrols, name), name) > 0
