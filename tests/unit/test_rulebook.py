"""The rulebook itself: wrapping a record, look-ups by id, what-if derivations, and the caches behind
``status_at`` (typed and untyped paths, unhashable arguments, size limits, ``cache_info`` and
``clear_cache``).

Each test on a hand-built record builds the smallest one that shows one behaviour (``builders``).
"""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

import chipcontrols as cc
from builders import ALPHA, INFO, TPP_4800, book, criteria, day, instrument, provision, record, regime_of
from chipcontrols import _query_cache, errors
from chipcontrols import model as m

RULE = instrument("r", provisions=[provision()])


class UnhashableText(str):
    """A string that cannot be a dictionary key (as some string-like wrappers are)."""

    __hash__ = None  # type: ignore[assignment]


def headquarters_book() -> cc.Rulebook:
    """A licence for every destination when the buyer is headquartered in China."""
    parties = m.PartyScope(headquartered_in_countries=["CN"])
    rule = instrument("r", provisions=[provision(destinations=m.DestinationScope(everywhere=True), parties=parties)])
    return book(rule)


# ------------------------------------------------------------------ a rulebook of a record


class TestWrapping:
    def test_a_rulebook_answers_from_its_record(self):
        """A rulebook wraps a Record and exposes its parts; equal records give equal rulebooks."""
        rec = record(RULE)
        rb = cc.Rulebook(rec)
        assert rb.record is rec and rb.info is INFO
        assert rb.instruments == (RULE,) and rb.chips == rec.chips and rb.groups == () and rb.criteria == ()
        assert rb == cc.Rulebook(record(RULE)) and hash(rb) == hash(cc.Rulebook(record(RULE)))
        assert rb != book(instrument("other"))

    def test_only_a_record_is_accepted(self):
        """Anything but a Record is refused (the old keyword form too)."""
        with pytest.raises(errors.InvalidTypeError) as info:
            cc.Rulebook("a record")  # type: ignore[arg-type]
        assert (info.value.owner, info.value.field) == ("Rulebook", "record")
        with pytest.raises(TypeError):
            cc.Rulebook(coverage=INFO, chips=(), instruments=())  # type: ignore[call-arg]

    def test_rulebook_repr_is_short(self):
        """A rulebook's repr summarises rather than dumps."""
        text = repr(cc.bundled())
        assert text.startswith("<Rulebook ") and len(text) < 200
        assert (
            repr(book(RULE))
            == "<Rulebook test: 1 instruments, 2 chips, 0 groups, from 2020-01-01, reviewed 2025-12-31>"
        )

    def test_equality_is_by_record(self):
        """Two rulebooks of one record are equal; a rulebook equals nothing else."""
        assert book(RULE) == book(RULE) and hash(book(RULE)) == hash(book(RULE))
        assert book(RULE) != object() and (book(RULE) == "test") is False

    def test_a_pickled_rulebook_is_equal_with_empty_caches(self):
        """A rulebook pickles as its record: the copy is equal, answers alike, and starts with empty caches."""
        rb = book(RULE)
        answer = rb.status_at("2022-01-01", "Alpha", "CN")
        copy = pickle.loads(pickle.dumps(rb))
        assert copy == rb and all(c.entries == 0 for c in copy.cache_info())
        assert regime_of(copy.status_at("2022-01-01", "Alpha", "CN")) == regime_of(answer)


# ------------------------------------------------------------------ look-ups


