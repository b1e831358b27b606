"""Classification and items in the engine: prongs, flags, exclusions, the criteria as known, the items a
provision reaches (by name, flag, threshold or classification) and the obligations it sets for them.

Each test builds the smallest record that shows one behaviour (``builders``), or asks the bundled
record where it already holds the case.
"""

from __future__ import annotations

import pytest

import chipcontrols as cc
from builders import TPP_4800, VAGUE, book, criteria, day, instrument, provision
from chipcontrols import model as m

IO_600 = m.Threshold(spec=m.Spec.IO_BANDWIDTH, op=m.Op.GE, value=600)
CRIT = instrument("crit")  # publishes the criteria; no provisions of its own
POLICY = m.ReviewPolicy
KIND = m.CaveatKind


def caveats(status: cc.Status, kind: m.CaveatKind) -> list[m.Caveat]:
    """The caveats of one kind an answer carries."""
    return [c for c in status.caveats if c.kind is kind]


def tiers(*names: str) -> list[m.Tier]:
    """Tiers of these names (ranked in order) reaching China."""
    return [m.Tier(name=n, rank=k, destinations=m.DestinationScope(countries=["CN"])) for k, n in enumerate(names, 1)]


class TestProngs:
    def test_unknown_earlier_prong_settles_the_paragraph_not_the_prong(self):
        """A chip meeting prong .2 of a paragraph whose prong .1 is unknown meets the paragraph; the prong is open."""
        version = criteria(
            m.Paragraph(code="3A090.a", prong="3A090.a.1", tests=[IO_600]),
            m.Paragraph(code="3A090.a", prong="3A090.a.2", tests=[TPP_4800]),
        )
        rb = book(CRIT, criteria=[version])
        unknown_io = m.Chip(name="Unknown I/O", tpp=5000)
        c = rb.explain_classification(unknown_io, "2022-01-01")
        assert (c.paragraph, c.prong, c.determinate, c.missing) == ("3A090.a", None, True, ())
        known_io = m.Chip(name="Known I/O", tpp=5000, io_bandwidth_gbps=900)
        assert rb.explain_classification(known_io, "2022-01-01").prong == "3A090.a.1"

    def test_unknown_datacenter_flag_is_reported_missing(self):
        """A paragraph limited to data-centre chips cannot decide a chip whose flag is unknown, and says so."""
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800], datacenter=True))
        rb = book(CRIT, criteria=[version])
        c = rb.explain_classification(m.Chip(name="Unflagged", tpp=5000), "2022-01-01")
        assert (c.paragraph, c.determinate, c.missing) == (None, False, ("datacenter",))
        with pytest.raises(cc.errors.UndeterminedClassificationError, match="datacenter"):
            rb.classify(m.Chip(name="Unflagged", tpp=5000), "2022-01-01")
        assert rb.classify(m.Chip(name="Flagged", tpp=5000, datacenter=True), "2022-01-01") == "3A090.a"


