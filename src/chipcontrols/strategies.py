"""Hypothesis strategies for chipcontrols' types, for your property tests and ours.

Needs the ``hypothesis`` extra (``pip install chipcontrols[hypothesis]``). The types
are also registered for ``st.from_type`` through Hypothesis's entry point, so
``st.from_type(chipcontrols.Chip)`` works once chipcontrols is installed.

>>> from hypothesis import given, settings
>>> import chipcontrols
>>> from chipcontrols import strategies as ccst
>>> @settings(max_examples=5, deadline=None)
... @given(ccst.rulebooks())
... def test_round_trip(book):
...     from chipcontrols.serialization import dumps, loads
...     assert loads(dumps(book)) == book
>>> test_round_trip()

Generated rulebooks are small (a handful of countries, groups, chips and
instruments over two years) but use every kind of provision and amendment, so the
transition rules of the engine get exercised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
from hypothesis import strategies as st

from ._model import (
    Amendment,
    Basis,
    Bound,
    Chip,
    Citation,
    ClassificationVersion,
    ComplianceDelay,
    Country,
    CountryGroup,
    Coverage,
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
    Replacement,
    Rescission,
    ReviewPolicy,
    ReviewPolicyChange,
    ScopeChange,
    Source,
    Spec,
    Suspension,
)
from ._names import all_countries
from ._rulebook import Rulebook

__all__ = [
    "COUNTRY_POOL",
    "FIRST",
    "LAST",
    "amendments",
    "bases",
    "chips",
    "countries",
    "dates",
    "instruments",
    "review_policies",
    "rulebooks",
]

#: First and last day of generated rulebooks' coverage.
FIRST = dt.date(2020, 1, 1)
LAST = dt.date(2021, 12, 31)
#: Destinations used by generated rulebooks (Hong Kong merges into China in some).
COUNTRY_POOL = ("CN", "HK", "MO", "IN", "DE", "RU")
_GROUPS = ("G:1", "G:2")
_CLASSES = ("3A090.a", "3A090.b", "3A090")


def dates(first: dt.date = FIRST, last: dt.date = LAST) -> st.SearchStrategy[dt.date]:
    """Days in ``[first, last]``."""
    return st.dates(min_value=first, max_value=last)


def bases() -> st.SearchStrategy[Basis]:
    """One of the three bases."""
    return st.sampled_from(list(Basis))


def review_policies() -> st.SearchStrategy[ReviewPolicy | None]:
    """A review policy or ``None``."""
    return st.none() | st.sampled_from(list(ReviewPolicy))


def countries(pool: Sequence[str] | None = None) -> st.SearchStrategy[Country]:
    """Countries, from ``pool`` (ISO codes) or from all of ISO 3166-1."""
    every = {c.code: c for c in all_countries()}
    codes = list(pool) if pool is not None else sorted(every)
    return st.sampled_from([every[c] for c in codes])


_positive = st.floats(min_value=1.0, max_value=40000.0, allow_nan=False, allow_infinity=False)


@st.composite
def chips(draw: st.DrawFn, *, name: str | None = None, complete: bool = False) -> Chip:
    """User-defined chips; some specifications may be unknown unless ``complete``."""

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
            bounds=(Bound(spec=Spec.TPP, op=Op.LT, value=draw(st.sampled_from([3000, 10000, 21000]))),),
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
        return DestinationScope(
            everywhere=True,
            except_groups=draw(st.sets(st.sampled_from(list(groups)), max_size=1)) if groups else frozenset(),
        )
    return DestinationScope(countries=draw(st.sets(st.sampled_from(COUNTRY_POOL), min_size=1)))


@st.composite
def _provisions(
    draw: st.DrawFn, pid: str, chip_names: Sequence[str], groups: Sequence[str], start: dt.date
) -> Provision:
    parties = None
    if draw(st.integers(0, 5)) == 0:
        parties = PartyScope(headquartered_in_countries=draw(st.sets(st.sampled_from(COUNTRY_POOL), min_size=1)))
    effective = draw(st.none() | dates(start, LAST))
    compliance = draw(st.none() | dates(effective or start, LAST))
    return Provision(
        id=pid,
        title=f"provision {pid}",
        items=draw(_item_scopes(chip_names)),
        destinations=draw(_destination_scopes(groups)),
        parties=parties,
        review_policy=draw(review_policies()),
        exceptions=draw(
            st.sets(
                st.sampled_from([LicenseException.NAC, LicenseException.ACA, LicenseException.LPP]),
                max_size=2,
            )
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
    own_provisions: Sequence[str] = (),
    groups: Sequence[str] = (),
    chip_names: Sequence[str] = (),
) -> Amendment:
    """An amendment of one of ``targets`` that acts no earlier than ``start``."""
    target = draw(st.sampled_from(list(targets)))
    when = draw(dates(start, LAST - dt.timedelta(days=2)))
    kinds = [
        "rescission",
        "suspension",
        "non-enforcement",
        "review",
        "exceptions",
        "scope",
        "delay",
    ]
    if own_provisions:
        kinds.append("replacement")
    kind = draw(st.sampled_from(kinds))
    if kind == "rescission":
        return Rescission(target=target, start=when)
    if kind == "suspension":
        return Suspension(target=target, start=when, end=draw(dates(when + dt.timedelta(days=1), LAST)))
    if kind == "non-enforcement":
        end = draw(st.none() | dates(when + dt.timedelta(days=1), LAST))
        return NonEnforcement(target=target, start=when, end=end)
    if kind == "review":
        return ReviewPolicyChange(
            target=target,
            start=when,
            review_policy=draw(st.sampled_from(list(ReviewPolicy))),
            within_destinations=draw(st.none() | _destination_scopes(groups)),
            condition=draw(st.none() | st.just("a condition the model cannot check")),
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
    if kind == "delay":
        return ComplianceDelay(target=target, compliance=when)
    return Replacement(target=target, start=when, by=draw(st.sampled_from(list(own_provisions))))


@st.composite
def instruments(
    draw: st.DrawFn,
    *,
    id: str = "generated",
    earliest: dt.date = FIRST,
    known_from: dt.date | None = None,
    chip_names: Sequence[str] = (),
    groups: Sequence[str] = (),
    targets: Sequence[str] = (),
) -> Instrument:
    """An instrument effective no earlier than ``earliest``; public no earlier than ``known_from`` if given.

    Its amendments (when ``targets`` names provisions to amend) act no earlier than
    its effective date, so adding it changes nothing before then.
    """
    effective = draw(dates(earliest, LAST - dt.timedelta(days=3)))
    announced = draw(dates(max(known_from, FIRST), LAST)) if known_from is not None else draw(dates(FIRST, LAST))
    n = draw(st.integers(0 if targets else 1, 3))
    pids = [f"p{i}" for i in range(n)]
    provisions = [draw(_provisions(pid, chip_names, groups, effective)) for pid in pids]
    amends: list[Amendment] = []
    wants_amendments: bool = bool(targets) and draw(st.booleans())
    if wants_amendments:
        amends = [
            draw(
                amendments(
                    targets,
                    start=effective,
                    own_provisions=pids,
                    groups=groups,
                    chip_names=chip_names,
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
                start=draw(st.none() | dates(effective, LAST)),
            )
        ]
    if not provisions and not amends and not licenses:
        provisions = [draw(_provisions("p0", chip_names, groups, effective))]
    return Instrument(
        id=id,
        kind=draw(st.sampled_from([InstrumentKind.RULE, InstrumentKind.LETTER])),
        title=f"instrument {id}",
        citation=_citation(f"FR {id}"),
        summary="generated",
        announced=announced,
        effective=effective,
        compliance=draw(st.none() | dates(effective, LAST)),
        expires=draw(st.none() | dates(effective + dt.timedelta(days=1), LAST))
        if draw(st.integers(0, 4)) == 0
        else None,
        provisions=provisions,
        amendments=amends,
        licenses=licenses,
        sources=_SOURCE,
        date_notes="generated",
    )


def _without_contradictions(inst: Instrument, taken: set[tuple[str, str, dt.date]]) -> Instrument:
    """Drop unconditional policy or exception changes that would contradict one already drawn."""
    kept: list[Amendment] = []
    for a in inst.amendments:
        sub_scoped = getattr(a, "within_items", None) or getattr(a, "within_destinations", None)
        if isinstance(a, ReviewPolicyChange | ExceptionChange) and not sub_scoped:
            signature = (type(a).__name__, a.target, a.start or inst.in_effect_from)
            if signature in taken:
                continue
            taken.add(signature)
        kept.append(a)
    return attrs.evolve(inst, amendments=kept)


_CRITERIA_TESTS = (
    (
        Paragraph(code="3A090.a", prong="3A090.a.1", tests=(Bound(spec=Spec.TPP, op=Op.GE, value=4800),)),
        Paragraph(
            code="3A090.a",
            prong="3A090.a.2",
            tests=(
                Bound(spec=Spec.TPP, op=Op.GE, value=1600),
                Bound(spec=Spec.PERFORMANCE_DENSITY, op=Op.GE, value=5.92),
            ),
        ),
    ),
    (
        Paragraph(
            code="3A090.b",
            prong="3A090.b.2",
            tests=(
                Bound(spec=Spec.TPP, op=Op.GE, value=1600),
                Bound(spec=Spec.PERFORMANCE_DENSITY, op=Op.GE, value=3.2),
            ),
        ),
    ),
)


@st.composite
def rulebooks(draw: st.DrawFn, *, max_instruments: int = 5) -> Rulebook:
    """Small, valid rulebooks using every kind of provision and amendment."""
    chip_list = draw(st.lists(chips(), min_size=1, max_size=3, unique_by=lambda c: c.name.casefold()))
    chip_names = [c.name for c in chip_list]
    founder = Instrument(
        id="founder",
        kind=InstrumentKind.RULE,
        title="criteria",
        citation=_citation("FR founder"),
        summary="generated",
        announced=FIRST,
        effective=FIRST,
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
    version_start = draw(dates(FIRST, LAST))
    criteria = [
        ClassificationVersion(
            id="v1",
            instrument="founder",
            start=version_start,
            paragraphs=[p for group in _CRITERIA_TESTS for p in group],
            exclusions=[
                Exclusion(
                    description="not datacenter, TPP < 4800",
                    datacenter=False,
                    tests=(Bound(spec=Spec.TPP, op=Op.LT, value=4800),),
                )
            ],
        )
    ]
    merges = (
        [Merge(code="HK", into="CN", start=draw(dates(FIRST, LAST)), instrument="founder")]
        if draw(st.booleans())
        else []
    )
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
    return Rulebook(
        coverage=Coverage(start=FIRST, end=LAST, checked=LAST, version="generated"),
        chips=chip_list,
        groups=groups,
        merges=merges,
        criteria=criteria,
        instruments=insts,
    )
