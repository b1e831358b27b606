"""Sharing compiled timelines: which pairs may share one (chips, destinations, memberships, licences),
which group memberships a pair's timeline follows, and what a knowledge view cannot see yet.

Each test builds a small record (``builders``) in which two chips or two destinations must not share
a timeline, or a rule must (or must not) reach a pair, and checks every pair's compiled answers
against the day-by-day reference evaluation, or the exact history expected.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

import chipcontrols as cc
from builders import (
    ABROAD,
    ALPHA,
    BETA,
    TPP_4800,
    VAGUE,
    assert_pairs_agree_with_reference,
    day,
    instrument,
    policy_change,
    provision,
    regime_of,
)
from builders import book as base_book
from chipcontrols import model as m

IO_600 = m.Threshold(spec=m.Spec.IO_BANDWIDTH, op=m.Op.GE, value=600)
FAST_IO = m.Chip(name="Fast IO", tpp=5000, die_area_mm2=800, datacenter=True, io_bandwidth_gbps=900)
SMALL = m.Chip(name="Small", tpp=1000, die_area_mm2=800, datacenter=True)
MID = m.Chip(name="Mid", tpp=3000, die_area_mm2=800, datacenter=True)
DESK = m.Chip(name="Desk", tpp=5000, die_area_mm2=800, datacenter=False)
GAMMA = m.Chip(name="Gamma", tpp=5000, die_area_mm2=800, datacenter=True)  # as Alpha and Beta
SMALL_CHIPS = (ALPHA, BETA, FAST_IO, SMALL, GAMMA)
MANY_CHIPS = (ALPHA, BETA, ABROAD, VAGUE, FAST_IO, SMALL, MID, DESK)
LATE = "published after the day it took effect"


def book(*instruments: m.Instrument, **parts: object) -> cc.Rulebook:
    """A small rulebook of the small chips (unless told otherwise)."""
    parts.setdefault("chips", SMALL_CHIPS)
    return base_book(*instruments, **parts)


def assert_agrees(
    rb: cc.Rulebook,
    countries: Iterable[str],
    *,
    chips: Iterable[m.Chip] = SMALL_CHIPS,
    known: str | None = None,
    hq: str | None = None,
) -> None:
    """Every pair agrees with the reference on every day around every event (the small chips by default)."""
    assert_pairs_agree_with_reference(rb, chips, countries, known=None if known is None else day(known), hq=hq)


def periods(rb: cc.Rulebook, chip: str, country: str, **query: object) -> list[tuple[str, tuple[str, ...]]]:
    """A history's periods, each with the instruments named as having begun it."""
    return [(str(e.period), e.caused_by) for e in rb.history(chip, country, **query)]  # type: ignore[arg-type]


# ---------------------------------------------------------------- destinations and chips that must not share


def test_a_country_named_only_by_a_review_policy_change_has_its_own_timeline():
    """A country named only in the sub-scope of a review policy change is told apart from one that is not."""
    rb = book(
        instrument(
            "r",
            provisions=[
                provision(destinations=m.DestinationScope(everywhere=True), review_policy=m.ReviewPolicy.CASE_BY_CASE)
            ],
        ),
        policy_change(
            "deny",
            m.ReviewPolicy.POLICY_OF_DENIAL,
            published="2022-01-01",
            effective="2022-01-01",
            within_destinations=m.DestinationScope(countries=["DE"]),
        ),
    )
    assert_agrees(rb, ("FR", "DE", "IT"))
    assert rb.status_at("2022-06-01", "Alpha", "DE").review_policy is m.ReviewPolicy.POLICY_OF_DENIAL
    assert rb.status_at("2022-06-01", "Alpha", "FR").review_policy is m.ReviewPolicy.CASE_BY_CASE


