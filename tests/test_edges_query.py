"""Edges of the query surface: rulebook look-ups and derivations, tiers, caches, explanations, grids,
dates and names."""

from __future__ import annotations

import datetime as dt
import sys
import threading
import time

import pytest

import chipcontrols as cc
from chipcontrols import _rulebook, errors
from chipcontrols._answer import Lazy
from chipcontrols._names import ChipIndex
from helpers import regime_of
from small_records import ALPHA, book, instrument, provision


class UnhashableText(str):
    """A string that cannot be a dictionary key (as some string-like wrappers are)."""

    __hash__ = None  # type: ignore[assignment]


class TestDerivationAndLookups:
    def test_with_chips_adds_and_replaces(self):
        """with_chips adds new chips and replaces same-named ones in a copy; the original is unchanged."""
        book0 = cc.bundled()
        n = len(book0.chips)
        faster_h20 = cc.Chip(name="H20", tpp=5000, datacenter=True)
        mine = cc.Chip(name="Mine", tpp=100, datacenter=False)
        derived = book0.with_chips(faster_h20, mine)
        assert len(derived.chips) == n + 1
        assert derived.chip("H20") is faster_h20 and derived.chip("Mine") is mine
        assert derived.classify("H20", "2024-06-01") == "3A090.a"
        assert book0.classify("H20", "2024-06-01") is None
        assert len(book0.chips) == n

    def test_group_lookup(self):
        """Groups are found whatever the case; an unknown id lists the valid ones."""
        assert cc.bundled().group("d:5").id == "D:5"
        with pytest.raises(errors.InvalidArgumentError, match="D:5") as info:
            cc.bundled().members("D:9", "2024-01-01")
        assert info.value.argument == "group"

    def test_instrument_lookup(self):
        """An unknown instrument id is refused, with close matches when there are some."""
        with pytest.raises(errors.InvalidArgumentError, match="close matches: 2023-01-macau"):
            cc.bundled().instrument("2023-01-macua")
        with pytest.raises(errors.InvalidArgumentError) as info:
            cc.bundled().instrument("zzzz")
        assert info.value.expected == "an instrument id"

    @pytest.mark.parametrize(
        "ask",
        [
            lambda b: b.tiers_at("IN", "2018-12-31"),
            lambda b: b.explain_classification("H100", "2030-01-01"),
            lambda b: b.history("H100", "CN", start="2018-01-01"),
        ],
    )
    def test_days_outside_coverage(self, ask):
        """Every query that takes a day refuses one outside coverage."""
        with pytest.raises(errors.OutsideCoverageError):
            ask(cc.bundled())

    def test_history_end_must_follow_start(self):
        """A history whose end is not after its start is refused, naming end."""
        with pytest.raises(errors.InvalidArgumentError, match="a day after start") as info:
            cc.history("H20", "CN", start="2025-01-01", end="2025-01-01")
        assert info.value.argument == "end"


class TestTiers:
    """tiers_at on a small tiered framework that is later rescinded."""

    @staticmethod
    def tiered() -> cc.Rulebook:
        framework = instrument(
            "frame",
            provisions=[provision(destinations=cc.DestinationScope(countries=["IN"]), tier="Tier 2")],
            tiers=[
                cc.Tier(name="Tier 1", rank=1, destinations=cc.DestinationScope(countries=["GB"])),
                cc.Tier(name="Tier 2", rank=2, destinations=cc.DestinationScope(countries=["IN"])),
            ],
        )
        rescind = instrument(
            "rescind", published="2023-01-01", effective="2023-01-01", amendments=[cc.Rescission(target="frame")]
        )
        return book(framework, rescind)

    def test_tier_while_in_law(self):
        """A destination is in the first tier whose scope covers it."""
        assert [(i, t.name) for i, t in self.tiered().tiers_at("IN", "2022-06-01")] == [("frame", "Tier 2")]
        assert [(i, t.name) for i, t in self.tiered().tiers_at("GB", "2022-06-01")] == [("frame", "Tier 1")]

    def test_destination_in_no_tier(self):
        """A destination no tier names is in none."""
        assert self.tiered().tiers_at("FR", "2022-06-01") == ()

    def test_rescinded_framework_has_no_tiers(self):
        """Once rescinded, the framework places nobody, but as known before the rescission it still does."""
        rb = self.tiered()
        assert rb.tiers_at("IN", "2023-06-01") == ()
        assert [i for i, _ in rb.tiers_at("IN", "2023-06-01", known_on="2022-12-31")] == ["frame"]

    def test_framework_not_yet_public(self):
        """As known before its publication, the framework places nobody."""
        assert self.tiered().tiers_at("IN", "2022-06-01", known_on="2020-06-01") == ()


