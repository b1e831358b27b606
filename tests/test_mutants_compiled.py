"""Compiled timelines, pinned where mutation testing found them unchecked: which pairs may share a
timeline (chips, destinations, memberships, licences), which rules can reach a pair, the days that
begin a period (announcements, the edges of coverage, what a knowledge view cannot see yet), the
instruments named as a period's cause, one status per period, and lazily computed scheduled changes.

Each test builds a small rulebook (``mutation_records``) in which two chips or two destinations
must not share a timeline, or a rule must (or must not) reach a pair, and checks every pair's
compiled answers against the day-by-day reference evaluation, or the exact history expected.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

import chipcontrols as cc
import mutation_records
from chipcontrols._answer import Lazy, Status
from chipcontrols._timeline import Statuses
from helpers import assert_pairs_agree_with_reference, regime_of
from mutation_records import ALPHA, BETA, TPP_4800, criteria, day, instrument, provision

IO_600 = cc.Bound(spec=cc.Spec.IO_BANDWIDTH, op=cc.Op.GE, value=600)
FAST_IO = cc.Chip(name="Fast IO", tpp=5000, die_area_mm2=800, datacenter=True, io_bandwidth_gbps=900)
SMALL = cc.Chip(name="Small", tpp=1000, die_area_mm2=800, datacenter=True)
GAMMA = cc.Chip(name="Gamma", tpp=5000, die_area_mm2=800, datacenter=True)  # as Alpha and Beta
CHIPS = (ALPHA, BETA, FAST_IO, SMALL, GAMMA)
LATE = "published after the day it took effect"


def book(*instruments: cc.Instrument, **parts: object) -> cc.Rulebook:
    """A small rulebook of these chips (unless told otherwise)."""
    parts.setdefault("chips", CHIPS)
    return mutation_records.book(*instruments, **parts)  # type: ignore[arg-type]


def assert_agrees(
    rb: cc.Rulebook,
    countries: Iterable[str],
    *,
    chips: Iterable[cc.Chip] = CHIPS,
    known: str | None = None,
    hq: str | None = None,
) -> None:
    """Every pair agrees with the reference on every day around every event (these chips by default)."""
    assert_pairs_agree_with_reference(rb, chips, countries, known=None if known is None else day(known), hq=hq)


def periods(rb: cc.Rulebook, chip: str, country: str, **query: object) -> list[tuple[str, tuple[str, ...]]]:
    """A history's periods, each with the instruments named as having begun it."""
    return [(str(e.period), e.caused_by) for e in rb.history(chip, country, **query)]  # type: ignore[arg-type]


# ---------------------------------------------------------------- which rules can reach a chip


def test_a_scope_change_to_bounds_alone_reaches_unnamed_chips():
    """A scope change whose item scope selects nothing but a bound covers every chip passing the bound."""
    rb = book(
        instrument("r", provisions=[provision(items=cc.ItemScope(products=["Beta"]))]),
        instrument(
            "widen",
            published="2022-01-01",
            effective="2022-01-01",
            amendments=[cc.ScopeChange(target="r/p", start=day("2022-06-01"), items=cc.ItemScope(bounds=[IO_600]))],
        ),
    )
    assert rb.status_at("2022-07-01", "Fast IO", "CN").license_required is True
    assert rb.status_at("2022-05-01", "Fast IO", "CN").license_required is False
    assert rb.status_at("2022-07-01", "Alpha", "CN").license_required is False
    assert_agrees(rb, ("CN", "DE"))