def test_a_country_named_only_by_a_licence_has_its_own_timeline():
    """A country named only by a licence for a chip is told apart, for that chip, from one that is not."""
    grant = m.License(id="lic", holder="Vendor", products=["Beta"], destinations=m.DestinationScope(countries=["DE"]))
    rb = book(
        instrument("r", provisions=[provision(destinations=m.DestinationScope(everywhere=True))]),
        instrument("grant", kind=m.InstrumentKind.LICENSE_GRANT, licenses=[grant]),
    )
    assert_agrees(rb, ("FR", "DE", "IT"))
    assert [lic.id for lic in rb.status_at("2022-06-01", "Beta", "DE").licenses] == ["lic"]
    assert rb.status_at("2022-06-01", "Beta", "FR").licenses == ()


def test_chips_with_different_licences_do_not_share():
    """Two chips alike but for the licence each holds (same destination, same days) each keep their own."""
    grants = [
        m.License(
            id=f"lic-{c.lower()}", holder="Vendor", products=[c], destinations=m.DestinationScope(countries=["CN"])
        )
        for c in ("Beta", "Gamma")
    ]
    rb = book(
        instrument("r", provisions=[provision()]),
        instrument("grant", kind=m.InstrumentKind.LICENSE_GRANT, licenses=grants),
    )
    assert_agrees(rb, ("CN", "DE"), chips=(BETA, GAMMA))
    assert [lic.id for lic in rb.status_at("2022-06-01", "Gamma", "CN").licenses] == ["lic-gamma"]


VARIANT_A = m.Chip(name="Fam A", family="Fam", tpp=5000, die_area_mm2=800, datacenter=True)
VARIANT_B = m.Chip(name="Fam B", family="Fam", tpp=5000, die_area_mm2=800, datacenter=True)


def test_a_licence_naming_a_family_reaches_its_variants():
    """A licence may name a family: every variant holds it, a chip of another family does not."""
    grant = m.License(id="lic", holder="Vendor", products=["Fam"], destinations=m.DestinationScope(countries=["CN"]))
    rb = book(
        instrument("r", provisions=[provision()]),
        instrument("grant", kind=m.InstrumentKind.LICENSE_GRANT, licenses=[grant]),
        chips=(VARIANT_A, VARIANT_B, ALPHA),
    )
    assert_agrees(rb, ("CN",), chips=(ALPHA, VARIANT_A, VARIANT_B))
    for name in ("Fam A", "Fam B"):
        assert [lic.id for lic in rb.status_at("2022-06-01", name, "CN").licenses] == ["lic"]
    assert rb.status_at("2022-06-01", "Alpha", "CN").licenses == ()


def test_variants_named_apart_do_not_share():
    """Two variants of one family, one named by a rule and one excepted by another, keep their own answers, in
    either order of asking."""
    rb = book(
        instrument(
            "r",
            provisions=[
                provision("named", items=m.ItemScope(products=["Fam A"])),
                provision(
                    "all-but",
                    items=m.ItemScope(all_items=True, exclude_products=["Fam A"]),
                    destinations=m.DestinationScope(countries=["DE"]),
                ),
            ],
        ),
        chips=(VARIANT_A, VARIANT_B),
    )
    for order in ((VARIANT_A, VARIANT_B), (VARIANT_B, VARIANT_A)):
        assert_agrees(rb, ("CN", "DE"), chips=order)
    # a change of review policy within one variant, of a provision that reaches both
    within = book(
        instrument("r", provisions=[provision(review_policy=m.ReviewPolicy.CASE_BY_CASE)]),
        policy_change(
            "deny",
            m.ReviewPolicy.PRESUMPTION_OF_DENIAL,
            published="2022-01-01",
            effective="2022-01-01",
            within_items=m.ItemScope(products=["Fam A"]),
        ),
        chips=(VARIANT_A, VARIANT_B),
    )
    for order in ((VARIANT_A, VARIANT_B), (VARIANT_B, VARIANT_A)):
        assert_agrees(within, ("CN",), chips=order)
    assert within.status_at("2022-06-01", "Fam A", "CN").review_policy is m.ReviewPolicy.PRESUMPTION_OF_DENIAL
    assert within.status_at("2022-06-01", "Fam B", "CN").review_policy is m.ReviewPolicy.CASE_BY_CASE
    assert rb.status_at("2022-06-01", "Fam A", "CN").license_required
    assert not rb.status_at("2022-06-01", "Fam B", "CN").license_required
    assert not rb.status_at("2022-06-01", "Fam A", "DE").license_required
    assert rb.status_at("2022-06-01", "Fam B", "DE").license_required


