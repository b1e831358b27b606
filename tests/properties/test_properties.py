"""The engine's properties (DESIGN section 7) over generated rulebooks, checked against the reference evaluator;
and on the bundled record, answers that depend neither on the order of questions nor on threads."""

from __future__ import annotations

import datetime as dt
import itertools
import threading

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import chipcontrols as cc
from builders import event_days, reference, reference_tuple, regime_of
from chipcontrols import model as m
from chipcontrols import strategies as ccst
from chipcontrols._answer import REGIME_FIELDS
from chipcontrols.errors import InvalidRecordError, UndeterminedAnswerError
from chipcontrols.serialization import dumps, loads

pairs = st.tuples(st.integers(0, 2), st.sampled_from(ccst.COUNTRY_POOL))
#: days a generated rulebook answers: its own days, and a year after its review day (answered as known then)
any_day = ccst.dates(ccst.FIRST, ccst.LAST + dt.timedelta(days=365))


def _chip(book: cc.Rulebook, i: int) -> str:
    return book.chips[i % len(book.chips)].name


class TestConstancyAndHistory:
    """Properties 1, 5 and 6: timelines, histories and the reference evaluator agree."""

    @given(ccst.rulebooks(), pairs, ccst.bases(), st.none() | ccst.dates(), st.data())
    def test_answer_constant_between_change_dates(self, book, pair, basis, known, data):
        """Every day of a history period has the regime of the period's first day (reference)."""
        chip, country = _chip(book, pair[0]), pair[1]
        view = book._state.compiled.view(known)
        for entry in book.history(chip, country, basis=basis, known_on=known):
            p = entry.period
            last = p.end - dt.timedelta(days=1) if p.end is not None else book.info.reviewed + dt.timedelta(days=90)
            d = data.draw(ccst.dates(p.start, last))
            expected = reference_tuple(reference(book, p.start, chip, country, known=view, basis=basis))
            actual = reference_tuple(reference(book, d, chip, country, known=view, basis=basis))
            assert expected == actual

    @given(ccst.rulebooks(), pairs, ccst.bases(), st.none() | ccst.dates(), any_day)
    def test_compiled_agrees_with_reference(self, book, pair, basis, known, d):
        """status_at equals the plain fold on any day (also after the review day) and knowledge date."""
        chip, country = _chip(book, pair[0]), pair[1]
        status = book.status_at(d, chip, country, basis=basis, known_on=known)
        assert regime_of(status) == reference_tuple(reference(book, d, chip, country, known=known, basis=basis))

    @given(ccst.rulebooks(), pairs, ccst.bases())
    def test_history_agrees_with_status_at_every_day(self, book, pair, basis):
        """History periods tile the days from the first (the last open); each carries its days' status."""
        chip, country = _chip(book, pair[0]), pair[1]
        history = book.history(chip, country, basis=basis)
        assert history[0].period.start == book.info.start and history[-1].period.end is None
        for a, b in itertools.pairwise(history):
            assert a.period.end == b.period.start
            # a new period begins when the regime changes, or when something is announced ahead of its effect
            assert regime_of(a.status) != regime_of(b.status) or b.caused_by
        after = book.info.reviewed + dt.timedelta(days=1)
        for entry in history:
            d = entry.period.start
            end = entry.period.end or book.info.reviewed + dt.timedelta(days=90)
            while d < end:
                s = book.status_at(d, chip, country, basis=basis)
                assert s == entry.status
                # the record-age note of a day after the review day is on the entry that holds it
                assert s.notes == (entry.status.notes if d >= after else ())
                d += dt.timedelta(days=29)

    @given(ccst.rulebooks(), pairs, ccst.bases(), st.data())
    def test_history_clipped_to_its_window(self, book, pair, basis, data):
        """A history asked for ``[start, end)`` is the whole history's periods cut to that window."""
        chip, country = _chip(book, pair[0]), pair[1]
        start = data.draw(ccst.dates())
        end = data.draw(ccst.dates(start + dt.timedelta(days=1), ccst.LAST + dt.timedelta(days=30)))
        whole = [(e.period, e.status) for e in book.history(chip, country, basis=basis)]
        cut = [(e.period, e.status) for e in book.history(chip, country, basis=basis, start=start, end=end)]
        expected = [
            (m.Period(max(p.start, start), min(p.end or end, end)), s)
            for p, s in whole
            if (p.end is None or p.end > start) and p.start < end
        ]
        assert cut == expected


