"""Compiled timelines: they agree with the day-by-day reference evaluation for every pair, knowledge
view, basis and headquarters; which rules can reach a pair; the days that begin a period; the
instruments named as a period's cause; one status per period; and scheduled changes, as data.

Each test builds a small record (``builders``) with the features that make timelines differ: merges,
group memberships that change, headquarters rules, licences, products named by selectors, chips
produced abroad, thresholds, two criteria versions. Which pairs may share a timeline is in
``test_sharing.py``; the words of scheduled changes are in ``test_render.py``.
"""

from __future__ import annotations

import sys
import threading
import time
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
    criteria,
    day,
    instrument,
    provision,
)
from builders import book as base_book
from chipcontrols import model as m
from chipcontrols._answer import Lazy, Regime, Status
from chipcontrols._engine.compiled import Statuses, changes_between

IO_600 = m.Threshold(spec=m.Spec.IO_BANDWIDTH, op=m.Op.GE, value=600)
FAST_IO = m.Chip(name="Fast IO", tpp=5000, die_area_mm2=800, datacenter=True, io_bandwidth_gbps=900)
SMALL = m.Chip(name="Small", tpp=1000, die_area_mm2=800, datacenter=True)
MID = m.Chip(name="Mid", tpp=3000, die_area_mm2=800, datacenter=True)
DESK = m.Chip(name="Desk", tpp=5000, die_area_mm2=800, datacenter=False)
GAMMA = m.Chip(name="Gamma", tpp=5000, die_area_mm2=800, datacenter=True)  # as Alpha and Beta
WORLD_CHIPS = (ALPHA, BETA, ABROAD, VAGUE, FAST_IO, SMALL, MID, DESK)
SMALL_CHIPS = (ALPHA, BETA, FAST_IO, SMALL, GAMMA)
COUNTRIES = ("CN", "HK", "MO", "RU", "BY", "DE", "FR", "AE", "IN", "US")
LATE = "published after the day it took effect"
POLICY = m.ReviewPolicy


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


def change(field: str, before: str | None, after: str | None) -> m.FieldChange:
    """One field of an answer that changes."""
    return m.FieldChange(field=field, before=before, after=after)


def scheduled(date: str, instrument_id: str, *changes: m.FieldChange) -> m.ScheduledChange:
    """A change scheduled by one of the builders' instruments (cited ``Rule <id>``)."""
    return m.ScheduledChange(
        date=day(date), instruments=(instrument_id,), citations=(f"Rule {instrument_id}",), changes=changes
    )