def test_chips_apart_in_us_availability_do_not_share():
    """Two chips alike but for whether they were sold in the United States on the day a scope tests keep their own
    answers."""
    on_sale = m.Market(us_commercially_available=True, us_available_from=day("2021-01-01"))
    sold = m.Chip(name="Sold", tpp=5000, die_area_mm2=800, datacenter=True, market=on_sale)
    unsold = m.Chip(
        name="Unsold", tpp=5000, die_area_mm2=800, datacenter=True, market=m.Market(us_commercially_available=False)
    )
    items = m.ItemScope(all_items=True, us_available_on=day("2021-06-01"))
    rb = book(instrument("r", provisions=[provision(items=items)]), chips=(sold, unsold))
    for order in ((sold, unsold), (unsold, sold)):
        assert_agrees(rb, ("CN",), chips=order)
    assert rb.status_at("2022-06-01", "Sold", "CN").license_required
    assert not rb.status_at("2022-06-01", "Unsold", "CN").license_required


@pytest.mark.parametrize(
    ("other", "items"),
    [
        (
            m.Chip(name="Fam B", family="Fam", tpp=1000, die_area_mm2=800, datacenter=True),
            m.ItemScope(all_items=True, bounds=[TPP_4800]),
        ),
        (
            m.Chip(name="Fam B", family="Fam", tpp=5000, die_area_mm2=800, datacenter=True, foreign_produced=True),
            m.ItemScope(all_items=True),
        ),
    ],
    ids=["threshold", "foreign-produced"],
)
def test_variants_the_rules_see_apart_make_the_family_name_ambiguous(other, items):
    """A family name stands for its first variant only if the rules see the variants alike: a threshold one meets
    and the other does not, or a foreign-produced variant (its answers carry their own caveat), tells them apart."""
    rb = book(instrument("r", provisions=[provision(items=items)]), chips=(VARIANT_A, other))
    with pytest.raises(cc.errors.AmbiguousInputError):
        rb.chip("Fam")
    assert rb.status_at("2022-06-01", "Fam A", "CN") != rb.status_at("2022-06-01", "Fam B", "CN")
    alike = book(instrument("r", provisions=[provision(items=items)]), chips=(VARIANT_A, VARIANT_B))
    assert alike.chip("Fam") is VARIANT_A


# ---------------------------------------------------------------- memberships that must not share


def members_of_g(*members: m.Membership) -> list[m.CountryGroup]:
    """Group G with these members."""
    return [m.CountryGroup(id="G", name="Group G", members=list(members))]


def group_book(*members: m.Membership, **instruments: str) -> cc.Rulebook:
    """A requirement for every member of group G, and an instrument per keyword, published on its value."""
    return book(
        instrument("r", provisions=[provision(destinations=m.DestinationScope(groups=["G"]))]),
        *(instrument(i, published=on, effective=on) for i, on in instruments.items()),
        groups=members_of_g(*members),
    )


def test_members_joining_on_different_days_do_not_share():
    """Two countries joining a group on different days each follow their own membership."""
    rb = group_book(
        m.Membership(country="CN", start=day("2022-01-01"), added_by="a"),
        m.Membership(country="RU", start=day("2023-01-01"), added_by="a"),
        a="2021-06-01",
    )
    assert_agrees(rb, ("CN", "RU", "DE"), chips=(ALPHA,))
    assert rb.status_at("2022-06-01", "Alpha", "CN").license_required is True
    assert rb.status_at("2022-06-01", "Alpha", "RU").license_required is False


