"""chipcontrols: what U.S. export regime applied to AI chip X shipped to country Y on day D.

The bundled record covers U.S. Export Administration Regulations controls on advanced
computing items and the country-wide embargoes that bind them, each fact with its source.
Questions are asked on two clocks (the day asked about, and the day from which we look) and
on one of three bases (legal, compliance, enforced).

>>> import chipcontrols
>>> s = chipcontrols.status_at("2025-06-01", "H20", "CN")
>>> s.license_required, s.citations[-1]
(True, 'NVIDIA Form 8-K, 2025-04-15')

The top level holds the questions (each also a method of :class:`Rulebook`, asked here of the
bundled record), the answers, and the few types a question takes. The record's vocabulary is in
:mod:`chipcontrols.model`; errors in :mod:`chipcontrols.errors`; JSON in
:mod:`chipcontrols.serialization`; Hypothesis strategies in :mod:`chipcontrols.strategies`;
plots in :mod:`chipcontrols.plots`.

This is not legal advice.
"""

from __future__ import annotations

from . import errors as errors  # the submodules, reachable as attributes
from . import model as model
from ._answer import Change, Classification, Status
from ._bulk import Grid
from ._bundled import bundled, load, on_bundled
from ._dates import months
from ._model import Basis, Chip, Level, Requirement
from ._rulebook import Rulebook
from ._tables import History
from ._version import __version__
from .errors import ChipControlsError

__all__ = [
    "Basis",
    "Change",
    "Chip",
    "ChipControlsError",
    "Classification",
    "Grid",
    "History",
    "Level",
    "Requirement",
    "Rulebook",
    "Status",
    "__version__",
    "bundled",
    "chip",
    "chips",
    "classify",
    "country",
    "diff",
    "events",
    "explain_classification",
    "grid",
    "history",
    "load",
    "months",
    "revisions",
    "screen",
    "status_at",
]

status_at = on_bundled(Rulebook.status_at)
history = on_bundled(Rulebook.history)
diff = on_bundled(Rulebook.diff)
revisions = on_bundled(Rulebook.revisions)
screen = on_bundled(Rulebook.screen)
grid = on_bundled(Rulebook.grid)
classify = on_bundled(Rulebook.classify)
explain_classification = on_bundled(Rulebook.explain_classification)
events = on_bundled(Rulebook.events)
chip = on_bundled(Rulebook.chip)
country = on_bundled(Rulebook.country)


def chips() -> tuple[Chip, ...]:
    """The bundled catalogue's chips.

    >>> len(chips()) > 20
    True
    """
    return bundled().chips
