"""The properties of DESIGN section 7, over generated rulebooks."""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from chipcontrols import Basis, Instrument, Rescission, Rulebook, Suspension
from chipcontrols import strategies as ccst
from chipcontrols.errors import InvalidRecordError
from chipcontrols.serialization import dumps, loads
from helpers import REGIME_FIELDS, event_days, reference, reference_tuple, regime_of

pairs = st.tuples(st.integers(0, 2), st.sampled_from(ccst.COUNTRY_POOL))


def _chip(book: Rulebook, i: int) -> str:
    return book.chips[i % len(book.chips)].name


class TestConstancyAndHistory:
    """Properties 1, 5 and 6: timelines, histories and the reference evaluator agree."""

    @given(ccst.rulebooks(), pairs, ccst.bases(), st.none() | ccst.dates(), st.data())
    def test_answer_constant_between_change_dates(self, book, pair, basis, known, data):
        """Every day of a history period has the regime of the period's first day (reference)."""
        chip, country = _chip(book, pair[0]), pair[1]
        for entry in book.history(chip, country, basis=basis, known_on=known):
            p = entry.period
            d = data.draw(ccst.dates(p.start, p.end - dt.timedelta(days=1)))
            expected = reference_tuple(
                reference(
                    book,
                    p.start,
                    chip,
                    country,
                    known=book._state.compiled.view(known),
                    basis=basis,
                )
            )
            actual = reference_tuple(
                reference(book, d, chip, country, known=book._state.compiled.view(known), basis=basis)
            )
            assert expected == actual

    @given(ccst.rulebooks(), pairs, ccst.bases(), st.none() | ccst.dates(), ccst.dates())
    def test_compiled_agrees_with_reference(self, book, pair, basis, known, d):
        """status_at (compiled, cached, bisected) equals the plain fold on any day and knowledge date."""
        chip, country = _chip(book, pair[0]), pair[1]
        status = book.status_at(d, chip, country, basis=basis, known_on=known)
        assert regime_of(status) == reference_tuple(reference(book, d, chip, country, known=known, basis=basis))

    @given(ccst.rulebooks(), pairs, ccst.bases())
    def test_history_agrees_with_status_at_every_day(self, book, pair, basis):
        """The history's period containing each day carries that day's status."""
        chip, country = _chip(book, pair[0]), pair[1]
        history = book.history(chip, country, basis=basis)
        assert history[0].period.start == book.coverage.start
        for a, b in itertools.pairwise(history):
            assert a.period.end == b.period.start
            # a new period begins when the regime changes, or when something is announced ahead of its effect
            assert regime_of(a.status) != regime_of(b.status) or b.caused_by
        for entry in history:
            d = entry.period.start
            while d < entry.period.end:
                assert book.status_at(d, chip, country, basis=basis) == entry.status
                d += dt.timedelta(days=29)


class TestSharing:
    """Pairs that the engine judges alike share timelines; every cell still matches the plain fold."""

    @given(
        ccst.rulebooks(),
        ccst.bases(),
        st.none() | ccst.dates(),
        st.permutations(ccst.COUNTRY_POOL),
        st.data(),
    )
    def test_grid_agrees_with_reference_in_any_order(self, book, basis, known, countries, data):
        """Whichever pair is compiled first, each chip x destination x day equals the reference."""
        days = sorted(
            data.draw(st.sets(st.sampled_from([*event_days(book), book.coverage.start]), min_size=1, max_size=6))
        )
        days = [d for d in days if book.coverage.start <= d <= book.coverage.end] or [book.coverage.start]
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
            if d < x <= book.coverage.end:
                now = reference_tuple(reference(book, x, chip, country, known=horizon, basis=basis))
                if now != previous:
                    expected.append(x)
                previous = now
        got = [c.date for c in book.status_at(d, chip, country, basis=basis, known_on=known).scheduled]
        assert got == expected


