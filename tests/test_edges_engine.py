"""Edges of the engine: classification corners, scopes, obligations, citations and cache bounds.

Each test builds the smallest rulebook that shows one behaviour (``small_records``), or asks
the bundled record where it already holds the case.
"""

from __future__ import annotations

import datetime as dt

import pytest

import chipcontrols as cc
from chipcontrols import _engine
from chipcontrols._engine import Index, ProvisionRef, evaluate
from helpers import regime_of
from small_records import ALPHA, BETA, book, day, instrument, provision

A = cc.Bound(spec=cc.Spec.IO_BANDWIDTH, op=cc.Op.GE, value=600)
TPP_4800 = cc.Bound(spec=cc.Spec.TPP, op=cc.Op.GE, value=4800)


def criteria(*paragraphs: cc.Paragraph, exclusions: tuple[cc.Exclusion, ...] = ()) -> cc.ClassificationVersion:
    return cc.ClassificationVersion(
        id="test-criteria", instrument="crit", start=day("2021-01-01"), paragraphs=paragraphs, exclusions=exclusions
    )


CRIT = instrument("crit")  # publishes the criteria; no provisions of its own


class TestClassification:
    def test_unknown_earlier_prong_settles_the_paragraph_not_the_prong(self):
        """A chip meeting prong .2 of a paragraph whose prong .1 is unknown meets the paragraph; the prong is open."""
        version = criteria(
            cc.Paragraph(code="3A090.a", prong="3A090.a.1", tests=[A]),
            cc.Paragraph(code="3A090.a", prong="3A090.a.2", tests=[TPP_4800]),
        )
        rb = book(CRIT, criteria=[version])
        unknown_io = cc.Chip(name="Unknown I/O", tpp=5000)
        c = rb.explain_classification(unknown_io, "2022-01-01")
        assert (c.paragraph, c.prong, c.determinate, c.missing) == ("3A090.a", None, True, ())
        known_io = cc.Chip(name="Known I/O", tpp=5000, io_bandwidth_gbps=900)
        assert rb.explain_classification(known_io, "2022-01-01").prong == "3A090.a.1"

    def test_unknown_datacenter_flag_is_reported_missing(self):
        """A paragraph limited to data-centre chips cannot decide a chip whose flag is unknown, and says so."""
        version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800], datacenter=True))
        rb = book(CRIT, criteria=[version])
        c = rb.explain_classification(cc.Chip(name="Unflagged", tpp=5000), "2022-01-01")
        assert (c.paragraph, c.determinate, c.missing) == (None, False, ("datacenter",))
        with pytest.raises(cc.errors.UndeterminedClassificationError, match="datacenter"):
            rb.classify(cc.Chip(name="Unflagged", tpp=5000), "2022-01-01")
        assert rb.classify(cc.Chip(name="Flagged", tpp=5000, datacenter=True), "2022-01-01") == "3A090.a"

    def test_logic_exclusion_does_not_apply_to_memory(self):
        """HBM is classified under 3A090.c from December 2024; the logic-chip exclusion never applies to it."""
        stack = cc.Chip(name="Stack", category=cc.ChipCategory.MEMORY, memory_bandwidth_density=3.3, datacenter=False)
        after = cc.explain_classification(stack, "2025-01-01")
        assert (after.paragraph, after.excluded_by, after.determinate) == ("3A090.c", None, True)
        before = cc.explain_classification(stack, "2024-06-01")  # 2023 criteria: logic paragraphs only
        assert (before.paragraph, before.excluded_by, before.determinate) == (None, None, True)


class TestScopes:
    def test_excluded_product(self):
        """A product named in exclude_products is out of an all-items scope; others stay in."""
        rb = book(
            instrument("r", provisions=[provision(items=cc.ItemScope(all_items=True, exclude_products=["Beta"]))])
        )
        assert rb.status_at("2022-01-01", "Alpha", "CN").license_required is True
        assert rb.status_at("2022-01-01", "Beta", "CN").license_required is False

    def test_provision_without_licence_requirement(self):
        """A provision that only assigns a tier is relied on without requiring a licence."""
        rb = book(instrument("r", provisions=[provision(license_required=False, tier="Tier 1")]))
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert (s.license_required, s.review_policy, s.tier, s.level) == (
            False,
            None,
            "Tier 1",
            cc.Level.NO_LICENSE_REQUIRED,
        )
        assert [(g.provision, g.review_policy, g.exceptions) for g in s.basis] == [("p", None, frozenset())]
        assert s.citations == ("Rule r",)

    def test_end_user_rule_follows_the_basis(self):
        """A listed-party rule whose compliance date has not come is an end-user caveat on the legal basis only."""
        rule = instrument(
            "r",
            compliance=day("2022-01-01"),
            provisions=[provision(parties=cc.PartyScope(listed_parties="Entity List entries"))],
        )
        rb = book(rule)

        def end_user(date: str, basis: str) -> list[str]:
            s = rb.status_at(date, "Alpha", "CN", basis=basis)
            assert s.license_required is False  # described, never evaluated
            return [c.message for c in s.caveats if c.kind is cc.CaveatKind.END_USER]

        assert end_user("2021-06-01", "enforced") == []
        assert end_user("2021-06-01", "compliance") == []
        assert len(end_user("2021-06-01", "legal")) == 1
        assert "Rule r" in end_user("2022-06-01", "enforced")[0]


