"""Generated records for property tests: small synthetic rulebooks over a two-year window.

Part of :mod:`chipcontrols.strategies` (which exports every public name here); needs hypothesis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
from hypothesis import strategies as st

from ._dates import Period
from ._model import (
    Amendment,
    Basis,
    Chip,
    Citation,
    ComplianceDelay,
    Country,
    CountryGroup,
    CriteriaVersion,
    DestinationScope,
    ExceptionChange,
    Exclusion,
    Instrument,
    InstrumentKind,
    ItemScope,
    License,
    LicenseException,
    Membership,
    Merge,
    NonEnforcement,
    Op,
    Paragraph,
    PartyScope,
    Provision,
    RecordInfo,
    Replacement,
    Rescission,
    ReviewPolicy,
    ReviewPolicyChange,
    ScopeChange,
    Source,
    Spec,
    Suspension,
    Threshold,
    Tier,
)
from ._names import all_countries
from ._record import Record
from ._rulebook import Rulebook
from .errors import InvalidArgumentError, InvalidTypeError, UnknownCountryError

#: First and last day of generated rulebooks (their start and review day).
FIRST = dt.date(2020, 1, 1)
LAST = dt.date(2021, 12, 31)
#: Destinations used by generated rulebooks (Hong Kong merges into China in some).
COUNTRY_POOL = ("CN", "HK", "MO", "IN", "DE", "RU")
_GROUPS = ("G:1", "G:2")
_CLASSES = ("3A090.a", "3A090.b", "3A090")


def dates(first: dt.date = FIRST, last: dt.date = LAST) -> st.SearchStrategy[dt.date]:
    """Days in ``[first, last]`` (by default the window of generated rulebooks; for the bundled
    record use :func:`chipcontrols.strategies.record_dates`)."""
    for name, value in (("first", first), ("last", last)):
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise InvalidTypeError("", name, value, "a datetime.date")
    if last < first:
        raise InvalidArgumentError("last", last, f"a day on or after first ({first})")
    return st.dates(min_value=first, max_value=last)


@st.composite
def periods(draw: st.DrawFn, first: dt.date = FIRST, last: dt.date = LAST) -> Period:
    """Valid periods ``[start, end)`` inside ``[first, last]``, some open-ended."""
    start = draw(dates(first, last - dt.timedelta(days=1)))
    end = draw(st.none() | dates(start + dt.timedelta(days=1), last))
    return Period(start, end)


@st.composite
def memberships(draw: st.DrawFn) -> Membership:
    """Standing or dated memberships of a country (dated ones name no instrument: for a group built by hand)."""
    country = draw(countries(COUNTRY_POOL)).code
    if draw(st.booleans()):
        return Membership(country=country)
    p = draw(periods())
    return Membership(country=country, start=p.start, end=p.end)


def provisions(chip_names: Sequence[str] = ()) -> st.SearchStrategy[Provision]:
    """Provisions over the generated window, scoped to the pool's countries and to ``chip_names``."""
    return _provisions("p", chip_names, _GROUPS, FIRST, LAST)


def bases() -> st.SearchStrategy[Basis]:
    """One of the three bases."""
    return st.sampled_from(list(Basis))


def review_policies() -> st.SearchStrategy[ReviewPolicy | None]:
    """A review policy, or (less often) ``None``."""
    return st.sampled_from(list(ReviewPolicy)) | st.none()


def countries(pool: Sequence[str] | None = None) -> st.SearchStrategy[Country]:
    """Countries, from ``pool`` (ISO alpha-2 codes) or from all of ISO 3166-1."""
    every = {c.code: c for c in all_countries()}
    if pool is None:
        return st.sampled_from([every[c] for c in sorted(every)])
    if isinstance(pool, str) or not isinstance(pool, Sequence):
        raise InvalidTypeError("", "pool", pool, "a list of ISO alpha-2 codes, e.g. ['CN', 'IN']")
    for code in pool:
        if code not in every:
            raise UnknownCountryError(str(code), [c for c in every if isinstance(code, str) and c == code.upper()])
    if not pool:
        raise InvalidArgumentError("pool", pool, "at least one code")
    return st.sampled_from([every[c] for c in pool])


_positive = st.floats(min_value=1.0, max_value=40000.0, allow_nan=False, allow_infinity=False)


