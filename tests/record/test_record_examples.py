"""Example tests on the bundled record at the boundaries of its changes (D-1, D, D+1)."""

from __future__ import annotations

import datetime as dt

import pytest

import chipcontrols as cc
from builders import day, plus
from chipcontrols import model as m
from chipcontrols.errors import OutsideCoverageError, UndeterminedAnswerError

Basis, CaveatKind, Level, LicenseException, Requirement, ReviewPolicy = (
    m.Basis,
    m.CaveatKind,
    m.Level,
    m.LicenseException,
    m.Requirement,
    m.ReviewPolicy,
)
REVIEWED = cc.bundled().info.reviewed  # the record's review day; test_data_files pins it


def required(d: dt.date | str, chip: str, country: str, **kw: object) -> bool:
    return cc.status_at(d, chip, country, **kw).license_required  # type: ignore[arg-type]


class TestDiffusionExample:
    """DESIGN section 1: the AI Diffusion framework on two clocks and three bases."""

    def test_rescission_known_no_diffusion_licence(self):
        """On 2025-06-01, as known today, H100 to India needs no licence (enforced basis), and the answer says why."""
        s = cc.status_at("2025-06-01", "H100", "IN")
        assert (s.license_required, s.tier) == (False, None)
        assert any(c.kind is CaveatKind.BASIS_DIFFERS and "90 FR 4544" in c.message for c in s.caveats)

    def test_as_scheduled_in_february_tier_2_applies(self):
        """As known on 2025-02-01, Tier 2 rules apply on 2025-06-01."""
        s = cc.status_at("2025-06-01", "H100", "IN", known_on="2025-02-01")
        assert (s.license_required, s.tier, s.exceptions) == (True, "Tier 2", (LicenseException.LPP,))
        assert s.review_policy is ReviewPolicy.PRESUMPTION_OF_APPROVAL
        assert "90 FR 4544" in s.citations

    @pytest.mark.parametrize(("basis", "expected"), [("legal", True), ("compliance", True), ("enforced", False)])
    def test_bases_part_after_non_enforcement(self, basis, expected):
        """On 2025-06-01 the framework binds on the legal and compliance bases, not on enforced."""
        assert required("2025-06-01", "H100", "IN", basis=basis) is expected

    @pytest.mark.parametrize(
        ("d", "legal", "compliance"),
        [
            ("2025-01-12", False, False),
            ("2025-01-13", True, False),
            ("2025-01-14", True, False),
            ("2025-05-14", True, False),
            ("2025-05-15", True, True),
            ("2025-05-16", True, True),
        ],
    )
    def test_effective_and_compliance_boundaries(self, d, legal, compliance):
        """Effective 2025-01-13, compliance 2025-05-15 (D-1, D, D+1)."""
        assert required(d, "H100", "IN", basis="legal") is legal
        assert required(d, "H100", "IN", basis="compliance") is compliance

    def test_enforced_before_announcement_as_then_known(self):
        """As known on 2025-05-12 (before the announcement), compliance on 2025-05-15 binds on the enforced basis."""
        assert required("2025-05-15", "H100", "IN", known_on="2025-05-12") is True
        assert required("2025-05-15", "H100", "IN", known_on="2025-05-13") is False

    def test_tier_1_uses_aia(self):
        """Germany is Tier 1: licence required on the legal basis, License Exception AIA usable."""
        s = cc.status_at("2025-06-01", "H100", "DE", basis="legal")
        assert (s.license_required, s.tier, s.exceptions, s.level) == (
            True,
            "Tier 1",
            (LicenseException.AIA,),
            Level.LICENSE_EXCEPTION,
        )

    def test_scheduled_shows_compliance_date(self):
        """On 2025-03-01 the coming compliance date is reported as scheduled (as known that day)."""
        s = cc.status_at("2025-03-01", "H100", "IN")
        assert [c.date for c in s.scheduled][:1] == [dt.date(2025, 5, 15)]
        assert s.scheduled[0].citations == ("90 FR 4544",)