def world() -> cc.Rulebook:
    """Merges, memberships that change (one added and removed), a headquarters rule, a tiered provision
    on a threshold, a scope change, a non-enforcement and a suspension, a licence, two criteria versions."""
    groups = [
        m.CountryGroup(
            id="D:5",
            name="Arms embargoed",
            members=[
                m.Membership(country="CN"),
                m.Membership(country="RU", start=day("2022-03-01"), added_by="russia"),
                m.Membership(
                    country="BY", start=day("2022-03-01"), end=day("2024-06-01"), added_by="russia", removed_by="relief"
                ),
            ],
        ),
        m.CountryGroup(
            id="T2",
            name="Tier 2",
            members=[m.Membership(country="IN", start=day("2024-01-01"), added_by="tiers"), m.Membership(country="AE")],
        ),
    ]
    versions = [
        criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]), start="2021-01-01"),
        criteria(
            m.Paragraph(code="3A090.a", prong="3A090.a.1", tests=[TPP_4800]),
            m.Paragraph(code="3A090.b", prong="3A090.b", tests=[m.Threshold(spec=m.Spec.TPP, op=m.Op.GE, value=2400)]),
            start="2023-06-01",
        ),
    ]
    grant = m.License(
        id="lic-1",
        holder="Vendor",
        products=["Beta"],
        destinations=m.DestinationScope(countries=["CN"]),
        start=day("2024-02-01"),
        end=day("2024-08-01"),
    )
    return base_book(
        instrument("merge", published="2020-12-23", effective="2020-12-23"),
        instrument("crit"),
        instrument(
            "ac",
            provisions=[
                provision(
                    items=m.ItemScope(classifications=["3A090"]),
                    destinations=m.DestinationScope(groups=["D:5"]),
                    review_policy=POLICY.PRESUMPTION_OF_DENIAL,
                ),
                provision(
                    "named", items=m.ItemScope(products=["Beta"]), destinations=m.DestinationScope(countries=["DE"])
                ),
                provision(
                    "hq",
                    items=m.ItemScope(classifications=["3A090.a"]),
                    destinations=m.DestinationScope(everywhere=True, except_groups=["D:5"]),
                    parties=m.PartyScope(headquartered_in_groups=["D:5"], headquartered_in_countries=["MO"]),
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
            tiers=[m.Tier(name="Tier 2", rank=2, destinations=m.DestinationScope(groups=["T2"]))],
            provisions=[
                provision(
                    "t2",
                    items=m.ItemScope(all_items=True, bounds=[IO_600], datacenter=True),
                    destinations=m.DestinationScope(groups=["T2"]),
                    tier="Tier 2",
                    exceptions=["LPP"],
                )
            ],
            amendments=[
                m.ScopeChange(
                    target="ac/p",
                    start=day("2024-04-01"),
                    destinations=m.DestinationScope(groups=["D:5"], countries=["FR"]),
                )
            ],
        ),
        instrument(
            "pause",
            published="2025-01-10",
            effective="2025-02-01",
            amendments=[
                m.NonEnforcement(target="tiers", end=day("2025-09-01")),
                m.Suspension(target="ac/named", end=day("2025-03-01")),
            ],
        ),
        instrument(
            "grant",
            kind=m.InstrumentKind.LICENSE_GRANT,
            published="2024-01-15",
            effective="2024-01-15",
            licenses=[grant],
        ),
        chips=WORLD_CHIPS,
        groups=groups,
        criteria=versions,
        merges=[
            m.Merge(code="HK", into="CN", start=day("2020-12-23"), instrument="merge"),
            m.Merge(code="MO", into="CN", start=day("2023-01-01"), instrument="merge"),
        ],
    )


# ---------------------------------------------------------------- agreement with the reference


@pytest.mark.parametrize(
    ("basis", "known"),
    [
        (m.Basis.ENFORCED, None),
        (m.Basis.LEGAL, None),
        (m.Basis.COMPLIANCE, "2024-05-15"),
        (m.Basis.ENFORCED, "2023-12-15"),
        (m.Basis.ENFORCED, "2019-06-01"),
    ],
)
def test_every_pair_agrees_with_the_reference(basis, known):
    """Pairs sharing timelines (or not) give, on every day around every change, the reference's regime."""
    known_on = None if known is None else day(known)
    assert_pairs_agree_with_reference(world(), WORLD_CHIPS, COUNTRIES, known=known_on, basis=basis)


@pytest.mark.parametrize("hq", ["CN", "MO", "HK", "DE", "BY"])
def test_headquarters_pairs_agree_with_the_reference(hq):
    """Pairs asked about with headquarters give, on every day around every change, the reference's regime."""
    assert_pairs_agree_with_reference(world(), (ALPHA, MID, VAGUE), ("DE", "IN", "HK"), hq=hq)


# ---------------------------------------------------------------- histories and scheduled changes


def test_history_periods_and_causes():
    """A history's periods begin on changes and announcements, each with its causes; the last is open."""
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
        ("[2025-01-10, …)", ("pause",), "no-license-required"),
    ]
    assert h[-1].period.end is None
    assert [e.status.scheduled for e in h] == [
        (),
        (),
        (
            scheduled(
                "2022-03-01",
                "russia",
                change("requirement", "not-required", "required"),
                change("review_policy", None, "presumption-of-denial"),
            ),
        ),
        (),
        (
            scheduled(
                "2024-04-01",
                "tiers",
                change("citations", "Rule ac; Rule crit; Rule russia", "Rule ac; Rule crit; Rule russia; Rule tiers"),
            ),
        ),
        (),
        (
            scheduled(
                "2024-06-01",
                "relief",
                change("requirement", "required", "not-required"),
                change("review_policy", "presumption-of-denial", None),
            ),
        ),
        (),
        (),
    ]
    clipped = world().history("Alpha", "BY", start="2022-06-01", end="2024-05-01", by=["level"])
    assert [(str(e.period), e.caused_by) for e in clipped] == [("[2022-06-01, 2024-05-01)", ())]


def test_scheduled_from_an_announcement_ahead_of_effect():
    """From the day a rule is announced, answers list what it will change and when, on the basis asked."""
    rb = world()
    s = rb.status_at("2023-12-15", "Fast IO", "IN")
    assert str(s.period) == "[2023-12-01, 2024-01-01)"
    takes_effect = (
        change("requirement", "not-required", "required"),
        change("exceptions", None, "LPP"),
        change("tier", None, "Tier 2"),
    )
    assert s.scheduled == (
        scheduled("2024-01-01", "tiers", change("caveats", None, None)),
        scheduled("2024-03-01", "tiers", *takes_effect),
    )
    legal = rb.status_at("2023-12-15", "Fast IO", "IN", basis="legal")
    assert legal.scheduled == (scheduled("2024-01-01", "tiers", *takes_effect),)
    assert rb.status_at("2023-12-15", "Fast IO", "IN", known_on="2023-12-05").scheduled == s.scheduled
    before_news = rb.status_at("2023-12-15", "Fast IO", "IN", known_on="2023-11-30")
    assert str(before_news.period) == "[2021-01-01, …)" and before_news.scheduled == ()
    h = rb.history("Fast IO", "IN", start="2024-01-01")
    assert [(str(e.period), e.caused_by, e.status.level.value) for e in h][1:4] == [
        ("[2024-03-01, 2025-01-10)", ("tiers",), "license-exception"),
        ("[2025-01-10, 2025-02-01)", ("pause",), "license-exception"),
        ("[2025-02-01, 2025-09-01)", ("pause",), "no-license-required"),
    ]


def test_merged_destinations_keep_their_own_code():
    """A merged destination is answered under its own code, governed by the place it merged into from the merge."""
    rb = world()
    s = rb.status_at("2024-01-01", "Alpha", "MO")
    assert (s.country.code, s.governing, s.license_required) == ("MO", "CN", True)
    assert rb.status_at("2022-06-01", "Alpha", "MO").governing == "MO"
    assert rb.status_at("2024-01-01", "Alpha", "HK").governing == "CN"
    assert rb.status_at("2024-01-01", "Alpha", "CN").governing == "CN"


def test_scheduled_for_a_headquarters_rule():
    """Changes scheduled for a buyer's headquarters are those of the question asked, headquarters included."""
    rb = book(
        instrument(
            "hq",
            published="2021-06-01",
            effective="2022-01-01",
            provisions=[provision(parties=m.PartyScope(headquartered_in_countries=["CN"]))],
        )
    )
    s = rb.status_at("2021-09-01", "Alpha", "CN", headquartered_in="CN")
    assert s.scheduled == (scheduled("2022-01-01", "hq", change("requirement", "not-required", "required")),)
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
            amendments=[m.ReviewPolicyChange(target="r/p", review_policy=POLICY.POLICY_OF_DENIAL)],
        ),
    )
    s = rb.status_at("2022-06-01", "Alpha", "CN", known_on="2021-12-01")
    assert str(s.period) == "[2022-01-01, …)" and s.scheduled == ()
    now = rb.status_at("2022-06-01", "Alpha", "CN")
    assert now.scheduled == (scheduled("2023-01-01", "later", change("review_policy", None, "policy-of-denial")),)