@st.composite
def chips(draw: st.DrawFn, *, name: str | None = None, complete: bool = False) -> Chip:
    """User-defined chips; some specifications may be unknown unless ``complete``."""
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise InvalidArgumentError("name", name, "a non-empty chip name")

    def maybe(strategy: st.SearchStrategy[float]) -> float | None:
        return draw(strategy) if complete else draw(st.none() | strategy)

    chip_name = name or draw(st.from_regex(r"[A-Z][a-z0-9]{1,6}", fullmatch=True))
    return Chip(
        name=chip_name,
        datacenter=draw(st.booleans()) if complete else draw(st.none() | st.booleans()),
        tpp=maybe(_positive),
        die_area_mm2=maybe(st.floats(min_value=50.0, max_value=2500.0)),
        io_bandwidth_gbps=maybe(st.floats(min_value=10.0, max_value=2000.0)),
        memory_bandwidth_gbps=maybe(st.floats(min_value=100.0, max_value=10000.0)),
    )


def _citation(short: str) -> Citation:
    return Citation(short=short)


_SOURCE = (Source(title="generated for a property test", grade="S"),)


@st.composite
def _item_scopes(draw: st.DrawFn, chip_names: Sequence[str]) -> ItemScope:
    kind = draw(st.sampled_from(["class", "class", "products", "all", "bounds"]))
    if kind == "all":
        return ItemScope(all_items=True)
    if kind == "products" and chip_names:
        return ItemScope(products=draw(st.sets(st.sampled_from(list(chip_names)), min_size=1)))
    if kind == "bounds":
        return ItemScope(
            classifications=draw(st.sets(st.sampled_from(_CLASSES), min_size=1)),
            bounds=(Threshold(spec=Spec.TPP, op=Op.LT, value=draw(st.sampled_from([3000, 10000, 21000]))),),
        )
    return ItemScope(
        classifications=draw(st.sets(st.sampled_from(_CLASSES), min_size=1)),
        datacenter=draw(st.none() | st.booleans()),
    )


@st.composite
def _destination_scopes(draw: st.DrawFn, groups: Sequence[str]) -> DestinationScope:
    if draw(st.booleans()) and groups:
        return DestinationScope(
            groups=draw(st.sets(st.sampled_from(list(groups)), min_size=1)),
            countries=draw(st.sets(st.sampled_from(COUNTRY_POOL), max_size=1)),
            except_countries=draw(st.sets(st.sampled_from(COUNTRY_POOL), max_size=1)),
        )
    if draw(st.integers(0, 4)) == 0:
        excepted = draw(st.sets(st.sampled_from(list(groups)), max_size=1)) if groups else frozenset()
        return DestinationScope(
            everywhere=True,
            except_groups=excepted,
            keep_groups=(
                draw(st.sets(st.sampled_from([g for g in groups if g not in excepted]), max_size=1))
                if excepted and len(groups) > 1
                else frozenset()
            ),
        )
    return DestinationScope(countries=draw(st.sets(st.sampled_from(COUNTRY_POOL), min_size=1)))


@st.composite
def _provisions(
    draw: st.DrawFn, pid: str, chip_names: Sequence[str], groups: Sequence[str], start: dt.date, last: dt.date
) -> Provision:
    parties = None
    if draw(st.integers(0, 5)) == 0:
        parties = PartyScope(headquartered_in_countries=draw(st.sets(st.sampled_from(COUNTRY_POOL), min_size=1)))
    effective = draw(st.none() | dates(start, last))
    compliance = draw(st.none() | dates(effective or start, last))
    return Provision(
        id=pid,
        title=f"provision {pid}",
        items=draw(_item_scopes(chip_names)),
        destinations=draw(_destination_scopes(groups)),
        parties=parties,
        review_policy=draw(review_policies()),
        exceptions=draw(
            st.sets(st.sampled_from([LicenseException.NAC, LicenseException.ACA, LicenseException.LPP]), max_size=2)
        ),
        tier=draw(st.none() | st.sampled_from(["Tier 1", "Tier 2"])),
        effective=effective,
        compliance=compliance,
        uncertain=draw(st.none() | st.just("generated uncertainty")) if draw(st.integers(0, 6)) == 0 else None,
    )