class TestOctober2022:
    """3A090 for China from 2022-10-21; NVIDIA's letter of 2022-08-26."""

    @pytest.mark.parametrize(("d", "expected"), [("2022-10-20", False), ("2022-10-21", True), ("2022-10-22", True)])
    def test_3a090_boundary_for_a_chip_without_a_letter(self, d, expected):
        """Gaudi 2 (I/O 600 GB/s, TPP 6912) is licensed for China from 2022-10-21."""
        assert required(d, "Gaudi 2", "CN") is expected

    @pytest.mark.parametrize(("d", "expected"), [("2022-08-25", False), ("2022-08-26", True), ("2022-08-27", True)])
    def test_nvidia_letter_effective_day(self, d, expected):
        """The A100 letter binds from 2022-08-26 (as known now)."""
        assert required(d, "A100", "CN") is expected

    def test_letter_invisible_before_its_disclosure(self):
        """As known on 2022-08-30, the 2022-08-26 letter was not yet public."""
        assert required("2022-08-29", "A100", "CN", known_on="2022-08-30") is False
        assert required("2022-08-29", "A100", "CN", known_on="2022-08-31") is True

    def test_a800_escapes_2022_rule_by_interconnect(self):
        """The A800's 400 GB/s interconnect keeps it out of the 2022 3A090."""
        assert cc.classify("A800 SXM", "2023-06-01") is None
        assert required("2023-06-01", "A800 SXM", "CN") is False

    def test_hong_kong_is_china(self):
        """Hong Kong is governed as China; the answer says so, naming the instrument that merged it."""
        s = cc.status_at("2022-11-01", "Gaudi 2", "HK")
        assert (s.license_required, s.governing) == (True, "CN")
        assert "85 FR 83765" in s.citations
        (merged,) = [c for c in s.caveats if c.kind is CaveatKind.DESTINATION_MERGED]
        assert (merged.places, merged.since, merged.instruments) == (
            ("HK", "CN"),
            dt.date(2020, 12, 23),
            ("2020-12-hong-kong",),
        )

    @pytest.mark.parametrize(("d", "expected"), [("2023-01-16", False), ("2023-01-17", True), ("2023-01-18", True)])
    def test_macau_added(self, d, expected):
        """Macau joins the 3A090 destinations on 2023-01-17."""
        assert required(d, "Gaudi 2", "MO") is expected