def test_rules_that_cannot_reach_a_chip_begin_no_period_of_its_history():
    """A rule naming other products, or classifications a chip never meets, begins no period of that
    chip's history when it is announced; a chip it reaches has a period from the announcement."""
    version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
    rb = book(
        instrument("crit"),
        instrument(
            "named",
            published="2021-06-01",
            effective="2022-01-01",
            provisions=[provision(items=cc.ItemScope(products=["Beta"]))],
        ),
        instrument(
            "classified",
            published="2022-06-01",
            effective="2023-01-01",
            provisions=[provision(items=cc.ItemScope(classifications=["3A090"]))],
        ),
        criteria=[version],
    )
    assert periods(rb, "Small", "CN") == [("[2020-01-01, 2026-01-01)", ())]
    assert periods(rb, "Alpha", "CN") == [
        ("[2020-01-01, 2021-01-01)", ()),
        ("[2021-01-01, 2022-06-01)", ("crit",)),
        ("[2022-06-01, 2023-01-01)", ("classified",)),
        ("[2023-01-01, 2026-01-01)", ("classified",)),
    ]
    assert periods(rb, "Beta", "CN")[2:] == [
        ("[2021-06-01, 2022-01-01)", ("named",)),
        ("[2022-01-01, 2022-06-01)", ("named",)),
        ("[2022-06-01, 2023-01-01)", ("classified",)),
        ("[2023-01-01, 2026-01-01)", ("classified",)),
    ]
    assert_agrees(rb, ("CN",))


def test_rules_for_other_destinations_begin_no_period_of_its_history():
    """A rule for another destination begins no period of a destination's history when announced."""
    rb = book(
        instrument("r", provisions=[provision()]),
        instrument(
            "elsewhere",
            published="2021-09-01",
            effective="2022-09-01",
            provisions=[provision(destinations=cc.DestinationScope(countries=["RU"]))],
        ),
    )
    assert periods(rb, "Alpha", "CN") == [("[2020-01-01, 2021-01-01)", ()), ("[2021-01-01, 2026-01-01)", ("r",))]
    assert periods(rb, "Alpha", "RU")[1:] == [
        ("[2021-09-01, 2022-09-01)", ("elsewhere",)),
        ("[2022-09-01, 2026-01-01)", ("elsewhere",)),
    ]


# ---------------------------------------------------------------- the days that begin a period


def test_publication_of_a_retroactive_rule_begins_no_period():
    """A rule published after the day it takes effect announces nothing ahead: its publication day
    begins no period (only its effective day does)."""
    rb = book(
        instrument("s", published="2022-01-01", effective="2021-06-01", date_notes=LATE, provisions=[provision()]),
        instrument("t", published="2023-01-01", effective="2021-06-01", date_notes=LATE, provisions=[provision("q")]),
    )
    assert periods(rb, "Alpha", "CN") == [
        ("[2020-01-01, 2021-06-01)", ()),
        ("[2021-06-01, 2026-01-01)", ("s", "t")),
    ]
    assert_agrees(rb, ("CN",), chips=(ALPHA,))


def test_a_rule_taking_effect_after_coverage_ends_is_outside_the_record():
    """A rule taking effect the day after the coverage ends begins no period: the last one ends with the
    coverage."""
    rb = book(
        instrument("r", provisions=[provision()]),
        instrument(
            "late",
            published="2025-06-01",
            effective="2026-01-01",
            provisions=[provision("q", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL)],
        ),
    )
    assert periods(rb, "Alpha", "CN") == [("[2020-01-01, 2021-01-01)", ()), ("[2021-01-01, 2026-01-01)", ("r",))]
    last = rb.status_at("2025-12-31", "Alpha", "CN")
    assert str(last.period) == "[2021-01-01, 2026-01-01)"


# ---------------------------------------------------------------- causes