@st.composite
def amendments(
    draw: st.DrawFn,
    targets: Sequence[str],
    *,
    start: dt.date,
    last: dt.date = LAST,
    own_provisions: Sequence[str] = (),
    groups: Sequence[str] = (),
    chip_names: Sequence[str] = (),
) -> Amendment:
    """An amendment of one of ``targets`` that acts in ``[start, last]``."""
    if not targets:
        raise InvalidArgumentError("targets", targets, "at least one provision or instrument to amend")
    if last < start + dt.timedelta(days=2):
        raise InvalidArgumentError("last", last, f"a day at least two days after start ({start})")
    target = draw(st.sampled_from(list(targets)))
    when = draw(dates(start, last - dt.timedelta(days=2)))
    kinds = ["rescission", "suspension", "non-enforcement", "review", "exceptions", "scope", "delta", "delay"]
    if own_provisions:
        kinds.append("replacement")
    kind = draw(st.sampled_from(kinds))
    if kind == "rescission":
        return Rescission(target=target, start=when)
    if kind == "suspension":
        return Suspension(target=target, start=when, end=draw(dates(when + dt.timedelta(days=1), last)))
    if kind == "non-enforcement":
        end = draw(st.none() | dates(when + dt.timedelta(days=1), last))
        return NonEnforcement(target=target, start=when, end=end)
    if kind == "review":
        return ReviewPolicyChange(
            target=target,
            start=when,
            review_policy=draw(st.sampled_from(list(ReviewPolicy))),
            within_destinations=draw(st.none() | _destination_scopes(groups)),
            conditions=draw(st.sampled_from([(), ("a condition the model cannot check",)])),
        )
    if kind == "exceptions":
        return ExceptionChange(
            target=target,
            start=when,
            exceptions=draw(st.sets(st.sampled_from([LicenseException.NAC, LicenseException.ACA]), max_size=2)),
            within_items=draw(st.none() | _item_scopes(chip_names)),
        )
    if kind == "scope":
        return ScopeChange(target=target, start=when, destinations=draw(_destination_scopes(groups)))
    if kind == "delta":
        added = draw(st.sets(st.sampled_from(COUNTRY_POOL), max_size=2)) or {"IN"}
        removed = draw(st.sets(st.sampled_from(COUNTRY_POOL), max_size=1)) - added
        return ScopeChange(target=target, start=when, add_countries=added, remove_countries=removed)
    if kind == "delay":
        return ComplianceDelay(target=target, compliance=when)
    return Replacement(target=target, start=when, by=draw(st.sampled_from(list(own_provisions))))


_TIERS = (
    Tier(name="Tier 1", rank=1, destinations=DestinationScope(everywhere=True)),
    Tier(name="Tier 2", rank=2, destinations=DestinationScope(everywhere=True)),
)


@st.composite
def instruments(
    draw: st.DrawFn,
    *,
    id: str = "generated",
    earliest: dt.date = FIRST,
    latest: dt.date = LAST,
    known_from: dt.date | None = None,
    chip_names: Sequence[str] = (),
    groups: Sequence[str] = (),
    targets: Sequence[str] = (),
) -> Instrument:
    """An instrument effective in ``[earliest, latest - 3 days]``; public no earlier than ``known_from`` if given.

    Its amendments (when ``targets`` names provisions to amend) act no earlier than its effective
    date, so adding it changes nothing before then. Pass ``earliest`` and ``latest`` inside your
    record's days (e.g. the bundled record's) to draw what-if instruments for it.
    """
    if latest < earliest + dt.timedelta(days=3):
        raise InvalidArgumentError("latest", latest, f"a day at least three days after earliest ({earliest})")
    effective = draw(dates(earliest, latest - dt.timedelta(days=3)))
    lo = earliest if known_from is None else max(known_from, earliest)
    announced = draw(dates(min(lo, latest), latest))
    n = draw(st.integers(0 if targets else 1, 3))
    pids = [f"p{i}" for i in range(n)]
    provisions = [draw(_provisions(pid, chip_names, groups, effective, latest)) for pid in pids]
    amends: list[Amendment] = []
    wants_amendments: bool = bool(targets) and draw(st.booleans())
    if wants_amendments:
        amends = [
            draw(
                amendments(
                    targets, start=effective, last=latest, own_provisions=pids, groups=groups, chip_names=chip_names
                )
            )
            for _ in range(draw(st.integers(1, 2)))
        ]
    licenses: list[License] = []
    if chip_names and draw(st.integers(0, 4)) == 0:
        licenses = [
            License(
                id="lic",
                holder="Holder",
                products=frozenset(draw(st.sets(st.sampled_from(list(chip_names)), min_size=1))),
                destinations=draw(_destination_scopes(groups)),
                start=draw(st.none() | dates(effective, latest)),
            )
        ]
    if not provisions and not amends and not licenses:
        provisions = [draw(_provisions("p0", chip_names, groups, effective, latest))]
    return Instrument(
        id=id,
        kind=draw(st.sampled_from([InstrumentKind.RULE, InstrumentKind.LETTER])),
        title=f"instrument {id}",
        citation=_citation(f"FR {id}"),
        summary="generated",
        announced=announced,
        effective=effective,
        compliance=draw(st.none() | dates(effective, latest)),
        expires=draw(st.none() | dates(effective + dt.timedelta(days=1), latest))
        if draw(st.integers(0, 4)) == 0
        else None,
        provisions=provisions,
        amendments=amends,
        licenses=licenses,
        tiers=_TIERS if any(p.tier for p in provisions) else (),
        sources=_SOURCE,
        date_notes="generated",
    )