class TestLookups:
    def test_unknown_group_lists_the_groups(self):
        """A group is found whatever the case; an unknown group id is refused, listing every group id."""
        groups = [m.CountryGroup(id="A:1", name="Group A"), m.CountryGroup(id="B:2", name="Group B")]
        rb = book(groups=groups)
        assert rb.group("b:2").id == "B:2"
        with pytest.raises(errors.UnknownIdError, match="A:1, B:2") as info:
            rb.group("C:3")
        assert isinstance(info.value, errors.InvalidArgumentError) and isinstance(info.value, LookupError)
        assert (info.value.argument, info.value.value, info.value.what) == ("group", "C:3", "group")
        assert info.value.close_matches == ()

    def test_bundled_group_lookup(self):
        """Bundled groups are found whatever the case; an unknown id offers close matches, naming ``group``."""
        assert cc.bundled().group("d:5").id == "D:5"
        with pytest.raises(errors.UnknownIdError, match="D:5") as info:
            cc.bundled().members("D:9", "2024-01-01")
        assert info.value.argument == "group" and "D:5" in info.value.close_matches

    def test_unknown_instrument_offers_four_close_matches(self):
        """An unknown instrument id is refused with at most four close matches, best first."""
        rb = book(*(instrument(f"rule-{n}") for n in range(1, 7)))
        with pytest.raises(errors.UnknownIdError, match="close matches: rule-6, rule-5, rule-4, rule-3") as info:
            rb.instrument("rule-0")
        assert (info.value.argument, info.value.value) == ("instrument", "rule-0")
        assert info.value.close_matches == ("rule-6", "rule-5", "rule-4", "rule-3")
        with pytest.raises(errors.UnknownIdError) as info:
            rb.instrument("nothing like it")
        assert info.value.close_matches == () and "close matches" not in str(info.value)

    def test_two_close_matches_are_listed(self):
        """Fewer than four close matches are all listed, comma-separated."""
        rb = book(instrument("rule-1"), instrument("rule-2"), instrument("other"))
        with pytest.raises(errors.UnknownIdError, match="close matches: rule-2, rule-1, got 'rule-3'") as info:
            rb.instrument("rule-3")
        assert info.value.close_matches == ("rule-2", "rule-1")

    def test_bundled_instrument_lookup(self):
        """An unknown bundled instrument id is refused, with close matches when there are some."""
        with pytest.raises(errors.UnknownIdError, match="close matches: 2023-01-macau") as info:
            cc.bundled().instrument("2023-01-macua")
        assert info.value.close_matches[0] == "2023-01-macau"
        with pytest.raises(errors.UnknownIdError) as info:
            cc.bundled().instrument("zzzz")
        assert info.value.expected == "an instrument id" and info.value.close_matches == ()

    @pytest.mark.parametrize(
        ("call", "argument"),
        [(lambda rb: rb.group(5), "group"), (lambda rb: rb.instrument(None), "instrument")],
    )
    def test_ids_of_the_wrong_type(self, call, argument):
        """An id that is not a string is an InvalidTypeError naming the argument."""
        with pytest.raises(errors.InvalidTypeError) as info:
            call(book(RULE))
        assert info.value.field == argument


# ------------------------------------------------------------------ derivations