def test_members_leaving_on_different_days_do_not_share():
    """Two countries leaving a group on different days each follow their own membership."""
    rb = group_book(
        m.Membership(country="CN", end=day("2022-01-01"), removed_by="a"),
        m.Membership(country="RU", end=day("2023-01-01"), removed_by="a"),
        a="2021-06-01",
    )
    assert_agrees(rb, ("CN", "RU", "DE"), chips=(ALPHA,))
    assert rb.status_at("2022-06-01", "Alpha", "CN").license_required is False
    assert rb.status_at("2022-06-01", "Alpha", "RU").license_required is True


def test_members_added_by_different_instruments_do_not_share():
    """Countries joining one day by instruments published on different days each keep their own timeline."""
    rb = group_book(
        m.Membership(country="CN", start=day("2022-01-01"), added_by="a"),
        m.Membership(country="RU", start=day("2022-01-01"), added_by="b"),
        a="2021-06-01",
        b="2021-09-01",
    )
    assert_agrees(rb, ("CN", "RU"), chips=(ALPHA,), known="2021-07-01")
    assert rb.status_at("2022-06-01", "Alpha", "CN", known_on="2021-07-01").license_required is True
    assert rb.status_at("2022-06-01", "Alpha", "RU", known_on="2021-07-01").license_required is False
    assert periods(rb, "Alpha", "RU")[2:] == [
        ("[2021-09-01, 2022-01-01)", ("b",)),
        ("[2022-01-01, …)", ("b",)),
    ]


def test_members_removed_by_different_instruments_do_not_share():
    """Countries leaving one day by instruments published on different days each keep their own timeline."""
    rb = group_book(
        m.Membership(country="CN", end=day("2023-01-01"), removed_by="a"),
        m.Membership(country="RU", end=day("2023-01-01"), removed_by="b"),
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
            amendments=[m.ScopeChange(target="r/p", destinations=m.DestinationScope(groups=["G"]))],
        ),
        instrument("add", published="2022-06-01", effective="2022-06-01"),
        groups=members_of_g(m.Membership(country="RU", start=day("2023-01-01"), added_by="add")),
    )
    assert rb.status_at("2022-09-01", "Alpha", "RU").license_required is False
    assert rb.status_at("2023-06-01", "Alpha", "RU").license_required is True
    assert_agrees(rb, ("CN", "RU", "DE"), chips=(ALPHA,))


def test_a_party_scope_change_keeps_the_destination_groups_followed():
    """A party scope change of a group requirement keeps the group's members followed until it starts."""
    rb = book(
        instrument("r", provisions=[provision(destinations=m.DestinationScope(groups=["G"]))]),
        instrument(
            "party",
            published="2022-01-01",
            effective="2022-01-01",
            amendments=[
                m.ScopeChange(
                    target="r/p", start=day("2024-01-01"), parties=m.PartyScope(headquartered_in_groups=["H"])
                )
            ],
        ),
        instrument("add", published="2022-06-01", effective="2022-06-01"),
        groups=[
            *members_of_g(m.Membership(country="RU", start=day("2023-01-01"), added_by="add")),
            m.CountryGroup(id="H", name="Group H", members=[m.Membership(country="CN")]),
        ],
    )
    assert rb.status_at("2023-06-01", "Alpha", "RU").license_required is True
    assert_agrees(rb, ("RU", "DE"), chips=(ALPHA,))
    assert_agrees(rb, ("RU", "DE"), chips=(ALPHA,), hq="CN")


def test_only_the_destinations_and_the_headquarters_memberships_begin_periods():
    """A headquarters rule follows the memberships of the destination and the headquarters only."""
    rb = book(
        instrument("merge", published="2020-12-23", effective="2020-12-23"),
        instrument(
            "hq",
            provisions=[
                provision(
                    destinations=m.DestinationScope(everywhere=True),
                    parties=m.PartyScope(headquartered_in_groups=["G"]),
                )
            ],
        ),
        instrument("add", published="2022-06-01", effective="2022-06-01"),
        groups=members_of_g(m.Membership(country="CN", start=day("2023-01-01"), added_by="add")),
        merges=[m.Merge(code="MO", into="CN", start=day("2020-12-23"), instrument="merge")],
    )
    assert periods(rb, "Alpha", "FR", headquartered_in="DE") == [("[2020-01-01, …)", ())]
    assert periods(rb, "Alpha", "FR", headquartered_in="MO")[2:] == [
        ("[2021-01-01, 2022-06-01)", ("hq",)),
        ("[2022-06-01, 2023-01-01)", ("add",)),
        ("[2023-01-01, …)", ("add",)),
    ]
    for hq in ("DE", "MO", "CN"):
        assert_agrees(rb, ("FR", "DE"), chips=(ALPHA,), hq=hq)


