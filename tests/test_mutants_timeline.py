"""Compiled timelines, pinned where mutation testing found them unchecked: shared timelines agree
with the day-by-day reference evaluation for every pair, knowledge view and basis; causes,
scheduled changes and their wording.

Each test builds a small rulebook (``mutation_records``) with the features that make pairs share,
or not share, a timeline: merges, group memberships that change, headquarters rules, licences,
products named by selectors, chips produced abroad, bounds, two criteria versions.
"""

from __future__ import annotations

import pytest

import chipcontrols as cc
from chipcontrols._timeline import describe
from helpers import assert_pairs_agree_with_reference
from mutation_records import ABROAD, ALPHA, BETA, TPP_4800, VAGUE, book, criteria, day, instrument, provision

IO_600 = cc.Bound(spec=cc.Spec.IO_BANDWIDTH, op=cc.Op.GE, value=600)
FAST_IO = cc.Chip(name="Fast IO", tpp=5000, die_area_mm2=800, datacenter=True, io_bandwidth_gbps=900)
SMALL = cc.Chip(name="Small", tpp=1000, die_area_mm2=800, datacenter=True)
MID = cc.Chip(name="Mid", tpp=3000, die_area_mm2=800, datacenter=True)
DESK = cc.Chip(name="Desk", tpp=5000, die_area_mm2=800, datacenter=False)
CHIPS = (ALPHA, BETA, ABROAD, VAGUE, FAST_IO, SMALL, MID, DESK)
COUNTRIES = ("CN", "HK", "MO", "RU", "BY", "DE", "FR", "AE", "IN", "US")


def world() -> cc.Rulebook:
    groups = [
        cc.CountryGroup(
            id="D:5",
            name="Arms embargoed",
            members=[
                cc.Membership(country="CN"),
                cc.Membership(country="RU", start=day("2022-03-01"), added_by="russia"),
                cc.Membership(
                    country="BY", start=day("2022-03-01"), end=day("2024-06-01"), added_by="russia", removed_by="relief"
                ),
            ],
        ),
        cc.CountryGroup(
            id="T2",
            name="Tier 2",
            members=[
                cc.Membership(country="IN", start=day("2024-01-01"), added_by="tiers"),
                cc.Membership(country="AE"),
            ],
        ),
    ]
    versions = [
        criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]), start="2021-01-01"),
        criteria(
            cc.Paragraph(code="3A090.a", prong="3A090.a.1", tests=[TPP_4800]),
            cc.Paragraph(code="3A090.b", prong="3A090.b", tests=[cc.Bound(spec=cc.Spec.TPP, op=cc.Op.GE, value=2400)]),
            start="2023-06-01",
        ),
    ]
    grant = cc.License(
        id="lic-1",
        holder="Vendor",
        products=["Beta"],
        destinations=cc.DestinationScope(countries=["CN"]),
        start=day("2024-02-01"),
        end=day("2024-08-01"),
    )
    return book(
        instrument("merge", published="2020-12-23", effective="2020-12-23"),
        instrument("crit"),
        instrument(
            "ac",
            provisions=[
                provision(
                    items=cc.ItemScope(classifications=["3A090"]),
                    destinations=cc.DestinationScope(groups=["D:5"]),
                    review_policy=cc.ReviewPolicy.PRESUMPTION_OF_DENIAL,
                ),
                provision(
                    "named",
                    items=cc.ItemScope(products=["Beta"]),
                    destinations=cc.DestinationScope(countries=["DE"]),
                ),
                provision(
                    "hq",
                    items=cc.ItemScope(classifications=["3A090.a"]),
                    destinations=cc.DestinationScope(everywhere=True, except_groups=["D:5"]),
                    parties=cc.PartyScope(headquartered_in_groups=["D:5"], headquartered_in_countries=["MO"]),
                ),
            ],
        ),
        instrument("russia", published="2022-02-24", effective="2022-03-01"),
        instrument("relief", published="2024-05-01", effective="2024-06-01"),
        instrument(
            "tiers",
            published="2023-12-01",
            effective="2024-01-01",
            compliance=day("2024-03-01"),
            provisions=[
                provision(
                    "t2",
                    items=cc.ItemScope(all_items=True, bounds=[IO_600], datacenter=True),
                    destinations=cc.DestinationScope(groups=["T2"]),
                    tier="Tier 2",
                    exceptions=["LPP"],
                )
            ],
            amendments=[
                cc.ScopeChange(
                    target="ac/p",
                    start=day("2024-04-01"),
                    destinations=cc.DestinationScope(groups=["D:5"], countries=["FR"]),
                )
            ],
        ),
        instrument(
            "pause",
            published="2025-01-10",
            effective="2025-02-01",
            amendments=[
                cc.NonEnforcement(target="tiers", end=day("2025-09-01")),
                cc.Suspension(target="ac/named", end=day("2025-03-01")),
            ],
        ),
        instrument(
            "grant",
            kind=cc.InstrumentKind.LICENSE_GRANT,
            published="2024-01-15",
            effective="2024-01-15",
            licenses=[grant],
        ),
        chips=CHIPS,
        groups=groups,
        criteria=versions,
        merges=[
            cc.Merge(code="HK", into="CN", start=day("2020-12-23"), instrument="merge"),
            cc.Merge(code="MO", into="CN", start=day("2023-01-01"), instrument="merge"),
        ],
    )