class TestAddingInstruments:
    """Properties 2 and 3: new instruments do not reach back in either clock."""

    @given(ccst.rulebooks(), pairs, ccst.bases(), st.data())
    def test_instrument_effective_on_e_changes_nothing_before_e(self, book, pair, basis, data):
        """Answers before the new instrument's effective date are unchanged."""
        chip, country = _chip(book, pair[0]), pair[1]
        targets = [f"{i.id}/{p.id}" for i in book.instruments for p in i.provisions]
        new = data.draw(
            ccst.instruments(
                id="new",
                chip_names=[c.name for c in book.chips],
                groups=("G:1", "G:2"),
                targets=targets,
            )
        )
        assert new.effective is not None
        assume(new.effective > book.coverage.start)
        extended = _extend(book, new)
        d = data.draw(ccst.dates(book.coverage.start, new.effective - dt.timedelta(days=1)))
        before = book.status_at(d, chip, country, basis=basis)
        after = extended.status_at(d, chip, country, basis=basis)
        assert regime_of(before) == regime_of(after)

    @given(ccst.rulebooks(), pairs, ccst.bases(), ccst.dates(dt.date(2020, 1, 2)), st.data())
    def test_instrument_published_after_k_is_invisible_before_k(self, book, pair, basis, k, data):
        """Asked as known before the new instrument was public, every answer is unchanged."""
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
        assert book.status_at(d, chip, country, basis=basis, known_on=known) == extended.status_at(
            d, chip, country, basis=basis, known_on=known
        )
        assert (
            book.status_at(d, chip, country, basis=basis, known_on=known).scheduled
            == extended.status_at(d, chip, country, basis=basis, known_on=known).scheduled
        )


def _extend(book: Rulebook, new: Instrument) -> Rulebook:
    """The book with ``new`` added; a draw that contradicts the book (and is refused) is skipped."""
    try:
        return book.with_instruments(new)
    except InvalidRecordError:
        assume(False)
        raise


def _unamended(book: Rulebook) -> list[str]:
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


def _without_provision(book: Rulebook, key: str) -> Rulebook:
    inst_id, pid = key.split("/")
    out = []
    for inst in book.instruments:
        provisions = [p for p in inst.provisions if not (inst.id == inst_id and p.id == pid)]
        amendments = [a for a in inst.amendments if a.target != key]
        out.append(attrs.evolve(inst, provisions=provisions, amendments=amendments))
    return attrs.evolve(book, instruments=[i for i in out if i.binding or i.id == "founder" or not i.provisions])


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
        rescinder = Instrument(
            id="rescinder",
            kind=book.instruments[0].kind,
            title="rescinds",
            citation=book.instruments[0].citation,
            summary="x",
            announced=book.coverage.start,
            effective=r,
            amendments=[Rescission(target=key)],
        )
        with_rescission = book.with_instruments(rescinder)
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
        suspender = Instrument(
            id="suspender",
            kind=book.instruments[0].kind,
            title="suspends",
            citation=book.instruments[0].citation,
            summary="x",
            announced=book.coverage.start,
            effective=s,
            amendments=[Suspension(target=key, end=e)],
        )
        suspended = book.with_instruments(suspender)
        without = _without_provision(book, key)
        d = data.draw(ccst.dates())
        got = suspended.status_at(d, chip, country, basis=basis)
        expected = (without if s <= d < e else book).status_at(d, chip, country, basis=basis)
        assert _strip(got) == _strip(expected)


def _strip(status):
    """The regime, less the citations of instruments that only amended (they add no obligation)."""
    values = dict(zip(REGIME_FIELDS, regime_of(status), strict=True))
    values["citations"] = tuple(c for c in values["citations"] if c not in ("FR founder",))
    return values


class TestRoundTrip:
    """Property 7: serialisation is lossless."""

    @given(ccst.rulebooks())
    def test_json_round_trip(self, book):
        """A rulebook read back from its JSON equals itself."""
        assert loads(dumps(book)) == book


class TestBases:
    """Each basis is narrower than the one before it (DESIGN section 2)."""

    @given(ccst.rulebooks(), pairs, ccst.dates())
    def test_grounds_narrow_from_legal_to_enforced(self, book, pair, d):
        """Provisions binding on the enforced basis bind on compliance, and those on legal."""
        chip, country = _chip(book, pair[0]), pair[1]
        grounds = {
            b: {(g.instrument, g.provision) for g in book.status_at(d, chip, country, basis=b).basis} for b in Basis
        }
        assert grounds[Basis.ENFORCED] <= grounds[Basis.COMPLIANCE] <= grounds[Basis.LEGAL]