def test_an_instrument_not_public_in_the_view_is_never_a_cause():
    """As known on a day, the announcement of a rule begins a period caused by that rule alone, even
    when an instrument not yet public then acts on the same day."""
    rb = book(
        instrument("r", provisions=[provision()]),
        instrument(
            "later",
            published="2022-03-01",
            effective="2023-01-01",
            amendments=[cc.ReviewPolicyChange(target="r/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL)],
        ),
        instrument(
            "y",
            published="2022-09-01",
            effective="2022-03-01",
            date_notes=LATE,
            provisions=[provision(destinations=cc.DestinationScope(countries=["RU"]))],
        ),
    )
    assert periods(rb, "Alpha", "CN", known_on="2022-06-01") == [
        ("[2020-01-01, 2021-01-01)", ()),
        ("[2021-01-01, 2022-03-01)", ("r",)),
        ("[2022-03-01, 2023-01-01)", ("later",)),
        ("[2023-01-01, 2026-01-01)", ("later",)),
    ]


def test_the_first_period_names_instruments_its_caveats_mention():
    """On the first day of coverage, an acting instrument mentioned only in a caveat of the regime is the
    cause, not every instrument acting that day."""
    rb = book(
        instrument(
            "r", published="2020-01-01", effective="2020-01-01", compliance=day("2021-01-01"), provisions=[provision()]
        ),
        instrument(
            "z",
            published="2020-01-01",
            effective="2020-01-01",
            provisions=[provision(destinations=cc.DestinationScope(countries=["RU"]))],
        ),
    )
    first = rb.history("Alpha", "CN")[0]
    assert (first.status.license_required, first.status.citations) == (False, ())
    assert [(c.kind, c.instruments) for c in first.status.caveats] == [(cc.CaveatKind.BASIS_DIFFERS, ("r",))]
    assert first.caused_by == ("r",)


def test_an_expiry_names_the_instrument_the_previous_regime_relied_on():
    """On the day a requirement expires, its instrument (relied on only before) is the cause, not every
    instrument acting that day."""
    rb = book(
        instrument("r", provisions=[provision(expires=day("2023-01-01"))]),
        instrument(
            "z",
            published="2023-01-01",
            effective="2023-01-01",
            provisions=[provision(destinations=cc.DestinationScope(countries=["RU"]))],
        ),
    )
    assert periods(rb, "Alpha", "CN") == [
        ("[2020-01-01, 2021-01-01)", ()),
        ("[2021-01-01, 2023-01-01)", ("r",)),
        ("[2023-01-01, 2026-01-01)", ("r",)),
    ]


def test_the_first_period_is_begun_by_what_acts_in_it_not_by_a_later_rule():
    """On the first day of coverage, a rule in force is the cause, not one only announced that day
    for later (which no regime of the first period mentions)."""
    rb = book(
        instrument("a", published="2020-01-01", effective="2020-01-01", provisions=[provision()]),
        instrument("b", published="2020-01-01", effective="2022-01-01", provisions=[provision("q")]),
    )
    assert periods(rb, "Alpha", "CN") == [
        ("[2020-01-01, 2022-01-01)", ("a",)),
        ("[2022-01-01, 2026-01-01)", ("b",)),
    ]


def test_causes_are_listed_in_order_of_publication():
    """The instruments that began a period are listed in order of publication, not of id."""
    rb = book(
        instrument("zeta", published="2021-03-01", effective="2022-01-01", provisions=[provision()]),
        instrument("alpha", published="2021-06-01", effective="2022-01-01", provisions=[provision("q")]),
    )
    assert rb.history("Alpha", "CN", start="2022-01-01")[0].caused_by == ("zeta", "alpha")


# ---------------------------------------------------------------- destinations that must not share


def test_a_country_named_only_by_a_review_policy_change_has_its_own_timeline():
    """A country named only in the sub-scope of a review policy change is told apart from one that is not."""
    rb = book(
        instrument(
            "r",
            provisions=[
                provision(destinations=cc.DestinationScope(everywhere=True), review_policy=cc.ReviewPolicy.CASE_BY_CASE)
            ],
        ),
        instrument(
            "deny",
            published="2022-01-01",
            effective="2022-01-01",
            amendments=[
                cc.ReviewPolicyChange(
                    target="r/p",
                    review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL,
                    within_destinations=cc.DestinationScope(countries=["DE"]),
                )
            ],
        ),
    )
    assert_agrees(rb, ("FR", "DE", "IT"))
    assert rb.status_at("2022-06-01", "Alpha", "DE").review_policy is cc.ReviewPolicy.POLICY_OF_DENIAL
    assert rb.status_at("2022-06-01", "Alpha", "FR").review_policy is cc.ReviewPolicy.CASE_BY_CASE


def test_a_country_named_only_by_a_licence_has_its_own_timeline():
    """A country named only by a licence for a chip is told apart, for that chip, from one that is not."""
    grant = cc.License(id="lic", holder="Vendor", products=["Beta"], destinations=cc.DestinationScope(countries=["DE"]))
    rb = book(
        instrument("r", provisions=[provision(destinations=cc.DestinationScope(everywhere=True))]),
        instrument("grant", kind=cc.InstrumentKind.LICENSE_GRANT, licenses=[grant]),
    )
    assert_agrees(rb, ("FR", "DE", "IT"))
    assert [lic.id for lic in rb.status_at("2022-06-01", "Beta", "DE").licenses] == ["lic"]
    assert rb.status_at("2022-06-01", "Beta", "FR").licenses == ()


def test_chips_with_different_licences_do_not_share():
    """Two chips alike but for the licence each holds (same destination, same days) each keep their own."""
    grants = [
        cc.License(
            id=f"lic-{c.lower()}", holder="Vendor", products=[c], destinations=cc.DestinationScope(countries=["CN"])
        )
        for c in ("Beta", "Gamma")
    ]
    rb = book(
        instrument("r", provisions=[provision()]),
        instrument("grant", kind=cc.InstrumentKind.LICENSE_GRANT, licenses=grants),
    )
    assert_agrees(rb, ("CN", "DE"), chips=(BETA, GAMMA))
    assert [lic.id for lic in rb.status_at("2022-06-01", "Gamma", "CN").licenses] == ["lic-gamma"]


# ---------------------------------------------------------------- memberships that must not share


def members_of_g(*members: cc.Membership) -> list[cc.CountryGroup]:
    """Group G with these members."""
    return [cc.CountryGroup(id="G", name="Group G", members=list(members))]


def group_book(*members: cc.Membership, **instruments: str) -> cc.Rulebook:
    """A requirement for every member of group G, and an instrument per keyword, published on its value."""
    return book(
        instrument("r", provisions=[provision(destinations=cc.DestinationScope(groups=["G"]))]),
        *(instrument(i, published=on, effective=on) for i, on in instruments.items()),
        groups=members_of_g(*members),
    )


def test_members_joining_on_different_days_do_not_share():
    """Two countries joining a group on different days each follow their own membership."""
    rb = group_book(
        cc.Membership(country="CN", start=day("2022-01-01"), added_by="a"),
        cc.Membership(country="RU", start=day("2023-01-01"), added_by="a"),
        a="2021-06-01",
    )
    assert_agrees(rb, ("CN", "RU", "DE"), chips=(ALPHA,))


def test_members_leaving_on_different_days_do_not_share():
    """Two countries leaving a group on different days each follow their own membership."""
    rb = group_book(
        cc.Membership(country="CN", end=day("2022-01-01"), removed_by="a"),
        cc.Membership(country="RU", end=day("2023-01-01"), removed_by="a"),
        a="2021-06-01",
    )
    assert_agrees(rb, ("CN", "RU", "DE"), chips=(ALPHA,))


def test_members_added_by_different_instruments_do_not_share():
    """Two countries joining a group on one day by instruments published on different days: as known
    between the two publications only one is a member, and each history names its own instrument."""
    rb = group_book(
        cc.Membership(country="CN", start=day("2022-01-01"), added_by="a"),
        cc.Membership(country="RU", start=day("2022-01-01"), added_by="b"),
        a="2021-06-01",
        b="2021-09-01",
    )
    assert_agrees(rb, ("CN", "RU"), chips=(ALPHA,), known="2021-07-01")
    assert rb.status_at("2022-06-01", "Alpha", "CN", known_on="2021-07-01").license_required is True
    assert rb.status_at("2022-06-01", "Alpha", "RU", known_on="2021-07-01").license_required is False
    assert periods(rb, "Alpha", "RU")[2:] == [
        ("[2021-09-01, 2022-01-01)", ("b",)),
        ("[2022-01-01, 2026-01-01)", ("b",)),
    ]


def test_members_removed_by_different_instruments_do_not_share():
    """Two countries leaving a group on one day by instruments published on different days: as known
    between the two publications only one has left."""
    rb = group_book(
        cc.Membership(country="CN", end=day("2023-01-01"), removed_by="a"),
        cc.Membership(country="RU", end=day("2023-01-01"), removed_by="b"),
        a="2021-06-01",
        b="2021-09-01",
    )
    assert_agrees(rb, ("CN", "RU"), chips=(ALPHA,), known="2021-07-01")
    assert rb.status_at("2023-06-01", "Alpha", "CN", known_on="2021-07-01").license_required is False
    assert rb.status_at("2023-06-01", "Alpha", "RU", known_on="2021-07-01").license_required is True


# ---------------------------------------------------------------- group memberships a pair's timeline follows


def test_a_scope_change_to_a_group_follows_the_groups_members():
    """A scope change that extends a requirement to a group binds each member from the day it joins."""
    rb = book(
        instrument("r", provisions=[provision()]),
        instrument(
            "widen",
            published="2022-01-01",
            effective="2022-01-01",
            amendments=[cc.ScopeChange(target="r/p", destinations=cc.DestinationScope(groups=["G"]))],
        ),
        instrument("add", published="2022-06-01", effective="2022-06-01"),
        groups=members_of_g(cc.Membership(country="RU", start=day("2023-01-01"), added_by="add")),
    )
    assert rb.status_at("2022-09-01", "Alpha", "RU").license_required is False
    assert rb.status_at("2023-06-01", "Alpha", "RU").license_required is True
    assert_agrees(rb, ("CN", "RU", "DE"), chips=(ALPHA,))


def test_a_party_scope_change_keeps_the_destination_groups_followed():
    """A scope change of a group requirement's parties leaves the destination group's members followed
    until it starts."""
    rb = book(
        instrument("r", provisions=[provision(destinations=cc.DestinationScope(groups=["G"]))]),
        instrument(
            "party",
            published="2022-01-01",
            effective="2022-01-01",
            amendments=[
                cc.ScopeChange(
                    target="r/p", start=day("2024-01-01"), parties=cc.PartyScope(headquartered_in_groups=["H"])
                )
            ],
        ),
        instrument("add", published="2022-06-01", effective="2022-06-01"),
        groups=[
            *members_of_g(cc.Membership(country="RU", start=day("2023-01-01"), added_by="add")),
            cc.CountryGroup(id="H", name="Group H", members=[cc.Membership(country="CN")]),
        ],
    )
    assert rb.status_at("2023-06-01", "Alpha", "RU").license_required is True
    assert_agrees(rb, ("RU", "DE"), chips=(ALPHA,))
    assert_agrees(rb, ("RU", "DE"), chips=(ALPHA,), hq="CN")


def test_only_the_destinations_and_the_headquarters_memberships_begin_periods():
    """For a headquarters rule, the memberships followed are those of the headquarters and of what it
    was merged into, not those of what other countries were merged into."""
    rb = book(
        instrument("merge", published="2020-12-23", effective="2020-12-23"),
        instrument(
            "hq",
            provisions=[
                provision(
                    destinations=cc.DestinationScope(everywhere=True),
                    parties=cc.PartyScope(headquartered_in_groups=["G"]),
                )
            ],
        ),
        instrument("add", published="2022-06-01", effective="2022-06-01"),
        groups=members_of_g(cc.Membership(country="CN", start=day("2023-01-01"), added_by="add")),
        merges=[cc.Merge(code="MO", into="CN", start=day("2020-12-23"), instrument="merge")],
    )
    assert periods(rb, "Alpha", "FR", headquartered_in="DE") == [("[2020-01-01, 2026-01-01)", ())]
    assert periods(rb, "Alpha", "FR", headquartered_in="MO")[2:] == [
        ("[2021-01-01, 2022-06-01)", ("hq",)),
        ("[2022-06-01, 2023-01-01)", ("add",)),
        ("[2023-01-01, 2026-01-01)", ("add",)),
    ]
    for hq in ("DE", "MO", "CN"):
        assert_agrees(rb, ("FR", "DE"), chips=(ALPHA,), hq=hq)


# ---------------------------------------------------------------- what is not yet public in a view

#: the destination asked about (merged into China only by an instrument published later)
DEST = "MO"
TO_DEST = cc.DestinationScope(countries=[DEST])


def later_parts() -> dict[str, dict[str, list[object]]]:
    """Parts of a record published on 2023-01-01 that act from 2023-06-01 on what the base record
    holds: instruments, and the memberships, merges and criteria they make."""
    on, start = {"published": "2023-01-01", "effective": "2023-01-01"}, day("2023-06-01")
    grant = cc.License(id="lic", holder="Vendor", products=["Alpha"], destinations=TO_DEST, start=start)
    version = cc.ClassificationVersion(
        id="criteria-2023",
        instrument="crit",
        start=start,
        paragraphs=[cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800])],
    )
    return {
        "a requirement": {
            "instruments": [
                instrument(
                    "future",
                    published="2023-01-01",
                    effective="2023-06-01",
                    provisions=[provision(destinations=TO_DEST)],
                )
            ]
        },
        "a scope change": {
            "instruments": [
                instrument(
                    "extend", **on, amendments=[cc.ScopeChange(target="other/p", start=start, destinations=TO_DEST)]
                )
            ]
        },
        "a review policy change": {
            "instruments": [
                instrument(
                    "tighten",
                    **on,
                    amendments=[
                        cc.ReviewPolicyChange(target="r/p", start=start, review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL)
                    ],
                )
            ]
        },
        "the non-enforcement of an amendment": {
            "instruments": [instrument("stop", **on, amendments=[cc.NonEnforcement(target="amend", start=start)])]
        },
        "a licence": {
            "instruments": [instrument("grant", **on, kind=cc.InstrumentKind.LICENSE_GRANT, licenses=[grant])]
        },
        "a membership": {
            "instruments": [instrument("join", **on)],
            "members": [cc.Membership(country=DEST, start=start, added_by="join")],
        },
        "a merge": {
            "instruments": [instrument("merge", **on)],
            "merges": [cc.Merge(code=DEST, into="CN", start=start, instrument="merge")],
        },
        "criteria": {"instruments": [instrument("crit", **on)], "criteria": [version]},
    }