# ---------------------------------------------------------------- selectors and days only amendments carry


def second_world() -> cc.Rulebook:
    """Selectors and dates that only amendments and memberships carry."""
    group = m.CountryGroup(
        id="G",
        name="Group G",
        members=[
            m.Membership(country="CN", start=day("2020-01-01")),
            m.Membership(
                country="RU", start=day("2022-03-15"), end=day("2023-03-15"), added_by="add", removed_by="drop"
            ),
        ],
    )
    return base_book(
        instrument("add", published="2022-02-01", effective="2022-02-01"),
        instrument("drop", published="2023-01-01", effective="2023-01-01"),
        instrument("merge", published="2023-01-01", effective="2023-01-01"),
        instrument("r", provisions=[provision(destinations=m.DestinationScope(groups=["G"]))]),
        instrument(
            "change",
            published="2021-06-01",
            effective="2021-06-01",
            amendments=[
                m.ComplianceDelay(target="r/p", compliance=day("2021-09-01")),
                m.ScopeChange(
                    target="r/p", start=day("2022-06-01"), items=m.ItemScope(products=["Beta"], bounds=[IO_600])
                ),
            ],
        ),
        chips=MANY_CHIPS,
        groups=[group],
        merges=[m.Merge(code="MO", into="CN", start=day("2023-06-01"), instrument="merge")],
    )


BETA_FAST = m.Chip(name="Beta", tpp=5000, io_bandwidth_gbps=900)  # the name a selector uses, with a fast I/O


def test_selectors_and_dates_of_amendments_agree_with_the_reference():
    """Chips and days only amendments or memberships carry give the reference's regimes."""
    rb = second_world()
    for basis in (m.Basis.ENFORCED, m.Basis.LEGAL):
        assert_pairs_agree_with_reference(rb, (*MANY_CHIPS, BETA_FAST), ("CN", "RU", "DE", "MO"), basis=basis)
    assert rb.status_at("2022-07-01", "Beta", "CN", basis="legal").requirement is m.Requirement.UNDETERMINED
    beta_slow = m.Chip(name="Beta", tpp=5000, io_bandwidth_gbps=100)
    assert rb.status_at("2022-07-01", beta_slow, "CN", basis="legal").license_required is False
    assert rb.status_at("2022-07-01", BETA_FAST, "CN", basis="legal").license_required is True


def test_membership_days_begin_periods_with_their_cause():
    """Joining, leaving or merging on a day of its own begins a period caused by the instrument doing it."""
    rb = second_world()
    h = rb.history("Alpha", "RU", by=["license_required"])
    assert [(str(e.period), e.caused_by, e.status.license_required) for e in h] == [
        ("[2020-01-01, 2022-03-15)", (), False),
        ("[2022-03-15, 2022-06-01)", ("add",), True),
        ("[2022-06-01, …)", ("change",), False),
    ]
    leaving = rb.history(BETA_FAST, "RU", by=["license_required"])
    assert [(str(e.period), e.caused_by) for e in leaving] == [
        ("[2020-01-01, 2022-03-15)", ()),
        ("[2022-03-15, 2023-03-15)", ("add",)),
        ("[2023-03-15, …)", ("drop",)),
    ]
    merged = rb.history("Alpha", "MO", by=["governing"])
    assert [(str(e.period), e.caused_by, e.status.governing) for e in merged] == [
        ("[2020-01-01, 2023-06-01)", (), "MO"),
        ("[2023-06-01, …)", ("merge",), "CN"),
    ]
    first = rb.history("Alpha", "CN")
    assert first[0].caused_by == () and str(first[0].period) == "[2020-01-01, 2021-01-01)"


