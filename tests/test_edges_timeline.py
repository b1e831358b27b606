"""Edges of compiled timelines: the statuses sequence, knowledge views, headquarters scope changes and the
words that describe scheduled changes."""

from __future__ import annotations

import sys
import threading
import time

import pytest

import chipcontrols as cc
from small_records import book, day, instrument, provision


def statuses_of(rb: cc.Rulebook, chip: str, country: str):  # type: ignore[no-untyped-def]
    return rb._state.compiled.statuses(rb.chip(chip), rb.country(country), cc.Basis.ENFORCED, None, None)


class TestStatusesSequence:
    """The statuses of a timeline are a lazily built Sequence[Status]."""

    def test_sequence_protocol(self):
        """Length, indexing (negative too), slicing and iteration agree with the timeline's periods."""
        tl, statuses = statuses_of(cc.bundled().with_instruments(), "H20", "CN")
        n = len(tl.starts)
        assert len(statuses) == n > 3
        assert statuses[-1] is statuses[n - 1]
        assert [s.period.start for s in statuses[1:3]] == list(tl.starts[1:3])
        assert statuses[::-1][0] is statuses[n - 1]
        assert list(statuses) == [statuses[i] for i in range(n)]
        assert next(reversed(statuses)) is statuses[-1]
        with pytest.raises(IndexError):
            statuses[n]

    def test_one_status_per_period_under_contention(self):
        """Two threads building the same period's status get one object (the second finds it built)."""
        _, statuses = statuses_of(cc.bundled().with_instruments(), "H100", "IN")
        assert statuses.built[2] is None
        got: list[cc.Status] = []
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


def _in_function(thread: threading.Thread, function: object) -> bool:
    frame = sys._current_frames().get(thread.ident or -1)
    return frame is not None and frame.f_code is function.__code__  # type: ignore[attr-defined]


def test_knowledge_before_anything_was_published():
    """As known before the record's first publication, nothing applies; the answer is that of an empty record."""
    rb = book(instrument("a", provisions=[provision()]))
    early = rb.status_at("2022-06-01", "Alpha", "CN", known_on="2020-06-01")
    assert (early.license_required, early.basis, early.citations) == (False, (), ())
    assert rb.status_at("2022-06-01", "Alpha", "CN", known_on="2021-01-01").license_required


def test_scope_change_of_a_headquarters_rule():
    """A scope change that widens a headquarters rule to a group applies to parties headquartered in its members."""
    d5 = cc.CountryGroup(id="D:5", name="Country Group D:5", members=[cc.Membership(country="CN")])
    rule = instrument(
        "a",
        provisions=[
            provision(
                destinations=cc.DestinationScope(everywhere=True),
                parties=cc.PartyScope(headquartered_in_countries=["MO"]),
            )
        ],
    )
    widen = instrument(
        "b",
        published="2022-01-01",
        effective="2022-01-01",
        amendments=[cc.ScopeChange(target="a/p", parties=cc.PartyScope(headquartered_in_groups=["D:5"]))],
    )
    rb = book(rule, widen, groups=[d5])
    assert not rb.status_at("2021-06-01", "Alpha", "DE", headquartered_in="CN").license_required
    after = rb.status_at("2022-06-01", "Alpha", "DE", headquartered_in="CN")
    assert after.license_required and after.citations == ("Rule a", "Rule b")
    assert rb.status_at("2021-06-01", "Alpha", "DE", headquartered_in="MO").license_required
    assert not rb.status_at("2022-06-01", "Alpha", "DE", headquartered_in="MO").license_required


class TestScheduledChangeWords:
    """Scheduled changes describe what will differ, the most telling difference first."""

    def test_classification(self):
        """New criteria published ahead of their start: the classification change is named."""
        (change, *_) = cc.status_at("2023-10-20", "L40S", "DE").scheduled
        assert (change.date, change.summary) == (day("2023-11-17"), "classification none -> 3A090.a")

    def test_granted_licences(self):
        """A licence granted ahead of its start changes nothing else: the words say so."""
        rule = instrument("a", provisions=[provision()])
        grant = instrument(
            "grant",
            licenses=[
                cc.License(
                    id="lic",
                    holder="Holder",
                    products=["Alpha"],
                    destinations=cc.DestinationScope(countries=["CN"]),
                    start=day("2022-01-01"),
                )
            ],
        )
        (change,) = book(rule, grant).status_at("2021-06-01", "Alpha", "CN").scheduled
        assert (change.date, change.summary, change.instruments) == (
            day("2022-01-01"),
            "granted licences change",
            ("grant",),
        )

    def test_grounds_only(self):
        """A second requirement with the same obligation changes only the grounds: they are listed."""
        first = instrument("a", provisions=[provision()])
        second = instrument("b", effective="2022-01-01", provisions=[provision()])
        (change,) = book(first, second).status_at("2021-06-01", "Alpha", "CN").scheduled
        assert (change.date, change.summary) == (day("2022-01-01"), "grounds change: Rule a; Rule b")


class TestMembershipDays:
    """Group memberships bring their own days into a pair's timeline."""

    def test_membership_from_before_coverage_and_one_ending_inside(self):
        """A membership begun before the coverage (no instrument needed) binds from the first day;
        one ended inside it by an instrument ends the requirement on that day, and not before the
        instrument was public."""
        ends = instrument("leave", published="2022-03-01", effective="2022-06-01")
        group = cc.CountryGroup(
            id="G:1",
            name="group one",
            members=[
                cc.Membership(country="CN", start=day("2015-01-01")),
                cc.Membership(country="IN", start=day("2015-01-01"), end=day("2022-06-01"), removed_by="leave"),
            ],
        )
        rule = instrument("r", provisions=[provision(destinations=cc.DestinationScope(groups=["G:1"]))])
        rb = book(rule, ends, groups=[group])
        assert rb.status_at("2021-06-01", "Alpha", "CN").license_required is True
        assert [str(e.period) for e in rb.history("Alpha", "IN", start="2021-01-01", by=["license_required"])] == [
            "[2021-01-01, 2022-06-01)",
            "[2022-06-01, 2026-01-01)",
        ]
        before = rb.status_at("2022-02-01", "Alpha", "IN")
        assert before.license_required is True and [c.date for c in before.scheduled] == []
        known = rb.status_at("2022-04-01", "Alpha", "IN")
        assert [c.date for c in known.scheduled] == [day("2022-06-01")]