class TestOctober2023:
    """The 2023 rule: country groups, datacenter test, NAC/ACA, the NVIDIA notice."""

    @pytest.mark.parametrize(("d", "expected"), [("2023-11-16", False), ("2023-11-17", True), ("2023-11-18", True)])
    def test_country_groups_from_effective_date(self, d, expected):
        """Saudi Arabia (D:4) needs a licence for datacenter 3A090.a from 2023-11-17 (Gaudi 3: no NVIDIA notice)."""
        assert required(d, "Gaudi 3 OAM", "SA") is expected

    @pytest.mark.parametrize(("d", "expected"), [("2023-10-22", False), ("2023-10-23", True), ("2023-10-24", True)])
    def test_nvidia_immediate_notice(self, d, expected):
        """NVIDIA's H100 to Saudi Arabia needs a licence from 2023-10-23."""
        assert required(d, "H100", "SA") is expected

    def test_h800_caught_by_2023_rule(self):
        """The H800 (TPP about 15,800) is 3A090.a.1 under the 2023 criteria."""
        assert cc.classify("H800", "2023-11-17") == "3A090.a"
        assert cc.explain_classification("H800", "2023-11-17").prong == "3A090.a.1"

    def test_h20_designed_below_thresholds(self):
        """The H20 (TPP 2,368; density 2.9) is outside 3A090 and needs no licence before April 2025."""
        assert cc.classify("H20", "2024-06-01") is None
        assert required("2024-06-01", "H20", "CN") is False

    def test_rtx_4090_nac_and_4090d_note_2(self):
        """The RTX 4090 (non-datacenter, TPP at least 4800) is 3A090.a with NAC; the 4090D falls under Note 2."""
        s = cc.status_at("2024-01-15", "RTX 4090", "CN")
        assert (s.classification, s.exceptions) == ("3A090.a", (LicenseException.NAC,))
        d = cc.explain_classification("RTX 4090D", "2024-01-15")
        assert (d.paragraph, d.determinate) == (None, True)
        assert d.excluded_by is not None and "Note 2" in d.excluded_by

    def test_israel_and_cyprus_carved_out(self):
        """Israel (D:4 and A:6) needs no country-group licence."""
        assert required("2024-01-15", "H100", "IL") is False

    @pytest.mark.parametrize(("d", "exc"), [("2024-04-03", LicenseException.NAC), ("2024-04-04", LicenseException.ACA)])
    def test_nac_aca_split(self, d, exc):
        """For Vietnam (D:1, not D:5) NAC gives way to ACA on 2024-04-04."""
        assert cc.status_at(d, "RTX 4090", "VN").exceptions == (exc,)

    @pytest.mark.parametrize(("d", "expected"), [("2024-03-14", False), ("2024-03-15", True), ("2024-03-16", True)])
    def test_nicaragua_joins_d5(self, d, expected):
        """Nicaragua becomes a 3A090 destination on 2024-03-15."""
        assert required(d, "H100", "NI") is expected

    def test_headquarters_rule(self):
        """A buyer headquartered in China needs a licence for H100 in Malaysia; a German-headquartered one does not."""
        assert required("2024-06-01", "H100", "MY", headquartered_in="CN") is True
        assert required("2024-06-01", "H100", "MY", headquartered_in="DE") is False
        s = cc.status_at("2024-06-01", "H100", "MY")
        assert any(c.kind is CaveatKind.PARTY_RULE for c in s.caveats)

    @pytest.mark.parametrize(
        ("d", "country", "policy"),
        [
            ("2024-03-01", "VN", ReviewPolicy.PRESUMPTION_OF_DENIAL),  # D:1 and D:4
            ("2024-03-01", "SA", ReviewPolicy.PRESUMPTION_OF_DENIAL),  # D:4
            ("2024-03-01", "MY", ReviewPolicy.CASE_BY_CASE),  # outside the country groups
            ("2024-03-01", "DE", ReviewPolicy.CASE_BY_CASE),
            ("2024-04-03", "MY", ReviewPolicy.CASE_BY_CASE),
            ("2024-04-04", "MY", ReviewPolicy.PRESUMPTION_OF_DENIAL),  # 744.23(d) revised by 89 FR 23876
            ("2024-06-01", "DE", ReviewPolicy.PRESUMPTION_OF_DENIAL),
            ("2024-06-01", "VN", ReviewPolicy.PRESUMPTION_OF_DENIAL),
        ],
    )
    def test_headquarters_rule_review_policy(self, d, country, policy):
        """A party headquartered in China turns D:1/D:4 approval into denial, and is case-by-case elsewhere until
        2024-04-04, when 744.23(d) denies datacenter 3A090.a items (the H100) to such parties wherever they are."""
        s = cc.status_at(d, "H100", country, headquartered_in="CN")
        assert s.license_required and s.review_policy is policy

    def test_headquarters_rule_review_policy_known_before_its_revision(self):
        """Asked as known on 2024-03-28, the headquarters rule's review policy for 2024-06-01 is still case-by-case:
        the revision was made public (announced) on 2024-03-29."""
        s = cc.status_at("2024-06-01", "H100", "MY", headquartered_in="CN", known_on="2024-03-28")
        assert s.license_required and s.review_policy is ReviewPolicy.CASE_BY_CASE
        later = cc.status_at("2024-06-01", "H100", "MY", headquartered_in="CN", known_on="2024-03-29")
        assert later.review_policy is ReviewPolicy.PRESUMPTION_OF_DENIAL

    @pytest.mark.parametrize(
        ("d", "country"),
        [
            ("2023-11-17", "IL"),  # D:4 and A:6
            ("2025-06-01", "IL"),
            ("2023-11-17", "CY"),  # D:5 and A:6 until 2024
        ],
    )
    def test_headquarters_rule_reaches_d_group_members_also_in_a5_a6(self, d, country):
        """744.23(a)(3)(i) reaches destinations 'other than those specified in Country Groups D:1, D:4, or D:5
        (excluding any destination also specified in Country Groups A:5 or A:6)': Israel (and Cyprus while in D:5),
        left out of the destination rule by their A:6 membership, need a licence for a China-headquartered buyer
        (they were once answered 'no licence'); a buyer headquartered elsewhere needs none, nor on the day before."""
        s = cc.status_at(d, "H100", country, headquartered_in="CN")
        assert s.license_required is True
        assert "2023-10-advanced-computing-ifr" in {g.instrument for g in s.grounds}
        assert required(d, "H100", country, headquartered_in="US") is False
        assert required("2023-11-16", "H100", country, headquartered_in="CN") is False
        assert required(d, "H100", country, headquartered_in="MO") is True

    def test_d1_d4_without_a_d5_party_is_presumption_of_approval(self):
        """Without a party headquartered in Macau or D:5, Vietnam (D:1, D:4) gets a presumption of approval."""
        s = cc.status_at("2024-06-01", "H100", "VN", headquartered_in="VN")
        assert s.review_policy is ReviewPolicy.PRESUMPTION_OF_APPROVAL