class TestDerivations:
    def test_with_instruments_adds_and_replaces(self):
        """``with_instruments`` adds new instruments and replaces those with the same id, leaving the original alone."""
        rb = book(RULE)
        to_russia = instrument("r", provisions=[provision(destinations=m.DestinationScope(countries=["RU"]))])
        extended = rb.with_instruments(to_russia, instrument("s"))
        assert [i.id for i in extended.instruments] == ["r", "s"]
        assert extended.instrument("r") is to_russia
        assert extended.status_at("2022-01-01", "Alpha", "RU").license_required
        assert not extended.status_at("2022-01-01", "Alpha", "CN").license_required
        assert rb.instruments == (RULE,) and rb.status_at("2022-01-01", "Alpha", "CN").license_required

    def test_with_chips_adds_and_replaces(self):
        """with_chips adds new chips and replaces same-named ones in a copy; the original is unchanged."""
        book0 = cc.bundled()
        n = len(book0.chips)
        faster_h20 = m.Chip(name="H20", tpp=5000, datacenter=True)
        mine = m.Chip(name="Mine", tpp=100, datacenter=False)
        derived = book0.with_chips(faster_h20, mine)
        assert len(derived.chips) == n + 1
        assert derived.chip("H20") is faster_h20 and derived.chip("Mine") is mine
        assert derived.classify("H20", "2024-06-01") == "3A090.a"
        assert book0.classify("H20", "2024-06-01") is None
        assert len(book0.chips) == n

    def test_rulebook_is_immutable_and_derivation_is_a_copy(self):
        """without_instruments returns a new rulebook; the bundled one is unchanged and cannot be changed."""
        rb = cc.bundled()
        n = len(rb.instruments)
        smaller = rb.without_instruments("2025-04-nvidia-h20-letter")
        assert len(smaller.instruments) == n - 1 and len(rb.instruments) == n
        assert smaller.status_at("2025-06-01", "H20", "CN").license_required is False
        assert rb.status_at("2025-06-01", "H20", "CN").license_required is True
        with pytest.raises(AttributeError):
            rb.instruments = ()  # type: ignore[misc]

    def test_without_an_unknown_instrument_is_refused(self):
        """without_instruments refuses an id the record does not have, offering close matches."""
        with pytest.raises(errors.UnknownIdError) as info:
            cc.bundled().without_instruments("2025-04-nvidia-h20-leter")
        assert info.value.argument == "instrument" and info.value.value == "2025-04-nvidia-h20-leter"
        assert info.value.close_matches[0] == "2025-04-nvidia-h20-letter"
        with pytest.raises(errors.UnknownIdError):
            book(RULE).without_instruments("r", "typo")

    @pytest.mark.parametrize(
        ("call", "argument"),
        [
            (lambda rb: rb.with_instruments("r"), "instruments"),
            (lambda rb: rb.without_instruments(RULE), "ids"),
            (lambda rb: rb.with_chips("Alpha"), "chips"),
        ],
    )
    def test_derivations_refuse_the_wrong_types(self, call, argument):
        """A derivation given something other than model objects (or ids) is an InvalidTypeError naming it."""
        with pytest.raises(errors.InvalidTypeError) as info:
            call(book(RULE))
        assert info.value.field == argument


# ------------------------------------------------------------------ caches


class TestQueryCaches:
    """The caches behind status_at: unhashable arguments and the size limit."""

    def test_unhashable_headquarters_on_the_typed_path(self):
        """Chip and Country objects with an unhashable (but valid) argument answer as usual, uncached."""
        chip, malaysia = cc.chip("H100"), cc.country("MY")
        expected = cc.status_at(dt.date(2025, 6, 1), chip, malaysia, headquartered_in="CN")
        got = cc.status_at(dt.date(2025, 6, 1), chip, malaysia, headquartered_in=UnhashableText("CN"))
        assert got == expected
        assert regime_of(got) != regime_of(cc.status_at(dt.date(2025, 6, 1), chip, malaysia))  # hq was evaluated

    def test_unhashable_argument_on_the_untyped_path(self):
        """Strings with an unhashable argument answer as usual, uncached."""
        expected = cc.status_at("2025-06-01", "H100", "CN", headquartered_in="CN")
        assert cc.status_at("2025-06-01", "H100", "CN", headquartered_in=UnhashableText("CN")) == expected

    @pytest.mark.parametrize("typed", [True, False])
    def test_unhashable_wrong_argument_is_named(self, typed):
        """An unhashable known_on is reported as a bad date, not as a hashing failure."""
        chip, country = (cc.chip("H20"), cc.country("CN")) if typed else ("H20", "CN")
        with pytest.raises(errors.InvalidDateError, match="known_on"):
            cc.status_at(dt.date(2025, 6, 1), chip, country, known_on=["2025-01-01"])  # type: ignore[arg-type]

    def test_caches_stay_within_their_limit(self, monkeypatch):
        """Past the limit, the query and day caches are emptied and start again, and answers stay right."""
        monkeypatch.setattr(_query_cache, "LIMIT", 2)
        fresh = cc.bundled().with_instruments()  # new caches, made with the small limit
        queries = [("2025-06-01", "H20", "CN"), ("2024-06-01", "H100", "IN"), ("2023-06-01", "A100", "HK")] * 2
        for q in queries:
            assert regime_of(fresh.status_at(*q)) == regime_of(cc.status_at(*q))
            assert len(fresh._state.queries.raw) <= 2 and len(fresh._state.queries.days) <= 2
        info = {c.name: c for c in fresh.cache_info()}
        assert info["queries by argument"].limit == 2 and info["queries by argument"].clears > 0
        assert info["dates"].limit == 2 and info["dates"].clears > 0