class TestSharing:
    """Pairs that the engine judges alike share timelines; every cell still matches the plain fold."""

    @given(ccst.rulebooks(), ccst.bases(), st.none() | ccst.dates(), st.permutations(ccst.COUNTRY_POOL), st.data())
    def test_grid_agrees_with_reference_in_any_order(self, book, basis, known, countries, data):
        """Whichever pair is compiled first, each chip x destination x day equals the reference."""
        candidates = [*event_days(book), book.info.start, book.info.reviewed + dt.timedelta(days=1)]
        days = sorted(data.draw(st.sets(st.sampled_from(candidates), min_size=1, max_size=6)))
        days = [d for d in days if d >= book.info.start] or [book.info.start]
        chips = data.draw(st.permutations(book.chips))
        grid = book.grid(days, chips, countries[:8], known_on=known, basis=basis)
        for d, chip, country, status in grid:
            want = reference_tuple(reference(book, d, chip.name, country.code, known=known, basis=basis))
            assert regime_of(status) == want, (d, chip.name, country.code)


class TestScheduled:
    """Scheduled changes are exactly the later changes already public on the day asked."""

    @given(ccst.rulebooks(), pairs, ccst.bases(), st.none() | ccst.dates(), ccst.dates())
    def test_scheduled_matches_reference(self, book, pair, basis, known, d):
        """The dates listed are those after d where the reference regime changes, as known on min(d, known)."""
        chip, country = _chip(book, pair[0]), pair[1]
        view = d if known is None else min(d, known)
        horizon = book._state.compiled.view(view)
        expected = []
        previous = reference_tuple(reference(book, d, chip, country, known=horizon, basis=basis))
        for x in event_days(book):
            if d < x:
                now = reference_tuple(reference(book, x, chip, country, known=horizon, basis=basis))
                if now != previous:
                    expected.append(x)
                previous = now
        got = [c.date for c in book.status_at(d, chip, country, basis=basis, known_on=known).scheduled]
        assert got == expected


class TestAfterTheReviewDay:
    """A day after the review day is answered as the record knew it then, with a record-age note."""

    @given(ccst.rulebooks(), pairs, ccst.bases(), ccst.dates(ccst.LAST + dt.timedelta(days=1), dt.date(2030, 1, 1)))
    def test_answered_as_on_the_review_day(self, book, pair, basis, d):
        """A day after the review day has the review day's regime and one record-age note; strict refuses it."""
        chip, country = _chip(book, pair[0]), pair[1]
        later = book.status_at(d, chip, country, basis=basis)
        last = book.status_at(book.info.reviewed, chip, country, basis=basis)
        assert regime_of(later) == regime_of(last) and later.period == last.period
        assert [(n.kind, n.since) for n in later.notes] == [(m.CaveatKind.RECORD_AGE, book.info.reviewed)]
        assert last.notes == () and later.caveats == (*last.caveats, *later.notes)
        with pytest.raises(cc.errors.OutsideCoverageError):
            book.status_at(d, chip, country, basis=basis, strict=True)


class TestRequirement:
    """The tri-state requirement: an unknown is never read as "no"."""

    @given(ccst.rulebooks(), pairs, ccst.bases(), st.none() | ccst.dates(), ccst.dates())
    def test_undetermined_is_never_false(self, book, pair, basis, known, d):
        """Undetermined level iff undetermined requirement; then license_required raises, else it is exact."""
        chip, country = _chip(book, pair[0]), pair[1]
        s = book.status_at(d, chip, country, basis=basis, known_on=known)
        undetermined = s.requirement is m.Requirement.UNDETERMINED
        assert (s.level is m.Level.UNDETERMINED) is undetermined
        if undetermined:
            assert not s.determinate and s.unsettled
            with pytest.raises(UndeterminedAnswerError):
                _ = s.license_required
        else:
            assert s.license_required is (s.requirement is m.Requirement.REQUIRED)
            assert (s.level is m.Level.NO_LICENSE_REQUIRED) is (s.requirement is m.Requirement.NOT_REQUIRED)