class TestH20AndH200:
    """2025-2026: the H20 letter and licences, the H200 review-policy rule."""

    @pytest.mark.parametrize(("d", "expected"), [("2025-04-08", False), ("2025-04-09", True), ("2025-04-10", True)])
    def test_h20_letter(self, d, expected):
        """The H20 needs a licence for China from 2025-04-09."""
        assert required(d, "H20", "CN") is expected

    def test_h20_june_2025(self):
        """In June 2025 the H20 needed a licence for China; the letter is the ground."""
        s = cc.status_at("2025-06-01", "H20", "CN")
        assert s.license_required and s.review_policy is None and s.licenses == ()
        assert s.citations == ("NVIDIA Form 8-K, 2025-04-15",)
        assert {g.instrument for g in s.grounds} == {"2025-04-nvidia-h20-letter"}

    @pytest.mark.parametrize(("d", "n"), [("2025-08-07", 0), ("2025-08-08", 1)])
    def test_h20_licences_reported_beside_requirement(self, d, n):
        """From 2025-08-08 a granted licence with a 15% share is reported; the requirement stays."""
        s = cc.status_at(d, "H20", "CN")
        assert s.license_required and len(s.licenses) == n
        if n:
            assert s.licenses[0].revenue_share == 0.15

    @pytest.mark.parametrize(
        ("d", "policy"),
        [
            ("2026-01-14", ReviewPolicy.PRESUMPTION_OF_DENIAL),
            ("2026-01-15", ReviewPolicy.CASE_BY_CASE),
            ("2026-01-16", ReviewPolicy.CASE_BY_CASE),
        ],
    )
    def test_h200_review_policy(self, d, policy):
        """The H200 to China moves to case-by-case review on 2026-01-15."""
        s = cc.status_at(d, "H200", "CN")
        assert s.license_required and s.review_policy is policy

    def test_b200_stays_presumption_of_denial(self):
        """The B200 (TPP 36,000) is above the H200 rule's threshold."""
        assert cc.status_at("2026-06-01", "B200", "CN").review_policy is ReviewPolicy.PRESUMPTION_OF_DENIAL

    @pytest.mark.parametrize("chip", ["H800", "A800 SXM"])
    def test_china_market_variants_stay_presumption_of_denial(self, chip):
        """China-market variants, never sold in the U.S., stay under denial without the H200 rule's conditions."""
        s = cc.status_at("2026-06-01", chip, "CN")
        assert s.license_required and s.review_policy is ReviewPolicy.PRESUMPTION_OF_DENIAL
        assert not any(c.kind is CaveatKind.NOT_EVALUATED for c in s.caveats)
        assert not any("commercially available" in c.text for c in s.conditions)

    def test_an_unsettled_h200_condition_only_once_the_rule_is_public(self):
        """A chip without market facts cannot be placed under the H200 rule's case-by-case review, so its answer
        is left open on what it lacks, but only as known once the rule was public (2026-01-15): as known
        before, the rule is not there to ask about and the answer is settled."""
        chip = m.Chip(name="Unlisted accelerator", tpp=5000, die_area_mm2=800, datacenter=True)

        def lacking(known: str | None) -> list[tuple[str, ...]]:
            s = cc.status_at("2026-02-01", chip, "CN", known_on=known)
            return [c.missing for c in s.caveats if c.kind is CaveatKind.MISSING_SPECIFICATION]

        assert lacking("2026-01-10") == []
        for known in ("2026-01-20", None):
            ((*_, bandwidth),) = lacking(known)
            assert any("commercially available in the United States" in need for need in lacking(known)[0])
            assert bandwidth == "memory_bandwidth_gbps"
        assert cc.status_at("2026-02-01", chip, "CN", known_on="2026-01-10").determinate

    def test_h200_conditions_are_stated_and_not_evaluated(self):
        """The H200's case-by-case review states its conditions and a caveat that they are not evaluated."""
        s = cc.status_at("2026-06-01", "H200", "CN")
        assert any("commercially available in the United States" in c.text for c in s.conditions)
        (caveat,) = [c for c in s.caveats if c.kind is CaveatKind.NOT_EVALUATED]
        assert caveat.fallback is ReviewPolicy.PRESUMPTION_OF_DENIAL
        assert "not evaluated" in caveat.message

    @pytest.mark.parametrize(
        ("d", "expected"),
        [
            ("2025-04-14", Requirement.UNDETERMINED),
            ("2025-04-15", Requirement.REQUIRED),
            ("2025-04-16", Requirement.REQUIRED),
        ],
    )
    def test_mi308_letter(self, d, expected):
        """The MI308X needs a licence for China from 2025-04-15; before, its missing TPP leaves it undetermined."""
        s = cc.status_at(d, "MI308X", "CN")
        assert s.requirement is expected
        if expected is Requirement.UNDETERMINED:
            assert s.unclassified == ("performance_density", "tpp")
            assert {c.kind for c in s.unsettled} == {CaveatKind.MISSING_SPECIFICATION}

    @pytest.mark.parametrize(("d", "n"), [("2025-09-01", 0), ("2025-12-03", 0), ("2025-12-04", 1)])
    def test_mi308_licences_from_amd_statement(self, d, n):
        """AMD's MI308 licences are dated from its statement of 2025-12-04, not from NVIDIA's August licences."""
        s = cc.status_at(d, "MI308X", "CN")
        assert s.license_required and [lic.id for lic in s.licenses] == ["amd-mi308-china"] * n