class TestObligations:
    @staticmethod
    def policy_book(condition: str | None) -> cc.Rulebook:
        base = instrument("a", provisions=[provision(review_policy=cc.ReviewPolicy.PRESUMPTION_OF_DENIAL)])
        change = instrument(
            "b",
            published="2022-01-01",
            effective="2022-01-01",
            amendments=[
                cc.ReviewPolicyChange(target="a/p", review_policy=cc.ReviewPolicy.CASE_BY_CASE, condition=condition)
            ],
        )
        return book(base, change)

    def test_unconditional_policy_change(self):
        """A review-policy change without a condition changes the policy and adds no caveat."""
        rb = self.policy_book(None)
        before = rb.status_at("2021-06-01", "Alpha", "CN")
        after = rb.status_at("2022-06-01", "Alpha", "CN")
        assert before.review_policy is cc.ReviewPolicy.PRESUMPTION_OF_DENIAL
        assert after.review_policy is cc.ReviewPolicy.CASE_BY_CASE
        assert after.caveats == () and after.basis[0].conditions == ()
        assert after.citations == ("Rule a", "Rule b")

    def test_conditional_policy_change(self):
        """A review-policy change with a condition is applied and its condition stated as a caveat."""
        after = self.policy_book("end users outside the PRC").status_at("2022-06-01", "Alpha", "CN")
        assert after.review_policy is cc.ReviewPolicy.CASE_BY_CASE
        assert after.basis[0].conditions == ("end users outside the PRC",)
        assert [c.kind for c in after.caveats] == [cc.CaveatKind.NOT_EVALUATED]
        assert "end users outside the PRC" in after.caveats[0].message


def test_instruments_sharing_a_citation_are_cited_once():
    """Two instruments with one short citation (one Federal Register document) give one citation."""
    first = instrument("a", short="90 FR 1", provisions=[provision()])
    second = instrument("b", short="90 FR 1", provisions=[provision(destinations=cc.DestinationScope(everywhere=True))])
    s = book(first, second).status_at("2022-01-01", "Alpha", "CN")
    assert s.citations == ("90 FR 1",)
    assert [g.instrument for g in s.basis] == ["a", "b"]


def test_caches_beyond_their_limit_give_the_same_answers(monkeypatch):
    """With the evaluation caches full (limit 0), answers are computed afresh, equal, and the caches stay empty."""
    queries = [
        (d, chip, country)
        for d in ("2022-11-01", "2023-12-01", "2025-06-01")
        for chip in ("H100", "H20")
        for country in ("CN", "HK", "IN")
    ]
    expected = [regime_of(cc.status_at(*q)) for q in queries]
    monkeypatch.setattr(_engine, "_CACHE_LIMIT", 0)
    fresh = cc.bundled().with_instruments()  # new caches
    assert [regime_of(fresh.status_at(*q)) for q in queries] == expected
    index = fresh._state.index
    assert (index.states, index.item_matches, index.destination_matches) == ({}, {}, {})


class TestIndex:
    """The index is built only from validated rulebooks; its own contract still holds on its own."""

    def test_provision_ref_repr(self):
        """A provision reference shows its key."""
        rule = instrument("r", provisions=[provision("p1")])
        assert repr(ProvisionRef(rule, rule.provisions[0])) == "ProvisionRef(r/p1)"

    def test_amendment_of_an_unknown_instrument_acts_on_nothing(self):
        """An amendment naming an instrument the index lacks is attached to no provision."""
        rule = instrument("r", provisions=[provision()])
        stray = instrument("s", amendments=[cc.Rescission(target="elsewhere")])
        index = Index([rule, stray], [], [], [])
        assert index.targets("elsewhere") == []
        assert index.amendments == {}
        regime = evaluate(index, dt.date(2022, 1, 1), ALPHA, "CN", known=None, basis=cc.Basis.ENFORCED, hq=None)
        assert regime.license_required is True and regime.instruments == ("r",)

    def test_untouched_chip_is_not_required(self):
        """A product-scoped provision leaves other chips alone (the reference evaluation, directly)."""
        rule = instrument("r", provisions=[provision(items=cc.ItemScope(products=["Alpha"]))])
        index = Index([rule], [], [], [])
        regime = evaluate(index, dt.date(2022, 1, 1), BETA, "CN", known=None, basis=cc.Basis.ENFORCED, hq=None)
        assert regime.license_required is False and regime.basis == ()