class TestAddingInstruments:
    """Properties 2 and 3: new instruments do not reach back in either clock."""

    @given(ccst.rulebooks(), pairs, ccst.bases(), st.data())
    def test_instrument_effective_on_e_changes_nothing_before_e(self, book, pair, basis, data):
        """Answers before the new instrument's effective date are unchanged."""
        chip, country = _chip(book, pair[0]), pair[1]
        targets = [f"{i.id}/{p.id}" for i in book.instruments for p in i.provisions]
        new = data.draw(
            ccst.instruments(id="new", chip_names=[c.name for c in book.chips], groups=("G:1", "G:2"), targets=targets)
        )
        assert new.effective is not None
        assume(new.effective > book.info.start)
        extended = _extend(book, new)
        d = data.draw(ccst.dates(book.info.start, new.effective - dt.timedelta(days=1)))
        before = book.status_at(d, chip, country, basis=basis)
        after = extended.status_at(d, chip, country, basis=basis)
        assert regime_of(before) == regime_of(after)

    @given(ccst.rulebooks(), pairs, ccst.bases(), ccst.dates(dt.date(2020, 1, 2)), st.data())
    def test_instrument_published_after_k_is_invisible_before_k(self, book, pair, basis, k, data):
        """Asked as known before the new instrument was public, every answer (and what is scheduled) is unchanged."""
        chip, country = _chip(book, pair[0]), pair[1]
        targets = [f"{i.id}/{p.id}" for i in book.instruments for p in i.provisions]
        new = data.draw(
            ccst.instruments(
                id="new",
                known_from=k,
                chip_names=[c.name for c in book.chips],
                groups=("G:1", "G:2"),
                targets=targets,
            )
        )
        extended = _extend(book, new)
        known = k - dt.timedelta(days=1)
        d = data.draw(ccst.dates())
        a = book.status_at(d, chip, country, basis=basis, known_on=known)
        b = extended.status_at(d, chip, country, basis=basis, known_on=known)
        assert (regime_of(a), a.period, a.level, a.known_on) == (regime_of(b), b.period, b.level, b.known_on)
        assert a.scheduled == b.scheduled


def _extend(book: cc.Rulebook, new: m.Instrument) -> cc.Rulebook:
    """The book with ``new`` added; a draw that contradicts the book (and is refused) is skipped."""
    try:
        return book.with_instruments(new)
    except InvalidRecordError:
        assume(False)
        raise


def _unamended(book: cc.Rulebook) -> list[str]:
    """Provisions that no amendment targets and that replace nothing."""
    out = []
    for i in book.instruments:
        for p in i.provisions:
            key = f"{i.id}/{p.id}"
            targeted = any(a.target in (key, i.id) for j in book.instruments for a in j.amendments)
            replacing = any(getattr(a, "by", None) == p.id for a in i.amendments)
            if not targeted and not replacing:
                out.append(key)
    return out


def _without_provision(book: cc.Rulebook, key: str) -> cc.Rulebook:
    inst_id, pid = key.split("/")
    out = []
    for inst in book.instruments:
        provisions = [p for p in inst.provisions if not (inst.id == inst_id and p.id == pid)]
        amendments = [a for a in inst.amendments if a.target != key]
        out.append(attrs.evolve(inst, provisions=provisions, amendments=amendments))
    return cc.Rulebook(attrs.evolve(book.record, instruments=out))


def _instrument(ident: str, book: cc.Rulebook, effective: dt.date, amendment: m.Amendment) -> m.Instrument:
    """An instrument cited as the founder is (its citation is left out of comparisons)."""
    return m.Instrument(
        id=ident,
        kind=m.InstrumentKind.RULE,
        title=ident,
        citation=book.instrument("founder").citation,
        summary="x",
        announced=book.info.start,
        effective=effective,
        amendments=[amendment],
    )


class TestRescissionAndSuspension:
    """Property 4: a rescinded provision is gone from R on; a suspended one only inside its interval."""

    @given(ccst.rulebooks(), pairs, ccst.bases(), st.data())
    def test_rescission(self, book, pair, basis, data):
        """From R on, answers equal those of the record without the provision; before R, those of the record."""
        chip, country = _chip(book, pair[0]), pair[1]
        keys = _unamended(book)
        assume(keys)
        key = data.draw(st.sampled_from(keys))
        r = data.draw(ccst.dates(dt.date(2020, 1, 2)))
        with_rescission = book.with_instruments(_instrument("rescinder", book, r, m.Rescission(target=key)))
        without = _without_provision(book, key)
        d = data.draw(ccst.dates())
        got = with_rescission.status_at(d, chip, country, basis=basis)
        expected = (without if d >= r else book).status_at(d, chip, country, basis=basis)
        assert _strip(got) == _strip(expected)

    @given(ccst.rulebooks(), pairs, ccst.bases(), st.data())
    def test_suspension(self, book, pair, basis, data):
        """Inside [S, E) answers equal the record without the provision; outside, the record's."""
        chip, country = _chip(book, pair[0]), pair[1]
        keys = _unamended(book)
        assume(keys)
        key = data.draw(st.sampled_from(keys))
        s = data.draw(ccst.dates(dt.date(2020, 1, 2), dt.date(2021, 12, 1)))
        e = data.draw(ccst.dates(s + dt.timedelta(days=1)))
        suspended = book.with_instruments(_instrument("suspender", book, s, m.Suspension(target=key, end=e)))
        without = _without_provision(book, key)
        d = data.draw(ccst.dates())
        got = suspended.status_at(d, chip, country, basis=basis)
        expected = (without if s <= d < e else book).status_at(d, chip, country, basis=basis)
        assert _strip(got) == _strip(expected)