@pytest.mark.parametrize(
    ("basis", "known"),
    [
        (cc.Basis.ENFORCED, None),
        (cc.Basis.LEGAL, None),
        (cc.Basis.COMPLIANCE, "2024-05-15"),
        (cc.Basis.ENFORCED, "2023-12-15"),
        (cc.Basis.ENFORCED, "2019-06-01"),
    ],
)
def test_every_pair_agrees_with_the_reference(basis, known):
    """Pairs sharing timelines (or not) give, on every day around every change, the reference's regime."""
    known_on = None if known is None else day(known)
    assert_pairs_agree_with_reference(world(), CHIPS, COUNTRIES, known=known_on, basis=basis)


@pytest.mark.parametrize("hq", ["CN", "MO", "HK", "DE", "BY"])
def test_headquarters_pairs_agree_with_the_reference(hq):
    assert_pairs_agree_with_reference(world(), (ALPHA, MID, VAGUE), ("DE", "IN", "HK"), hq=hq)


def test_history_periods_and_causes():
    """A history's periods begin on the days the answer changes, and on the days a change of it is
    announced, each with the instruments that began it."""
    h = world().history("Alpha", "BY")
    assert [(str(e.period), e.caused_by, e.status.level.value) for e in h] == [
        ("[2020-01-01, 2021-01-01)", (), "no-license-required"),
        ("[2021-01-01, 2022-02-24)", ("ac",), "no-license-required"),
        ("[2022-02-24, 2022-03-01)", ("russia",), "no-license-required"),
        ("[2022-03-01, 2023-12-01)", ("russia",), "presumption-of-denial"),
        ("[2023-12-01, 2024-04-01)", ("tiers",), "presumption-of-denial"),
        ("[2024-04-01, 2024-05-01)", ("tiers",), "presumption-of-denial"),
        ("[2024-05-01, 2024-06-01)", ("relief",), "presumption-of-denial"),
        ("[2024-06-01, 2025-01-10)", ("relief",), "no-license-required"),
        ("[2025-01-10, 2026-01-01)", ("pause",), "no-license-required"),
    ]
    assert [[str(x) for x in e.status.scheduled] for e in h] == [
        [],
        [],
        ["2022-03-01: licence required no -> yes; review policy none -> presumption-of-denial (Rule russia)"],
        [],
        ["2024-04-01: grounds change: Rule ac; Rule crit; Rule russia; Rule tiers (Rule tiers)"],
        [],
        ["2024-06-01: licence required yes -> no; review policy presumption-of-denial -> none (Rule relief)"],
        [],
        [],
    ]
    clipped = world().history("Alpha", "BY", start="2022-06-01", end="2024-05-01", by=["level"])
    assert [(str(e.period), e.caused_by) for e in clipped] == [("[2022-06-01, 2024-05-01)", ())]


def test_scheduled_from_an_announcement_ahead_of_effect():
    """From the day a rule is announced, answers list what it will change and when, on the basis asked."""
    rb = world()
    s = rb.status_at("2023-12-15", "Fast IO", "IN")
    assert str(s.period) == "[2023-12-01, 2024-01-01)"
    assert [(str(x), x.instruments) for x in s.scheduled] == [
        ("2024-01-01: caveats change (Rule tiers)", ("tiers",)),
        (
            "2024-03-01: licence required no -> yes; licence exceptions none -> LPP; tier none -> Tier 2 (Rule tiers)",
            ("tiers",),
        ),
    ]
    legal = rb.status_at("2023-12-15", "Fast IO", "IN", basis="legal")
    assert [str(x) for x in legal.scheduled] == [
        "2024-01-01: licence required no -> yes; licence exceptions none -> LPP; tier none -> Tier 2 (Rule tiers)"
    ]
    assert rb.status_at("2023-12-15", "Fast IO", "IN", known_on="2023-12-05").scheduled == s.scheduled
    before_news = rb.status_at("2023-12-15", "Fast IO", "IN", known_on="2023-11-30")
    assert str(before_news.period) == "[2021-01-01, 2026-01-01)" and before_news.scheduled == ()
    h = rb.history("Fast IO", "IN", start="2024-01-01")
    assert [(str(e.period), e.caused_by, e.status.level.value) for e in h][1:4] == [
        ("[2024-03-01, 2025-01-10)", ("tiers",), "license-exception"),
        ("[2025-01-10, 2025-02-01)", ("pause",), "license-exception"),
        ("[2025-02-01, 2025-09-01)", ("pause",), "no-license-required"),
    ]