class TestScheduledChanges:
    """Scheduled changes state what will differ: the fields of the answer, else its grounds, else its caveats."""

    def test_classification(self):
        """New criteria published ahead of their start: the classification change is stated."""
        (first, *_) = cc.status_at("2023-10-20", "L40S", "DE").scheduled
        assert (first.date, first.changes) == (day("2023-11-17"), (change("classification", None, "3A090.a"),))

    def test_granted_licences(self):
        """A licence granted ahead of its start changes nothing else: the change is the licences alone."""
        rule = instrument("a", provisions=[provision()])
        grant = instrument(
            "grant",
            licenses=[
                m.License(
                    id="lic",
                    holder="Holder",
                    products=["Alpha"],
                    destinations=m.DestinationScope(countries=["CN"]),
                    start=day("2022-01-01"),
                )
            ],
        )
        (found,) = book(rule, grant).status_at("2021-06-01", "Alpha", "CN").scheduled
        assert found == scheduled("2022-01-01", "grant", change("licenses", None, "lic"))

    def test_grounds_only(self):
        """A second requirement with the same obligation changes only the grounds: the citations before and after."""
        first = instrument("a", provisions=[provision()])
        second = instrument("b", effective="2022-01-01", provisions=[provision()])
        (found,) = book(first, second).status_at("2021-06-01", "Alpha", "CN").scheduled
        assert (found.date, found.changes) == (day("2022-01-01"), (change("citations", "Rule a", "Rule a; Rule b"),))