class TestEmbargoesAndGroups:
    """Baseline embargoes and country-group changes."""

    @pytest.mark.parametrize("country", ["CU", "IR", "KP", "SY"])
    def test_embargoes_bind_any_chip(self, country):
        """Even a chip outside 3A090 needs a licence for an embargoed destination."""
        assert required("2019-06-01", "L2", country) is True

    @pytest.mark.parametrize(("d", "expected"), [("2022-02-23", False), ("2022-02-24", True), ("2022-02-25", True)])
    def test_russia_sanctions(self, d, expected):
        """Any catalogue chip needs a licence for Russia from 2022-02-24, under a policy of denial."""
        s = cc.status_at(d, "L2", "RU")
        assert s.license_required is expected
        if expected:
            assert s.level is Level.POLICY_OF_DENIAL

    @pytest.mark.parametrize(("d", "expected"), [("2021-01-13", True), ("2021-01-14", False), ("2021-01-15", False)])
    def test_sudan_anti_terrorism_licence_ends(self, d, expected):
        """Until 2021-01-14 Sudan needed a licence for any chip, under a review policy the sources leave open."""
        s = cc.status_at(d, "A100", "SD")
        assert s.license_required is expected
        if expected:
            assert s.level is Level.LICENSE_REQUIRED and s.review_policy is None
            assert any(c.kind is CaveatKind.UNCERTAIN_RECORD and "Sudan" in c.message for c in s.caveats)

    @pytest.mark.parametrize(("d", "expected"), [("2026-02-02", True), ("2026-02-03", False)])
    def test_cambodia_leaves_d5(self, d, expected):
        """Cambodia (still D:1) leaves D:5 on 2026-02-03: the H100 stays licensed but no longer denied."""
        s = cc.status_at(d, "H100", "KH")
        assert s.license_required
        assert (s.review_policy is ReviewPolicy.PRESUMPTION_OF_DENIAL) is expected

    def test_a_headquarters_in_d5_as_known_then(self):
        """Cambodia's removal from D:5 (published and effective 2026-02-03) reaches the headquarters test only
        once public: a party headquartered in Cambodia buying for the UAE on 2026-03-02 turns the presumption of
        approval into one of denial as known on 2026-01-20, and changes nothing as known on 2026-03-01."""
        book = cc.bundled()

        def policy(hq: str | None, known: str) -> ReviewPolicy | None:
            return book.status_at("2026-03-02", "H100", "AE", headquartered_in=hq, known_on=known).review_policy

        assert (policy("KH", "2026-01-20"), policy(None, "2026-01-20")) == (
            ReviewPolicy.PRESUMPTION_OF_DENIAL,
            ReviewPolicy.PRESUMPTION_OF_APPROVAL,
        )
        assert policy("KH", "2026-03-01") is policy(None, "2026-03-01") is ReviewPolicy.PRESUMPTION_OF_APPROVAL

    def test_members(self):
        """Group membership is dated, and changed by the instruments that state the change."""
        book = cc.bundled()
        assert "NI" not in [c.code for c in book.members("D:5", "2024-03-14")]
        assert "NI" in [c.code for c in book.members("D:5", "2024-03-15")]
        assert "KH" in [c.code for c in book.members("D:5", "2026-02-02")]
        assert "KH" not in [c.code for c in book.members("D:5", "2026-02-03")]
        assert "UA" in [c.code for c in book.members("D:1", "2020-12-27")]
        assert "UA" not in [c.code for c in book.members("D:1", "2020-12-28")]
        (ni,) = [mb for mb in book.group("D:5").members if mb.country == "NI"]
        assert (ni.start, ni.added_by) == (dt.date(2024, 3, 15), "2024-03-nicaragua")

    def test_membership_known_from_the_instrument(self):
        """A group change counts only as known once the instrument that made it was public."""
        book = cc.bundled()
        published = book.instrument("2024-03-nicaragua").known_from
        before = plus(published, -1)
        assert "NI" not in [c.code for c in book.members("D:5", "2024-06-01", known_on=before)]
        assert "NI" in [c.code for c in book.members("D:5", "2024-06-01", known_on=published)]

    def test_affiliates_rule_suspended(self):
        """The affiliates rule is flagged while in force, not during its stay; the announced extension is enforced only.

        90 FR 50857 stays the rule through 2026-11-09; the extension to 2027-01-10 was announced (2026-09-23/28)
        without a Federal Register instrument, so in law the stay lapses on 2026-11-10 while the enforced basis
        reads the announcement as a non-enforcement until 2027-01-10.
        """

        def flagged(d: str, basis: str) -> bool:
            return any("90 FR 47201" in c.message for c in cc.status_at(d, "L2", "DE", basis=basis).caveats)

        days = ("2025-09-28", "2025-09-29", "2025-11-09", "2025-11-10", "2026-11-09", "2026-11-10", "2027-01-09")
        assert [flagged(d, "legal") for d in days] == [False, True, True, False, False, True, True]
        assert [flagged(d, "enforced") for d in days] == [False, True, True, False, False, False, False]
        assert flagged("2027-01-10", "enforced") and flagged("2026-11-10", "compliance")