class TestCacheInfo:
    """cache_info() reports every cache; clear_cache() empties them all without changing any answer."""

    def test_every_cache_is_reported_within_its_limit(self):
        """Each cache is reported with its size, limit and clears; queries fill them, never past their limits."""
        rb = book(RULE)
        before = rb.cache_info()
        assert before and all(isinstance(c, m.CacheInfo) for c in before)
        assert all(c.entries == 0 and c.limit > 0 and c.clears == 0 for c in before)
        rb.status_at("2022-01-01", "Alpha", "CN")
        rb.status_at(day("2022-01-01"), ALPHA, rb.country("CN"))
        rb.history("Alpha", "CN")
        after = {c.name: c.entries for c in rb.cache_info()}
        assert after["queries by argument"] == 1 and after["queries by name"] == 1 and after["dates"] == 1
        assert after["timelines"] >= 1 and after["statuses"] >= 1
        assert all(c.entries <= c.limit for c in rb.cache_info())
        assert all(c.entries <= c.limit for c in cc.bundled().cache_info())

    def test_each_cache_has_its_own_name(self):
        """No two caches are reported under the same name, so that a report tells them apart."""
        names = [c.name for c in book(RULE).cache_info()]
        assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)

    def test_clear_cache_empties_every_cache(self):
        """clear_cache() empties every cache; answers asked again are the same."""
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        rb = book(instrument("crit"), RULE, criteria=[version])
        s = rb.status_at("2022-01-01", "Alpha", "CN")
        typed = rb.status_at(day("2022-01-01"), ALPHA, rb.country("CN"))
        c = rb.explain_classification("Alpha", "2022-01-01")
        assert sum(i.entries for i in rb.cache_info()) > 0
        assert rb.clear_cache() is None
        assert all(i.entries == 0 for i in rb.cache_info())
        assert rb.status_at("2022-01-01", "Alpha", "CN") == s
        assert rb.status_at(day("2022-01-01"), ALPHA, rb.country("CN")) == typed
        assert rb.explain_classification("Alpha", "2022-01-01") == c

    def test_clearing_one_rulebook_leaves_the_others(self):
        """Each rulebook has its own caches: clearing one leaves another's as they were."""
        a, b = book(RULE), book(RULE)
        a.status_at("2022-01-01", "Alpha", "CN")
        b.status_at("2022-01-01", "Alpha", "CN")
        filled = b.cache_info()
        a.clear_cache()
        assert b.cache_info() == filled and sum(i.entries for i in filled) > 0