class TestChangesBetween:
    """``changes_between``: the fields of the answer that differ between two regimes, as data-file words."""

    @staticmethod
    def _regime(**changes: object) -> Regime:
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

    def test_every_field(self):
        """Every field of the answer that differs is stated, in order, both ways; several exceptions are joined."""
        before = self._regime()
        lic = m.License(id="l", holder="H", products=["Alpha"], destinations=m.DestinationScope(countries=["CN"]))
        after = self._regime(
            requirement=m.Requirement.NOT_REQUIRED,
            review_policy=None,
            exceptions=(),
            classification=None,
            tier=None,
            licenses=(lic,),
        )
        assert changes_between(before, after) == (
            change("requirement", "required", "not-required"),
            change("review_policy", "case-by-case", None),
            change("exceptions", "NAC", None),
            change("classification", "3A090.a", None),
            change("tier", "Tier 1", None),
            change("licenses", None, "l"),
        )
        assert changes_between(after, before) == (
            change("requirement", "not-required", "required"),
            change("review_policy", None, "case-by-case"),
            change("exceptions", None, "NAC"),
            change("classification", None, "3A090.a"),
            change("tier", None, "Tier 1"),
            change("licenses", "l", None),
        )
        two = self._regime(exceptions=(m.LicenseException.ACA, m.LicenseException.NAC))
        assert changes_between(before, two) == (change("exceptions", "NAC", "ACA,NAC"),)
        assert changes_between(two, before) == (change("exceptions", "ACA,NAC", "NAC"),)
        undetermined = self._regime(requirement=m.Requirement.UNDETERMINED)
        assert changes_between(before, undetermined) == (change("requirement", "required", "undetermined"),)

    def test_grounds_caveats_and_nothing(self):
        """Grounds are stated only when no field differs, caveats only when neither does; else nothing."""
        before = self._regime()
        assert changes_between(before, self._regime(citations=("A", "B"))) == (change("citations", "A", "A; B"),)
        caveat = m.Caveat(kind=m.CaveatKind.END_USER, citations=("m",))
        assert changes_between(before, self._regime(caveats=(caveat,))) == (change("caveats", None, None),)
        assert changes_between(before, self._regime(citations=("B",), tier="Tier 2")) == (
            change("tier", "Tier 1", "Tier 2"),
        )
        assert changes_between(before, self._regime(caveats=(caveat,), tier=None)) == (change("tier", "Tier 1", None),)
        assert changes_between(before, self._regime(instruments=("b",))) == ()


# ---------------------------------------------------------------- statuses


def statuses_of(rb: cc.Rulebook, chip: str, country: str) -> Statuses:
    """The compiled statuses of a pair, enforced, as known now, without headquarters."""
    return rb._state.compiled.statuses(rb.chip(chip), rb.country(country), m.Basis.ENFORCED, None, None)