class TestHistory:
    """History and diff on the record."""

    def test_h20_china_history(self):
        """The H20 in China: free until the letter, licensed from 2025-04-09, licences granted from 2025-08-08."""
        h = cc.history("H20", "CN", start="2024-01-01", end="2026-01-01", by=["license_required", "licenses"])
        assert [str(e.period.start) for e in h] == ["2024-01-01", "2025-04-09", "2025-08-08"]
        assert [e.caused_by for e in h[1:]] == [("2025-04-nvidia-h20-letter",), ("2025-08-h20-mi308-licenses",)]
        assert [e.status.license_required for e in h] == [False, True, True]

    def test_full_history_splits_on_caveats(self):
        """Without ``by``, a new period begins when only a caveat changes (the Affiliates rule and its suspension)."""
        starts = [str(e.period.start) for e in cc.history("H20", "CN", start="2025-08-08", end="2026-01-01")]
        assert {"2025-09-29", "2025-11-10"} <= set(starts)

    def test_history_by_unknown_field(self):
        """``by`` names Status fields only."""
        with pytest.raises(cc.errors.InvalidArgumentError, match="Status fields"):
            cc.history("H20", "CN", by=["colour"])

    def test_diff_reports_the_instrument(self):
        """diff names what changed and which instrument changed it."""
        changes = cc.diff("2023-11-16", "2023-11-17", chips=["Gaudi 3 OAM"], countries=["SA", "DE"])
        assert [(c.country, c.fields, c.instruments) for c in changes] == [
            ("SA", ("requirement", "review_policy"), ("2023-10-advanced-computing-ifr",))
        ]

    def test_history_matches_status_every_week(self):
        """Each week from 2022 to the record's review day the history's entry equals status_at."""
        entries = cc.history("H100", "AE")
        d = dt.date(2022, 1, 1)
        while d <= REVIEWED:
            (entry,) = [e for e in entries if d in e.period]
            assert cc.status_at(d, "H100", "AE") == entry.status
            d = plus(d, 7)