class TestTypedQueries:
    """Queries with ``Chip`` and ``Country`` objects and a ``datetime.date``, asked repeatedly in any order."""

    def test_a_later_period_of_a_repeated_query(self):
        """A repeated query answers a period it has not answered before."""
        rb = book(RULE)
        cn = rb.country("CN")
        for _ in range(2):
            assert not rb.status_at(day("2020-06-01"), ALPHA, cn).license_required
        later = rb.status_at(day("2022-01-01"), ALPHA, cn)
        assert later is not None and later.license_required and later.period.start == day("2021-01-01")
        assert later == rb.status_at("2022-01-01", "Alpha", "CN")

    def test_a_string_date_after_repeated_typed_queries(self):
        """A date given as a string is still parsed after the same chip and destination were asked with dates."""
        rb = book(RULE)
        cn = rb.country("CN")
        for _ in range(2):
            rb.status_at(day("2022-01-01"), ALPHA, cn)
        assert rb.status_at("2022-01-01", ALPHA, cn).license_required
        assert not rb.status_at("2020-06-01", ALPHA, cn).license_required

    def test_first_and_later_days_of_a_repeated_query(self):
        """A repeated query answers the first and review days, refuses the day before the first, and answers the
        day after the review day with a record-age note (refused when strict)."""
        rb = book(RULE)
        cn = rb.country("CN")
        for _ in range(2):
            assert rb.status_at(day("2025-12-31"), ALPHA, cn).license_required
            assert rb.status_at(day("2025-12-31"), ALPHA, cn).notes == ()
            assert not rb.status_at(day("2020-01-01"), ALPHA, cn).license_required
        for _ in range(2):
            with pytest.raises(errors.OutsideCoverageError):
                rb.status_at(day("2019-12-31"), ALPHA, cn)
            after = rb.status_at(day("2026-01-01"), ALPHA, cn)
            assert after.license_required and [c.kind for c in after.notes] == [m.CaveatKind.RECORD_AGE]
            with pytest.raises(errors.OutsideCoverageError):
                rb.status_at(day("2026-01-01"), ALPHA, cn, strict=True)

    def test_headquarters_are_not_mixed_with_plain_queries(self):
        """Queries with and without ``headquartered_in`` keep their own answers, whichever was asked first."""
        rb = headquarters_book()
        de, d = rb.country("DE"), day("2022-01-01")
        for _ in range(3):
            assert rb.status_at(d, ALPHA, de, headquartered_in="CN").license_required
            assert rb.status_at(d, ALPHA, de, headquartered_in="CN").license_required
            assert not rb.status_at(d, ALPHA, de).license_required
            assert not rb.status_at(d, ALPHA, de).license_required

    def test_basis_is_not_mixed_with_plain_queries(self):
        """Queries on the legal basis and on the default (enforced) basis keep their own answers."""
        rb = book(instrument("r", provisions=[provision(compliance=day("2022-06-01"))]))
        cn, d = rb.country("CN"), day("2022-01-01")
        for _ in range(3):
            assert rb.status_at(d, ALPHA, cn, basis=m.Basis.LEGAL).license_required
            assert rb.status_at(d, ALPHA, cn, basis=m.Basis.LEGAL).license_required
            assert not rb.status_at(d, ALPHA, cn).license_required
            assert not rb.status_at(d, ALPHA, cn).license_required

    def test_known_on_is_not_mixed_with_plain_queries(self):
        """Queries as known on a day and on the whole record keep their own answers."""
        rb = book(RULE)
        cn, d = rb.country("CN"), day("2022-01-01")
        for _ in range(3):
            assert not rb.status_at(d, ALPHA, cn, known_on=day("2020-06-01")).license_required
            assert not rb.status_at(d, ALPHA, cn, known_on=day("2020-06-01")).license_required
            assert rb.status_at(d, ALPHA, cn).license_required
            assert rb.status_at(d, ALPHA, cn).license_required

    def test_strict_is_not_mixed_with_plain_queries(self):
        """A strict query of a day after the review day is refused even after the same query was answered."""
        rb = book(RULE)
        cn, d = rb.country("CN"), day("2026-06-01")
        for _ in range(2):
            assert rb.status_at(d, ALPHA, cn).notes
            with pytest.raises(errors.OutsideCoverageError):
                rb.status_at(d, ALPHA, cn, strict=True)

    def test_another_chip_of_the_same_name(self):
        """A ``Chip`` that shares a catalogue name but not its specifications is answered for itself."""
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        classified = instrument("r", provisions=[provision(items=m.ItemScope(classifications=["3A090"]))])
        rb = book(instrument("crit"), classified, criteria=[version])
        small = m.Chip(name="Alpha", tpp=100, die_area_mm2=800, datacenter=True)
        cn, d = rb.country("CN"), day("2022-01-01")
        for _ in range(2):
            assert rb.status_at(d, ALPHA, cn).license_required
            assert not rb.status_at(d, small, cn).license_required
        for _ in range(2):
            assert rb.status_at(d, ALPHA, cn).license_required
        answer = rb.status_at(d, small, cn)
        assert not answer.license_required and answer.chip is small