class TestExclusions:
    def test_logic_exclusion_does_not_apply_to_memory(self):
        """HBM is classified under 3A090.c from December 2024; the logic-chip exclusion never applies to it."""
        stack = m.Chip(name="Stack", category=m.ChipCategory.MEMORY, memory_bandwidth_density=3.3, datacenter=False)
        after = cc.explain_classification(stack, "2025-01-01")
        assert (after.paragraph, after.excluded_by, after.determinate) == ("3A090.c", None, True)
        before = cc.explain_classification(stack, "2024-06-01")  # 2023 criteria: logic paragraphs only
        assert (before.paragraph, before.excluded_by, before.determinate) == (None, None, True)

    def test_exclusion_open_on_a_specification_other_than_the_flag(self):
        """A non-data-centre chip of unknown TPP may fall under Note 2: undetermined, and the flag is not missing."""
        c = cc.explain_classification(m.Chip(name="Unknown TPP", datacenter=False, die_area_mm2=600), "2024-06-01")
        assert (c.paragraph, c.determinate, c.excluded_by) == (None, False, None)
        assert "tpp" in c.missing and "datacenter" not in c.missing

    def test_exclusion_after_one_for_another_category(self):
        """An exclusion for memory does not stop a later exclusion for logic chips from applying."""
        version = criteria(
            m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]),
            exclusions=[
                m.Exclusion(description="memory stacks", tests=[TPP_4800], category=m.ChipCategory.MEMORY),
                m.Exclusion(description="consumer chips", tests=[TPP_4800], datacenter=False),
            ],
        )
        rb = book(CRIT, criteria=[version])
        desk = m.Chip(name="Desk", tpp=5000, datacenter=False)
        c = rb.explain_classification(desk, "2022-01-01")
        assert (c.paragraph, c.excluded_by, c.determinate) == (None, "consumer chips", True)
        server = rb.explain_classification("Alpha", "2022-01-01")
        assert (server.paragraph, server.excluded_by) == ("3A090.a", None)
        unknown = rb.explain_classification(m.Chip(name="Unflagged", tpp=5000), "2022-01-01")
        assert (unknown.paragraph, unknown.determinate, unknown.missing) == (None, False, ("datacenter",))


class TestClassificationAsKnown:
    @staticmethod
    def _book() -> cc.Rulebook:
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        rule = instrument(
            "r",
            published="2020-01-01",
            effective="2020-01-01",
            provisions=[provision(items=m.ItemScope(classifications=["3A090"]))],
        )
        return book(CRIT, rule, criteria=[version])

    def test_classification_names_its_criteria(self):
        """A classification names the criteria version and the instrument that decided it, controlled or not."""
        rb = self._book()
        c = rb.explain_classification("Alpha", "2022-01-01")
        assert (c.paragraph, c.prong, c.version, c.instrument, c.date) == (
            "3A090.a",
            "3A090.a",
            "criteria-2021-01-01",
            "crit",
            day("2022-01-01"),
        )
        small = rb.explain_classification(m.Chip(name="Small", tpp=100), "2022-01-01")
        assert (small.paragraph, small.version, small.instrument, small.determinate) == (
            None,
            "criteria-2021-01-01",
            "crit",
            True,
        )
        assert [(t.prong, t.passed, t.margin) for t in small.tests] == [("3A090.a", False, 100 - 4800)]

    def test_criteria_not_yet_public_classify_nothing(self):
        """Asked as known before the criteria were published, a chip meets no paragraph and needs no licence."""
        rb = self._book()
        s = rb.status_at("2022-01-01", "Alpha", "CN", known_on="2020-06-01")
        assert (s.classification, s.license_required) == (None, False)
        now = rb.status_at("2022-01-01", "Alpha", "CN")
        assert (now.classification, now.license_required, now.citations) == ("3A090.a", True, ("Rule r", "Rule crit"))
        assert rb.explain_classification("Alpha", "2022-01-01", known_on="2020-06-01").version is None

    def test_classification_before_any_criteria(self):
        """Before any criteria apply, a classification names the chip and the day, with no version and no tests."""
        rb = book(CRIT, criteria=[criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))])
        got = rb.explain_classification("Alpha", "2020-06-01")
        assert (got.chip, got.date, got.paragraph, got.prong, got.determinate) == (
            "Alpha",
            day("2020-06-01"),
            None,
            None,
            True,
        )
        assert (got.version, got.instrument, got.tests, got.excluded_by, got.missing) == (None, None, (), None, ())


