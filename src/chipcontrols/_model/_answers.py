"""The parts of an answer: grounds, caveats and scheduled changes, as structured data.

The engine states *what* it found; the words are written in one place,
``chipcontrols._render`` (``str(caveat)``, ``caveat.message``, ``status.explain()``).
"""

from __future__ import annotations

import datetime as dt

import attrs

from ._enums import Basis, CaveatKind, LicenseException, ReviewPolicy
from ._scopes import Condition

__all__ = ["Caveat", "FieldChange", "Ground", "ScheduledChange"]


@attrs.frozen(kw_only=True)
class Ground:
    """One provision relied on by an answer, and what it contributed."""

    instrument: str
    provision: str
    citation: str
    title: str
    review_policy: ReviewPolicy | None = None
    exceptions: frozenset[LicenseException] = frozenset()
    tier: str | None = None
    conditions: tuple[Condition, ...] = ()

    def __str__(self) -> str:
        return f"{self.citation}: {self.title}"


@attrs.frozen(kw_only=True)
class Caveat:
    """Something an answer does not settle, as data: its kind, the instruments it concerns, and
    the facts that fill it in (which of them are set depends on the kind).

    - ``provision`` (``"instrument/provision"``) and ``title``: the provision concerned;
    - ``citations``: the instruments' short citations (the provision's first);
    - ``places``: headquarters places of a party rule, or ``(country, governing)`` of a merge;
    - ``since``: the day a merge began, or the review day of the record (``RECORD_AGE``);
    - ``bases`` and ``reason``: where a provision binds and why not on the basis asked
      (``"not-enforced"`` or ``"compliance-pending"``);
    - ``missing``: the specifications that would settle a scope;
    - ``text``: a text from the record (an uncertainty);
    - ``fallback``: the review policy that applies when a change's conditions are not met.

    ``message`` (and ``str()``) give it in words.
    """

    kind: CaveatKind
    instruments: tuple[str, ...] = ()
    provision: str | None = None
    title: str | None = None
    citations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    since: dt.date | None = None
    bases: tuple[Basis, ...] = ()
    reason: str | None = None
    missing: tuple[str, ...] = ()
    text: str | None = None
    fallback: ReviewPolicy | None = None

    @property
    def message(self) -> str:
        """The caveat in words."""
        from .._render import caveat_text  # the words live in one module, above the model

        return caveat_text(self)

    def __str__(self) -> str:
        return f"[{self.kind.value}] {self.message}"


@attrs.frozen(kw_only=True)
class FieldChange:
    """One field of an answer that changes, with its value before and after (as data-file words)."""

    field: str
    before: str | None
    after: str | None


@attrs.frozen(kw_only=True)
class ScheduledChange:
    """A change already published that takes effect after the day asked about.

    ``changes`` lists the fields of the answer that change (empty when only its grounds or
    caveats do); ``summary`` says it in words.
    """

    date: dt.date
    instruments: tuple[str, ...]
    citations: tuple[str, ...]
    changes: tuple[FieldChange, ...] = ()

    @property
    def summary(self) -> str:
        """The change in words."""
        from .._render import changes_text

        return changes_text(self.changes)

    def __str__(self) -> str:
        return f"{self.date.isoformat()}: {self.summary} ({', '.join(self.citations)})"