def test_record_coverage_refuses_days_before_its_first():
    """A day before the record begins is refused, not answered 'not controlled'."""
    with pytest.raises(OutsideCoverageError) as info:
        cc.status_at("2018-12-31", "H100", "CN")
    assert (info.value.first, info.value.reviewed, info.value.strict) == (dt.date(2019, 1, 1), REVIEWED, False)
    assert day("2019-01-01") == cc.bundled().info.start
    assert cc.bundled().status_at("2019-01-01", "H100", "CN", basis=Basis.LEGAL).license_required is False


class TestAfterTheReviewDay:
    """A day after the record's review day is answered as known then, with a record-age note; strict refuses it."""

    def test_answered_with_a_record_age_note(self):
        """The answer is the review day's regime (nothing is known to change), noted with the review day."""
        later = cc.status_at(plus(REVIEWED, 9), "H20", "CN")
        on_review_day = cc.status_at(REVIEWED, "H20", "CN")
        assert later.requirement is on_review_day.requirement is Requirement.REQUIRED
        assert later.citations == on_review_day.citations and later.period == on_review_day.period
        (note,) = later.notes
        assert (note.kind, note.since) == (CaveatKind.RECORD_AGE, REVIEWED)
        assert note in later.caveats and not on_review_day.notes
        assert REVIEWED.isoformat() in note.message

    def test_strict_refuses(self):
        """strict=True refuses a day after the review day, and says so."""
        with pytest.raises(OutsideCoverageError, match="strict=True") as info:
            cc.status_at(plus(REVIEWED, 9), "H20", "CN", strict=True)
        assert (info.value.date, info.value.strict) == (plus(REVIEWED, 9), True)
        assert cc.status_at(REVIEWED, "H20", "CN", strict=True).notes == ()

    def test_history_window_may_reach_past_the_review_day(self):
        """A history may end after the review day (clipped; open by default); strict refuses that end."""
        after = plus(REVIEWED, 10)
        assert cc.history("H20", "CN", end=after)[-1].period.end == after
        assert cc.history("H20", "CN")[-1].period.end is None
        assert cc.history("H20", "CN", end=plus(REVIEWED, 1), strict=True)[-1].period.end == plus(REVIEWED, 1)
        with pytest.raises(OutsideCoverageError):
            cc.history("H20", "CN", end=plus(REVIEWED, 2), strict=True)

    def test_history_after_the_review_day_carries_the_note(self):
        """A history period reaching past the review day carries the record-age note that status_at's answers
        on its later days carry; the record's review is not a change, so no period begins the day after it."""
        h = cc.history("H200", "CN", start=plus(REVIEWED, -400), end=plus(REVIEWED, 60))
        after = plus(REVIEWED, 1)
        assert after not in [e.period.start for e in h]
        assert any(e.period.end is not None and e.period.end <= after for e in h)  # some period ends before
        for e in h:
            reaches = e.period.end is None or e.period.end > after
            assert [n.kind for n in e.status.notes] == ([CaveatKind.RECORD_AGE] if reaches else []), e.period
        for d in (REVIEWED, plus(REVIEWED, 1), plus(REVIEWED, 45)):
            (e,) = [e for e in h if d in e.period]
            s = cc.status_at(d, "H200", "CN")
            assert s == e.status  # notes are not part of an answer's equality
            assert not s.notes or s.notes == e.status.notes

    def test_periods_merged_into_one_reaching_past_the_review_day_keep_the_note(self):
        """The H200 to China needs a licence throughout from 2025-12-01 though its review policy changes:
        merged by ``license_required``, the one period reaches past the review day and carries the note."""
        (only,) = cc.history("H200", "CN", start="2025-12-01", by=["license_required"])
        assert len(cc.history("H200", "CN", start="2025-12-01")) > 1  # several periods were merged
        assert only.period.end is None and only.status.license_required
        assert [n.kind for n in only.status.notes] == [CaveatKind.RECORD_AGE]

    def test_periods_merged_by_license_required_compare_the_requirement(self):
        """``by=["license_required"]`` compares the tri-state requirement, so a history reaching an undetermined
        answer (the H100 to the UAE from 2026-07-10) is merged without reading an unknown as a boolean."""
        h = cc.history("H100", "AE", by=["license_required"])
        assert [e.status.requirement for e in h][-2:] == [Requirement.REQUIRED, Requirement.UNDETERMINED]
        assert h[-1].period.start == dt.date(2026, 7, 10)

    def test_strict_history_without_an_end_stops_at_the_review_day(self):
        """strict=True with no end: the last period ends the day after the review day, not open."""
        h = cc.history("H200", "CN", start=plus(REVIEWED, -30), strict=True)
        assert h[-1].period.end == plus(REVIEWED, 1) and all(not e.status.notes for e in h)