class TestItemsTheRecordCannotSettle:
    """Item scopes that turn on a specification or a classification the chip's record cannot settle."""

    def test_missing_specification_names_what_is_missing(self):
        """A classification the record cannot settle leaves the requirement undetermined, naming the gap."""
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        rb = book(
            CRIT,
            instrument("r", provisions=[provision(items=m.ItemScope(classifications=["3A090"]))]),
            criteria=[version],
        )
        s = rb.status_at("2022-01-01", VAGUE, "CN")
        assert (s.requirement, s.level, s.determinate, s.unclassified) == (
            m.Requirement.UNDETERMINED,
            m.Level.UNDETERMINED,
            False,
            ("tpp",),
        )
        with pytest.raises(cc.errors.UndeterminedAnswerError):
            s.license_required  # noqa: B018 - reading it is the test
        assert [c for c in s.caveats if c.kind is m.CaveatKind.MISSING_SPECIFICATION] == [
            m.Caveat(
                kind=m.CaveatKind.MISSING_SPECIFICATION,
                provision="r/p",
                title="Provision p",
                citations=("Rule r",),
                missing=("tpp",),
                instruments=("r",),
            )
        ]
        assert s.unsettled == tuple(s.caveats)

    def test_two_missing_specifications(self):
        """Every specification the record lacks is named, in order."""
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800], datacenter=True))
        rb = book(
            CRIT,
            instrument("r", provisions=[provision(items=m.ItemScope(classifications=["3A090"]))]),
            criteria=[version],
        )
        s = rb.status_at("2022-01-01", VAGUE, "CN")
        assert s.unclassified == ("datacenter", "tpp")
        assert [(c.kind, c.provision, c.missing, c.instruments) for c in s.caveats] == [
            (m.CaveatKind.MISSING_SPECIFICATION, "r/p", ("datacenter", "tpp"), ("r",))
        ]

    def test_missing_specification_outside_classification(self):
        """A threshold on an unknown figure leaves the requirement undetermined, naming that figure."""
        rb = book(instrument("r", provisions=[provision(items=m.ItemScope(all_items=True, bounds=[TPP_4800]))]))
        s = rb.status_at("2022-01-01", VAGUE, "CN")
        assert (s.requirement, s.determinate, s.unclassified) == (m.Requirement.UNDETERMINED, False, ())
        assert caveats(s, KIND.MISSING_SPECIFICATION) == [
            m.Caveat(
                kind=KIND.MISSING_SPECIFICATION,
                provision="r/p",
                title="Provision p",
                citations=("Rule r",),
                missing=("tpp",),
                instruments=("r",),
            )
        ]

    def test_missing_specification_on_another_basis_is_silent(self):
        """A provision that would not bind on the basis asked does not report a missing specification."""
        rb = book(
            instrument(
                "r",
                compliance=day("2023-01-01"),
                provisions=[provision(items=m.ItemScope(all_items=True, bounds=[TPP_4800]))],
            )
        )
        s = rb.status_at("2022-01-01", VAGUE, "CN")
        assert s.determinate and caveats(s, KIND.MISSING_SPECIFICATION) == []
        assert caveats(s, KIND.BASIS_DIFFERS) == []
        assert s.requirement is m.Requirement.NOT_REQUIRED


