"""Hypothesis entry point: registers chipcontrols' strategies for ``st.from_type``.

Imported by Hypothesis (not by ``import chipcontrols``), so chipcontrols never pulls
Hypothesis in by itself.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from .strategies import _register

    _register()
