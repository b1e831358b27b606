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

    from ._answer import Status
    from ._dates import Period
    from ._model import Basis, Chip, Country, Instrument, Membership, Provision
    from ._rulebook import Rulebook

    for cls, name in (
        (Chip, "chips"),
        (Country, "countries"),
        (Rulebook, "rulebooks"),
        (Basis, "bases"),
        (Instrument, "instruments"),
        (Status, "statuses"),
        (Period, "periods"),
        (Membership, "memberships"),
        (Provision, "provisions"),
    ):
        st.register_type_strategy(cls, _lazy(name))
