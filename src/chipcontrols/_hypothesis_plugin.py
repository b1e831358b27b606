"""Hypothesis entry point: registers chipcontrols' strategies for ``st.from_type``.

Hypothesis calls the hook while it initialises itself, so the strategies module is
imported lazily (through ``st.deferred``): importing it here would be circular.
``import chipcontrols`` never imports Hypothesis.
"""

from __future__ import annotations

import importlib
from typing import Any


def _lazy(name: str) -> Any:
    from hypothesis import strategies as st

    return st.deferred(lambda: getattr(importlib.import_module("chipcontrols.strategies"), name)())


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from ._model import Basis, Chip, Country, Instrument
    from ._rulebook import Rulebook

    st.register_type_strategy(Chip, _lazy("chips"))
    st.register_type_strategy(Country, _lazy("countries"))
    st.register_type_strategy(Rulebook, _lazy("rulebooks"))
    st.register_type_strategy(Basis, _lazy("bases"))
    st.register_type_strategy(Instrument, _lazy("instruments"))