def _without_contradictions(inst: Instrument, taken: set[tuple[str, str, dt.date]]) -> Instrument:
    """Drop unconditional policy or exception changes that would contradict one already drawn."""
    kept: list[Amendment] = []
    for a in inst.amendments:
        if isinstance(a, ReviewPolicyChange | ExceptionChange) and not (a.within_items or a.within_destinations):
            signature = (a.KIND, a.target, a.start_in(inst))
            if signature in taken:
                continue
            taken.add(signature)
        kept.append(a)
    return attrs.evolve(inst, amendments=kept)


_CRITERIA_TESTS = (
    Paragraph(code="3A090.a", prong="3A090.a.1", tests=(Threshold(spec=Spec.TPP, op=Op.GE, value=4800),)),
    Paragraph(
        code="3A090.a",
        prong="3A090.a.2",
        tests=(
            Threshold(spec=Spec.TPP, op=Op.GE, value=1600),
            Threshold(spec=Spec.PERFORMANCE_DENSITY, op=Op.GE, value=5.92),
        ),
    ),
    Paragraph(
        code="3A090.b",
        prong="3A090.b.2",
        tests=(
            Threshold(spec=Spec.TPP, op=Op.GE, value=1600),
            Threshold(spec=Spec.PERFORMANCE_DENSITY, op=Op.GE, value=3.2),
        ),
    ),
)


@st.composite
def rulebooks(draw: st.DrawFn, *, max_instruments: int = 5) -> Rulebook:
    """Small, valid rulebooks over ``[FIRST, LAST]`` using every kind of provision and amendment."""
    if not isinstance(max_instruments, int) or max_instruments < 1:
        raise InvalidArgumentError("max_instruments", max_instruments, "a positive integer")
    chip_list = draw(st.lists(chips(), min_size=1, max_size=3, unique_by=lambda c: c.name.casefold()))
    chip_names = [c.name for c in chip_list]
    merges = [Merge(code="HK", into="CN", start=draw(dates(FIRST, LAST)))] if draw(st.booleans()) else []
    founder = Instrument(
        id="founder",
        kind=InstrumentKind.RULE,
        title="criteria",
        citation=_citation("FR founder"),
        summary="generated",
        announced=FIRST,
        effective=FIRST,
        merges=merges,
        sources=_SOURCE,
    )
    insts: list[Instrument] = [founder]
    groups: list[CountryGroup] = []
    for gid in _GROUPS:
        members = []
        for code in draw(st.sets(st.sampled_from(COUNTRY_POOL), max_size=3)):
            if draw(st.booleans()):
                members.append(Membership(country=code))
            else:
                start = draw(dates(FIRST + dt.timedelta(days=1), LAST))
                members.append(Membership(country=code, start=start, added_by="founder"))
        groups.append(CountryGroup(id=gid, name=gid, members=members))
    criteria = [
        CriteriaVersion(
            id="v1",
            instrument="founder",
            start=draw(dates(FIRST, LAST)),
            paragraphs=_CRITERIA_TESTS,
            exclusions=[
                Exclusion(
                    description="not datacenter, TPP < 4800",
                    datacenter=False,
                    tests=(Threshold(spec=Spec.TPP, op=Op.LT, value=4800),),
                )
            ],
        )
    ]
    targets: list[str] = []
    taken: set[tuple[str, str, dt.date]] = set()
    for i in range(draw(st.integers(1, max_instruments))):
        inst = draw(instruments(id=f"i{i}", chip_names=chip_names, groups=_GROUPS, targets=targets))
        inst = _without_contradictions(inst, taken)
        insts.append(inst)
        targets.extend(f"{inst.id}/{p.id}" for p in inst.provisions)
        whole: bool = draw(st.booleans())
        if inst.provisions and whole:
            targets.append(inst.id)  # a whole instrument: e.g. non-enforcement of a framework
    record = Record(
        info=RecordInfo(version="generated", start=FIRST, reviewed=LAST, sources_through=LAST),
        chips=chip_list,
        groups=groups,
        criteria=criteria,
        instruments=insts,
    )
    return Rulebook(record)
