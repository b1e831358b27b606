"""Answers in words: the one place where the wording of caveats and scheduled changes is pinned.

Every other test checks caveats and scheduled changes as data (kind, provision, places, bases,
fields); here each kind of caveat is put into words once (``caveat_text``, ``Caveat.message`` and
``str(caveat)``), and the summaries of scheduled changes once (``changes_text``).
"""

from __future__ import annotations

import datetime as dt

import chipcontrols as cc
from builders import ABROAD, MORE_CHIPS, TPP_4800, VAGUE, book, criteria, day, instrument, provision
from chipcontrols import _dates
from chipcontrols import model as m
from chipcontrols._answer import Regime
from chipcontrols._engine.compiled import changes_between
from chipcontrols._render import caveat_text, changes_text

KIND = m.CaveatKind
POLICY = m.ReviewPolicy


def only(status: cc.Status, kind: m.CaveatKind) -> list[m.Caveat]:
    """The caveats of one kind an answer carries."""
    return [c for c in status.caveats if c.kind is kind]


def words(caveat: m.Caveat) -> str:
    """A caveat in words, checked to be the same through every way of asking for them."""
    text = caveat_text(caveat)
    assert caveat.message == text
    assert str(caveat) == f"[{caveat.kind.value}] {text}"
    return text