class TestUndeterminedRequirement:
    """An uncertain provision that alone would require a licence leaves the requirement undetermined."""

    def test_uae_after_favorable_treatment(self):
        """H100 to the UAE from 2026-07-10: the only provision requiring a licence is marked uncertain."""
        s = cc.status_at("2026-08-01", "H100", "AE")
        assert (s.requirement, s.level, s.determinate) == (Requirement.UNDETERMINED, Level.UNDETERMINED, False)
        assert [c.kind for c in s.unsettled] == [CaveatKind.UNCERTAIN_RECORD]
        with pytest.raises(UndeterminedAnswerError) as info:
            _ = s.license_required
        assert isinstance(info.value, LookupError) and (info.value.chip, info.value.country) == ("H100 SXM", "AE")

    def test_uae_before_it(self):
        """The day before, the UAE was in D:4 and a licence was plainly required."""
        s = cc.status_at("2026-07-09", "H100", "AE")
        assert s.requirement is Requirement.REQUIRED and s.license_required is True


class TestTiers:
    """The AI Diffusion tiers of a destination, whatever the chip."""

    @pytest.mark.parametrize(
        ("country", "d", "tier"),
        [
            ("DE", "2025-06-01", "Tier 1"),
            ("IN", "2025-06-01", "Tier 2"),
            ("CN", "2025-06-01", "Tier 3"),
            ("HK", "2025-06-01", "Tier 3"),
            ("KH", "2026-02-02", "Tier 3"),
            ("KH", "2026-02-03", "Tier 2"),
        ],
    )
    def test_tiers_at(self, country, d, tier):
        """Tier membership follows the framework's lists and the dated country groups."""
        assert [t.name for _, t in cc.bundled().tiers_at(country, d)] == [tier]

    def test_no_tier_before_the_framework(self):
        """Before 2025-01-13 there is no tiered framework."""
        assert cc.bundled().tiers_at("IN", "2025-01-12") == ()

    def test_unknown_before_publication(self):
        """As known before 2025-01-13, the framework did not exist."""
        assert cc.bundled().tiers_at("IN", "2025-06-01", known_on="2025-01-12") == ()


class TestDiffNamesWhatChangedTheFields:
    """diff() names the instruments that changed the fields it reports, not caveat-only events."""

    def test_h20_china_over_2025(self):
        """The letter and the licences; the Entity List additions of 2025 only added caveats."""
        [change] = cc.diff("2025-01-01", "2026-01-01", chips=["H20"], countries=["CN"])
        assert change.fields == ("requirement", "licenses")
        assert change.instruments == ("2025-04-nvidia-h20-letter", "2025-08-h20-mi308-licenses")
        entries = cc.history("H20", "CN", start="2025-01-01", end="2026-01-01")
        began = {i for e in entries[1:] for i in e.caused_by}
        assert "2025-01-sophgo-entity-list" in began  # began a period, but changed no reported field

    def test_every_named_instrument_began_a_change_of_a_reported_field(self):
        """For each change, each instrument named began a step in one of the changed fields."""
        changes = cc.diff("2022-01-01", "2026-06-01", chips=["A100", "H20", "H200"], countries=["CN", "AE"])
        assert changes
        for change in changes:
            steps = cc.history(change.chip, change.country, start="2022-01-01", end="2026-06-02", by=change.fields)
            began = {i for e in steps[1:] for i in e.caused_by}
            assert change.instruments and set(change.instruments) <= began, change