class TestStatusesSequence:
    """The statuses of a timeline are a lazily built Sequence[Status], one per period."""

    def test_sequence_protocol(self):
        """Length, indexing from either end, slicing and iteration agree with the timeline's periods and the history."""
        rb = world()
        h = rb.history("Alpha", "BY")
        statuses = statuses_of(rb, "Alpha", "BY")
        tl = statuses.timeline
        n = len(tl.starts)
        assert len(statuses) == n == len(h) > 3
        assert statuses[-1] is statuses[n - 1]
        assert [s.period.start for s in statuses[1:3]] == list(tl.starts[1:3])
        assert [s.period for s in statuses[1:3]] == [h[1].period, h[2].period]
        assert statuses[::-1][0] is statuses[n - 1]
        assert statuses[::-1][0].period == h[-1].period
        assert list(statuses) == [statuses[i] for i in range(n)]
        assert next(reversed(statuses)) is statuses[-1]
        with pytest.raises(IndexError):
            statuses[n]

    def test_one_status_per_period_under_contention(self):
        """Two threads building the same period's status get one object (the second finds it built)."""
        statuses = statuses_of(cc.bundled().with_instruments(), "H100", "IN")
        assert statuses.built[2] is None
        got: list[Status] = []
        threads = [threading.Thread(target=lambda: got.append(statuses[2])) for _ in range(2)]
        with statuses._lock:  # both threads find the period unbuilt and wait for the lock
            for t in threads:
                t.start()
            deadline = time.monotonic() + 30
            while not all(_in_function(t, type(statuses).__getitem__) for t in threads):
                assert time.monotonic() < deadline, "threads did not reach Statuses.__getitem__"
                time.sleep(0.001)
        for t in threads:
            t.join()
        assert got[0] is got[1] is statuses.built[2]

    def test_a_status_built_while_waiting_for_the_lock_is_the_one_returned(self):
        """A status built by another thread while waiting for the lock is returned, not built again."""
        rb = book(instrument("r", provisions=[provision()]))
        statuses = rb._state.compiled.statuses(ALPHA, rb.country("CN"), m.Basis.ENFORCED, None, None)
        lock = statuses._lock = BuiltMeanwhile(statuses, 1)  # type: ignore[assignment]
        got = statuses[1]
        assert lock.built is not None and got is lock.built is statuses.built[1] is statuses[1]


def _in_function(thread: threading.Thread, function: object) -> bool:
    frame = sys._current_frames().get(thread.ident or -1)
    return frame is not None and frame.f_code is function.__code__  # type: ignore[attr-defined]


class BuiltMeanwhile:
    """A stand-in for a statuses sequence's lock: while it is being acquired, another thread builds
    the status of one period (as a thread holding the real lock would have)."""

    def __init__(self, statuses: Statuses, i: int) -> None:
        self.statuses = statuses
        self.i = i
        self.built: Status | None = None

    def __enter__(self) -> None:
        if self.statuses.built[self.i] is None:
            self.built = self.statuses.built[self.i] = self.statuses._make(self.i)

    def __exit__(self, *exc: object) -> None:
        return None


# ---------------------------------------------------------------- lazily computed scheduled changes


class Source:
    """A schedule source that records the keys it is asked about."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def scheduled(self, key: int, /) -> tuple[m.ScheduledChange, ...]:
        self.asked.append(key)
        return (scheduled("2024-01-01", "r", change("tier", None, "Tier 1")),)


def test_lazy_asks_its_source_once_for_its_key():
    """A Lazy asks its source for its own key, once; without a key given, for key 0."""
    source = Source()
    lazy = Lazy(source.scheduled, 3)
    first = lazy.get()
    assert first == (scheduled("2024-01-01", "r", change("tier", None, "Tier 1")),)
    assert lazy.get() is first and source.asked == [3]
    default = Source()
    assert Lazy(default.scheduled).get() == first and default.asked == [0]


def test_lazy_without_a_source_has_no_scheduled_changes():
    """A Lazy with no source holds no scheduled changes: an empty tuple."""
    assert Lazy(None).get() == ()


# ---------------------------------------------------------------- which rules can reach a pair


def test_knowledge_before_anything_was_published():
    """As known before the record's first publication, nothing applies; the answer is that of an empty record."""
    rb = book(instrument("a", provisions=[provision()]))
    early = rb.status_at("2022-06-01", "Alpha", "CN", known_on="2020-06-01")
    assert (early.license_required, early.grounds, early.citations) == (False, (), ())
    assert rb.status_at("2022-06-01", "Alpha", "CN", known_on="2021-01-01").license_required


