"""The ``Rulebook``: the questions a record answers."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
from collections.abc import Sequence

import attrs

from . import _dates
from ._answer import Classification, Stamp, Status
from ._dates import check_strict, parse_date
from ._engine.classify import classify
from ._engine.compiled import Statuses
from ._model import (
    Basis,
    Caveat,
    CaveatKind,
    Chip,
    Country,
    CountryGroup,
    CriteriaVersion,
    Instrument,
    RecordInfo,
)
from ._names import all_countries
from ._queries import SpanQueries
from ._query_cache import CacheInfo, Entry
from ._record import Record
from ._state import State
from .errors import (
    AmbiguousInputError,
    InvalidArgumentError,
    InvalidTypeError,
    OutsideCoverageError,
    UndeterminedClassificationError,
    UnknownIdError,
)

__all__ = ["Rulebook", "as_basis"]

_ENFORCED = Basis.ENFORCED


def as_basis(value: Basis | str) -> Basis:
    """A basis from the enum or its word (``"legal"``, ``"compliance"``, ``"enforced"``)."""
    if isinstance(value, Basis):
        return value
    if isinstance(value, str):
        for b in Basis:
            if b.value == value.lower():
                return b
        raise InvalidArgumentError("basis", value, "one of " + ", ".join(repr(b.value) for b in Basis))
    raise InvalidTypeError("", "basis", value, "a chipcontrols.Basis or one of 'legal', 'compliance', 'enforced'")


class Rulebook(SpanQueries):
    """The questions a record answers: ``status_at``, ``history``, ``diff``, ``grid``, ``classify``...

    Get one with :func:`chipcontrols.bundled` (the record shipped with the package) or
    :func:`chipcontrols.load` (your own directory), or wrap a :class:`~chipcontrols.model.Record`
    built in Python. Derive what-if rulebooks with ``with_instruments`` and friends: each
    returns a new rulebook and leaves this one as it was.

    Days: a question is answered for any day from the record's first day (``info.start``). Up to
    its review day (``info.reviewed``) the record speaks for it; after the review day (today, or
    the future) the answer is what the record knew on its review day, with what was scheduled
    applied as scheduled, and a ``record-age`` caveat names the review day; ``strict=True``
    refuses such a day instead.

    >>> import chipcontrols
    >>> book = chipcontrols.bundled()
    >>> book.status_at("2025-06-01", "H20", "CN").license_required
    True
    """

    __slots__ = ("__weakref__", "_record", "_state")

    def __init__(self, record: Record) -> None:
        if not isinstance(record, Record):
            raise InvalidTypeError("Rulebook", "record", record, "a chipcontrols.model.Record")
        self._record = record
        self._state = State(self)

    # ------------------------------------------------------------ the record

    @property
    def record(self) -> Record:
        """The record this rulebook answers from."""
        return self._record

    @property
    def info(self) -> RecordInfo:
        """What the record says of itself: version, first day, review day, sources-through day."""
        return self._record.info

    @property
    def instruments(self) -> tuple[Instrument, ...]:
        """The record's instruments, in the order they became public."""
        return self._record.instruments

    @property
    def chips(self) -> tuple[Chip, ...]:
        """The chip catalogue."""
        return self._record.chips

    @property
    def groups(self) -> tuple[CountryGroup, ...]:
        """The country groups, each with its memberships joined from the instruments that changed it."""
        return tuple(self._record.group(g.id) for g in self._record.groups)

    @property
    def criteria(self) -> tuple[CriteriaVersion, ...]:
        """The classification criteria, by start day."""
        return self._record.criteria

    @property
    def stamp(self) -> Stamp:
        """The record's identity as every answer carries it (version, review day, data hash)."""
        return self._state.stamp()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rulebook):
            return NotImplemented
        return self._record == other._record

    def __hash__(self) -> int:
        return hash(self._record)

    def __repr__(self) -> str:
        r = self._record
        return (
            f"<Rulebook {r.info.version}: {len(r.instruments)} instruments, {len(r.chips)} chips, "
            f"{len(r.groups)} groups, from {r.info.start.isoformat()}, reviewed {r.info.reviewed.isoformat()}>"
        )

    def __reduce__(self) -> tuple[object, ...]:  # pickled as its record; caches start empty
        return (Rulebook, (self._record,))

    # ------------------------------------------------------------ derivation

    def with_instruments(self, *instruments: Instrument) -> Rulebook:
        """A new rulebook with these instruments added (or replacing ones with the same id).

        >>> import chipcontrols
        >>> book = chipcontrols.bundled()
        >>> book.with_instruments() == book
        True
        """
        for inst in instruments:
            if not isinstance(inst, Instrument):
                raise InvalidTypeError("", "instruments", inst, "chipcontrols.model.Instrument objects")
        ids = {i.id for i in instruments}
        kept = [i for i in self.instruments if i.id not in ids]
        return Rulebook(attrs.evolve(self._record, instruments=[*kept, *instruments]))

    def without_instruments(self, *ids: str) -> Rulebook:
        """A new rulebook without the instruments named (what-if questions).

        Raises:
            UnknownIdError: an id the record does not have (close matches are offered).
        """
        known = {i.id for i in self.instruments}
        for i in ids:
            if not isinstance(i, str):
                raise InvalidTypeError("", "ids", i, "instrument id strings")
            if i not in known:
                raise UnknownIdError("instrument", i, sorted(known))
        gone = set(ids)
        return Rulebook(attrs.evolve(self._record, instruments=[i for i in self.instruments if i.id not in gone]))

    def with_chips(self, *chips: Chip) -> Rulebook:
        """A new rulebook with these chips added to the catalogue (or replacing ones with the same name)."""
        for c in chips:
            if not isinstance(c, Chip):
                raise InvalidTypeError("", "chips", c, "chipcontrols.model.Chip objects")
        names = {c.name for c in chips}
        return Rulebook(attrs.evolve(self._record, chips=[*(c for c in self.chips if c.name not in names), *chips]))

    # ----------------------------------------------------------------- lookups

    def chip(self, name: str | Chip) -> Chip:
        """A catalogue chip by name, alias or family name (case and separators ignored).

        A family name (``"H200"``) means the first variant the catalogue lists for it only when
        the record's rules cannot tell its variants apart (then the answer is the same for
        each); otherwise it is refused as ambiguous, with the variants listed.

        >>> import chipcontrols
        >>> chipcontrols.bundled().chip("h-20").name
        'H20'
        """
        return self._state.chips.get(name)

    def _family(self, name: str, variants: Sequence[Chip]) -> Chip:
        found = self._state.families.get(name)
        if found is not None:
            return found
        sharing = self._state.compiled.sharing
        views = {sharing.variant_view(c) for c in variants}
        if len(views) > 1:
            raise AmbiguousInputError("chip", name, [c.name for c in variants])
        return self._state.families.put(name, variants[0])

    def country(self, value: str | Country) -> Country:
        """A country by ISO alpha-2 or alpha-3 code or common name.

        >>> import chipcontrols
        >>> chipcontrols.bundled().country("UAE").code
        'AE'
        """
        return self._state.countries.get(value)

    def countries(self) -> tuple[Country, ...]:
        """Every ISO 3166-1 country, sorted by code."""
        return all_countries()

    def group(self, group_id: str) -> CountryGroup:
        """A country group by id (``"D:5"``), with its memberships.

        Raises:
            UnknownIdError: no such group (the valid ids are listed).
        """
        if not isinstance(group_id, str):
            raise InvalidTypeError("", "group", group_id, "a group id string ('D:5')")
        for g in self._record.groups:
            if g.id.casefold() == group_id.casefold():
                return self._record.group(g.id)
        raise UnknownIdError("group", group_id, [g.id for g in self._record.groups])

    def instrument(self, instrument_id: str) -> Instrument:
        """An instrument by id.

        Raises:
            UnknownIdError: no such instrument (close matches are offered).
        """
        if not isinstance(instrument_id, str):
            raise InvalidTypeError("", "instrument", instrument_id, "an instrument id string")
        inst = self._record.instrument(instrument_id)
        if inst is None:
            raise UnknownIdError("instrument", instrument_id, list(self._state.index.instruments))
        return inst

    # ------------------------------------------------------------ arguments

    def day(self, value: object, argument: str = "date", *, strict: bool = False) -> dt.date:
        """A day the record answers for (``strict``: no later than its review day).

        Raises:
            InvalidDateError: not a date, a ``YYYY-MM-DD`` string or ``"today"``.
            OutsideCoverageError: before the record's first day (or, strict, after its review day).
        """
        day = parse_date(value, argument)
        info = self._record.info
        if day < info.start or (strict and day > info.reviewed):
            raise OutsideCoverageError(day, info.start, info.reviewed, strict=strict, argument=argument)
        return day

    def known(self, value: object) -> tuple[dt.date | None, bool]:
        """A knowledge day, and whether it was capped at the review day.

        Raises:
            InvalidDateError: not a date.
            InvalidArgumentError: a day in the future of the clock.
        """
        if value is None:
            return None, False
        day = parse_date(value, "known_on")
        if day > _dates.today():
            raise InvalidArgumentError("known_on", day, f"a day no later than today ({_dates.today().isoformat()})")
        if day >= self._record.info.reviewed:
            return None, day > self._record.info.reviewed  # everything the record holds was known then
        return day, False

    def hq(self, value: str | Country | None) -> str | None:
        """A headquarters country's code, or ``None``."""
        if value is None:
            return None
        if not isinstance(value, str | Country):
            raise InvalidTypeError(
                "", "headquartered_in", value, "an ISO code, a name or a chipcontrols.model.Country, or None"
            )
        return self.country(value).code

    def notes(self, day: dt.date, capped: bool) -> tuple[Caveat, ...]:
        """The caveats a query adds to its answer: the record's age after its review day."""
        info = self._record.info
        if day <= info.reviewed and not capped:
            return ()
        text = (
            f"known_on is later than the review day, so the answer is as known on {info.reviewed}" if capped else None
        )
        return (Caveat(kind=CaveatKind.RECORD_AGE, since=info.reviewed, text=text),)

    # ----------------------------------------------------------------- queries

    def entry(
        self,
        chip: str | Chip,
        country: str | Country,
        known: dt.date | None,
        basis: Basis | str,
        hq: str | Country | None,
    ) -> Entry:
        """The periods and statuses a query reads (arguments validated; ``known`` already parsed)."""
        the_chip = self.chip(chip)
        the_country = self.country(country)
        statuses: Statuses = self._state.compiled.statuses(the_chip, the_country, as_basis(basis), known, self.hq(hq))
        return Entry(statuses.timeline.starts, statuses, the_chip, the_country, statuses.built)

    def status_at(
        self,
        date: dt.date | str,
        chip: str | Chip,
        country: str | Country,
        /,
        *,
        known_on: dt.date | str | None = None,
        basis: Basis | str = Basis.ENFORCED,
        headquartered_in: str | Country | None = None,
        strict: bool = False,
    ) -> Status:
        """The regime that applied to ``chip`` shipped to ``country`` on ``date``.

        Args:
            date: the day asked about (valid time): a date, ``YYYY-MM-DD`` or ``"today"``.
            chip: a catalogue name, alias or family name, or a ``Chip``.
            country: an ISO code or name, or a ``Country``.
            known_on: answer from what was public on this day (default: the whole record).
            basis: ``"legal"``, ``"compliance"`` or ``"enforced"`` (default).
            headquartered_in: where the buyer (or its ultimate parent) is headquartered;
                without it, headquarters rules are reported as caveats.
            strict: refuse a day after the record's review day instead of answering it.

        Returns:
            The :class:`Status` holding on ``date``.

        Raises:
            OutsideCoverageError: ``date`` is before the record's first day (or, with
                ``strict``, after its review day).
            UnknownChipError: ``chip`` is not in the catalogue.
            UnknownCountryError: ``country`` or ``headquartered_in`` is not a known country.
            AmbiguousInputError: a name matches more than one chip or country.
            InvalidDateError: ``date`` or ``known_on`` is not a date or a ``YYYY-MM-DD`` string.
            InvalidArgumentError: ``basis`` is not legal, compliance or enforced, or ``known_on``
                is in the future.
            InvalidTypeError: an argument of the wrong type.

        >>> import chipcontrols
        >>> book = chipcontrols.bundled()
        >>> book.status_at("2025-06-01", "H100", "IN").license_required
        False
        >>> book.status_at("2025-06-01", "H100", "IN", known_on="2025-02-01").tier
        'Tier 2'
        """
        state = self._state
        queries = state.queries
        entry = None
        if strict is not False:
            check_strict(strict)
        if type(chip) is Chip and type(country) is Country and known_on is None:
            if headquartered_in is None and basis is _ENFORCED and type(date) is dt.date and strict is False:
                # the commonest call: two lookups on names (hashed in C), no tuple built
                row = queries.defaults.get(chip.name)
                hit = row.get(country.code) if row is not None else None
                if (
                    hit is not None
                    and hit.chip is chip
                    and hit.country is country
                    and state.first <= date <= state.last
                ):
                    i = bisect.bisect_right(hit.starts, date) - 1
                    status = hit.built[i]
                    return status if status is not None else hit.statuses[i]
            # typed inputs: key on the names (hashed in C) and check the objects on a hit
            known, capped = None, False
            key: tuple[object, ...] = (chip.name, country.code, basis, headquartered_in)
            cache = queries.typed
            try:
                hit = cache.get(key)
            except TypeError:  # an unhashable argument: the slow path names the problem
                hit = None
            if (
                hit is not None
                and (hit.chip is chip or hit.chip == chip)
                and (hit.country is country or hit.country == country)
            ):
                entry = hit
                if headquartered_in is None and basis is _ENFORCED:
                    row = queries.defaults.get(chip.name)
                    if row is None:
                        row = queries.defaults.put(chip.name, {})
                    row[country.code] = hit
            elif hit is not None:  # another chip or country of the same name: never its entry
                entry = self.entry(chip, country, known, basis, headquartered_in)
                cache[key] = entry  # the latest object asked about under this name
        else:
            # keyed on the knowledge day as read, not as written: "today" is the day it is now, so a process that
            # runs past midnight does not keep answering as known on the day it started
            known, capped = self.known(known_on) if known_on is not None else (None, False)
            key = (chip, country, known, basis, headquartered_in)
            cache = queries.raw
        if entry is None:
            try:
                entry = cache.get(key)
            except TypeError:
                entry = None
            if entry is None:
                entry = self.entry(chip, country, known, basis, headquartered_in)
                with contextlib.suppress(TypeError):
                    cache.put(key, entry)
        if type(date) is dt.date:
            day = date
        else:
            cached_day = queries.days.get(date) if type(date) is str and date != "today" else None
            if cached_day is None:
                day = parse_date(date, "date")
                if type(date) is str and date != "today":
                    queries.days.put(date, day)
            else:
                day = cached_day
        if not state.first <= day <= state.last or capped or strict:
            self.day(day, strict=strict)  # refuses what must be refused
        i = bisect.bisect_right(entry.starts, day) - 1
        status = entry.built[i]  # the statuses built so far
        if status is None:
            status = entry.statuses[i]
        notes = self.notes(day, capped)
        if notes:
            status = attrs.evolve(
                status, notes=notes, known_on=self._record.info.reviewed if capped else status.known_on
            )
        return status

    def explain_classification(
        self, chip: str | Chip, date: dt.date | str, /, *, known_on: dt.date | str | None = None
    ) -> Classification:
        """Which ECCN paragraph a chip meets on a day, every test run, and the margins.

        >>> import chipcontrols
        >>> c = chipcontrols.bundled().explain_classification("H20", "2024-06-01")
        >>> c.paragraph is None, c.determinate
        (True, True)
        """
        return classify(self._state.index, self.chip(chip), self.day(date), self.known(known_on)[0])

    def classify(
        self, chip: str | Chip, date: dt.date | str, /, *, known_on: dt.date | str | None = None
    ) -> str | None:
        """The ECCN paragraph (``"3A090.a"``) a chip meets on a day, or ``None``.

        Raises:
            UndeterminedClassificationError: the chip lacks a specification that decides it.

        >>> import chipcontrols
        >>> chipcontrols.bundled().classify("H100 SXM", "2023-11-17")
        '3A090.a'
        """
        result = self.explain_classification(chip, date, known_on=known_on)
        if not result.determinate:
            raise UndeterminedClassificationError(result.chip, result.date, result.missing)
        return result.paragraph

    # --------------------------------------------------------------- caches

    def cache_info(self) -> tuple[CacheInfo, ...]:
        """The size and limit of every cache this rulebook keeps (each is emptied when full).

        >>> import chipcontrols
        >>> all(c.entries <= c.limit for c in chipcontrols.bundled().cache_info())
        True
        """
        state = self._state
        maps = (*state.queries.maps, state.families, *state.compiled.caches, *state.index.caches)
        return tuple(CacheInfo(m.name, len(m), m.limit, m.clears) for m in maps)

    def clear_cache(self) -> None:
        """Empty every cache (answers are recomputed on demand; they do not change)."""
        state = self._state
        state.queries.clear()
        state.families.clear()
        for m in (*state.compiled.caches, *state.index.caches):
            m.clear()