def view_book(**later: list[object]) -> cc.Rulebook:
    """A requirement for the destination and group G (which Russia belongs to), a retroactive second
    one published on 2022-01-01, an amendment of the first (by an instrument with a requirement of its
    own elsewhere) and a requirement elsewhere that starts on 2023-01-01; and the later parts given."""
    base = [
        instrument("r", provisions=[provision(destinations=cc.DestinationScope(countries=[DEST], groups=["G"]))]),
        instrument(
            "news",
            published="2022-01-01",
            effective="2021-06-01",
            date_notes=LATE,
            provisions=[provision(destinations=TO_DEST)],
        ),
        instrument(
            "amend",
            published="2021-03-01",
            effective="2021-03-01",
            amendments=[cc.ReviewPolicyChange(target="r/p", review_policy=cc.ReviewPolicy.CASE_BY_CASE)],
            provisions=[provision(destinations=cc.DestinationScope(countries=["RU"]))],
        ),
        instrument(
            "other",
            provisions=[provision(effective=day("2023-01-01"), destinations=cc.DestinationScope(countries=["RU"]))],
        ),
    ]
    return book(
        *base,
        *later.get("instruments", ()),
        groups=members_of_g(cc.Membership(country="RU"), *later.get("members", ())),
        merges=later.get("merges", ()),
        criteria=later.get("criteria", ()),
    )