def test_merged_destinations_keep_their_own_code():
    rb = world()
    s = rb.status_at("2024-01-01", "Alpha", "MO")
    assert (s.country.code, s.governing, s.license_required) == ("MO", "CN", True)
    assert rb.status_at("2022-06-01", "Alpha", "MO").governing == "MO"
    assert rb.status_at("2024-01-01", "Alpha", "HK").governing == "CN"
    assert rb.status_at("2024-01-01", "Alpha", "CN").governing == "CN"


def test_status_sequences_index_from_either_end():
    rb = world()
    h = rb.history("Alpha", "BY")
    periods = rb._state.compiled.statuses(ALPHA, cc.country("BY"), cc.Basis.ENFORCED, None, None)[1]
    assert len(periods) == len(h)
    assert periods[-1] is periods[len(periods) - 1]
    assert [s.period for s in periods[1:3]] == [h[1].period, h[2].period]
    assert periods[::-1][0].period == h[-1].period


class TestDescribe:
    def _regime(self, **changes):
        base = {
            "license_required": True,
            "review_policy": cc.ReviewPolicy.CASE_BY_CASE,
            "exceptions": (cc.LicenseException.NAC,),
            "classification": "3A090.a",
            "tier": "Tier 1",
            "licenses": (),
            "citations": ("A",),
            "basis": (),
            "caveats": (),
            "determinate": True,
            "unclassified": (),
            "governing": "CN",
            "instruments": ("a",),
        }
        base.update(changes)
        from chipcontrols._answer import Regime

        return Regime(**base)

    def test_every_field(self):
        before = self._regime()
        lic = cc.License(id="l", holder="H", products=["Alpha"], destinations=cc.DestinationScope(countries=["CN"]))
        after = self._regime(
            license_required=False,
            review_policy=None,
            exceptions=(),
            classification=None,
            tier=None,
            licenses=(lic,),
        )
        assert describe(before, after) == (
            "licence required yes -> no; review policy case-by-case -> none; licence exceptions NAC -> none; "
            "classification 3A090.a -> none; tier Tier 1 -> none; granted licences change"
        )
        assert describe(after, before) == (
            "licence required no -> yes; review policy none -> case-by-case; licence exceptions none -> NAC; "
            "classification none -> 3A090.a; tier none -> Tier 1; granted licences change"
        )
        two = self._regime(exceptions=(cc.LicenseException.ACA, cc.LicenseException.NAC))
        assert describe(before, two) == "licence exceptions NAC -> ACA,NAC"
        assert describe(two, before) == "licence exceptions ACA,NAC -> NAC"

    def test_grounds_caveats_and_nothing(self):
        before = self._regime()
        assert describe(before, self._regime(citations=("A", "B"))) == "grounds change: A; B"
        caveat = cc.Caveat(kind=cc.CaveatKind.END_USER, message="m")
        assert describe(before, self._regime(caveats=(caveat,))) == "caveats change"
        assert describe(before, self._regime(citations=("B",), tier="Tier 2")) == "tier Tier 1 -> Tier 2"
        assert describe(before, self._regime(caveats=(caveat,), tier=None)) == "tier Tier 1 -> none"
        assert describe(before, self._regime(instruments=("b",))) == "no change in the answer"


def test_scheduled_for_a_headquarters_rule():
    """Changes scheduled for a buyer's headquarters are those of the question asked, headquarters included."""
    rb = book(
        instrument(
            "hq",
            published="2021-06-01",
            effective="2022-01-01",
            provisions=[provision(parties=cc.PartyScope(headquartered_in_countries=["CN"]))],
        )
    )
    s = rb.status_at("2021-09-01", "Alpha", "CN", headquartered_in="CN")
    assert [str(x) for x in s.scheduled] == ["2022-01-01: licence required no -> yes (Rule hq)"]
    other = rb.status_at("2021-09-01", "Alpha", "CN", headquartered_in="FR")
    assert other.scheduled == ()