class TestAmendmentTiming:
    def test_compliance_delay_acts_from_its_own_effective_date(self):
        """A compliance delay postpones the compliance date, but only from the day the delaying rule takes effect."""
        rule = instrument("a", compliance=day("2022-01-01"), provisions=[provision()])
        delay = instrument(
            "delay",
            published="2021-06-01",
            effective="2022-03-01",
            amendments=[cc.ComplianceDelay(target="a/p", compliance=day("2022-06-01"))],
        )
        rb = book(rule, delay)

        def required(date: str, **kw: object) -> bool:
            return rb.status_at(date, "Alpha", "CN", basis="compliance", **kw).license_required

        assert required("2022-02-01")  # compliance date passed; the delay is not in effect yet
        assert not required("2022-04-01")  # the delay now acts: compliance not required before 2022-06-01
        assert required("2022-04-01", known_on="2021-05-31")  # as known before the delay was published
        assert required("2022-06-01")
        assert rb.status_at("2022-04-01", "Alpha", "CN", basis="legal").license_required

    def test_rescission_after_expiry_does_not_extend(self):
        """A rescission dated after the provision has expired leaves the expiry as it was."""
        rule = instrument("a", provisions=[provision(expires=day("2022-01-01"))])
        late = instrument(
            "late", published="2021-06-01", effective="2023-01-01", amendments=[cc.Rescission(target="a")]
        )
        rb = book(rule, late)
        assert rb.status_at("2021-12-31", "Alpha", "CN").license_required
        assert not rb.status_at("2022-01-01", "Alpha", "CN").license_required
        assert not rb.status_at("2023-06-01", "Alpha", "CN").license_required
        last = rb.history("Alpha", "CN")[-1]
        assert (str(last.period), last.status.license_required) == ("[2022-01-01, 2026-01-01)", False)

    def test_non_enforcement_of_an_amending_instrument(self):
        """When the agency stops enforcing an amending rule, its policy change stops acting on the enforced basis."""
        rule = instrument("a", provisions=[provision(review_policy=cc.ReviewPolicy.CASE_BY_CASE)])
        tighten = instrument(
            "b",
            published="2022-01-01",
            effective="2022-01-01",
            provisions=[provision("own", destinations=cc.DestinationScope(countries=["MO"]))],
            amendments=[cc.ReviewPolicyChange(target="a/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL)],
        )
        stop = instrument(
            "c", published="2023-01-01", effective="2023-01-01", amendments=[cc.NonEnforcement(target="b")]
        )
        rb = book(rule, tighten, stop)

        def policy(date: str, **kw: object) -> cc.ReviewPolicy | None:
            return rb.status_at(date, "Alpha", "CN", **kw).review_policy

        assert policy("2022-06-01") is cc.ReviewPolicy.POLICY_OF_DENIAL
        assert policy("2023-06-01") is cc.ReviewPolicy.CASE_BY_CASE
        assert policy("2023-06-01", basis="legal") is cc.ReviewPolicy.POLICY_OF_DENIAL
        assert policy("2023-06-01", known_on="2022-12-31") is cc.ReviewPolicy.POLICY_OF_DENIAL

    def test_headquarters_rule_off_basis_is_not_a_party_caveat(self):
        """A headquarters rule not yet binding on the basis asked adds no party-rule caveat there."""
        rule = instrument(
            "a",
            compliance=day("2022-01-01"),
            provisions=[
                provision(
                    destinations=cc.DestinationScope(everywhere=True),
                    parties=cc.PartyScope(headquartered_in_countries=["CN"]),
                )
            ],
        )
        rb = book(rule)

        def party_caveats(date: str, basis: str) -> int:
            s = rb.status_at(date, "Alpha", "DE", basis=basis)
            return sum(c.kind is cc.CaveatKind.PARTY_RULE for c in s.caveats)

        assert (party_caveats("2021-06-01", "enforced"), party_caveats("2021-06-01", "legal")) == (0, 1)
        assert party_caveats("2022-06-01", "enforced") == 1
        assert rb.status_at("2022-06-01", "Alpha", "DE", headquartered_in="CN").license_required
        assert not rb.status_at("2021-06-01", "Alpha", "DE", headquartered_in="CN").license_required


def test_exclusion_open_on_a_specification_other_than_the_flag():
    """A non-data-centre chip of unknown TPP may fall under Note 2: undetermined, and the flag is not missing."""
    c = cc.explain_classification(cc.Chip(name="Unknown TPP", datacenter=False, die_area_mm2=600), "2024-06-01")
    assert (c.paragraph, c.determinate, c.excluded_by) == (None, False, None)
    assert "tpp" in c.missing and "datacenter" not in c.missing