class TestItemsAndObligations:
    def test_excluded_product(self):
        """A product named in exclude_products is out of an all-items scope; others stay in."""
        rb = book(instrument("r", provisions=[provision(items=m.ItemScope(all_items=True, exclude_products=["Beta"]))]))
        assert rb.status_at("2022-01-01", "Alpha", "CN").license_required is True
        assert rb.status_at("2022-01-01", "Beta", "CN").license_required is False

    def test_data_centre_filter(self):
        """An item scope limited to data-centre chips leaves others out and leaves an unflagged chip undetermined."""
        rb = book(instrument("r", provisions=[provision(items=m.ItemScope(all_items=True, datacenter=True))]))
        assert rb.status_at("2022-01-01", "Alpha", "CN").license_required
        desk = m.Chip(name="Desk", tpp=5000, datacenter=False)
        assert not rb.status_at("2022-01-01", desk, "CN").license_required
        open_answer = rb.status_at("2022-01-01", VAGUE, "CN")
        assert (open_answer.requirement, open_answer.determinate) == (m.Requirement.UNDETERMINED, False)
        assert [c.missing for c in open_answer.caveats] == [("datacenter",)]

    def test_provision_without_licence_requirement(self):
        """A provision that only assigns a tier is relied on without requiring a licence."""
        rb = book(instrument("r", tiers=tiers("Tier 1"), provisions=[provision(license_required=False, tier="Tier 1")]))
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert (s.license_required, s.review_policy, s.tier, s.level) == (
            False,
            None,
            "Tier 1",
            m.Level.NO_LICENSE_REQUIRED,
        )
        assert [(g.provision, g.review_policy, g.exceptions) for g in s.grounds] == [("p", None, frozenset())]
        assert s.citations == ("Rule r",)

    def test_policy_and_exception_changes_within_a_sub_scope(self):
        """Sub-scoped changes apply there only; the strictest policy and common exceptions make the answer."""
        rb = book(
            instrument(
                "r",
                provisions=[
                    provision(
                        destinations=m.DestinationScope(countries=["CN", "RU"]),
                        review_policy=POLICY.CASE_BY_CASE,
                        exceptions=["NAC", "ACA"],
                    ),
                    provision(
                        "q",
                        destinations=m.DestinationScope(countries=["RU"]),
                        review_policy=POLICY.PRESUMPTION_OF_APPROVAL,
                        exceptions=["NAC", "LPP"],
                    ),
                ],
            ),
            instrument(
                "c",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[
                    m.ReviewPolicyChange(
                        target="r/p",
                        review_policy=POLICY.POLICY_OF_DENIAL,
                        within_items=m.ItemScope(products=["Alpha"]),
                    ),
                    m.ExceptionChange(
                        target="r/p", exceptions=["ACA"], within_destinations=m.DestinationScope(countries=["CN"])
                    ),
                ],
            ),
        )
        exc = m.LicenseException
        alpha_cn = rb.status_at("2022-06-01", "Alpha", "CN")
        assert (alpha_cn.review_policy, alpha_cn.exceptions) == (POLICY.POLICY_OF_DENIAL, (exc.ACA,))
        assert alpha_cn.level is m.Level.LICENSE_EXCEPTION
        beta_cn = rb.status_at("2022-06-01", "Beta", "CN")
        assert (beta_cn.review_policy, beta_cn.exceptions) == (POLICY.CASE_BY_CASE, (exc.ACA,))
        assert beta_cn.citations == ("Rule r", "Rule c")
        beta_ru = rb.status_at("2022-06-01", "Beta", "RU")
        assert (beta_ru.review_policy, beta_ru.exceptions) == (POLICY.CASE_BY_CASE, (exc.NAC,))
        assert beta_ru.citations == ("Rule r",)
        assert [(g.provision, g.review_policy) for g in beta_ru.grounds] == [
            ("p", POLICY.CASE_BY_CASE),
            ("q", POLICY.PRESUMPTION_OF_APPROVAL),
        ]
        alpha_ru = rb.status_at("2022-06-01", "Alpha", "RU")
        assert alpha_ru.review_policy is POLICY.POLICY_OF_DENIAL
        assert alpha_ru.grounds[0].exceptions == frozenset({exc.NAC, exc.ACA})
        before = rb.status_at("2021-06-01", "Alpha", "CN")
        assert before.exceptions == (exc.ACA, exc.NAC)

    def test_policy_change_follows_its_instrument_through_the_bases(self):
        """A policy change binds in law from its start and for compliance from its instrument's compliance date."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=POLICY.CASE_BY_CASE)]),
            instrument(
                "c",
                published="2022-01-01",
                effective="2022-01-01",
                compliance=day("2022-06-01"),
                amendments=[m.ReviewPolicyChange(target="r/p", review_policy=POLICY.POLICY_OF_DENIAL)],
            ),
        )
        assert rb.status_at("2022-03-01", "Alpha", "CN", basis="legal").review_policy is POLICY.POLICY_OF_DENIAL
        assert rb.status_at("2022-03-01", "Alpha", "CN", basis="compliance").review_policy is POLICY.CASE_BY_CASE
        assert rb.status_at("2022-03-01", "Alpha", "CN").review_policy is POLICY.CASE_BY_CASE
        assert rb.status_at("2022-06-01", "Alpha", "CN", basis="compliance").review_policy is POLICY.POLICY_OF_DENIAL
        assert rb.status_at("2022-06-01", "Alpha", "CN").review_policy is POLICY.POLICY_OF_DENIAL
        assert rb.status_at("2021-12-31", "Alpha", "CN", basis="legal").review_policy is POLICY.CASE_BY_CASE

    def test_tiers_and_provisions_without_a_licence(self):
        """Tiers of every binding provision are joined; a provision without a licence requirement adds no policy."""
        rb = book(
            instrument(
                "r",
                tiers=tiers("Tier 1", "Tier 2"),
                provisions=[
                    provision(license_required=False, tier="Tier 2", review_policy=POLICY.POLICY_OF_DENIAL),
                    provision("q", license_required=False, tier="Tier 1", exceptions=["NAC"]),
                    provision("s", license_required=False, tier="Tier 1"),
                ],
            )
        )
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        assert (s.license_required, s.review_policy, s.exceptions, s.tier) == (False, None, (), "Tier 1 / Tier 2")
        assert [(g.review_policy, g.exceptions) for g in s.grounds] == [(None, frozenset())] * 3
        assert s.level is m.Level.NO_LICENSE_REQUIRED

    def test_licence_without_published_policy(self):
        """A licence requirement without a published review policy is the licence-required level."""
        s = book(instrument("r", provisions=[provision()])).status_at("2022-01-01", "Alpha", "CN")
        assert (s.license_required, s.review_policy, s.exceptions, s.tier) == (True, None, (), None)
        assert s.level is m.Level.LICENSE_REQUIRED

    def test_grounds_carry_their_provision(self):
        """Each ground names its instrument, provision, citation, title, policy, exceptions, tier and conditions."""
        rb = book(
            instrument(
                "r",
                tiers=tiers("Tier 1", "Tier 2", "Tier 3"),
                provisions=[
                    provision(
                        review_policy=POLICY.CASE_BY_CASE, exceptions=["NAC"], tier="Tier 3", conditions=["a condition"]
                    )
                ],
            )
        )
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        (g,) = s.grounds
        assert g == m.Ground(
            instrument="r",
            provision="p",
            citation="Rule r",
            title="Provision p",
            review_policy=POLICY.CASE_BY_CASE,
            exceptions=frozenset({m.LicenseException.NAC}),
            tier="Tier 3",
            conditions=(m.Condition(text="a condition"),),
        )
        assert str(g) == "Rule r: Provision p"
        assert s.conditions == (m.Condition(text="a condition"),)


class TestObligationOrder:
    """Every change to a provision's obligations is considered, whatever comes before it."""

    GROUP = m.CountryGroup(
        id="G", name="Group G", members=[m.Membership(country="RU", start=day("2021-06-01"), added_by="add")]
    )

    def _book(self, *amendments: m.ReviewPolicyChange | m.ExceptionChange | m.ScopeChange) -> cc.Rulebook:
        rule = instrument(
            "r",
            provisions=[
                provision(destinations=m.DestinationScope(countries=["CN", "RU"]), review_policy=POLICY.CASE_BY_CASE)
            ],
        )
        change = instrument("c", published="2021-01-01", effective="2021-01-01", amendments=amendments)
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        adder = instrument("add", published="2021-06-01", effective="2021-06-01")
        return book(instrument("crit"), rule, change, adder, groups=[self.GROUP], criteria=[version])

    def test_after_a_scope_change(self):
        """A policy change after a scope change of the same provision still acts, within the new scope."""
        rb = self._book(
            m.ScopeChange(target="r/p", start=day("2021-03-01"), destinations=m.DestinationScope(countries=["CN"])),
            m.ReviewPolicyChange(target="r/p", review_policy=POLICY.POLICY_OF_DENIAL, start=day("2021-06-01")),
        )
        assert rb.status_at("2022-01-01", "Alpha", "CN").review_policy is POLICY.POLICY_OF_DENIAL
        assert not rb.status_at("2022-01-01", "Alpha", "RU").license_required

    def test_after_a_change_not_yet_binding(self):
        """A change that starts first but binds for compliance only later does not hide a later change."""
        rule = instrument(
            "r",
            provisions=[
                provision(destinations=m.DestinationScope(countries=["CN", "RU"]), review_policy=POLICY.CASE_BY_CASE)
            ],
        )
        slow = instrument(
            "slow",
            published="2021-06-01",
            effective="2021-06-01",
            compliance=day("2023-01-01"),
            amendments=[m.ReviewPolicyChange(target="r/p", review_policy=POLICY.POLICY_OF_DENIAL)],
        )
        quick = instrument(
            "quick",
            published="2022-01-01",
            effective="2022-01-01",
            amendments=[m.ExceptionChange(target="r/p", exceptions=["NAC"])],
        )
        rb = book(rule, slow, quick)
        s = rb.status_at("2022-06-01", "Alpha", "CN")
        assert (s.review_policy, s.exceptions) == (POLICY.CASE_BY_CASE, (m.LicenseException.NAC,))
        later = rb.status_at("2023-06-01", "Alpha", "CN")
        assert (later.review_policy, later.exceptions) == (POLICY.POLICY_OF_DENIAL, (m.LicenseException.NAC,))

    def test_after_a_change_elsewhere(self):
        """A change limited to another destination does not hide a later change that reaches this one."""
        rb = self._book(
            m.ExceptionChange(
                target="r/p", exceptions=["NAC"], within_destinations=m.DestinationScope(countries=["CN"])
            ),
            m.ReviewPolicyChange(target="r/p", review_policy=POLICY.POLICY_OF_DENIAL, start=day("2021-06-01")),
        )
        ru = rb.status_at("2022-01-01", "Alpha", "RU")
        assert (ru.review_policy, ru.exceptions) == (POLICY.POLICY_OF_DENIAL, ())
        cn = rb.status_at("2022-01-01", "Alpha", "CN")
        assert (cn.review_policy, cn.exceptions) == (POLICY.POLICY_OF_DENIAL, (m.LicenseException.NAC,))

    def test_within_classified_items(self):
        """A classification-limited change reaches chips placed in it; an unplaced chip keeps the obligation."""
        rb = self._book(
            m.ReviewPolicyChange(
                target="r/p",
                review_policy=POLICY.POLICY_OF_DENIAL,
                within_items=m.ItemScope(classifications=["3A090.a"]),
            )
        )
        assert rb.status_at("2022-01-01", "Alpha", "CN").review_policy is POLICY.POLICY_OF_DENIAL
        small = m.Chip(name="Small", tpp=100, datacenter=True)
        assert rb.status_at("2022-01-01", small, "CN").review_policy is POLICY.CASE_BY_CASE
        vague = rb.status_at("2022-01-01", VAGUE, "CN")
        assert (vague.review_policy, vague.requirement, vague.determinate) == (
            POLICY.CASE_BY_CASE,
            m.Requirement.REQUIRED,
            False,
        )
        assert caveats(vague, KIND.MISSING_SPECIFICATION) == [
            m.Caveat(
                kind=KIND.MISSING_SPECIFICATION,
                provision="r/p",
                title="Provision p",
                citations=("Rule r",),
                missing=("tpp",),
                reason="obligation",
                instruments=("r",),
            )
        ]

    def test_within_a_group_as_known(self):
        """A change limited to a group's members follows the membership's dates and what was known of it."""
        rb = self._book(
            m.ReviewPolicyChange(
                target="r/p",
                review_policy=POLICY.POLICY_OF_DENIAL,
                within_destinations=m.DestinationScope(groups=["G"]),
            )
        )
        assert rb.status_at("2022-06-01", "Alpha", "RU").review_policy is POLICY.POLICY_OF_DENIAL
        assert rb.status_at("2021-03-01", "Alpha", "RU").review_policy is POLICY.CASE_BY_CASE
        assert rb.status_at("2022-06-01", "Alpha", "RU", known_on="2021-03-01").review_policy is POLICY.CASE_BY_CASE
        assert rb.status_at("2022-06-01", "Alpha", "CN").review_policy is POLICY.CASE_BY_CASE