def test_scheduled_as_known_before_the_period_began():
    """Asked as known before the period began, scheduled changes are those public on the knowledge day."""
    rb = book(
        instrument("r", published="2021-06-01", effective="2022-01-01", provisions=[provision()]),
        instrument(
            "later",
            published="2021-12-15",
            effective="2023-01-01",
            amendments=[cc.ReviewPolicyChange(target="r/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL)],
        ),
    )
    s = rb.status_at("2022-06-01", "Alpha", "CN", known_on="2021-12-01")
    assert str(s.period) == "[2022-01-01, 2026-01-01)" and s.scheduled == ()
    now = rb.status_at("2022-06-01", "Alpha", "CN")
    assert [str(x) for x in now.scheduled] == ["2023-01-01: review policy none -> policy-of-denial (Rule later)"]


def second_world() -> cc.Rulebook:
    """Selectors and dates that only amendments and memberships carry."""
    group = cc.CountryGroup(
        id="G",
        name="Group G",
        members=[
            cc.Membership(country="CN", start=day("2020-01-01")),
            cc.Membership(
                country="RU", start=day("2022-03-15"), end=day("2023-03-15"), added_by="add", removed_by="drop"
            ),
        ],
    )
    return book(
        instrument("add", published="2022-02-01", effective="2022-02-01"),
        instrument("drop", published="2023-01-01", effective="2023-01-01"),
        instrument("merge", published="2023-01-01", effective="2023-01-01"),
        instrument("r", provisions=[provision(destinations=cc.DestinationScope(groups=["G"]))]),
        instrument(
            "change",
            published="2021-06-01",
            effective="2021-06-01",
            amendments=[
                cc.ComplianceDelay(target="r/p", compliance=day("2021-09-01")),
                cc.ScopeChange(
                    target="r/p",
                    start=day("2022-06-01"),
                    items=cc.ItemScope(products=["Beta"], bounds=[IO_600]),
                ),
            ],
        ),
        chips=CHIPS,
        groups=[group],
        merges=[cc.Merge(code="MO", into="CN", start=day("2023-06-01"), instrument="merge")],
    )


def test_selectors_and_dates_of_amendments_agree_with_the_reference():
    """Chips named or bounded only by an amendment, and days only an amendment or a membership holds,
    give the reference's regimes."""
    rb = second_world()
    beta_fast = cc.Chip(name="Beta", tpp=5000, io_bandwidth_gbps=900)
    for basis in (cc.Basis.ENFORCED, cc.Basis.LEGAL):
        assert_pairs_agree_with_reference(rb, (*CHIPS, beta_fast), ("CN", "RU", "DE", "MO"), basis=basis)
    assert rb.status_at("2022-07-01", "Beta", "CN", basis="legal").license_required is False
    assert rb.status_at("2022-07-01", beta_fast, "CN", basis="legal").license_required is True


def test_membership_days_begin_periods_with_their_cause():
    """A country joining or leaving a group, or merging into another, on a day of its own begins a period
    caused by the instrument that made it so."""
    rb = second_world()
    h = rb.history("Alpha", "RU", by=["license_required"])
    assert [(str(e.period), e.caused_by, e.status.license_required) for e in h] == [
        ("[2020-01-01, 2022-03-15)", (), False),
        ("[2022-03-15, 2022-06-01)", ("add",), True),
        ("[2022-06-01, 2026-01-01)", ("change",), False),
    ]
    beta_fast = cc.Chip(name="Beta", tpp=5000, io_bandwidth_gbps=900)
    leaving = rb.history(beta_fast, "RU", by=["license_required"])
    assert [(str(e.period), e.caused_by) for e in leaving] == [
        ("[2020-01-01, 2022-03-15)", ()),
        ("[2022-03-15, 2023-03-15)", ("add",)),
        ("[2023-03-15, 2026-01-01)", ("drop",)),
    ]
    merged = rb.history("Alpha", "MO", by=["governing"])
    assert [(str(e.period), e.caused_by, e.status.governing) for e in merged] == [
        ("[2020-01-01, 2023-06-01)", (), "MO"),
        ("[2023-06-01, 2026-01-01)", ("merge",), "CN"),
    ]
    first = rb.history("Alpha", "CN")
    assert first[0].caused_by == () and str(first[0].period) == "[2020-01-01, 2021-01-01)"