class TestQueryCaches:
    """The caches behind status_at: unhashable arguments and the size limit."""

    def test_unhashable_headquarters_on_the_typed_path(self):
        """Chip and Country objects with an unhashable (but valid) argument answer as usual, uncached."""
        chip, china = cc.chip("H100"), cc.country("CN")
        expected = cc.status_at(dt.date(2025, 6, 1), chip, china, headquartered_in="CN")
        got = cc.status_at(dt.date(2025, 6, 1), chip, china, headquartered_in=UnhashableText("CN"))
        assert got == expected
        assert regime_of(got) != regime_of(cc.status_at(dt.date(2025, 6, 1), chip, china))  # hq was evaluated

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
        """Past the limit, the query and day caches stop growing (or start again) and answers stay right."""
        monkeypatch.setattr(_rulebook, "_FAST_LIMIT", 2)
        fresh = cc.bundled().with_instruments()  # new caches
        queries = [("2025-06-01", "H20", "CN"), ("2024-06-01", "H100", "IN"), ("2023-06-01", "A100", "HK")] * 2
        for q in queries:
            assert regime_of(fresh.status_at(*q)) == regime_of(cc.status_at(*q))
            assert len(fresh._state.fast) <= 2 and len(fresh._state.days) <= 2


class TestExplanations:
    def test_explain_shows_tier_and_scheduled_changes(self):
        """explain() lists the tier and the changes scheduled, and str() is explain()."""
        s = cc.status_at("2025-06-01", "H100", "IN", known_on="2025-02-01")
        assert "  tier:              Tier 2" in s.explain()
        early = cc.status_at("2025-02-01", "H100", "IN")
        text = str(early)
        assert text == early.explain()
        assert "  scheduled:\n    - 2025-05-15: licence required no -> yes" in text

    def test_explain_shows_granted_licences(self):
        """explain() lists granted licences with their holders."""
        text = cc.status_at("2025-09-01", "H20", "CN").explain()
        assert "  granted licences:\n    - NVIDIA: nvidia-h20-china" in text

    def test_explain_without_caveats(self):
        """A plain answer has no caveats section (and no tier, licences or schedule)."""
        s = book(instrument("r", provisions=[provision()])).status_at("2022-01-01", ALPHA, "CN")
        assert s.caveats == () and s.scheduled == ()
        text = s.explain()
        assert "licence required:  yes" in text
        for section in ("caveats:", "tier:", "granted licences:", "scheduled:"):
            assert section not in text

    def test_lazy_value_computed_once_under_contention(self):
        """Two threads waiting for a schedule get the value computed once (the second finds it done)."""
        from chipcontrols import _answer

        calls: list[int] = []

        class Source:
            def scheduled(self, key: int) -> tuple[()]:
                calls.append(key)
                return ()

        lazy = Lazy(Source(), 7)
        results: list[object] = []
        threads = [threading.Thread(target=lambda: results.append(lazy.get())) for _ in range(2)]
        with _answer._LAZY_LOCK:  # both threads get past the first check and wait for the lock
            for t in threads:
                t.start()
            deadline = time.monotonic() + 30
            while not all(_waiting_in(t, Lazy.get) for t in threads):
                assert time.monotonic() < deadline, "threads did not reach Lazy.get"
                time.sleep(0.001)
        for t in threads:
            t.join()
        assert calls == [7] and results == [(), ()]


