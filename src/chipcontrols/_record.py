"""The ``Record``: a validated, immutable aggregate of everything a record holds.

It knows nothing of queries: ``Rulebook`` (``_rulebook``) answers questions about a record,
and the loaders (``_data``) build one from files.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

import attrs

from ._model import (
    AmbiguousName,
    Chip,
    CountryAlias,
    CountryGroup,
    CriteriaVersion,
    Instrument,
    Membership,
    Merge,
    RecordInfo,
)
from ._model import _fields as f
from .errors import InvalidRecordError, InvalidTypeError

__all__ = ["Record"]


def _criteria(values: Iterable[CriteriaVersion]) -> tuple[CriteriaVersion, ...]:
    found = f.to_tuple(values)
    if isinstance(found, tuple) and all(isinstance(v, CriteriaVersion) for v in found):
        return tuple(sorted(found, key=lambda v: v.start))
    return found


def _instruments(values: Iterable[Instrument]) -> tuple[Instrument, ...]:
    found = f.to_tuple(values)
    if isinstance(found, tuple) and all(isinstance(i, Instrument) for i in found):
        return tuple(sorted(found, key=lambda i: (i.known_from, i.id)))
    return found


def _origins(values: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    found = f.to_tuple(values)
    if isinstance(found, tuple):
        return tuple(tuple(v) if isinstance(v, list | tuple) else v for v in found)
    return found


def _pairs(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    f.tuple_of(tuple, "(part, file) pairs of strings")(instance, attribute, value)
    for pair in value:  # type: ignore[attr-defined]
        if len(pair) != 2 or not all(isinstance(x, str) for x in pair):
            raise InvalidTypeError("Record", attribute.name, pair, "(part, file) pairs of strings")


@attrs.frozen(kw_only=True, cache_hash=True)
class Record:
    """Everything a record holds, checked as a whole when built.

    ``groups`` list each group's standing members; the changes instruments made are joined
    in by :attr:`memberships`. ``origins`` maps parts to the files they came from (for
    messages); it is not part of the record's value.

    Raises:
        InvalidRecordError: every problem found, each with its file and key path.
    """

    info: RecordInfo = attrs.field(validator=f.instance_of(RecordInfo, "a RecordInfo"))
    chips: tuple[Chip, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(Chip, "Chip"), repr=False
    )
    groups: tuple[CountryGroup, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(CountryGroup, "CountryGroup"), repr=False
    )
    criteria: tuple[CriteriaVersion, ...] = attrs.field(
        default=(), converter=_criteria, validator=f.tuple_of(CriteriaVersion, "CriteriaVersion"), repr=False
    )
    instruments: tuple[Instrument, ...] = attrs.field(
        default=(), converter=_instruments, validator=f.tuple_of(Instrument, "Instrument"), repr=False
    )
    country_aliases: tuple[CountryAlias, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(CountryAlias, "CountryAlias"), repr=False
    )
    ambiguous_names: tuple[AmbiguousName, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(AmbiguousName, "AmbiguousName"), repr=False
    )
    origins: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_origins, validator=_pairs, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        from ._validate import validate

        problems = validate(self)
        if problems:
            raise InvalidRecordError(problems)

    def __repr__(self) -> str:
        return (
            f"<Record {self.info.version}: {len(self.instruments)} instruments, {len(self.chips)} chips, "
            f"{len(self.groups)} groups, from {self.info.start.isoformat()}, reviewed {self.info.reviewed.isoformat()}>"
        )

    def origin(self, key: str) -> str:
        """The file a part came from (``"instrument:<id>"``, ``"chips"``, ...), or the key itself."""
        return dict(self.origins).get(key, key)

    @functools.cached_property
    def memberships(self) -> dict[str, tuple[Membership, ...]]:
        """Each group's memberships: its standing members joined with every instrument's changes.

        A removal ends the open membership it names (the validation checks that there is one).
        """
        out: dict[str, list[Membership]] = {g.id: list(g.members) for g in self.groups}
        changes = [
            (change.start or inst.in_effect_from, inst, change)
            for inst in self.instruments
            for change in inst.group_changes
        ]
        for start, inst, change in sorted(changes, key=lambda c: (c[0], c[1].id)):
            members = out.setdefault(change.group, [])
            for code in sorted(change.remove):
                for i, m in enumerate(members):
                    if m.country == code and m.end is None and (m.start is None or m.start < start):
                        members[i] = attrs.evolve(m, end=start, removed_by=inst.id, note=_join(m.note, change.note))
                        break
            for code in sorted(change.add):
                members.append(Membership(country=code, start=start, added_by=inst.id, note=change.note))
        return {gid: tuple(ms) for gid, ms in out.items()}

    @functools.cached_property
    def merges(self) -> tuple[Merge, ...]:
        """Every merge of a destination into another, with the instrument that made it, by start."""
        found = [
            attrs.evolve(m, start=m.start or inst.in_effect_from, instrument=inst.id)
            for inst in self.instruments
            for m in inst.merges
        ]
        return tuple(sorted(found, key=lambda m: (m.start or dt.date.min, m.code)))

    def group(self, group_id: str) -> CountryGroup:
        """A group with its joined memberships (``KeyError`` if there is none)."""
        for g in self.groups:
            if g.id == group_id:
                return attrs.evolve(g, members=self.memberships[g.id])
        raise KeyError(group_id)

    def instrument(self, instrument_id: str) -> Instrument | None:
        """The instrument with this id, or ``None``."""
        return self._by_id.get(instrument_id)

    @functools.cached_property
    def _by_id(self) -> dict[str, Instrument]:
        return {i.id: i for i in self.instruments}


def _join(a: str | None, b: str | None) -> str | None:
    if a and b:
        return f"{a} {b}"
    return a or b