class TestCaveatWords:
    """One test per kind of caveat (named after it), each with every variant of its wording."""

    def test_every_kind_has_its_words(self):
        """Every kind of caveat has its wording test here."""
        tested = {name.removeprefix("test_") for name in dir(self) if name.startswith("test_")} - {
            "every_kind_has_its_words"
        }
        assert tested == {k.value.replace("-", "_") for k in KIND}

    def test_destination_merged(self):
        """A merged destination names what it is treated as, and from when."""
        merge = m.Merge(code="HK", into="CN", start=day("2020-12-23"), instrument="merge")
        rb = book(
            instrument("merge", published="2020-12-23", effective="2020-12-23"),
            instrument("r", provisions=[provision()]),
            merges=[merge],
        )
        (c,) = only(rb.status_at("2022-01-01", "Alpha", "HK"), KIND.DESTINATION_MERGED)
        assert words(c) == "HK is treated as CN under the EAR from 2020-12-23"

    def test_foreign_produced(self):
        """A chip made abroad: the EAR reaches it only through what is not evaluated (the chip is not named)."""
        rb = book(instrument("r", provisions=[provision()]), chips=MORE_CHIPS)
        (c,) = only(rb.status_at("2022-01-01", ABROAD, "CN"), KIND.FOREIGN_PRODUCED)
        assert words(c) == (
            "the chip is produced outside the United States: the EAR reaches it only through U.S.-origin "
            "content or the foreign-direct-product rules, which are not evaluated; the answer assumes it "
            "is subject to the EAR"
        )

    def test_party_rule(self):
        """A headquarters rule asked about without headquarters names every place, sorted, and how to ask."""
        parties = m.PartyScope(headquartered_in_countries=["MO"], headquartered_in_groups=["G"])
        rb = book(
            instrument("r", provisions=[provision(destinations=m.DestinationScope(everywhere=True), parties=parties)]),
            groups=[m.CountryGroup(id="G", name="Group G", members=[m.Membership(country="CN")])],
        )
        (c,) = only(rb.status_at("2022-01-01", "Alpha", "DE"), KIND.PARTY_RULE)
        assert words(c) == (
            "a licence is also required if a party is headquartered in (or its ultimate parent is in) "
            "G or MO (Rule r); pass headquartered_in= to evaluate it"
        )

    def test_end_user(self):
        """Rules on listed parties are described with every instrument's citation, sorted."""
        listed = m.PartyScope(listed_parties="Entity List")
        rb = book(
            instrument("z", provisions=[provision(parties=listed)]),
            instrument("e", provisions=[provision(parties=listed), provision("q", parties=listed)]),
        )
        (c,) = only(rb.status_at("2022-01-01", "Alpha", "CN"), KIND.END_USER)
        assert words(c) == (
            "end-user controls are not evaluated: a licence may also be required when a listed party or a "
            "military end user is involved (Rule e; Rule z)"
        )

    def test_missing_specification(self):
        """A scope the record cannot settle names what it lacks; an unsettled obligation change says so."""
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800], datacenter=True))
        rb = book(
            instrument("crit"),
            instrument("r", provisions=[provision(items=m.ItemScope(classifications=["3A090"]))]),
            criteria=[version],
        )
        (two,) = only(rb.status_at("2022-01-01", VAGUE, "CN"), KIND.MISSING_SPECIFICATION)
        assert words(two) == (
            "Provision p (Rule r) applies if the chip meets its item scope; the record lacks datacenter, tpp to tell"
        )
        bounded = book(instrument("r", provisions=[provision(items=m.ItemScope(all_items=True, bounds=[TPP_4800]))]))
        (one,) = only(bounded.status_at("2022-01-01", VAGUE, "CN"), KIND.MISSING_SPECIFICATION)
        assert (
            words(one) == "Provision p (Rule r) applies if the chip meets its item scope; the record lacks tpp to tell"
        )
        unnamed = m.Caveat(kind=KIND.MISSING_SPECIFICATION, provision="r/p", title="Provision p", citations=("Rule r",))
        assert words(unnamed) == (
            "Provision p (Rule r) applies if the chip meets its item scope; the record lacks a specification to tell"
        )
        changed = book(
            instrument("crit"),
            instrument("r", provisions=[provision(review_policy=POLICY.CASE_BY_CASE)]),
            instrument(
                "c",
                amendments=[
                    m.ReviewPolicyChange(
                        target="r/p",
                        review_policy=POLICY.POLICY_OF_DENIAL,
                        within_items=m.ItemScope(classifications=["3A090.a"]),
                    )
                ],
            ),
            criteria=[criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))],
        )
        (obligation,) = only(changed.status_at("2022-01-01", VAGUE, "CN"), KIND.MISSING_SPECIFICATION)
        assert words(obligation) == (
            "Provision p (Rule r): a change of its review policy or licence exceptions may reach this chip; "
            "the record lacks tpp to tell, so the answer gives the obligation unchanged"
        )

    def test_basis_differs(self):
        """A requirement binding on a wider basis names that basis and why: compliance pending or not enforced."""
        pending = book(instrument("r", compliance=day("2023-01-01"), provisions=[provision()]))
        (c,) = only(pending.status_at("2022-01-01", "Alpha", "CN"), KIND.BASIS_DIFFERS)
        assert words(c) == "Provision p (Rule r) binds on the legal basis but is compliance not yet required"
        stopped = book(
            instrument("r", provisions=[provision()]),
            instrument(
                "stop1", published="2022-01-01", effective="2022-01-01", amendments=[m.NonEnforcement(target="r/p")]
            ),
            instrument(
                "stop2", published="2022-02-01", effective="2022-02-01", amendments=[m.NonEnforcement(target="r")]
            ),
        )
        (one,) = only(stopped.status_at("2022-01-15", "Alpha", "CN"), KIND.BASIS_DIFFERS)
        assert words(one) == (
            "Provision p (Rule r) binds on the legal and compliance bases but is not enforced (Rule stop1)"
        )
        (two,) = only(stopped.status_at("2022-06-01", "Alpha", "CN"), KIND.BASIS_DIFFERS)
        assert words(two) == (
            "Provision p (Rule r) binds on the legal and compliance bases but is not enforced (Rule stop1, Rule stop2)"
        )

    def test_uncertain_record(self):
        """An uncertain provision is named with why; an instrument's uncertainties are given as the record says."""
        rb = book(
            instrument(
                "r",
                uncertainties=("First doubt.", "Second doubt."),
                provisions=[provision(uncertain="the scope is disputed")],
            )
        )
        provision_doubt, instrument_doubts = only(rb.status_at("2022-01-01", "Alpha", "CN"), KIND.UNCERTAIN_RECORD)
        assert words(provision_doubt) == "Provision p (Rule r) is uncertain: the scope is disputed"
        assert words(instrument_doubts) == "Rule r: First doubt. Second doubt."

    def test_not_evaluated(self):
        """A conditional policy names who set it, points to the conditions and names the fallback policy."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=POLICY.PRESUMPTION_OF_DENIAL)]),
            instrument(
                "c",
                published="2022-01-01",
                effective="2022-01-01",
                amendments=[
                    m.ReviewPolicyChange(
                        target="r/p", review_policy=POLICY.CASE_BY_CASE, conditions=["civil end users"]
                    )
                ],
            ),
        )
        (c,) = only(rb.status_at("2022-06-01", "Alpha", "CN"), KIND.NOT_EVALUATED)
        assert words(c) == (
            "Provision p: the review policy set by Rule c applies only under the conditions listed with the answer, "
            "which are not evaluated; where they are not met, presumption-of-denial applies"
        )
        without_fallback = m.Caveat(
            kind=KIND.NOT_EVALUATED, provision="r/p", title="Provision p", citations=("Rule c",)
        )
        assert words(without_fallback) == (
            "Provision p: the review policy set by Rule c applies only under the conditions listed with the answer, "
            "which are not evaluated"
        )

    def test_record_age(self, monkeypatch):
        """An answer after the review day names the review day; a capped knowledge day says so too."""
        monkeypatch.setattr(_dates, "today", lambda: dt.date(2026, 12, 6))
        rb = book(instrument("r", provisions=[provision()]))
        (late,) = only(rb.status_at("2026-06-01", "Alpha", "CN"), KIND.RECORD_AGE)
        assert words(late) == (
            "the record was last reviewed against its sources on 2025-12-31: changes published after that day are "
            "not in it; what was already scheduled is applied as scheduled"
        )
        (capped,) = only(rb.status_at("2025-06-01", "Alpha", "CN", known_on="2026-06-01"), KIND.RECORD_AGE)
        assert words(capped) == (
            "the record was last reviewed against its sources on 2025-12-31: changes published after that day are "
            "not in it; what was already scheduled is applied as scheduled (known_on is later than the review day, "
            "so the answer is as known on 2025-12-31)"
        )


def regime(**changes: object) -> Regime:
    """A regime requiring a licence, case by case, with NAC, 3A090.a and Tier 1 (unless told otherwise)."""
    base: dict[str, object] = {
        "requirement": m.Requirement.REQUIRED,
        "review_policy": POLICY.CASE_BY_CASE,
        "exceptions": (m.LicenseException.NAC,),
        "classification": "3A090.a",
        "tier": "Tier 1",
        "licenses": (),
        "citations": ("A",),
        "grounds": (),
        "caveats": (),
        "conditions": (),
        "determinate": True,
        "unclassified": (),
        "governing": "CN",
        "instruments": ("a",),
    }
    base.update(changes)
    return Regime(**base)  # type: ignore[arg-type]


class TestChangeWords:
    """``changes_text``: what changes between two periods, in words, the most telling difference first."""

    def test_every_field(self):
        """Every field that differs is said, in order, both ways; several exceptions are joined."""
        before = regime()
        lic = m.License(id="l", holder="H", products=["Alpha"], destinations=m.DestinationScope(countries=["CN"]))
        after = regime(
            requirement=m.Requirement.NOT_REQUIRED,
            review_policy=None,
            exceptions=(),
            classification=None,
            tier=None,
            licenses=(lic,),
        )
        assert changes_text(changes_between(before, after)) == (
            "licence required yes -> no; review policy case-by-case -> none; licence exceptions NAC -> none; "
            "classification 3A090.a -> none; tier Tier 1 -> none; granted licences change"
        )
        assert changes_text(changes_between(after, before)) == (
            "licence required no -> yes; review policy none -> case-by-case; licence exceptions none -> NAC; "
            "classification none -> 3A090.a; tier none -> Tier 1; granted licences change"
        )
        two = regime(exceptions=(m.LicenseException.ACA, m.LicenseException.NAC))
        assert changes_text(changes_between(before, two)) == "licence exceptions NAC -> ACA,NAC"
        assert changes_text(changes_between(two, before)) == "licence exceptions ACA,NAC -> NAC"
        undetermined = regime(requirement=m.Requirement.UNDETERMINED)
        assert changes_text(changes_between(before, undetermined)) == "licence required yes -> undetermined"

    def test_grounds_caveats_and_nothing(self):
        """Grounds are listed only when no field differs, caveats said only when neither does; else no change."""
        before = regime()
        assert changes_text(changes_between(before, regime(citations=("A", "B")))) == "grounds change: A; B"
        caveat = m.Caveat(kind=KIND.END_USER, citations=("m",))
        assert changes_text(changes_between(before, regime(caveats=(caveat,)))) == "caveats change"
        assert changes_text(changes_between(before, regime(citations=("B",), tier="Tier 2"))) == "tier Tier 1 -> Tier 2"
        assert changes_text(changes_between(before, regime(caveats=(caveat,), tier=None))) == "tier Tier 1 -> none"
        assert changes_text(changes_between(before, regime(instruments=("b",)))) == "no change in the answer"

    def test_scheduled_changes_in_words(self):
        """A scheduled change reads as its day, its summary and the citations of what scheduled it."""
        rule = instrument("a", provisions=[provision()])
        second = instrument("b", effective="2022-01-01", provisions=[provision()])
        (grounds,) = book(rule, second).status_at("2021-06-01", "Alpha", "CN").scheduled
        assert (grounds.summary, str(grounds)) == (
            "grounds change: Rule a; Rule b",
            "2022-01-01: grounds change: Rule a; Rule b (Rule b)",
        )
        lic = m.License(
            id="lic",
            holder="Holder",
            products=["Alpha"],
            destinations=m.DestinationScope(countries=["CN"]),
            start=day("2022-01-01"),
        )
        (granted,) = book(rule, instrument("grant", licenses=[lic])).status_at("2021-06-01", "Alpha", "CN").scheduled
        assert str(granted) == "2022-01-01: granted licences change (Rule grant)"
        hq = instrument(
            "hq",
            published="2021-06-01",
            effective="2022-01-01",
            provisions=[provision(parties=m.PartyScope(headquartered_in_countries=["CN"]))],
        )
        (required,) = book(hq).status_at("2021-09-01", "Alpha", "CN", headquartered_in="CN").scheduled
        assert str(required) == "2022-01-01: licence required no -> yes (Rule hq)"
        (classified, *_) = cc.status_at("2023-10-20", "L40S", "DE").scheduled
        assert (classified.date, classified.summary) == (day("2023-11-17"), "classification none -> 3A090.a")


def test_classification_html_lists_each_test():
    """A classification's HTML table has one row per paragraph test, with its result, captioned by the verdict."""
    c = cc.explain_classification(m.Chip(name="X<1>", tpp=5000, datacenter=True), "2024-06-01")
    html = c._repr_html_()
    assert html.startswith("<table class='chipcontrols-classification'><caption>X&lt;1&gt; on 2024-06-01: 3A090.a")
    assert html.count("<tr>") == len(c.tests) + 1 and "pass" in html
    unknown = cc.explain_classification(m.Chip(name="Y", tpp=3000, datacenter=True), "2024-06-01")._repr_html_()
    assert "undetermined: missing performance_density" in unknown and "unknown" in unknown