def test_scope_change_of_a_headquarters_rule():
    """A scope change that widens a headquarters rule to a group applies to parties headquartered in its members."""
    d5 = m.CountryGroup(id="D:5", name="Country Group D:5", members=[m.Membership(country="CN")])
    rule = instrument(
        "a",
        provisions=[
            provision(
                destinations=m.DestinationScope(everywhere=True),
                parties=m.PartyScope(headquartered_in_countries=["MO"]),
            )
        ],
    )
    widen = instrument(
        "b",
        published="2022-01-01",
        effective="2022-01-01",
        amendments=[m.ScopeChange(target="a/p", parties=m.PartyScope(headquartered_in_groups=["D:5"]))],
    )
    rb = book(rule, widen, groups=[d5])
    assert not rb.status_at("2021-06-01", "Alpha", "DE", headquartered_in="CN").license_required
    after = rb.status_at("2022-06-01", "Alpha", "DE", headquartered_in="CN")
    assert after.license_required and after.citations == ("Rule a", "Rule b")
    assert rb.status_at("2021-06-01", "Alpha", "DE", headquartered_in="MO").license_required
    assert not rb.status_at("2022-06-01", "Alpha", "DE", headquartered_in="MO").license_required


def test_a_scope_change_to_bounds_alone_reaches_unnamed_chips():
    """A scope change to a threshold alone covers every chip passing it; an unknown figure is undetermined."""
    rb = book(
        instrument("r", provisions=[provision(items=m.ItemScope(products=["Beta"]))]),
        instrument(
            "widen",
            published="2022-01-01",
            effective="2022-01-01",
            amendments=[m.ScopeChange(target="r/p", start=day("2022-06-01"), items=m.ItemScope(bounds=[IO_600]))],
        ),
    )
    assert rb.status_at("2022-07-01", "Fast IO", "CN").license_required is True
    assert rb.status_at("2022-05-01", "Fast IO", "CN").license_required is False
    assert rb.status_at("2022-07-01", "Alpha", "CN").requirement is m.Requirement.UNDETERMINED
    slow_io = m.Chip(name="Slow IO", tpp=5000, datacenter=True, io_bandwidth_gbps=100)
    assert rb.status_at("2022-07-01", slow_io, "CN").license_required is False
    assert rb.status_at("2022-05-01", "Alpha", "CN").license_required is False
    assert_agrees(rb, ("CN", "DE"))


def test_rules_that_cannot_reach_a_chip_begin_no_period_of_its_history():
    """A rule that can never reach a chip begins no period of its history; one that can does."""
    version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
    rb = book(
        instrument("crit"),
        instrument(
            "named",
            published="2021-06-01",
            effective="2022-01-01",
            provisions=[provision(items=m.ItemScope(products=["Beta"]))],
        ),
        instrument(
            "classified",
            published="2022-06-01",
            effective="2023-01-01",
            provisions=[provision(items=m.ItemScope(classifications=["3A090"]))],
        ),
        criteria=[version],
    )
    assert periods(rb, "Small", "CN") == [("[2020-01-01, …)", ())]
    assert periods(rb, "Alpha", "CN") == [
        ("[2020-01-01, 2021-01-01)", ()),
        ("[2021-01-01, 2022-06-01)", ("crit",)),
        ("[2022-06-01, 2023-01-01)", ("classified",)),
        ("[2023-01-01, …)", ("classified",)),
    ]
    assert periods(rb, "Beta", "CN")[2:] == [
        ("[2021-06-01, 2022-01-01)", ("named",)),
        ("[2022-01-01, 2022-06-01)", ("named",)),
        ("[2022-06-01, 2023-01-01)", ("classified",)),
        ("[2023-01-01, …)", ("classified",)),
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
            provisions=[provision(destinations=m.DestinationScope(countries=["RU"]))],
        ),
    )
    assert periods(rb, "Alpha", "CN") == [("[2020-01-01, 2021-01-01)", ()), ("[2021-01-01, …)", ("r",))]
    assert periods(rb, "Alpha", "RU")[1:] == [
        ("[2021-09-01, 2022-09-01)", ("elsewhere",)),
        ("[2022-09-01, …)", ("elsewhere",)),
    ]