def _waiting_in(thread: threading.Thread, function: object) -> bool:
    """Whether a thread is executing ``function`` right now (its innermost Python frame)."""
    frame = sys._current_frames().get(thread.ident or -1)
    return frame is not None and frame.f_code is function.__code__  # type: ignore[attr-defined]


class TestGrid:
    def test_empty_grid(self):
        """A grid without dates has no cells: nothing to iterate, no records."""
        g = cc.grid([], ["H20"], ["CN", "IN"])
        assert (len(g), list(g), g.records()) == (0, [], [])

    def test_repr(self):
        """A grid's repr gives its shape."""
        g = cc.grid(["2024-01-01", "2025-01-01"], ["H20"], ["CN", "IN"])
        assert repr(g) == "<Grid 2 dates x 1 chips x 2 destinations>"

    def test_to_dataframe_without_pandas(self, monkeypatch):
        """Without pandas, to_dataframe() says which extra installs it."""
        monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
        with pytest.raises(ImportError, match=r"chipcontrols\[pandas\]"):
            cc.grid(["2025-06-01"], ["H20"], ["CN"]).to_dataframe()


class TestDatesAndPeriods:
    def test_number_is_not_a_date(self):
        """A number where a day is expected is a date error naming its type."""
        with pytest.raises(errors.InvalidDateError, match="a int is not a date"):
            cc.status_at(20250601, "H20", "CN")  # type: ignore[arg-type]

    def test_period_must_end_after_it_starts(self):
        """An empty or reversed period is refused."""
        with pytest.raises(ValueError, match="must end after it starts"):
            cc.Period(dt.date(2025, 1, 1), dt.date(2025, 1, 1))

    def test_only_days_are_in_periods(self):
        """A string or a number is never in a period, even if it spells a day in it."""
        p = cc.Period(dt.date(2025, 1, 1), None)
        assert dt.date(2030, 1, 1) in p
        assert "2025-06-01" not in p and 20250601 not in p


def test_status_repr_is_one_line_summary():
    """A status's repr names the chip, destination, period and answer, without the long parts."""
    text = repr(cc.status_at("2025-06-01", "H20", "CN"))
    assert text.startswith("Status(chip=H20, country=CN, governing='CN', period=Period(")
    assert "license_required=True" in text and "citations=('NVIDIA Form 8-K, 2025-04-15'" in text
    assert "\n" not in text and "caveats" not in text


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: cc.status_at("2025-06-01", "H20", 156), "country: expected an ISO code"),  # type: ignore[arg-type]
        (lambda: cc.status_at("2025-06-01", "H20", "CN", basis=1), "basis: expected a chipcontrols.Basis"),  # type: ignore[arg-type]
    ],
)
def test_wrong_argument_types(call, message):
    """An argument of the wrong type is a TypeError naming the argument."""
    with pytest.raises(TypeError, match=message):
        call()


class TestNames:
    def test_country_object_with_unknown_code(self):
        """A Country whose code is not ISO 3166-1 is refused."""
        with pytest.raises(errors.UnknownCountryError, match="'XX'"):
            cc.status_at("2025-06-01", "H20", cc.Country(code="XX", name="Nowhere"))

    def test_ambiguous_country_name(self):
        """A record alias that collides with an ISO name makes that name ambiguous; codes still work."""
        rb = book(instrument("r", provisions=[provision()]), aliases=[cc.CountryAlias(name="Georgia", code="US")])
        with pytest.raises(errors.AmbiguousInputError) as info:
            rb.country("Georgia")
        assert info.value.candidates == ("GE", "US")
        assert rb.country("GE").code == "GE"

    def test_ambiguous_chip_alias(self):
        """A chip index whose alias points at two chips refuses it (rulebooks refuse such catalogues)."""
        index = ChipIndex([cc.Chip(name="One", aliases=["Twin"]), cc.Chip(name="Two", aliases=["twin"])])
        assert index.duplicates() == {"twin": ("One", "Two")}
        with pytest.raises(errors.AmbiguousInputError) as info:
            index.get("TWIN")
        assert info.value.candidates == ("One", "Two")
        assert index.get("two").name == "Two"