def _strip(status: cc.Status) -> dict[str, object]:
    """The regime, less the citations of instruments that only amended (they add no obligation)."""
    values = dict(zip(REGIME_FIELDS, regime_of(status), strict=True))
    values["citations"] = tuple(c for c in values["citations"] if c != "FR founder")  # type: ignore[attr-defined]
    return values


class TestRoundTrip:
    """Property 7: serialisation is lossless."""

    @given(ccst.rulebooks())
    def test_json_round_trip(self, book):
        """A record read back from its JSON equals itself, and so does the rulebook made of it."""
        back = loads(dumps(book))
        assert back == book.record and cc.Rulebook(back) == book

    @given(ccst.rulebooks(), pairs, ccst.bases())
    def test_history_records_are_json(self, book, pair, basis):
        """A history's records survive JSON unchanged (dates as text, lists as lists, no objects)."""
        import json

        rows = book.history(_chip(book, pair[0]), pair[1], basis=basis).records()
        assert json.loads(json.dumps(rows)) == rows


class TestBases:
    """Each basis is narrower than the one before it (DESIGN section 2)."""

    @given(ccst.rulebooks(), pairs, ccst.dates())
    def test_grounds_narrow_from_legal_to_enforced(self, book, pair, d):
        """Provisions binding on the enforced basis bind on compliance, and those on legal."""
        chip, country = _chip(book, pair[0]), pair[1]
        grounds = {
            b: {(g.instrument, g.provision) for g in book.status_at(d, chip, country, basis=b).grounds} for b in m.Basis
        }
        assert grounds[m.Basis.ENFORCED] <= grounds[m.Basis.COMPLIANCE] <= grounds[m.Basis.LEGAL]


# ------------------------------------------------------------------ the bundled record: order and threads


def test_answers_do_not_depend_on_the_order_of_queries():
    """Destinations that share a compiled timeline get equal answers whichever was asked first."""
    pairs_asked = [("H100", c) for c in ("DE", "FR", "IN", "BR", "AE", "SA")] + [("RTX 4090D", c) for c in ("DE", "FR")]
    day = dt.date(2025, 6, 1)
    forward = cc.bundled().with_instruments()
    backward = cc.bundled().with_instruments()
    ahead = {p: forward.status_at(day, *p) for p in pairs_asked}
    behind = {p: backward.status_at(day, *p) for p in reversed(pairs_asked)}
    assert ahead == behind
    assert {p: hash(s) for p, s in ahead.items()} == {p: hash(s) for p, s in behind.items()}
    assert all(s.governing == p[1] for p, s in ahead.items())


def test_threads_on_cold_caches_agree_with_a_serial_run():
    """16 threads querying a fresh rulebook agree with a serial run, scheduled changes included."""
    book = cc.bundled().with_instruments()  # a fresh rulebook: empty caches
    fresh = cc.bundled().with_instruments()
    queries = [
        (dt.date(2019, 1, 1) + dt.timedelta(days=97 * i), chip, country)
        for i in range(31)  # the last days are after the review day
        for chip in ("H100", "H20", "RTX 4090", "MI308X")
        for country in ("CN", "HK", "IN", "AE", "SA", "DE", "RU")
    ]
    assert queries[-1][0] > fresh.info.reviewed
    expected = [fresh.status_at(*q) for q in queries]
    results: list[dict[object, cc.Status]] = [{} for _ in range(16)]

    def work(k: int) -> None:
        order = queries[k:] + queries[:k]  # every thread starts somewhere else
        for q in order:
            results[k][q] = book.status_at(*q)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(16):
        assert [results[k][q] for q in queries] == expected
    assert [results[3][q].scheduled for q in queries] == [e.scheduled for e in expected]
