"""The ``Rulebook``: an immutable, validated record and the questions it answers."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from ._answer import REGIME_FIELDS, Change, Classification, HistoryEntry, Status
from ._bulk import Grid, gc_paused
from ._dates import Period, parse_date
from ._engine import Index, classify
from ._model import (
    Basis,
    Chip,
    ClassificationVersion,
    ComplianceDelay,
    Country,
    CountryGroup,
    Coverage,
    DestinationScope,
    ExceptionChange,
    Instrument,
    ItemScope,
    Merge,
    PartyScope,
    Replacement,
    ReviewPolicyChange,
    ScopeChange,
    Tier,
)
from ._names import ChipIndex, CountryIndex, all_countries
from ._tables import Events, History
from ._timeline import Compiled
from .errors import (
    InvalidArgumentError,
    InvalidRecordError,
    OutsideCoverageError,
    RecordProblem,
    UndeterminedClassificationError,
)

__all__ = ["CountryAlias", "Rulebook"]


@attrs.frozen(kw_only=True)
class CountryAlias:
    """An extra name for a country (``"UAE"`` for ``"AE"``)."""

    name: str
    code: str = attrs.field(validator=attrs.validators.matches_re(r"[A-Z]{2}"))


def _chips(values: Iterable[Chip]) -> tuple[Chip, ...]:
    return tuple(values)


def _groups(values: Iterable[CountryGroup]) -> tuple[CountryGroup, ...]:
    return tuple(values)


def _merges(values: Iterable[Merge]) -> tuple[Merge, ...]:
    return tuple(values)


def _criteria(values: Iterable[ClassificationVersion]) -> tuple[ClassificationVersion, ...]:
    return tuple(sorted(values, key=lambda v: v.start))


def _instruments(values: Iterable[Instrument]) -> tuple[Instrument, ...]:
    return tuple(sorted(values, key=lambda i: (i.known, i.id)))


def _aliases(values: Iterable[CountryAlias]) -> tuple[CountryAlias, ...]:
    return tuple(values)


def _origins(values: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(values)


def _basis(value: Basis | str) -> Basis:
    if isinstance(value, Basis):
        return value
    if isinstance(value, str):
        try:
            return Basis(value.lower())
        except ValueError:
            pass
        raise InvalidArgumentError("basis", value, "one of " + ", ".join(repr(b.value) for b in Basis))
    raise TypeError(f"basis: expected a chipcontrols.Basis or one of 'legal', 'compliance', 'enforced', got {value!r}")


_STATUS_FIELDS = frozenset({*REGIME_FIELDS, "level"})
_FAST_LIMIT = 100_000
_ENFORCED = Basis.ENFORCED
# period starts, statuses (built on demand), the chip and country, and the list of those built so far
_Entry = tuple[
    tuple[dt.date, ...], Sequence[Status], Chip, Country, list[Status | None]
]  # entries in the answer cache before it is cleared


class _State:
    """Derived lookups and caches of a rulebook: never part of its value.

    ``fast`` maps the raw arguments of a query (as passed, strings or objects) to the
    sorted period starts and statuses of that chip, destination and view, so that a
    warm query is a dictionary lookup and a binary search. Reads need no lock: a dict
    lookup is atomic, and entries are immutable once stored.
    """

    def __init__(self, book: Rulebook) -> None:
        self.index = Index(book.instruments, book.groups, book.merges, book.criteria)
        self.chips = ChipIndex(book.chips)
        self.countries = CountryIndex({a.name: a.code for a in book.country_aliases})
        self.compiled = Compiled(self.index, book.coverage.start, book.coverage.end)
        self.first = book.coverage.start
        self.last = book.coverage.end
        self.fast: dict[tuple[object, ...], _Entry] = {}
        self.typed: dict[tuple[object, ...], _Entry] = {}
        self.defaults: dict[str, dict[str, _Entry]] = {}  # chip name -> country code -> entry (default arguments)
        self.days: dict[str, dt.date] = {}


@attrs.frozen(kw_only=True)
class Rulebook:
    """An immutable record of instruments, groups, chips and criteria, and the questions it answers.

    Build one from parts (validated as a whole), load the bundled record with
    :func:`chipcontrols.bundled`, or extend one: ``book.with_instruments(...)``
    returns a new rulebook and leaves this one as it was.

    >>> import chipcontrols
    >>> book = chipcontrols.bundled()
    >>> book.status_at("2025-06-01", "H20", "CN").license_required
    True
    """

    coverage: Coverage
    chips: tuple[Chip, ...] = attrs.field(default=(), converter=_chips, repr=False)
    groups: tuple[CountryGroup, ...] = attrs.field(default=(), converter=_groups, repr=False)
    merges: tuple[Merge, ...] = attrs.field(default=(), converter=_merges, repr=False)
    criteria: tuple[ClassificationVersion, ...] = attrs.field(default=(), converter=_criteria, repr=False)
    instruments: tuple[Instrument, ...] = attrs.field(default=(), converter=_instruments, repr=False)
    country_aliases: tuple[CountryAlias, ...] = attrs.field(default=(), converter=_aliases, repr=False)
    origins: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_origins, eq=False, repr=False)
    _state: _State = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = validate(self)
        if problems:
            raise InvalidRecordError(problems)
        object.__setattr__(self, "_state", _State(self))

    def __repr__(self) -> str:
        return (
            f"<Rulebook {self.coverage.version}: {len(self.instruments)} instruments, "
            f"{len(self.chips)} chips, {len(self.groups)} groups, "
            f"{self.coverage.start.isoformat()} to {self.coverage.end.isoformat()}>"
        )

    # ------------------------------------------------------------ derivation

    def with_instruments(self, *instruments: Instrument) -> Rulebook:
        """A new rulebook with these instruments added (or replacing ones with the same id).

        >>> import chipcontrols
        >>> book = chipcontrols.bundled()
        >>> book.with_instruments() == book
        True
        """
        ids = {i.id for i in instruments}
        kept = [i for i in self.instruments if i.id not in ids]
        return attrs.evolve(self, instruments=[*kept, *instruments])

    def without_instruments(self, *ids: str) -> Rulebook:
        """A new rulebook without the instruments named (what-if questions)."""
        return attrs.evolve(self, instruments=[i for i in self.instruments if i.id not in set(ids)])

    def with_chips(self, *chips: Chip) -> Rulebook:
        """A new rulebook with these chips added to the catalogue (or replacing ones with the same name)."""
        names = {c.name for c in chips}
        return attrs.evolve(self, chips=[*(c for c in self.chips if c.name not in names), *chips])

    # ----------------------------------------------------------------- lookups

    def chip(self, name: str | Chip) -> Chip:
        """A catalogue chip by name or alias (case and separators ignored).

        >>> import chipcontrols
        >>> chipcontrols.bundled().chip("h-20").name
        'H20'
        """
        return self._state.chips.get(name)

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
        """A country group by id (``"D:5"``).

        Raises:
            InvalidArgumentError: no such group (the valid ids are listed).
        """
        for g in self.groups:
            if g.id.casefold() == group_id.casefold():
                return g
        raise InvalidArgumentError("group", group_id, "one of " + ", ".join(g.id for g in self.groups))

    def members(
        self, group_id: str, date: dt.date | str, /, *, known_on: dt.date | str | None = None
    ) -> tuple[Country, ...]:
        """The members of a group on a day, as known on ``known_on``.

        >>> import chipcontrols
        >>> "NI" in [c.code for c in chipcontrols.bundled().members("D:5", "2024-03-15")]
        True
        """
        from ._engine import in_group

        group = self.group(group_id)
        day = parse_date(date)
        known = None if known_on is None else parse_date(known_on, "known_on")
        index = self._state.index
        codes = sorted({m.country for m in group.members if in_group(index, group.id, m.country, day, known)[0]})
        by_code = {c.code: c for c in all_countries()}
        return tuple(by_code[c] for c in codes)

    def tiers_at(
        self, country: str | Country, date: dt.date | str, /, *, known_on: dt.date | str | None = None
    ) -> tuple[tuple[str, Tier], ...]:
        """The tier a destination is in under each tiered framework in the law on a day.

        Returns ``(instrument id, tier)`` pairs; a framework counts from its effective date
        (as known on ``known_on``), whatever its compliance or enforcement, and until it
        is rescinded or expires (its first provision's state is used).

        >>> import chipcontrols
        >>> [(i, t.name) for i, t in chipcontrols.bundled().tiers_at("IN", "2025-06-01")]
        [('2025-01-ai-diffusion', 'Tier 2')]
        >>> chipcontrols.bundled().tiers_at("IN", "2024-06-01")
        ()
        """
        from ._engine import match_destination, provision_state, resolve_destination

        day = self._day(date, "date")
        known = self._known(known_on)
        index = self._state.index
        code, _ = resolve_destination(index, self.country(country).code, day, known)
        out = []
        for inst in self.instruments:
            if not inst.tiers or not index.visible(inst.id, known) or inst.in_effect_from > day:
                continue
            refs = [r for r in index.provisions if r.instrument.id == inst.id]
            if refs and not provision_state(index, refs[0], day, known).in_law:
                continue
            for tier in inst.tiers:
                if match_destination(index, tier.destinations, code, day, known)[0]:
                    out.append((inst.id, tier))
                    break
        return tuple(out)

    def instrument(self, instrument_id: str) -> Instrument:
        """An instrument by id.

        Raises:
            InvalidArgumentError: no such instrument.
        """
        inst = self._state.index.instruments.get(instrument_id)
        if inst is None:
            import difflib

            close = difflib.get_close_matches(instrument_id, list(self._state.index.instruments), n=4)
            raise InvalidArgumentError(
                "instrument",
                instrument_id,
                "an instrument id" + ("; close matches: " + ", ".join(close) if close else ""),
            )
        return inst

    def timeline(self, *, start: dt.date | str | None = None, end: dt.date | str | None = None) -> Events:
        """The record's instruments in the order they became public, optionally within ``[start, end)``.

        The result is a read-only sequence of instruments with ``records()``, ``to_dataframe()``
        and an HTML table for notebooks.
        """
        lo = None if start is None else parse_date(start, "start")
        hi = None if end is None else parse_date(end, "end")
        return Events(
            tuple(i for i in self.instruments if (lo is None or i.known >= lo) and (hi is None or i.known < hi))
        )

    # ----------------------------------------------------------------- queries

    def _day(self, value: dt.date | str, argument: str) -> dt.date:
        day = parse_date(value, argument)
        if not self.coverage.start <= day <= self.coverage.end:
            raise OutsideCoverageError(day, self.coverage.start, self.coverage.end)
        return day

    def _known(self, value: dt.date | str | None) -> dt.date | None:
        return None if value is None else parse_date(value, "known_on")

    def _hq(self, value: str | Country | None) -> str | None:
        return None if value is None else self.country(value).code

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
    ) -> Status:
        """The regime that applied to ``chip`` shipped to ``country`` on ``date``.

        Args:
            date: the day asked about (valid time).
            chip: a catalogue name or alias, or a ``Chip``.
            country: an ISO code or name, or a ``Country``.
            known_on: answer from what was public on this day (default: the whole record).
            basis: ``"legal"``, ``"compliance"`` or ``"enforced"`` (default).
            headquartered_in: where the buyer (or its ultimate parent) is headquartered;
                without it, headquarters rules are reported as caveats.

        Returns:
            The :class:`Status` holding on ``date``.

        Raises:
            OutsideCoverageError: ``date`` is outside the record's coverage.
            UnknownChipError: ``chip`` is not in the catalogue.
            UnknownCountryError: ``country`` or ``headquartered_in`` is not a known country.
            AmbiguousInputError: a name matches more than one chip or country.
            InvalidDateError: ``date`` or ``known_on`` is not a date or a ``YYYY-MM-DD`` string.
            InvalidArgumentError: ``basis`` is not legal, compliance or enforced.

        >>> import chipcontrols
        >>> book = chipcontrols.bundled()
        >>> book.status_at("2025-06-01", "H100", "IN").license_required
        False
        >>> book.status_at("2025-06-01", "H100", "IN", known_on="2025-02-01").tier
        'Tier 2'
        """
        state = self._state
        entry = None
        if type(chip) is Chip and type(country) is Country:
            if known_on is None and headquartered_in is None and basis is _ENFORCED and type(date) is dt.date:
                # the commonest call: two lookups on names (hashed in C), no tuple built
                row = state.defaults.get(chip.name)
                hit = row.get(country.code) if row is not None else None
                if hit is not None and hit[2] is chip and hit[3] is country and state.first <= date <= state.last:
                    i = bisect.bisect_right(hit[0], date) - 1
                    status = hit[4][i]
                    return status if status is not None else hit[1][i]
            # typed inputs: key on the names (hashed in C) and check the objects on a hit
            key: tuple[object, ...] = (chip.name, country.code, known_on, basis, headquartered_in)
            cache = state.typed
            try:
                hit = cache.get(key)
            except TypeError:  # an unhashable argument: the slow path names the problem
                hit = None
            if hit is not None and (hit[2] is chip or hit[2] == chip) and (hit[3] is country or hit[3] == country):
                entry = hit
                if known_on is None and headquartered_in is None and basis is _ENFORCED:
                    state.defaults.setdefault(chip.name, {})[country.code] = hit
        else:
            key = (chip, country, known_on, basis, headquartered_in)
            cache = state.fast
            with contextlib.suppress(TypeError):
                entry = cache.get(key)
        if entry is None:
            entry = self._entry(chip, country, known_on, basis, headquartered_in)
            try:
                if len(cache) >= _FAST_LIMIT:
                    cache.clear()
                cache[key] = entry
            except TypeError:
                pass
        if type(date) is dt.date:
            day = date
        else:
            cached_day = state.days.get(date) if type(date) is str else None
            if cached_day is None:
                day = parse_date(date, "date")
                if type(date) is str and len(state.days) < _FAST_LIMIT:
                    state.days[date] = day
            else:
                day = cached_day
        if not state.first <= day <= state.last:
            raise OutsideCoverageError(day, state.first, state.last)
        i = bisect.bisect_right(entry[0], day) - 1
        status = entry[4][i]  # the statuses built so far
        return status if status is not None else entry[1][i]

    def _entry(
        self,
        chip: str | Chip,
        country: str | Country,
        known_on: dt.date | str | None,
        basis: Basis | str,
        headquartered_in: str | Country | None,
    ) -> _Entry:
        """Validate a query's arguments and return the periods and statuses it reads."""
        the_chip = self.chip(chip)
        the_country = self.country(country)
        known = self._known(known_on)
        tl, statuses = self._state.compiled.statuses(
            the_chip, the_country, _basis(basis), known, self._hq(headquartered_in)
        )
        return (tl.starts, statuses, the_chip, the_country, statuses.built)

    def grid(
        self,
        dates: Sequence[dt.date | str],
        chips: Sequence[str | Chip] | None = None,
        countries: Sequence[str | Country] | None = None,
        *,
        known_on: dt.date | str | None = None,
        basis: Basis | str = Basis.ENFORCED,
        headquartered_in: str | Country | None = None,
    ) -> Grid:
        """The statuses of every date x chip x destination (default: the whole catalogue and every country).

        Args:
            dates: the days asked about (any order; the grid holds them sorted, without repeats).
            chips: names, aliases or ``Chip`` objects (default: the catalogue).
            countries: codes, names or ``Country`` objects (default: every ISO 3166-1 country).

        >>> import chipcontrols
        >>> from chipcontrols import months
        >>> g = chipcontrols.bundled().grid(months("2022-01-01", "2022-12-31"), ["A100"], ["CN"])
        >>> [s.license_required for _, _, _, s in g]
        [False, False, False, False, False, False, False, False, True, True, True, True]
        """
        days = sorted({parse_date(d, "dates") for d in dates})
        for day in days:
            if not self.coverage.start <= day <= self.coverage.end:
                raise OutsideCoverageError(day, self.coverage.start, self.coverage.end)
        the_chips = [self.chip(c) for c in chips] if chips is not None else list(self.chips)
        the_countries = [self.country(c) for c in countries] if countries is not None else list(all_countries())
        with gc_paused():  # many lasting, acyclic objects at once: the cyclic collector has nothing to find
            pairs = [
                self._entry(chip, country, known_on, basis, headquartered_in)
                for chip in the_chips
                for country in the_countries
            ]
            return Grid(days, the_chips, the_countries, pairs, chip_of=self.chip, country_of=self.country)

    def explain_classification(
        self, chip: str | Chip, date: dt.date | str, /, *, known_on: dt.date | str | None = None
    ) -> Classification:
        """Which ECCN paragraph a chip meets on a day, every test run, and the margins.

        >>> import chipcontrols
        >>> c = chipcontrols.bundled().explain_classification("H20", "2024-06-01")
        >>> c.paragraph is None, c.determinate
        (True, True)
        """
        return classify(self._state.index, self.chip(chip), self._day(date, "date"), self._known(known_on))

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

    def history(
        self,
        chip: str | Chip,
        country: str | Country,
        /,
        *,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        known_on: dt.date | str | None = None,
        basis: Basis | str = Basis.ENFORCED,
        headquartered_in: str | Country | None = None,
        by: Sequence[str] | None = None,
    ) -> History:
        """Coalesced periods ``[start, end)`` with the status over each and what began it.

        The result is a read-only sequence of :class:`HistoryEntry` with ``records()``,
        ``to_dataframe()`` and an HTML table for notebooks.

        ``start`` and ``end`` default to the record's coverage; ``end`` is exclusive, and a
        window reaching past the coverage is refused (:class:`OutsideCoverageError`).
        A new period begins whenever anything in the answer changes (caveats included).
        ``by`` names the :class:`Status` fields you care about (e.g. ``("level",)``):
        neighbouring periods equal in those fields are merged, and each merged entry keeps
        the status and causes of its first period.

        >>> import chipcontrols
        >>> h = chipcontrols.bundled().history("A100", "CN", start="2022-01-01", end="2023-01-01", by=["level"])
        >>> [(str(e.period), e.status.level.value) for e in h]  # doctest: +NORMALIZE_WHITESPACE
        [('[2022-01-01, 2022-08-26)', 'no-license-required'), ('[2022-08-26, 2022-10-21)', 'license-required'),
         ('[2022-10-21, 2023-01-01)', 'presumption-of-denial')]
        """
        lo = self.coverage.start if start is None else self._day(start, "start")
        after = self.coverage.end + dt.timedelta(days=1)
        hi = after if end is None else parse_date(end, "end")
        if hi > after:
            raise OutsideCoverageError(hi - dt.timedelta(days=1), self.coverage.start, self.coverage.end)
        if hi <= lo:
            raise InvalidArgumentError("end", hi, f"a day after start ({lo.isoformat()})")
        fields = tuple(by or ())
        for f in fields:
            if f not in _STATUS_FIELDS:
                raise InvalidArgumentError("by", f, "Status fields: " + ", ".join(sorted(_STATUS_FIELDS)))
        the_chip = self.chip(chip)
        the_country = self.country(country)
        tl, statuses = self._state.compiled.statuses(
            the_chip, the_country, _basis(basis), self._known(known_on), self._hq(headquartered_in)
        )
        out: list[HistoryEntry] = []
        for i, status in enumerate(statuses):
            p = status.period
            assert p.end is not None
            if p.end <= lo or p.start >= hi:
                continue
            clipped = Period(max(p.start, lo), min(p.end, hi))
            causes = tl.causes[i] if p.start >= lo else ()
            if by is not None and out and all(getattr(out[-1].status, f) == getattr(status, f) for f in fields):
                out[-1] = attrs.evolve(out[-1], period=Period(out[-1].period.start, clipped.end))
                continue
            out.append(HistoryEntry(period=clipped, status=status, caused_by=causes))
        return History(the_chip, the_country, tuple(out))

    def diff(
        self,
        date_a: dt.date | str,
        date_b: dt.date | str,
        /,
        *,
        chips: Sequence[str | Chip] | None = None,
        countries: Sequence[str | Country] | None = None,
        known_on: dt.date | str | None = None,
        basis: Basis | str = Basis.ENFORCED,
    ) -> tuple[Change, ...]:
        """What changed between two days, for each chip and destination, and which instruments changed it.

        ``Change.instruments`` names the instruments that began the steps, between the two
        days, at which one of the changed fields changed (not those that only touched a caveat).

        >>> import chipcontrols
        >>> [str(c) for c in chipcontrols.bundled().diff("2023-11-16", "2023-11-17", chips=["H20"], countries=["CN"])]
        []
        """
        a, b = self._day(date_a, "date_a"), self._day(date_b, "date_b")
        the_chips = [self.chip(c) for c in chips] if chips is not None else list(self.chips)
        the_countries = [self.country(c) for c in countries] if countries is not None else list(all_countries())
        fields = (
            "license_required",
            "review_policy",
            "exceptions",
            "classification",
            "tier",
            "licenses",
        )
        lo, hi = min(a, b), max(a, b)
        out = []
        for chip in the_chips:
            for country in the_countries:
                before = self.status_at(a, chip, country, known_on=known_on, basis=basis)
                after = self.status_at(b, chip, country, known_on=known_on, basis=basis)
                changed = tuple(f for f in fields if getattr(before, f) != getattr(after, f))
                if not changed:
                    continue
                causes: list[str] = []
                # the steps in between at which one of the changed fields changed, and what began them
                for entry in self.history(
                    chip,
                    country,
                    start=lo,
                    end=hi + dt.timedelta(days=1),
                    known_on=known_on,
                    basis=basis,
                    by=changed,
                ):
                    if lo < entry.period.start <= hi:
                        causes.extend(c for c in entry.caused_by if c not in causes)
                out.append(
                    Change(
                        chip=chip.name,
                        country=country.code,
                        before=before,
                        after=after,
                        fields=changed,
                        instruments=tuple(causes),
                    )
                )
        return tuple(out)


# ---------------------------------------------------------------------- validation


def _scopes(
    inst: Instrument,
) -> Iterable[tuple[str, ItemScope | None, DestinationScope | None, PartyScope | None]]:
    for p in inst.provisions:
        yield f"provisions[{p.id}]", p.items, p.destinations, p.parties
    for n, a in enumerate(inst.amendments):
        if isinstance(a, ScopeChange):
            yield f"amendments[{n}]", a.items, a.destinations, a.parties
        if isinstance(a, ReviewPolicyChange | ExceptionChange):
            yield f"amendments[{n}]", a.within_items, a.within_destinations, None
    for lic in inst.licenses:
        yield f"licenses[{lic.id}]", ItemScope(products=lic.products), lic.destinations, None
    for tier in inst.tiers:
        yield f"tiers[{tier.name}]", None, tier.destinations, None


def validate(book: Rulebook) -> list[RecordProblem]:
    """Every cross-reference problem in a rulebook: dangling ids, unknown codes, duplicates."""
    problems: list[RecordProblem] = []
    origins = dict(book.origins)
    codes = {c.code for c in all_countries()}
    group_ids = [g.id for g in book.groups]
    inst_ids = [i.id for i in book.instruments]
    chip_names = {c.name for c in book.chips}

    def add(where: str, path: str, message: str) -> None:
        problems.append(RecordProblem(origins.get(where, where), path, message))

    for dup in sorted({i for i in inst_ids if inst_ids.count(i) > 1}):
        add(f"instrument:{dup}", "$.id", f"duplicate instrument id {dup!r}")
    for dup in sorted({g for g in group_ids if group_ids.count(g) > 1}):
        add("groups", "$.group", f"duplicate group id {dup!r}")
    names = [c.name for c in book.chips]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        add("chips", "$.chip", f"duplicate chip name {dup!r}")
    for key, owners in ChipIndex(book.chips).duplicates().items():
        if len(set(owners)) > 1:
            add(
                "chips",
                "$.chip",
                f"name or alias {key!r} is shared by {', '.join(sorted(set(owners)))}",
            )
    instruments = {i.id: i for i in book.instruments}
    known_groups = set(group_ids)

    def check_ref(where: str, path: str, instrument_id: str | None) -> None:
        if instrument_id is not None and instrument_id not in instruments:
            add(where, path, f"refers to unknown instrument {instrument_id!r}")

    for g in book.groups:
        for n, m in enumerate(g.members):
            path = f"$.group[{g.id}].members[{n}]"
            if m.country not in codes:
                add("groups", path + ".country", f"unknown ISO 3166-1 code {m.country!r}")
            check_ref("groups", path + ".added_by", m.added_by)
            check_ref("groups", path + ".removed_by", m.removed_by)
            if m.start is not None and m.added_by is None and m.start > book.coverage.start:
                add(
                    "groups",
                    path + ".added_by",
                    "a membership that starts inside coverage needs added_by",
                )
            if m.end is not None and m.removed_by is None:
                add("groups", path + ".removed_by", "a membership that ends needs removed_by")
    for n, merge in enumerate(book.merges):
        for code in (merge.code, merge.into):
            if code not in codes:
                add("countries", f"$.merge[{n}]", f"unknown ISO 3166-1 code {code!r}")
        check_ref("countries", f"$.merge[{n}].instrument", merge.instrument)
    for n, alias in enumerate(book.country_aliases):
        if alias.code not in codes:
            add("countries", f"$.alias[{n}].code", f"unknown ISO 3166-1 code {alias.code!r}")
    for v in book.criteria:
        check_ref("criteria", f"$.version[{v.id}].instrument", v.instrument)
        for para in v.paragraphs:
            check_ref("criteria", f"$.version[{v.id}].paragraphs[{para.prong}].instrument", para.instrument)
    for inst in book.instruments:
        where = f"instrument:{inst.id}"
        for path, items, dests, parties in _scopes(inst):
            if items is not None:
                for product in sorted(items.products | items.exclude_products):
                    if product not in chip_names:
                        add(where, f"$.{path}.items.products", f"unknown chip {product!r}")
            if dests is not None:
                for c in sorted(dests.countries | dests.except_countries):
                    if c not in codes:
                        add(where, f"$.{path}.destinations", f"unknown ISO 3166-1 code {c!r}")
                for gid in sorted(dests.groups | dests.except_groups):
                    if gid not in known_groups:
                        add(where, f"$.{path}.destinations", f"unknown country group {gid!r}")
                if not (dests.everywhere or dests.countries or dests.groups):
                    add(where, f"$.{path}.destinations", "covers no destination")
            if parties is not None:
                for gid in sorted(parties.headquartered_in_groups):
                    if gid not in known_groups:
                        add(where, f"$.{path}.parties", f"unknown country group {gid!r}")
                for c in sorted(parties.headquartered_in_countries):
                    if c not in codes:
                        add(where, f"$.{path}.parties", f"unknown ISO 3166-1 code {c!r}")
        for p in inst.provisions:
            if not (p.items.all_items or p.items.classifications or p.items.products):
                add(
                    where,
                    f"$.provisions[{p.id}].items",
                    "covers no item: give classifications, products or all_items = true",
                )
            eff = p.effective or inst.effective
            if p.expires and eff and p.expires <= eff:
                add(where, f"$.provisions[{p.id}].expires", "expires on or before it takes effect")
        if inst.expires and inst.effective and inst.expires <= inst.effective:
            add(where, "$.expires", "expires on or before it takes effect")
        if (
            inst.published
            and inst.effective
            and inst.effective < inst.published
            and inst.announced is None
            and not inst.date_notes
        ):
            add(
                where,
                "$.date_notes",
                "takes effect before it was published or announced: say why in date_notes",
            )
        seen: dict[tuple[str, str, dt.date], int] = {}
        for n, a in enumerate(inst.amendments):
            path = f"$.amendments[{n}]"
            target_inst = a.target.split("/")[0]
            if target_inst not in instruments:
                add(where, path + ".target", f"refers to unknown instrument {target_inst!r}")
            elif "/" in a.target:
                pid = a.target.split("/")[1]
                if pid not in {p.id for p in instruments[target_inst].provisions}:
                    add(
                        where,
                        path + ".target",
                        f"instrument {target_inst!r} has no provision {pid!r}",
                    )
            elif not instruments[target_inst].provisions:
                add(
                    where,
                    path + ".target",
                    f"instrument {target_inst!r} has no provisions to amend",
                )
            if target_inst == inst.id:
                add(where, path + ".target", "an instrument cannot amend itself")
            if isinstance(a, Replacement) and a.by not in {p.id for p in inst.provisions}:
                add(where, path + ".by", f"no provision {a.by!r} in this instrument")
            if not isinstance(a, ComplianceDelay):
                start = getattr(a, "start", None) or inst.effective
                end = getattr(a, "end", None)
                if start and end and end <= start:
                    add(where, path + ".end", f"ends ({end}) on or before it starts ({start})")
                if (
                    isinstance(a, ReviewPolicyChange | ExceptionChange)
                    and a.within_items is None
                    and a.within_destinations is None
                    and start
                ):
                    sig = (type(a).__name__, a.target, start)
                    if sig in seen:
                        add(
                            where,
                            path,
                            f"contradicts amendments[{seen[sig]}] on the same provision and day",
                        )
                    seen[sig] = n
        for lic in inst.licenses:
            start = lic.start or inst.effective
            if lic.end and start and lic.end <= start:
                add(where, f"$.licenses[{lic.id}].end", "ends on or before it starts")
    problems.extend(_cross_instrument_contradictions(book, origins))
    return problems


def _cross_instrument_contradictions(book: Rulebook, origins: dict[str, str]) -> list[RecordProblem]:
    """Two instruments changing the same provision's policy, without sub-scope, from the same day."""
    seen: dict[tuple[str, str, dt.date], str] = {}
    out = []
    for inst in book.instruments:
        for a in inst.amendments:
            if (
                isinstance(a, ReviewPolicyChange | ExceptionChange)
                and a.within_items is None
                and a.within_destinations is None
            ):
                start = a.start or inst.effective
                if start is None:
                    continue
                sig = (type(a).__name__, a.target, start)
                other = seen.get(sig)
                if other is not None and other != inst.id:
                    where = f"instrument:{inst.id}"
                    out.append(
                        RecordProblem(
                            origins.get(where, where),
                            "$.amendments",
                            f"contradicts {other!r}: both change {a.target!r} from {start}",
                        )
                    )
                seen[sig] = inst.id
    return out