@pytest.mark.parametrize("later", list(later_parts()))
def test_what_is_not_yet_public_changes_nothing_in_a_view(later):
    """As known on a day, a history is the same whether or not the record holds what was published
    later (its days of effect do not make an earlier publication an announcement)."""

    def history(rb: cc.Rulebook) -> list[tuple[object, ...]]:
        h = rb.history("Alpha", DEST, known_on="2022-06-01")
        return [(str(e.period), e.caused_by, regime_of(e.status)) for e in h]

    without = view_book()
    with_later = view_book(**later_parts()[later])
    assert history(with_later) == history(without)
    assert [p for p, _, _ in history(without)] == [
        "[2020-01-01, 2021-01-01)",
        "[2021-01-01, 2021-03-01)",
        "[2021-03-01, 2021-06-01)",
        "[2021-06-01, 2026-01-01)",
    ]
    assert_agrees(with_later, (DEST, "RU"), chips=(ALPHA,), known="2022-06-01")
    # as known with everything, what acts on 2023-06-01 does make the 2022-01-01 publication an announcement
    assert "2022-01-01" in {str(e.period.start) for e in with_later.history("Alpha", DEST)}
    assert "2022-01-01" not in {str(e.period.start) for e in without.history("Alpha", DEST)}


# ---------------------------------------------------------------- statuses built once