# ---------------------------------------------------------------- the days that begin a period


def test_publication_of_a_retroactive_rule_begins_no_period():
    """A rule published after its effective day begins a period on that day only, not on its publication."""
    rb = book(
        instrument("s", published="2022-01-01", effective="2021-06-01", date_notes=LATE, provisions=[provision()]),
        instrument("t", published="2023-01-01", effective="2021-06-01", date_notes=LATE, provisions=[provision("q")]),
    )
    assert periods(rb, "Alpha", "CN") == [("[2020-01-01, 2021-06-01)", ()), ("[2021-06-01, …)", ("s", "t"))]
    assert_agrees(rb, ("CN",), chips=(ALPHA,))


def test_a_rule_taking_effect_after_the_review_day_is_applied_as_scheduled():
    """A rule known on the review day that acts after it is applied as scheduled, with a record-age note."""
    rb = book(
        instrument("r", provisions=[provision()]),
        instrument(
            "late",
            published="2025-06-01",
            effective="2026-01-01",
            provisions=[provision("q", review_policy=POLICY.POLICY_OF_DENIAL)],
        ),
    )
    assert periods(rb, "Alpha", "CN") == [
        ("[2020-01-01, 2021-01-01)", ()),
        ("[2021-01-01, 2025-06-01)", ("r",)),
        ("[2025-06-01, 2026-01-01)", ("late",)),
        ("[2026-01-01, …)", ("late",)),
    ]
    last = rb.status_at("2025-12-31", "Alpha", "CN")
    assert (str(last.period), last.review_policy, last.notes) == ("[2025-06-01, 2026-01-01)", None, ())
    assert last.scheduled == (scheduled("2026-01-01", "late", change("review_policy", None, "policy-of-denial")),)
    after = rb.status_at("2026-06-01", "Alpha", "CN")
    assert (str(after.period), after.review_policy) == ("[2026-01-01, …)", POLICY.POLICY_OF_DENIAL)
    assert after.notes == (m.Caveat(kind=m.CaveatKind.RECORD_AGE, since=day("2025-12-31")),)
    assert after.caveats[-1] == after.notes[0]
    with pytest.raises(cc.errors.OutsideCoverageError):
        rb.status_at("2026-06-01", "Alpha", "CN", strict=True)


# ---------------------------------------------------------------- causes


def test_an_instrument_not_public_in_the_view_is_never_a_cause():
    """An instrument not yet public in the knowledge view is never named as a period's cause."""
    rb = book(
        instrument("r", provisions=[provision()]),
        instrument(
            "later",
            published="2022-03-01",
            effective="2023-01-01",
            amendments=[m.ReviewPolicyChange(target="r/p", review_policy=POLICY.POLICY_OF_DENIAL)],
        ),
        instrument(
            "y",
            published="2022-09-01",
            effective="2022-03-01",
            date_notes=LATE,
            provisions=[provision(destinations=m.DestinationScope(countries=["RU"]))],
        ),
    )
    assert periods(rb, "Alpha", "CN", known_on="2022-06-01") == [
        ("[2020-01-01, 2021-01-01)", ()),
        ("[2021-01-01, 2022-03-01)", ("r",)),
        ("[2022-03-01, 2023-01-01)", ("later",)),
        ("[2023-01-01, …)", ("later",)),
    ]