# ---------------------------------------------------------------- what is not yet public in a view

#: the destination asked about (merged into China only by an instrument published later)
DEST = "MO"
TO_DEST = m.DestinationScope(countries=[DEST])


def later_parts() -> dict[str, dict[str, list[object]]]:
    """Parts of a record published on 2023-01-01 that act from 2023-06-01 on what the base record
    holds: instruments, and the memberships, merges and criteria they make."""
    on, start = {"published": "2023-01-01", "effective": "2023-01-01"}, day("2023-06-01")
    grant = m.License(id="lic", holder="Vendor", products=["Alpha"], destinations=TO_DEST, start=start)
    version = m.CriteriaVersion(
        id="criteria-2023",
        instrument="crit",
        start=start,
        paragraphs=[m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800])],
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
                    "extend", **on, amendments=[m.ScopeChange(target="other/p", start=start, destinations=TO_DEST)]
                )
            ]
        },
        "a review policy change": {
            "instruments": [
                instrument(
                    "tighten",
                    **on,
                    amendments=[
                        m.ReviewPolicyChange(target="r/p", start=start, review_policy=m.ReviewPolicy.POLICY_OF_DENIAL)
                    ],
                )
            ]
        },
        "the non-enforcement of an amendment": {
            "instruments": [instrument("stop", **on, amendments=[m.NonEnforcement(target="amend", start=start)])]
        },
        "a licence": {
            "instruments": [instrument("grant", **on, kind=m.InstrumentKind.LICENSE_GRANT, licenses=[grant])]
        },
        "a membership": {
            "instruments": [instrument("join", **on)],
            "members": [m.Membership(country=DEST, start=start, added_by="join")],
        },
        "a merge": {
            "instruments": [instrument("merge", **on)],
            "merges": [m.Merge(code=DEST, into="CN", start=start, instrument="merge")],
        },
        "criteria": {"instruments": [instrument("crit", **on)], "criteria": [version]},
    }


def view_book(**later: list[object]) -> cc.Rulebook:
    """A requirement for the destination and group G (which Russia belongs to), a retroactive second
    one published on 2022-01-01, an amendment of the first (by an instrument with a requirement of its
    own elsewhere) and a requirement elsewhere that starts on 2023-01-01; and the later parts given."""
    base = [
        instrument("r", provisions=[provision(destinations=m.DestinationScope(countries=[DEST], groups=["G"]))]),
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
            amendments=[m.ReviewPolicyChange(target="r/p", review_policy=m.ReviewPolicy.CASE_BY_CASE)],
            provisions=[provision(destinations=m.DestinationScope(countries=["RU"]))],
        ),
        instrument(
            "other",
            provisions=[provision(effective=day("2023-01-01"), destinations=m.DestinationScope(countries=["RU"]))],
        ),
    ]
    return book(
        *base,
        *later.get("instruments", ()),  # type: ignore[arg-type]
        groups=members_of_g(m.Membership(country="RU"), *later.get("members", ())),  # type: ignore[arg-type]
        merges=later.get("merges", ()),
        criteria=later.get("criteria", ()),
    )


@pytest.mark.parametrize("later", list(later_parts()))
def test_what_is_not_yet_public_changes_nothing_in_a_view(later):
    """As known on a day, a history is the same whether or not the record holds what was published later."""

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
        "[2021-06-01, …)",
    ]
    assert_agrees(with_later, (DEST, "RU"), chips=(ALPHA,), known="2022-06-01")
    # as known with everything, what acts on 2023-06-01 does make the 2022-01-01 publication an announcement
    assert "2022-01-01" in {str(e.period.start) for e in with_later.history("Alpha", DEST)}
    assert "2022-01-01" not in {str(e.period.start) for e in without.history("Alpha", DEST)}