class BuiltMeanwhile:
    """A stand-in for a statuses sequence's lock: while it is being acquired, another thread builds
    the status of one period (as a thread holding the real lock would have)."""

    def __init__(self, statuses: Statuses, i: int) -> None:
        self.statuses = statuses
        self.i = i
        self.built: Status | None = None

    def __enter__(self) -> None:
        if self.statuses.built[self.i] is None:
            self.built = self.statuses.built[self.i] = self.statuses._compiled.make_status(self.statuses, self.i)

    def __exit__(self, *exc: object) -> None:
        return None


def test_a_status_built_while_waiting_for_the_lock_is_the_one_returned():
    """A period's status built by another thread while this one waited for the lock is returned as it
    is, not built again: each period has one status object."""
    rb = book(instrument("r", provisions=[provision()]))
    _, statuses = rb._state.compiled.statuses(ALPHA, rb.country("CN"), cc.Basis.ENFORCED, None, None)
    lock = statuses._lock = BuiltMeanwhile(statuses, 1)
    got = statuses[1]
    assert lock.built is not None and got is lock.built is statuses.built[1] is statuses[1]


# ---------------------------------------------------------------- lazily computed scheduled changes


class Source:
    """A schedule source that records the keys it is asked about."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def scheduled(self, key: int, /) -> tuple[cc.ScheduledChange, ...]:
        self.asked.append(key)
        return (cc.ScheduledChange(date=day("2024-01-01"), instruments=("r",), citations=("Rule r",), summary="s"),)


def test_lazy_asks_its_source_once_for_its_key():
    """A Lazy asks its source for its own key, once; without a key given, for key 0."""
    source = Source()
    lazy = Lazy(source, 3)
    first = lazy.get()
    assert [str(c) for c in first] == ["2024-01-01: s (Rule r)"]
    assert lazy.get() is first and source.asked == [3]
    default = Source()
    assert Lazy(default).get() == first and default.asked == [0]


def test_lazy_without_a_source_has_no_scheduled_changes():
    """A Lazy with no source holds no scheduled changes: an empty tuple."""
    assert Lazy(None).get() == ()