def test_the_first_period_names_instruments_its_caveats_mention():
    """The first period's cause is the acting instrument its caveats mention, not every one acting."""
    rb = book(
        instrument(
            "r", published="2020-01-01", effective="2020-01-01", compliance=day("2021-01-01"), provisions=[provision()]
        ),
        instrument(
            "z",
            published="2020-01-01",
            effective="2020-01-01",
            provisions=[provision(destinations=m.DestinationScope(countries=["RU"]))],
        ),
    )
    first = rb.history("Alpha", "CN")[0]
    assert (first.status.license_required, first.status.citations) == (False, ())
    assert [(c.kind, c.instruments) for c in first.status.caveats] == [(m.CaveatKind.BASIS_DIFFERS, ("r",))]
    assert first.caused_by == ("r",)


def test_an_expiry_names_the_instrument_the_previous_regime_relied_on():
    """An expiry's cause is the instrument the previous regime relied on, not every one acting that day."""
    rb = book(
        instrument("r", provisions=[provision(expires=day("2023-01-01"))]),
        instrument(
            "z",
            published="2023-01-01",
            effective="2023-01-01",
            provisions=[provision(destinations=m.DestinationScope(countries=["RU"]))],
        ),
    )
    assert periods(rb, "Alpha", "CN") == [
        ("[2020-01-01, 2021-01-01)", ()),
        ("[2021-01-01, 2023-01-01)", ("r",)),
        ("[2023-01-01, …)", ("r",)),
    ]


def test_the_first_period_is_begun_by_what_acts_in_it_not_by_a_later_rule():
    """The first period's cause is the rule in force, not one announced that day for later."""
    rb = book(
        instrument("a", published="2020-01-01", effective="2020-01-01", provisions=[provision()]),
        instrument("b", published="2020-01-01", effective="2022-01-01", provisions=[provision("q")]),
    )
    assert periods(rb, "Alpha", "CN") == [("[2020-01-01, 2022-01-01)", ("a",)), ("[2022-01-01, …)", ("b",))]


def test_causes_are_listed_in_order_of_publication():
    """The instruments that began a period are listed in order of publication, not of id."""
    rb = book(
        instrument("zeta", published="2021-03-01", effective="2022-01-01", provisions=[provision()]),
        instrument("alpha", published="2021-06-01", effective="2022-01-01", provisions=[provision("q")]),
    )
    assert rb.history("Alpha", "CN", start="2022-01-01")[0].caused_by == ("zeta", "alpha")


# ---------------------------------------------------------------- memberships


class TestMembershipDays:
    """Group memberships bring their own days into a pair's timeline."""

    def test_membership_from_before_the_record_and_one_ending_inside(self):
        """A membership from before the record binds from its first day; one ending inside ends as known."""
        ends = instrument("leave", published="2022-03-01", effective="2022-06-01")
        group = m.CountryGroup(
            id="G:1",
            name="group one",
            members=[
                m.Membership(country="CN", start=day("2015-01-01")),
                m.Membership(country="IN", start=day("2015-01-01"), end=day("2022-06-01"), removed_by="leave"),
            ],
        )
        rule = instrument("r", provisions=[provision(destinations=m.DestinationScope(groups=["G:1"]))])
        rb = book(rule, ends, groups=[group])
        assert rb.status_at("2021-06-01", "Alpha", "CN").license_required is True
        assert [str(e.period) for e in rb.history("Alpha", "IN", start="2021-01-01", by=["license_required"])] == [
            "[2021-01-01, 2022-06-01)",
            "[2022-06-01, …)",
        ]
        before = rb.status_at("2022-02-01", "Alpha", "IN")
        assert before.license_required is True and [c.date for c in before.scheduled] == []
        known = rb.status_at("2022-04-01", "Alpha", "IN")
        assert [c.date for c in known.scheduled] == [day("2022-06-01")]
