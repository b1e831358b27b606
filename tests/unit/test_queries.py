"""The questions and their answers: status_at, history, diff, grid, members, tiers_at, events and the
top-level functions asked of the bundled record; dates, periods and the days a record speaks for; the
text, tables and HTML of the answers; and the package's import surface (``__all__``, star import,
optional packages not imported).

Each test on a hand-built record builds the smallest one that shows one behaviour (``builders``).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import attrs
import pytest

import chipcontrols as cc
from builders import (
    ABROAD,
    ALPHA,
    BETA,
    FIRST,
    LAST,
    MORE_CHIPS,
    TPP_4800,
    VAGUE,
    book,
    criteria,
    day,
    instrument,
    plus,
    provision,
    regime_of,
)
from chipcontrols import errors
from chipcontrols import model as m
from chipcontrols._answer import Lazy
from chipcontrols._bulk import GRID_FIELDS
from chipcontrols._tables import EVENT_FIELDS, HISTORY_FIELDS

TH = "<th style='text-align:left'>"
TD = "<td style='text-align:left'>"
RULE = instrument("r", provisions=[provision()])
IN_TIER = m.Tier(name="Tier 2", rank=2, destinations=m.DestinationScope(countries=["IN"]))
CN_TIER = m.Tier(name="Tier 3", rank=3, destinations=m.DestinationScope(countries=["CN"]))
GROUP_TIER = m.Tier(name="Tier 1", rank=1, destinations=m.DestinationScope(groups=["T"]))


def status_html(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr>{TH}{k}</th>{TD}{v}</td></tr>" for k, v in rows)
    return f"<table class='chipcontrols-status'>{body}</table>"


def pairs(changes: tuple[cc.Change, ...]) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    return [(c.chip, c.country, c.fields, c.instruments) for c in changes]


def merged_book() -> cc.Rulebook:
    """Hong Kong merged into China; a requirement with a tier and exceptions; a licence; a change announced ahead."""
    grant = m.License(
        id="lic-1", holder="Vendor", products=["Alpha"], destinations=m.DestinationScope(countries=["CN"])
    )
    return book(
        instrument("merge", published="2020-12-23", effective="2020-12-23"),
        instrument(
            "r",
            provisions=[provision(review_policy=m.ReviewPolicy.CASE_BY_CASE, exceptions=["NAC", "ACA"], tier="Tier 3")],
            tiers=[CN_TIER],
        ),
        instrument(
            "grant",
            kind=m.InstrumentKind.LICENSE_GRANT,
            published="2022-02-01",
            effective="2022-02-01",
            licenses=[grant],
        ),
        instrument(
            "later",
            published="2022-03-01",
            effective="2023-01-01",
            amendments=[m.ReviewPolicyChange(target="r/p", review_policy=m.ReviewPolicy.POLICY_OF_DENIAL)],
        ),
        merges=[m.Merge(code="HK", into="CN", start=day("2020-12-23"), instrument="merge")],
        chips=MORE_CHIPS,
    )


def classified_book() -> cc.Rulebook:
    """A requirement on classified chips, from an instrument with a doubt worth escaping in HTML."""
    version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
    return book(
        instrument("crit"),
        instrument(
            "r",
            uncertainties=("Scope <disputed> & unclear.",),
            provisions=[provision(items=m.ItemScope(classifications=["3A090"]))],
        ),
        criteria=[version],
        chips=MORE_CHIPS,
    )


def joined_group() -> m.CountryGroup:
    """India joins group T on 2021-06-01, by the instrument ``join`` published that day."""
    member = m.Membership(country="IN", start=day("2021-06-01"), added_by="join")
    return m.CountryGroup(id="T", name="Group T", members=[member])


def headquarters_book() -> cc.Rulebook:
    """A licence for every destination when the buyer is headquartered in China."""
    parties = m.PartyScope(headquartered_in_countries=["CN"])
    rule = instrument("r", provisions=[provision(destinations=m.DestinationScope(everywhere=True), parties=parties)])
    return book(rule)


# ------------------------------------------------------------------ the package's surface


def test_star_import():
    """``from chipcontrols import *`` gives exactly ``__all__``."""
    ns: dict[str, object] = {}
    exec("from chipcontrols import *", ns)
    assert set(ns) - {"__builtins__"} == set(cc.__all__)


def test_import_does_not_import_optional_packages():
    """``import chipcontrols`` pulls in neither hypothesis, pandas nor matplotlib."""
    code = (
        "import sys, chipcontrols; print(sorted(m for m in ('hypothesis','pandas','matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_top_level_catalogue_and_events():
    """``chips()`` and ``events()`` give the bundled record's, the instruments in the order they became public."""
    assert cc.chips() == cc.bundled().chips and "H20" in {c.name for c in cc.chips()}
    insts = cc.events().instruments
    assert insts == cc.bundled().instruments
    assert [i.known_from for i in insts] == sorted(i.known_from for i in insts)


def test_status_is_frozen():
    """A Status refuses assignment."""
    s = cc.status_at("2024-01-01", "H100", "CN")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.period = None  # type: ignore[misc]


# ------------------------------------------------------------------ explanations


class TestExplanations:
    def test_merged_destination_with_everything(self):
        """A merged destination's answer names its governing country, tier, exceptions, licences, caveats, schedule."""
        s = merged_book().status_at("2022-06-01", "Alpha", "HK", known_on="2022-04-01")
        assert str(s.record).startswith("record test, reviewed 2025-12-31, data sha256:")
        assert s.explain() == "\n".join(
            [
                "Alpha -> Hong Kong (HK), governed as CN",
                "  period:            [2022-03-01, 2023-01-01)  (basis: enforced, as known on 2022-04-01)",
                "  classification:    none under the advanced-computing criteria on this day",
                "  licence required:  yes",
                "  review policy:     case-by-case",
                "  licence exceptions: ACA, NAC",
                "  tier:              Tier 3",
                "  level:             license-exception",
                "  because:",
                "    - Rule r: Provision p",
                "  granted licences:",
                "    - Vendor: lic-1",
                "  caveats:",
                "    - [destination-merged] HK is treated as CN under the EAR from 2020-12-23",
                "  scheduled:",
                "    - 2023-01-01: review policy case-by-case -> policy-of-denial (Rule later)",
                "  citations: Rule merge; Rule r; Rule grant",
                f"  {s.record}",
                "  (not legal advice)",
            ]
        )
        assert str(s) == s.explain()
        assert repr(s) == (
            "Status(chip=Alpha, country=HK, governing='CN', period=Period(start=datetime.date(2022, 3, 1), "
            "end=datetime.date(2023, 1, 1)), basis=<Basis.ENFORCED: 'enforced'>, "
            "known_on=datetime.date(2022, 4, 1), requirement=<Requirement.REQUIRED: 'required'>, "
            "review_policy=<ReviewPolicy.CASE_BY_CASE: 'case-by-case'>, "
            "exceptions=(<LicenseException.ACA: 'ACA'>, <LicenseException.NAC: 'NAC'>), classification=None, "
            "tier='Tier 3', citations=('Rule merge', 'Rule r', 'Rule grant'), determinate=True, unclassified=(), "
            "level=<Level.LICENSE_EXCEPTION: 'license-exception'>)"
        )
        assert s._repr_html_() == status_html(
            [
                ("chip", "Alpha"),
                ("destination", "Hong Kong (HK), governed as CN"),
                ("period", "[2022-03-01, 2023-01-01)"),
                ("basis", "enforced, as known on 2022-04-01"),
                ("licence required", "yes"),
                ("review policy", "case-by-case"),
                ("licence exceptions", "ACA, NAC"),
                ("classification", "—"),
                ("tier", "Tier 3"),
                ("level", "license-exception"),
                ("because", "Rule r: Provision p"),
                ("conditions", "—"),
                ("granted licences", "Vendor: lic-1"),
                ("caveats", "[destination-merged] HK is treated as CN under the EAR from 2020-12-23"),
                ("citations", "Rule merge; Rule r; Rule grant"),
                ("record", str(s.record)),
            ]
        )

    def test_classified_chip_without_published_policy(self):
        """A classified chip under a requirement without a published policy: the policy is 'not published'."""
        s = classified_book().status_at("2022-06-01", "Alpha", "CN")
        assert s.explain() == "\n".join(
            [
                "Alpha -> China (CN)",
                "  period:            [2021-01-01, …)  (basis: enforced)",
                "  classification:    3A090.a",
                "  licence required:  yes",
                "  review policy:     not published",
                "  licence exceptions: none",
                "  level:             license-required",
                "  because:",
                "    - Rule r: Provision p",
                "  caveats:",
                "    - [uncertain-record] Rule r: Scope <disputed> & unclear.",
                "  citations: Rule crit; Rule r",
                f"  {s.record}",
                "  (not legal advice)",
            ]
        )
        assert s._repr_html_() == status_html(
            [
                ("chip", "Alpha"),
                ("destination", "China (CN)"),
                ("period", "[2021-01-01, …)"),
                ("basis", "enforced"),
                ("licence required", "yes"),
                ("review policy", "—"),
                ("licence exceptions", "—"),
                ("classification", "3A090.a"),
                ("tier", "—"),
                ("level", "license-required"),
                ("because", "Rule r: Provision p"),
                ("conditions", "—"),
                ("granted licences", "—"),
                ("caveats", "[uncertain-record] Rule r: Scope &lt;disputed&gt; &amp; unclear."),
                ("citations", "Rule crit; Rule r"),
                ("record", str(s.record)),
            ]
        )

    def test_undetermined_chip(self):
        """A chip lacking the specification a requirement's scope needs is answered undetermined, never 'no'."""
        s = classified_book().status_at("2022-06-01", VAGUE, "CN")
        assert s.requirement is m.Requirement.UNDETERMINED and s.level is m.Level.UNDETERMINED
        with pytest.raises(errors.UndeterminedAnswerError, match="tpp"):
            _ = s.license_required
        assert s.explain() == "\n".join(
            [
                "Vague -> China (CN)",
                "  period:            [2021-01-01, …)  (basis: enforced)",
                "  classification:    undetermined (missing tpp)",
                "  licence required:  undetermined",
                "  review policy:     not published",
                "  licence exceptions: none",
                "  level:             undetermined",
                "  caveats:",
                "    - [missing-specification] Provision p (Rule r) applies if the chip meets its item scope; "
                "the record lacks tpp to tell",
                f"  {s.record}",
                "  (not legal advice)",
            ]
        )
        html = s._repr_html_()
        assert f"{TH}licence required</th>{TD}undetermined</td>" in html
        assert f"{TH}because</th>{TD}—</td>" in html and f"{TH}citations</th>{TD}—</td>" in html

    def test_change(self):
        """A change names its chip, destination, the fields that changed, the levels and the instruments."""
        changes = classified_book().diff("2020-06-01", "2022-01-01", chips=["Alpha"], countries=["CN"])
        assert [str(c) for c in changes] == [
            "Alpha -> CN: requirement, classification changed (no-license-required -> license-required) by crit, r"
        ]
        (c,) = changes
        assert (c.chip, c.country, c.fields, c.instruments) == (
            "Alpha",
            "CN",
            ("requirement", "classification"),
            ("crit", "r"),
        )

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
        s = book(RULE).status_at("2022-01-01", ALPHA, "CN")
        assert s.caveats == () and s.scheduled == ()
        text = s.explain()
        assert "licence required:  yes" in text
        for section in ("caveats:", "tier:", "granted licences:", "scheduled:"):
            assert section not in text

    def test_explain_names_every_missing_specification(self):
        """An undetermined classification names every specification that would settle it."""
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800], datacenter=True))
        rb = book(instrument("crit"), criteria=[version], chips=MORE_CHIPS)
        text = rb.status_at("2022-01-01", VAGUE, "CN").explain()
        assert "  classification:    undetermined (missing datacenter, tpp)\n" in text

    def test_lazy_value_computed_once_under_contention(self):
        """Two threads waiting for a schedule get the value computed once (the second finds it done)."""
        from chipcontrols import _answer

        calls: list[int] = []

        def scheduled(key: int) -> tuple[()]:
            calls.append(key)
            return ()

        lazy = Lazy(scheduled, 7)
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


def test_status_repr_is_one_line_summary():
    """A status's repr names the chip, destination, period and answer, without the long parts."""
    text = repr(cc.status_at("2025-06-01", "H20", "CN"))
    assert text.startswith("Status(chip=H20, country=CN, governing='CN', period=Period(")
    assert "requirement=<Requirement.REQUIRED: 'required'>" in text
    assert "citations=('NVIDIA Form 8-K, 2025-04-15'" in text
    assert "\n" not in text and "caveats" not in text


class TestDisplayCorners:
    def test_html_of_lists_and_special_characters(self):
        """Several grounds, licences and caveats are listed one per line; text is escaped exactly once."""
        grants = [
            m.License(id=f"lic-{n}", holder="A&B", products=["R&D"], destinations=m.DestinationScope(countries=["CN"]))
            for n in (1, 2)
        ]
        rb = book(
            m.Instrument(
                id="r",
                kind=m.InstrumentKind.RULE,
                title="Rule r",
                citation=m.Citation(short="Rule <r> & co"),
                summary="A rule.",
                published=day("2021-01-01"),
                effective=day("2021-01-01"),
                uncertainties=("One.",),
                provisions=[provision(uncertain="Two."), provision("q")],
            ),
            instrument("grant", kind=m.InstrumentKind.LICENSE_GRANT, licenses=grants),
            chips=[m.Chip(name="R&D", tpp=5000, datacenter=True)],
        )
        html = rb.status_at("2022-01-01", "R&D", "CN")._repr_html_()
        assert f"{TH}chip</th>{TD}R&amp;D</td>" in html
        assert (
            f"{TH}because</th>{TD}Rule &lt;r&gt; &amp; co: Provision p<br>Rule &lt;r&gt; &amp; co: Provision q</td>"
            in html
        )
        assert f"{TH}granted licences</th>{TD}A&amp;B: lic-1<br>A&amp;B: lic-2</td>" in html
        assert (
            f"{TH}caveats</th>{TD}[uncertain-record] Provision p (Rule &lt;r&gt; &amp; co) is uncertain: Two.<br>"
            "[uncertain-record] Rule &lt;r&gt; &amp; co: One.</td>"
        ) in html
        assert f"{TH}citations</th>{TD}Rule grant; Rule &lt;r&gt; &amp; co</td>" in html

    def test_html_of_an_empty_answer(self):
        """An answer with nothing to show has a dash in every optional row."""
        s = merged_book().status_at("2020-06-01", "Alpha", "CN")
        assert s._repr_html_() == status_html(
            [
                ("chip", "Alpha"),
                ("destination", "China (CN)"),
                ("period", "[2020-01-01, 2021-01-01)"),
                ("basis", "enforced"),
                ("licence required", "no"),
                ("review policy", "—"),
                ("licence exceptions", "—"),
                ("classification", "—"),
                ("tier", "—"),
                ("level", "no-license-required"),
                ("because", "—"),
                ("conditions", "—"),
                ("granted licences", "—"),
                ("caveats", "—"),
                ("citations", "—"),
                ("record", str(s.record)),
            ]
        )

    def test_change_without_known_cause(self):
        """A change whose causes are not known says 'by unknown'."""
        s = merged_book().status_at("2022-06-01", "Alpha", "CN")
        change = cc.Change(chip="Alpha", country="CN", before=s, after=s, fields=("tier",), instruments=())
        assert str(change) == "Alpha -> CN: tier changed (license-exception -> license-exception) by unknown"

    def test_history_with_an_open_ended_period(self):
        """A history may end with an open period: its row shows the period as open."""
        s = merged_book().status_at("2020-06-01", "Alpha", "CN")
        entry = m.HistoryEntry(period=m.Period(day("2020-01-01")), status=s, caused_by=())
        h = cc.History(s.chip, s.country, (entry,))
        assert f"<tr>{TD}[2020-01-01, …)</td>{TD}no-license-required</td>" in h._repr_html_()

    def test_dataframe_without_pandas(self, monkeypatch):
        """Without pandas, asking for a table names the package and the extra to install."""
        monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
        h = merged_book().history("Alpha", "CN")
        with pytest.raises(errors.MissingDependencyError) as info:
            h.to_dataframe()
        assert str(info.value) == (
            'History.to_dataframe() needs pandas, which is not installed: pip install "chipcontrols[pandas]"'
        )
        assert isinstance(info.value, ImportError)
        assert (info.value.package, info.value.extra, info.value.name) == ("pandas", "pandas", "pandas")
        with pytest.raises(errors.MissingDependencyError, match=r"^Events\.to_dataframe\(\) needs pandas"):
            merged_book().events().to_dataframe()
        with pytest.raises(errors.MissingDependencyError, match=r"^Grid\.to_dataframe\(\) needs pandas"):
            merged_book().grid(["2022-01-01"], ["Alpha"], ["CN"]).to_dataframe()
        with pytest.raises(ImportError, match=r"chipcontrols\[pandas\]"):
            cc.grid(["2025-06-01"], ["H20"], ["CN"]).to_dataframe()


# ------------------------------------------------------------------ tables


class TestTables:
    def test_history_records_and_html(self):
        """A history's records are JSON-safe rows in the order of HISTORY_FIELDS; its HTML lists the periods."""
        h = classified_book().history("Alpha", "CN", start="2020-06-01", end="2022-01-01")
        assert h.records() == [
            {
                "start": "2020-06-01",
                "end": "2021-01-01",
                "chip": "Alpha",
                "country": "CN",
                "governing": "CN",
                "license_required": False,
                "requirement": "not-required",
                "review_policy": None,
                "exceptions": [],
                "classification": None,
                "tier": None,
                "level": "no-license-required",
                "determinate": True,
                "licenses": [],
                "citations": [],
                "caveats": [],
                "record": "test",
                "caused_by": [],
            },
            {
                "start": "2021-01-01",
                "end": "2022-01-01",
                "chip": "Alpha",
                "country": "CN",
                "governing": "CN",
                "license_required": True,
                "requirement": "required",
                "review_policy": None,
                "exceptions": [],
                "classification": "3A090.a",
                "tier": None,
                "level": "license-required",
                "determinate": True,
                "licenses": [],
                "citations": ["Rule crit", "Rule r"],
                "caveats": ["uncertain-record"],
                "record": "test",
                "caused_by": ["crit", "r"],
            },
        ]
        assert list(h.records()[0]) == list(HISTORY_FIELDS)
        heads = ("period", "level", "review policy", "exceptions", "classification", "tier", "began with", "citations")
        empty = f"{TD}</td>"
        assert h._repr_html_() == (
            "<table class='chipcontrols-history'><caption>Alpha to China (CN)</caption><thead><tr>"
            + "".join(f"{TH}{x}</th>" for x in heads)
            + "</tr></thead><tbody>"
            + f"<tr>{TD}[2020-06-01, 2021-01-01)</td>{TD}no-license-required</td>"
            + empty * 6
            + "</tr>"
            + f"<tr>{TD}[2021-01-01, 2022-01-01)</td>{TD}license-required</td>{empty}{empty}{TD}3A090.a</td>{empty}"
            + f"{TD}crit, r</td>{TD}Rule crit; Rule r</td></tr>"
            + "</tbody></table>"
        )
        assert len(h) == 2 and h[-1] is list(h)[-1] and h[:1] == (h[0],)

    def test_history_table_of_a_policy_and_exceptions(self):
        """A history's table and records show review policies, exceptions, tiers, licences and causes."""
        h = merged_book().history("Alpha", "CN", start="2022-06-01", end="2023-06-01")
        rows = h._repr_html_().split("<tr>")[2:]
        assert rows[0].startswith(f"{TD}[2022-06-01, 2023-01-01)</td>{TD}license-exception</td>{TD}case-by-case</td>")
        assert f"{TD}ACA, NAC</td>{TD}</td>{TD}Tier 3</td>{TD}</td>" in rows[0]
        assert f"{TD}policy-of-denial</td>" in rows[1] and f"{TD}later</td>" in rows[1]
        assert h.records()[0]["review_policy"] == "case-by-case" and h.records()[0]["exceptions"] == ["ACA", "NAC"]
        assert h.records()[0]["licenses"] == ["lic-1"] and h.records()[1]["caused_by"] == ["later"]

    def test_events_records_and_html(self):
        """The events' records are JSON-safe rows in the order of EVENT_FIELDS; the table lists each instrument."""
        ev = classified_book().events()
        assert ev.records() == [
            {
                "known_from": "2021-01-01",
                "announced": None,
                "published": "2021-01-01",
                "effective": "2021-01-01",
                "compliance": None,
                "expires": None,
                "id": ident,
                "kind": "rule",
                "title": f"Rule {ident}",
                "citation": f"Rule {ident}",
                "confidence": "high",
            }
            for ident in ("crit", "r")
        ]
        assert list(ev.records()[0]) == list(EVENT_FIELDS)
        heads = ("known from", "effective", "compliance", "id", "kind", "title", "citation")
        assert ev._repr_html_() == (
            "<table class='chipcontrols-events'><thead><tr>"
            + "".join(f"{TH}{x}</th>" for x in heads)
            + "</tr></thead><tbody>"
            + "".join(
                f"<tr>{TD}2021-01-01</td>{TD}2021-01-01</td>{TD}</td>{TD}{i}</td>{TD}rule</td>{TD}Rule {i}</td>"
                f"{TD}Rule {i}</td></tr>"
                for i in ("crit", "r")
            )
            + "</tbody></table>"
        )
        assert len(ev) == 2 and ev[0].id == "crit" and [i.id for i in ev[1:]] == ["r"]
        assert [i.id for i in ev] == ["crit", "r"]

    def test_events_window(self):
        """events() keeps the instruments made public within [start, end)."""
        rb = merged_book()
        assert [i.id for i in rb.events(start="2022-02-01")] == ["grant", "later"]
        assert [i.id for i in rb.events(end="2022-02-01")] == ["merge", "r"]
        assert [i.id for i in rb.events(start="2021-01-01", end="2022-03-01")] == ["r", "grant"]

    def test_dataframes(self):
        """Histories, events and grids become DataFrames with their own columns."""
        pd = pytest.importorskip("pandas")
        rb = merged_book()
        h = rb.history("Alpha", "CN", start="2022-06-01", end="2023-06-01").to_dataframe()
        assert isinstance(h, pd.DataFrame) and list(h.columns) == list(HISTORY_FIELDS) and len(h) == 2
        ev = rb.events().to_dataframe()
        assert list(ev.columns) == list(EVENT_FIELDS) and list(ev["id"]) == ["merge", "r", "grant", "later"]
        g = rb.grid(["2022-06-01"], ["Alpha"], ["CN"]).to_dataframe()
        assert list(g.columns) == list(GRID_FIELDS) and g.loc[0, "licenses"] == ["lic-1"]

    def test_records_list_every_licence(self):
        """Grid and history records list every licence covering the case."""
        grants = [
            m.License(id=f"lic-{n}", holder="H", products=["Alpha"], destinations=m.DestinationScope(countries=["CN"]))
            for n in (1, 2)
        ]
        rb = book(RULE, instrument("grant", licenses=grants))
        assert rb.grid(["2022-01-01"], ["Alpha"], ["CN"]).records()[0]["licenses"] == ["lic-1", "lic-2"]
        assert rb.history("Alpha", "CN").records()[-1]["licenses"] == ["lic-1", "lic-2"]

    def test_a_scheduled_change_names_every_licence_on_each_side(self):
        """A scheduled change of licences lists each side's licence ids, comma-joined in order (two licences granted
        together, then a third)."""
        two = [
            m.License(id=f"lic-{n}", holder="H", products=["Alpha"], destinations=m.DestinationScope(countries=["CN"]))
            for n in (2, 1)
        ]
        third = m.License(id="lic-3", holder="H", products=["Alpha"], destinations=m.DestinationScope(countries=["CN"]))
        rb = book(
            RULE,
            instrument("grant", published="2022-06-01", effective="2022-06-01", licenses=two),
            instrument("more", published="2022-06-01", effective="2023-06-01", licenses=[third]),
        )
        (later,) = rb.status_at("2022-07-01", "Alpha", "CN").scheduled
        assert later.date == day("2023-06-01")
        assert [(c.field, c.before, c.after) for c in later.changes] == [
            ("licenses", "lic-1,lic-2", "lic-1,lic-2,lic-3")
        ]
        assert rb.status_at("2022-01-01", "Alpha", "CN", known_on="2022-01-01").scheduled == ()  # none published

    def test_empty_tables_keep_their_columns(self):
        """An empty grid or event list still has its columns."""
        pytest.importorskip("pandas")
        rb = merged_book()
        assert list(rb.grid([], ["Alpha"], ["CN"]).to_dataframe().columns) == list(GRID_FIELDS)
        assert list(rb.events(start="2025-01-01").to_dataframe().columns) == list(EVENT_FIELDS)


# ------------------------------------------------------------------ grids


class TestGrid:
    def test_records(self):
        """A grid holds its dates sorted without repeats; records and iteration go chip by chip, destination by
        destination, date by date."""
        g = merged_book().grid(["2023-06-01", "2022-06-01", "2022-06-01"], ["Alpha", "Beta"], ["CN", "HK"])
        assert g.dates == (day("2022-06-01"), day("2023-06-01"))
        assert len(g) == 8 and repr(g) == "<Grid 2 dates x 2 chips x 2 destinations>"
        first = g.records()[0]
        assert first == {
            "date": "2022-06-01",
            "chip": "Alpha",
            "country": "CN",
            "governing": "CN",
            "license_required": True,
            "requirement": "required",
            "review_policy": "case-by-case",
            "exceptions": ["ACA", "NAC"],
            "classification": None,
            "tier": "Tier 3",
            "level": "license-exception",
            "determinate": True,
            "licenses": ["lic-1"],
            "citations": ["Rule r", "Rule grant"],
            "caveats": [],
            "record": "test",
        }
        assert list(first) == list(GRID_FIELDS)
        cells = [(d.isoformat(), c.name, k.code, s.review_policy.value) for d, c, k, s in g]
        assert cells == [
            ("2022-06-01", "Alpha", "CN", "case-by-case"),
            ("2023-06-01", "Alpha", "CN", "policy-of-denial"),
            ("2022-06-01", "Alpha", "HK", "case-by-case"),
            ("2023-06-01", "Alpha", "HK", "policy-of-denial"),
            ("2022-06-01", "Beta", "CN", "case-by-case"),
            ("2023-06-01", "Beta", "CN", "policy-of-denial"),
            ("2022-06-01", "Beta", "HK", "case-by-case"),
            ("2023-06-01", "Beta", "HK", "policy-of-denial"),
        ]
        assert g.records()[2]["governing"] == "CN" and g.records()[2]["country"] == "HK"

    def test_walk_across_many_periods(self):
        """Iteration walks each pair's periods once, giving every date the status of its own period."""
        rb = merged_book()
        dates = [dt.date(2020, 1, 1) + dt.timedelta(days=91 * i) for i in range(24)]
        g = rb.grid(dates, ["Alpha"], ["CN"])
        for d, _, _, s in g:
            assert s == rb.status_at(d, "Alpha", "CN")
            assert d in s.period
        assert len(list(g)) == 24

    def test_status_lookup_and_refusals(self):
        """A cell is found by names or objects; a chip, destination or date not in the grid is refused by name."""
        g = merged_book().grid(["2022-06-01", "2023-06-01"], ["Alpha"], ["CN", "HK"])
        assert g.status("2023-06-01", "alpha", "Hong Kong").review_policy is m.ReviewPolicy.POLICY_OF_DENIAL
        assert g.status(day("2022-06-01"), g.chips[0], g.countries[0]).license_required
        refusals = [
            (("2022-06-01", "Beta", "CN"), "chip", "Beta", "Alpha"),
            (("2022-06-01", "Alpha", "RU"), "country", "RU", "CN, HK"),
            (("2022-06-02", "Alpha", "CN"), "date", day("2022-06-02"), "one of the grid's dates"),
            (("2024-01-01", "Alpha", "CN"), "date", day("2024-01-01"), "one of the grid's dates"),
        ]
        for args, argument, value, listed in refusals:
            with pytest.raises(errors.InvalidArgumentError, match="one of the grid's") as info:
                g.status(*args)
            assert (info.value.argument, info.value.value) == (argument, value)
            assert listed in info.value.expected

    def test_refused_date_is_named(self):
        """A cell's date that is not a date is refused as the argument ``date``."""
        g = merged_book().grid(["2022-06-01"], ["Alpha"], ["CN"])
        with pytest.raises(errors.InvalidDateError, match=r"^date: .*\(not in YYYY-MM-DD form\)$") as info:
            g.status("June 2022", "Alpha", "CN")
        assert (info.value.argument, info.value.value) == ("date", "June 2022")

    def test_empty_grid(self):
        """A grid without dates has no cells: nothing to iterate, no records."""
        g = merged_book().grid([], ["Alpha"], ["CN"])
        assert (len(g), list(g), g.records()) == (0, [], [])
        g = cc.grid([], ["H20"], ["CN", "IN"])
        assert (len(g), list(g), g.records()) == (0, [], [])

    def test_repr(self):
        """A grid's repr gives its shape."""
        g = cc.grid(["2024-01-01", "2025-01-01"], ["H20"], ["CN", "IN"])
        assert repr(g) == "<Grid 2 dates x 1 chips x 2 destinations>"

    def test_every_catalogue_chip_by_default(self):
        """Without ``chips``, a grid holds every chip of the catalogue."""
        g = book(RULE, chips=MORE_CHIPS).grid(["2022-01-01"], countries=["CN"])
        assert g.chips == (ALPHA, BETA, ABROAD, VAGUE)
        assert [(c.name, k.code, s.license_required) for _, c, k, s in g] == [
            ("Alpha", "CN", True),
            ("Beta", "CN", True),
            ("Abroad", "CN", True),
            ("Vague", "CN", True),
        ]

    def test_every_country_by_default(self):
        """Without ``countries``, a grid holds every ISO 3166-1 country."""
        rb = book(RULE)
        g = rb.grid(["2022-01-01"], ["Alpha"])
        assert g.countries == rb.countries() and len(g) == len(rb.countries())
        assert [k.code for _, _, k, s in g if s.license_required] == ["CN"]

    def test_known_on_is_passed_on(self):
        """A grid answers from what was public on ``known_on``."""
        g = book(RULE).grid(["2022-01-01"], ["Alpha"], ["CN"], known_on="2020-06-01")
        s = g.status("2022-01-01", "Alpha", "CN")
        assert not s.license_required and s.known_on == day("2020-06-01")

    def test_headquarters_are_passed_on(self):
        """A grid applies headquarters rules to the buyer's headquarters when given."""
        rb = headquarters_book()
        assert rb.grid(["2022-01-01"], ["Alpha"], ["DE"], headquartered_in="CN").records()[0]["license_required"]
        assert not rb.grid(["2022-01-01"], ["Alpha"], ["DE"], headquartered_in="FR").records()[0]["license_required"]


def test_every_cell_of_a_grid():
    """Each cell of a grid of several chips and destinations is the status of its own chip and destination."""
    rb = merged_book()
    chips, countries = ["Alpha", "Beta", "Vague"], ["CN", "HK", "RU"]
    g = rb.grid(["2021-06-01", "2022-06-01"], chips, countries)
    for d in ("2021-06-01", "2022-06-01"):
        for chip in chips:
            for code in countries:
                assert g.status(d, chip, code) == rb.status_at(d, chip, code), (d, chip, code)


# ------------------------------------------------------------------ dates and the record's days


DATE_ARGUMENTS: dict[str, tuple[str, Callable[[cc.Rulebook], object]]] = {
    "tiers_at": ("date", lambda rb: rb.tiers_at("CN", "June")),
    "explain_classification": ("date", lambda rb: rb.explain_classification("Alpha", "June")),
    "classify": ("date", lambda rb: rb.classify("Alpha", "June")),
    "diff-a": ("date_a", lambda rb: rb.diff("June", "2022-01-01")),
    "diff-b": ("date_b", lambda rb: rb.diff("2022-01-01", "June")),
    "grid": ("dates", lambda rb: rb.grid(["2022-01-01", "June"], ["Alpha"], ["CN"])),
    "members-known_on": ("known_on", lambda rb: rb.members("T", "2022-01-01", known_on="June")),
    "status_at-known_on": ("known_on", lambda rb: rb.status_at("2022-01-01", "Alpha", "CN", known_on="June")),
    "tiers_at-known_on": ("known_on", lambda rb: rb.tiers_at("CN", "2022-01-01", known_on="June")),
    "classify-known_on": ("known_on", lambda rb: rb.classify("Alpha", "2022-01-01", known_on="June")),
    "history-known_on": ("known_on", lambda rb: rb.history("Alpha", "CN", known_on="June")),
    "history-start": ("start", lambda rb: rb.history("Alpha", "CN", start="June")),
    "history-end": ("end", lambda rb: rb.history("Alpha", "CN", end="June")),
    "events-start": ("start", lambda rb: rb.events(start="June")),
    "events-end": ("end", lambda rb: rb.events(end="June")),
}


@pytest.mark.parametrize(("argument", "call"), list(DATE_ARGUMENTS.values()), ids=list(DATE_ARGUMENTS))
def test_a_refused_date_names_its_argument(argument, call):
    """A date that is not YYYY-MM-DD is refused with the name of the parameter it was passed as."""
    rb = book(RULE, instrument("join", published="2021-06-01", effective="2021-06-01"), groups=[joined_group()])
    with pytest.raises(errors.InvalidDateError) as info:
        call(rb)
    assert str(info.value) == (
        f"{argument}: expected a datetime.date or a 'YYYY-MM-DD' string, got 'June' (not in YYYY-MM-DD form)"
    )
    assert info.value.argument == argument and info.value.value == "June"


class TestDates:
    def test_refused_dates_say_why(self):
        """A datetime, another string form, an impossible day and a number are each refused with the reason."""
        rb = classified_book()
        expected = "expected a datetime.date or a 'YYYY-MM-DD' string, got"
        cases = [
            (
                dt.datetime(2022, 1, 1, 12),
                "datetime.datetime(2022, 1, 1, 12, 0) (a datetime names an instant; pass its .date())",
            ),
            ("2022/01/01", "'2022/01/01' (not in YYYY-MM-DD form)"),
            ("2022-02-30", "'2022-02-30' (day is out of range for month)"),
            (20220101, "20220101 (a int is not a date)"),
        ]
        for value, reason in cases:
            with pytest.raises(errors.InvalidDateError) as info:
                rb.status_at(value, "Alpha", "CN")
            assert str(info.value) == f"date: {expected} {reason}"
            assert (info.value.argument, info.value.value) == ("date", value)
        with pytest.raises(errors.InvalidDateError, match=r"^known_on: "):
            rb.status_at("2022-01-01", "Alpha", "CN", known_on="soon")
        with pytest.raises(errors.InvalidDateError, match=r"^start: "):
            cc.months("2022-1-1", "2022-03-01")
        with pytest.raises(errors.InvalidDateError, match=r"^end: "):
            cc.months("2022-01-01", "March")

    @pytest.mark.parametrize("text", ["2024/01/01", "01-01-2024", "2024-1-1", "2024-02-30", "yesterday"])
    def test_bad_strings(self, text):
        """Other string forms and impossible days are refused."""
        with pytest.raises(errors.InvalidDateError):
            cc.status_at(text, "H100", "CN")

    def test_date_object(self):
        """A datetime.date works."""
        assert cc.status_at(dt.date(2024, 1, 1), "H100", "CN").license_required

    def test_datetime_refused(self):
        """A datetime is refused, not silently truncated, as a date and as known_on."""
        with pytest.raises(errors.InvalidDateError, match="instant"):
            cc.status_at(dt.datetime(2024, 1, 1, 12), "H100", "CN")
        with pytest.raises(errors.InvalidDateError, match=r"^known_on: .*instant"):
            cc.status_at("2024-01-01", "H100", "CN", known_on=dt.datetime(2024, 1, 1))

    def test_an_unhashable_date_is_refused_by_name(self):
        """A date of an unhashable type is refused as not a date, like any other non-date."""
        rb = book(RULE)
        for _ in range(2):
            with pytest.raises(errors.InvalidDateError) as info:
                rb.status_at(["2022-01-01"], "Alpha", "CN")
            assert str(info.value) == (
                "date: expected a datetime.date or a 'YYYY-MM-DD' string, got ['2022-01-01'] (a list is not a date)"
            )

    def test_a_date_subclass_is_a_date(self):
        """An instance of a ``datetime.date`` subclass is answered like the day it is, even if unhashable."""

        class Day(dt.date):
            def __eq__(self, other: object) -> bool:
                return isinstance(other, dt.date) and dt.date.__eq__(self, other)

            __hash__ = None  # type: ignore[assignment]

        rb = book(RULE)
        for _ in range(2):
            assert rb.status_at(Day(2022, 1, 1), "Alpha", "CN").license_required
            assert not rb.status_at(Day(2020, 6, 1), "Alpha", "CN").license_required

    def test_today_is_a_day(self, monkeypatch):
        """``"today"`` is the local date wherever a date is asked for."""
        from chipcontrols import _dates

        monkeypatch.setattr(_dates, "today", lambda: dt.date(2022, 1, 1))
        rb = book(RULE)
        assert rb.status_at("today", "Alpha", "CN") == rb.status_at("2022-01-01", "Alpha", "CN")
        assert rb.status_at("2022-01-01", "Alpha", "CN", known_on="today").known_on == day("2022-01-01")

    def test_known_on_today_follows_the_clock(self, monkeypatch):
        """``known_on="today"`` is the day it is when asked: a process that runs past midnight answers as known on the
        new day (the answer for "today" was once cached under the word and kept the first day's knowledge)."""
        from chipcontrols import _dates

        later = instrument("later", published="2022-01-02", effective="2022-01-02")
        rb = book(instrument("r", published="2021-06-01", effective="2022-02-01", provisions=[provision()]), later)
        monkeypatch.setattr(_dates, "today", lambda: dt.date(2022, 1, 1))
        first = rb.status_at("2022-03-01", "Alpha", "CN", known_on="today")
        assert first.known_on == day("2022-01-01") and first.license_required
        monkeypatch.setattr(_dates, "today", lambda: dt.date(2022, 1, 2))
        second = rb.status_at("2022-03-01", "Alpha", "CN", known_on="today")
        assert second.known_on == day("2022-01-02")
        assert second == rb.status_at("2022-03-01", "Alpha", "CN", known_on="2022-01-02")
        np = pytest.importorskip("numpy")
        assert rb.status_at("2022-03-01", "Alpha", "CN", known_on=np.str_("today")).known_on == day("2022-01-02")

    def test_a_knowledge_day_after_the_review_day_is_named_as_it(self, monkeypatch):
        """A knowledge day after the review day is capped at it, and status_at, history and grid name that day."""
        from chipcontrols import _dates

        rb = book(RULE)
        reviewed = rb.info.reviewed
        monkeypatch.setattr(_dates, "today", lambda: reviewed + dt.timedelta(days=30))
        later = reviewed + dt.timedelta(days=10)
        one = rb.status_at("2022-01-01", "Alpha", "CN", known_on=later)
        periods = rb.history("Alpha", "CN", known_on=later)
        cell = rb.grid(["2022-01-01"], ["Alpha"], ["CN"], known_on=later).status("2022-01-01", "Alpha", "CN")
        assert one.known_on == cell.known_on == reviewed
        assert {e.status.known_on for e in periods} == {reviewed}
        assert rb.status_at("2022-01-01", "Alpha", "CN", known_on=reviewed).known_on is None  # on it: not capped

    def test_known_on_in_the_future_is_refused(self, monkeypatch):
        """A knowledge day later than today is refused, naming ``known_on``."""
        from chipcontrols import _dates

        monkeypatch.setattr(_dates, "today", lambda: dt.date(2022, 1, 1))
        with pytest.raises(errors.InvalidArgumentError) as info:
            book(RULE).status_at("2021-06-01", "Alpha", "CN", known_on="2022-01-02")
        assert (info.value.argument, info.value.value) == ("known_on", day("2022-01-02"))

    def test_months(self):
        """months() gives the first day of every month from start's month through end."""
        assert cc.months("2024-11-30", "2025-02-01") == (
            day("2024-11-01"),
            day("2024-12-01"),
            day("2025-01-01"),
            day("2025-02-01"),
        )
        assert cc.months(day("2024-11-01"), day("2024-11-30")) == (day("2024-11-01"),)

    def test_months_ending_before_the_start_month(self):
        """An end before the first day of start's month is refused, as a reversed window is everywhere."""
        with pytest.raises(cc.errors.InvalidArgumentError) as info:
            cc.months("2024-12-01", "2024-11-30")
        assert info.value.argument == "end"
        assert cc.months("2024-12-01", "2024-12-01") == (dt.date(2024, 12, 1),)

    def test_periods(self):
        """A period is half-open; only dates are in it; it must end after it starts; periods order by start."""
        p = m.Period(day("2022-01-01"), day("2022-03-01"))
        assert day("2022-01-01") in p and day("2022-02-28") in p
        assert day("2021-12-31") not in p and day("2022-03-01") not in p
        assert "2022-01-15" not in p and None not in p and 20220115 not in p
        assert str(p) == "[2022-01-01, 2022-03-01)"
        open_ended = m.Period(day("2022-01-01"))
        assert day("9999-12-31") in open_ended and str(open_ended) == "[2022-01-01, …)"
        with pytest.raises(errors.InvalidValueError, match="a day after the start") as info:
            m.Period(day("2022-01-01"), day("2022-01-01"))
        assert (info.value.owner, info.value.field, info.value.value) == ("Period", "end", day("2022-01-01"))
        assert isinstance(info.value, ValueError)
        assert m.Period(day("2022-01-01"), day("2022-01-02")) < m.Period(day("2022-01-02"))


class TestRecordDays:
    """A record speaks from its first day; after its review day it answers as known then, with a note."""

    def test_first_and_review_days_are_answered(self):
        """The first day and the review day are answered by every query that checks a day."""
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]), start="2020-01-01")
        rb = book(instrument("crit", published="2020-01-01", effective="2020-01-01"), RULE, criteria=[version])
        for edge in ("2020-01-01", "2025-12-31"):
            assert rb.tiers_at("IN", edge) == ()
            assert rb.explain_classification("Alpha", edge).paragraph == "3A090.a"
            assert rb.classify("Alpha", day(edge)) == "3A090.a"
            assert rb.status_at(edge, "Alpha", "CN", strict=True).notes == ()
        g = rb.grid(["2025-12-31", "2020-01-01"], ["Alpha"], ["CN"], strict=True)
        assert g.dates == (day("2020-01-01"), day("2025-12-31"))
        assert [s.license_required for _, _, _, s in g] == [False, True]
        changes = rb.diff("2020-01-01", "2025-12-31", chips=["Alpha"], countries=["CN"])
        assert pairs(changes) == [("Alpha", "CN", ("requirement",), ("r",))]
        assert pairs(rb.diff("2025-12-31", "2020-01-01", chips=["Alpha"], countries=["CN"])) == [
            ("Alpha", "CN", ("requirement",), ("r",))
        ]

    def test_days_before_the_first_day_are_refused(self):
        """The day before the record's first day is refused by every query that takes a day, naming the days."""
        rb = book(RULE, instrument("join", published="2021-06-01", effective="2021-06-01"), groups=[joined_group()])
        calls = [
            lambda d: rb.status_at(d, "Alpha", "CN"),
            lambda d: rb.tiers_at("IN", d),
            lambda d: rb.explain_classification("Alpha", d),
            lambda d: rb.classify("Alpha", d),
            lambda d: rb.grid([d], ["Alpha"], ["CN"]),
            lambda d: rb.diff("2022-01-01", d),
            lambda d: rb.diff(d, "2022-01-01"),
            lambda d: rb.history("Alpha", "CN", start=d),
            lambda d: rb.members("T", d),
            lambda d: rb.revisions(d, "Alpha", "CN"),
        ]
        for call in calls:
            with pytest.raises(errors.OutsideCoverageError, match="outside the record's coverage") as info:
                call("2019-12-31")
            e = info.value
            assert (e.date, e.first, e.reviewed, e.strict) == (
                day("2019-12-31"),
                day("2020-01-01"),
                day("2025-12-31"),
                False,
            )

    @pytest.mark.parametrize(
        "ask",
        [
            lambda b: b.tiers_at("IN", "2018-12-31"),
            lambda b: b.history("H100", "CN", start="2018-01-01"),
            lambda b: b.status_at("2018-12-31", "H100", "CN"),
        ],
    )
    def test_bundled_days_before_its_first_day(self, ask):
        """The bundled record refuses days before 2019-01-01."""
        with pytest.raises(errors.OutsideCoverageError) as info:
            ask(cc.bundled())
        assert info.value.first == day("2019-01-01") and info.value.reviewed == cc.bundled().info.reviewed

    def test_days_after_the_review_day_are_answered_with_a_note(self):
        """A day after the review day is answered as known then, with a record-age note; strict refuses it."""
        rb = book(RULE)
        after = rb.status_at("2026-01-01", "Alpha", "CN")
        last = rb.status_at("2025-12-31", "Alpha", "CN")
        assert regime_of(after) == regime_of(last) and after.license_required
        (note,) = after.notes
        assert note.kind is m.CaveatKind.RECORD_AGE and note.since == day("2025-12-31")
        assert after.caveats[-1] == note and "2025-12-31" in note.message
        assert rb.tiers_at("IN", "2026-01-01") == ()
        assert rb.explain_classification("Alpha", "2026-01-01").date == day("2026-01-01")
        g = rb.grid(["2025-12-31", "2026-01-01"], ["Alpha"], ["CN"])
        assert [s.notes for _, _, _, s in g] == [(), (note,)]
        assert rb.diff("2022-01-01", "2026-01-01", chips=["Alpha"], countries=["CN"]) == ()
        for call in (
            lambda: rb.status_at("2026-01-01", "Alpha", "CN", strict=True),
            lambda: rb.grid(["2026-01-01"], ["Alpha"], ["CN"], strict=True),
            lambda: rb.history("Alpha", "CN", start="2026-01-01", strict=True),
        ):
            with pytest.raises(errors.OutsideCoverageError, match="strict=True") as info:
                call()
            assert (info.value.date, info.value.strict) == (day("2026-01-01"), True)

    @pytest.mark.parametrize("later", [1, 1200])
    def test_bundled_days_after_its_review_day(self, later):
        """The bundled record answers days after its review day as known on that day, with a record-age note.

        What the record schedules after the review day (the end of a non-enforcement, say) still happens: the
        answer is the one known on the review day, not the review day's regime frozen.
        """
        reviewed = cc.bundled().info.reviewed
        d = plus(reviewed, later)
        s = cc.status_at(d, "H100", "CN")
        assert regime_of(s) == regime_of(cc.status_at(d, "H100", "CN", known_on=reviewed))
        assert [c.since for c in s.notes if c.kind is m.CaveatKind.RECORD_AGE] == [reviewed]
        assert cc.explain_classification("H100", d).paragraph == "3A090.a"
        with pytest.raises(errors.OutsideCoverageError) as info:
            cc.status_at(d, "H100", "CN", strict=True)
        assert (info.value.first, info.value.reviewed) == (day("2019-01-01"), reviewed)

    def test_known_on_after_the_review_day_is_capped(self, monkeypatch):
        """A knowledge day after the review day is answered as known on the review day, and says so."""
        from chipcontrols import _dates

        monkeypatch.setattr(_dates, "today", lambda: dt.date(2030, 1, 1))
        rb = book(RULE)
        s = rb.status_at("2022-01-01", "Alpha", "CN", known_on="2026-06-01")
        assert s.known_on == day("2025-12-31") and s.license_required
        (note,) = s.notes
        assert note.kind is m.CaveatKind.RECORD_AGE and "known_on" in note.message


# ------------------------------------------------------------------ arguments


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: cc.status_at("2025-06-01", "H20", 156), "country"),  # type: ignore[arg-type]
        (lambda: cc.status_at("2025-06-01", 4090, "CN"), "chip"),  # type: ignore[arg-type]
        (lambda: cc.status_at("2025-06-01", "H20", "CN", basis=1), "basis"),  # type: ignore[arg-type]
        (lambda: cc.history("H20", "CN", by="level"), "by"),
        (lambda: cc.grid("2025-06-01", ["H20"], ["CN"]), "dates"),
        (lambda: cc.diff("2025-01-01", "2025-06-01", chips="H20"), "chips"),
    ],
)
def test_wrong_argument_types(call, argument):
    """An argument of the wrong type is an InvalidTypeError (a TypeError) naming the argument."""
    with pytest.raises(errors.InvalidTypeError, match=f"^{argument}: expected") as info:
        call()
    assert isinstance(info.value, TypeError) and isinstance(info.value, errors.ChipControlsError)
    assert (info.value.owner, info.value.field) == ("", argument)


def test_basis_names():
    """``basis`` is a ``Basis`` or its value in any case; anything else is refused, naming the three."""
    rb = book(instrument("r", provisions=[provision(compliance=day("2022-06-01"))]))
    assert rb.status_at("2022-01-01", "Alpha", "CN", basis="LEGAL").basis is m.Basis.LEGAL
    assert rb.status_at("2022-01-01", "Alpha", "CN", basis="Compliance").basis is m.Basis.COMPLIANCE
    with pytest.raises(errors.InvalidArgumentError) as info:
        rb.status_at("2022-01-01", "Alpha", "CN", basis="sideways")
    assert str(info.value) == "basis: expected one of 'legal', 'compliance', 'enforced', got 'sideways'"
    assert (info.value.argument, info.value.value) == ("basis", "sideways")
    with pytest.raises(errors.InvalidArgumentError, match="'legal'"):
        cc.status_at("2024-01-01", "H100", "CN", basis="lawful")
    with pytest.raises(errors.InvalidTypeError, match=r"^basis: expected a chipcontrols\.Basis or one of") as type_info:
        rb.history("Alpha", "CN", basis=3)
    assert (type_info.value.field, type_info.value.value) == ("basis", 3)


# ------------------------------------------------------------------ classify


class TestClassify:
    def test_known_on_reaches_the_criteria(self):
        """``classify`` answers from the criteria public on ``known_on``."""
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        rb = book(instrument("crit"), criteria=[version])
        assert rb.classify("Alpha", "2022-01-01") == "3A090.a"
        assert rb.classify("Alpha", "2022-01-01", known_on="2020-06-01") is None
        assert rb.classify("Alpha", "2022-01-01", known_on="2021-01-01") == "3A090.a"

    def test_undetermined_names_the_chip(self):
        """A chip lacking the deciding specification is refused with its name, the day and what is missing."""
        version = criteria(m.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
        rb = book(instrument("crit"), criteria=[version], chips=MORE_CHIPS)
        with pytest.raises(errors.UndeterminedClassificationError) as info:
            rb.classify(VAGUE, "2022-01-01")
        assert str(info.value) == (
            "cannot classify 'Vague' on 2022-01-01: the record lacks tpp; "
            "supply it with chipcontrols.Chip(...) or use explain_classification()"
        )
        assert info.value.chip == "Vague" and info.value.missing == ("tpp",)


# ------------------------------------------------------------------ diff


class TestDiff:
    def test_every_catalogue_chip_by_default(self):
        """Without ``chips``, a diff covers every chip of the catalogue, in catalogue order."""
        changes = book(RULE, chips=MORE_CHIPS).diff("2020-06-01", "2022-01-01", countries=["CN"])
        assert pairs(changes) == [(chip.name, "CN", ("requirement",), ("r",)) for chip in (ALPHA, BETA, ABROAD, VAGUE)]

    def test_every_country_by_default(self):
        """Without ``countries``, a diff covers every country, reporting those that changed."""
        rule = instrument("r", provisions=[provision(destinations=m.DestinationScope(countries=["CN", "RU"]))])
        changes = book(rule).diff("2020-06-01", "2022-01-01", chips=["Alpha"])
        assert pairs(changes) == [
            ("Alpha", "CN", ("requirement",), ("r",)),
            ("Alpha", "RU", ("requirement",), ("r",)),
        ]

    def test_an_unchanged_destination_does_not_end_the_walk(self):
        """A destination that did not change is skipped, and the ones after it are still compared."""
        changes = book(RULE).diff("2020-06-01", "2022-01-01", chips=["Alpha", "Beta"], countries=["RU", "CN", "DE"])
        assert [(c.chip, c.country) for c in changes] == [("Alpha", "CN"), ("Beta", "CN")]

    def test_known_on_reaches_both_days_and_the_causes(self):
        """``known_on`` applies to the status on each day and to the steps that name the causes."""
        late = instrument(
            "late",
            published="2023-01-01",
            effective="2020-06-01",
            date_notes="Retroactive to the announcement of the policy.",
            provisions=[provision()],
        )
        rb = book(RULE, late)
        forward = rb.diff("2020-09-01", "2022-01-01", chips=["Alpha"], countries=["CN"], known_on="2022-01-01")
        backward = rb.diff("2022-01-01", "2020-09-01", chips=["Alpha"], countries=["CN"], known_on="2022-01-01")
        assert pairs(forward) == pairs(backward) == [("Alpha", "CN", ("requirement",), ("r",))]
        (change,) = forward
        assert change.before.known_on == change.after.known_on == day("2022-01-01")
        assert not change.before.license_required and change.after.license_required
        assert rb.diff("2020-09-01", "2022-01-01", chips=["Alpha"], countries=["CN"]) == ()
        assert rb.diff("2022-01-01", "2020-09-01", chips=["Alpha"], countries=["CN"]) == ()

    def test_basis_reaches_both_days_and_the_causes(self):
        """``basis`` applies to the status on each day and to the steps that name the causes."""
        rb = book(instrument("r", provisions=[provision(compliance=day("2022-06-01"))]))
        for a, b in (("2020-06-01", "2021-09-01"), ("2021-09-01", "2020-06-01")):
            legal = rb.diff(a, b, chips=["Alpha"], countries=["CN"], basis="legal")
            assert pairs(legal) == [("Alpha", "CN", ("requirement",), ("r",))]
            assert legal[0].before.basis is legal[0].after.basis is m.Basis.LEGAL
            assert rb.diff(a, b, chips=["Alpha"], countries=["CN"]) == ()

    def test_a_step_on_the_first_day_is_not_a_cause(self):
        """Only steps after the earlier day count as causes: what began on that day was already in force."""
        rb = book(
            instrument("r", provisions=[provision(review_policy=m.ReviewPolicy.CASE_BY_CASE)]),
            instrument(
                "later",
                published="2021-06-01",
                effective="2022-01-01",
                amendments=[m.ReviewPolicyChange(target="r/p", review_policy=m.ReviewPolicy.POLICY_OF_DENIAL)],
            ),
        )
        for a, b in (("2021-01-01", "2022-06-01"), ("2022-06-01", "2021-01-01")):
            assert pairs(rb.diff(a, b, chips=["Alpha"], countries=["CN"])) == [
                ("Alpha", "CN", ("review_policy",), ("later",))
            ]


# ------------------------------------------------------------------ history


class TestHistory:
    def test_the_last_period_is_open(self):
        """By default a history runs from the record's first day and its last period is open; with ``end`` given,
        periods are clipped to it, also past the review day (strict refuses an end beyond the day after it)."""
        rb = book(RULE)
        whole = rb.history("Alpha", "CN")
        assert [str(e.period) for e in whole] == ["[2020-01-01, 2021-01-01)", "[2021-01-01, …)"]
        assert whole[-1].period.end is None
        clipped = rb.history("Alpha", "CN", end="2026-01-01", strict=True)
        assert [str(e.period) for e in clipped] == ["[2020-01-01, 2021-01-01)", "[2021-01-01, 2026-01-01)"]
        assert [e.status for e in clipped] == [e.status for e in whole]
        later = rb.history("Alpha", "CN", end="2026-01-02")
        assert [str(e.period) for e in later] == ["[2020-01-01, 2021-01-01)", "[2021-01-01, 2026-01-02)"]
        with pytest.raises(errors.OutsideCoverageError) as info:
            rb.history("Alpha", "CN", end="2026-01-02", strict=True)
        assert (info.value.date, info.value.strict) == (day("2026-01-01"), True)

    def test_a_period_beginning_at_the_window_start_keeps_its_causes(self):
        """A period that begins on the first day asked about keeps what began it; one begun earlier has none."""
        rb = book(RULE)
        from_step = rb.history("Alpha", "CN", start="2021-01-01")
        assert [(str(e.period), e.caused_by) for e in from_step] == [("[2021-01-01, …)", ("r",))]
        inside = rb.history("Alpha", "CN", start="2021-01-02")
        assert [(str(e.period), e.caused_by) for e in inside] == [("[2021-01-02, …)", ())]

    def test_end_must_come_after_start(self):
        """A window that ends on or before its start is refused, naming ``end`` and the start."""
        rb = book(RULE)
        with pytest.raises(errors.InvalidArgumentError, match="a day after start") as info:
            rb.history("Alpha", "CN", start="2022-01-01", end="2022-01-01")
        assert (info.value.argument, info.value.value) == ("end", day("2022-01-01"))
        assert "2022-01-01" in info.value.expected
        with pytest.raises(errors.InvalidArgumentError, match="a day after start") as info:
            cc.history("H20", "CN", start="2025-01-01", end="2025-01-01")
        assert info.value.argument == "end"

    def test_unknown_field_to_merge_by(self):
        """``by`` naming something that is not a Status field is refused, listing the fields."""
        rb = book(RULE)
        with pytest.raises(errors.InvalidArgumentError, match=r"^by: expected Status fields") as info:
            rb.history("Alpha", "CN", by=["level", "colour"])
        assert (info.value.argument, info.value.value) == ("by", "colour")
        listed = set(info.value.expected.split(": ", 1)[1].split(", "))
        assert {"level", "license_required", "requirement", "review_policy", "tier", "caveats"} <= listed
        assert "colour" not in listed

    def test_by_merges_neighbours_equal_in_the_fields_named(self):
        """With ``by``, neighbouring periods equal in the fields named are merged; ``license_required`` is
        compared as ``requirement``."""
        rb = merged_book()
        full = rb.history("Alpha", "CN", start="2022-06-01", end="2023-06-01")
        assert len(full) == 2
        for by in (["level"], ["license_required"], ["requirement", "tier"]):
            (merged,) = rb.history("Alpha", "CN", start="2022-06-01", end="2023-06-01", by=by)
            assert str(merged.period) == "[2022-06-01, 2023-06-01)" and merged.status is full[0].status

    def test_headquarters_are_passed_on(self):
        """A history applies headquarters rules to the buyer's headquarters when given."""
        rb = headquarters_book()
        with_hq = rb.history("Alpha", "DE", headquartered_in="CN", start="2020-06-01")
        assert [(str(e.period), e.status.license_required, e.caused_by) for e in with_hq] == [
            ("[2020-06-01, 2021-01-01)", False, ()),
            ("[2021-01-01, …)", True, ("r",)),
        ]
        assert not any(e.status.license_required for e in rb.history("Alpha", "DE", headquartered_in="FR"))


# ------------------------------------------------------------------ members and tiers


class TestMembers:
    def test_members_on_a_day_as_known(self):
        """A group's members on a day count a joining from its day, and only once it is known."""
        rb = book(RULE, instrument("join", published="2021-06-01", effective="2021-06-01"), groups=[joined_group()])
        assert [c.code for c in rb.members("T", "2022-01-01")] == ["IN"]
        assert rb.members("T", "2021-05-31") == ()
        assert rb.members("t", "2022-01-01", known_on="2021-03-01") == ()

    def test_members_before_the_first_day_are_refused(self):
        """members() refuses a day before the record's first day."""
        rb = book(RULE, instrument("join", published="2021-06-01", effective="2021-06-01"), groups=[joined_group()])
        with pytest.raises(errors.OutsideCoverageError):
            rb.members("T", "2019-12-31")

    def test_bundled_members(self):
        """Nicaragua is in Country Group D:5 from 2024-03-15 in the bundled record."""
        assert "NI" in [c.code for c in cc.bundled().members("D:5", "2024-03-15")]
        assert "NI" not in [c.code for c in cc.bundled().members("D:5", "2024-03-14")]


class TestTiers:
    """tiers_at on small tiered frameworks."""

    @staticmethod
    def tiered() -> cc.Rulebook:
        """A framework placing GB in Tier 1 and IN in Tier 2, rescinded on 2023-01-01."""
        framework = instrument(
            "frame",
            provisions=[provision(destinations=m.DestinationScope(countries=["IN"]), tier="Tier 2")],
            tiers=[
                m.Tier(name="Tier 1", rank=1, destinations=m.DestinationScope(countries=["GB"])),
                m.Tier(name="Tier 2", rank=2, destinations=m.DestinationScope(countries=["IN"])),
            ],
        )
        rescind = instrument(
            "rescind", published="2023-01-01", effective="2023-01-01", amendments=[m.Rescission(target="frame")]
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

    def test_from_the_effective_day(self):
        """A framework places destinations in tiers from its effective day on."""
        rb = book(instrument("t", tiers=[IN_TIER]))
        assert rb.tiers_at("IN", "2021-01-01") == (("t", IN_TIER),)
        assert rb.tiers_at("IN", "2020-12-31") == ()

    def test_a_lapsed_framework_does_not_hide_later_ones(self):
        """A framework whose provision has expired is skipped, and later frameworks still count."""
        rb = book(
            instrument("a", tiers=[IN_TIER], provisions=[provision(expires=day("2021-06-01"))]),
            instrument("b", published="2021-02-01", effective="2021-02-01", tiers=[IN_TIER]),
        )
        assert rb.tiers_at("IN", "2021-03-01") == (("a", IN_TIER), ("b", IN_TIER))
        assert rb.tiers_at("IN", "2022-01-01") == (("b", IN_TIER),)

    def test_known_on_reaches_a_merger(self):
        """A merged destination takes the tier of the one it merged into only once the merger is known."""
        merger = instrument("merger", published="2021-06-01", effective="2021-06-01")
        hk = m.Merge(code="HK", into="CN", start=day("2021-06-01"), instrument="merger")
        rb = book(instrument("t", tiers=[CN_TIER]), merger, merges=[hk])
        assert rb.tiers_at("HK", "2022-01-01") == (("t", CN_TIER),)
        assert rb.tiers_at("HK", "2022-01-01", known_on="2021-03-01") == ()
        assert rb.tiers_at("CN", "2022-01-01", known_on="2021-03-01") == (("t", CN_TIER),)

    def test_known_on_reaches_group_membership(self):
        """A destination is in a tier defined by a group only once its joining the group is known."""
        join = instrument("join", published="2021-06-01", effective="2021-06-01")
        rb = book(instrument("t", tiers=[GROUP_TIER]), join, groups=[joined_group()])
        assert rb.tiers_at("IN", "2022-01-01") == (("t", GROUP_TIER),)
        assert rb.tiers_at("IN", "2022-01-01", known_on="2021-03-01") == ()
        assert rb.tiers_at("IN", "2021-05-31") == ()

    def test_bundled_tiers(self):
        """India is in Tier 2 of the AI Diffusion framework in 2025, and in no tier before it."""
        assert [(i, t.name) for i, t in cc.bundled().tiers_at("IN", "2025-06-01")] == [
            ("2025-01-ai-diffusion", "Tier 2")
        ]
        assert cc.bundled().tiers_at("IN", "2024-06-01") == ()


@pytest.mark.parametrize("value", ["no", 1, 0, None])
@pytest.mark.parametrize(
    "ask",
    [
        lambda rb, v: rb.status_at("2021-06-01", "Alpha", "CN", strict=v),
        lambda rb, v: rb.status_at(day("2021-06-01"), rb.chip("Alpha"), rb.country("CN"), strict=v),
        lambda rb, v: rb.history("Alpha", "CN", strict=v),
        lambda rb, v: rb.grid(["2021-06-01"], ["Alpha"], ["CN"], strict=v),
    ],
    ids=["status_at", "status_at typed", "history", "grid"],
)
def test_strict_is_true_or_false(ask, value):
    """``strict`` takes True or False only: ``"no"`` would read as true, ``0`` or ``None`` as false."""
    with pytest.raises(errors.InvalidTypeError, match="strict: expected True or False"):
        ask(book(RULE), value)


# ------------------------------------------------------------------ what histories and revisions pass on


class TestPassedOn:
    """Arguments reach what a query asks of the engine, and refusals name the argument and the value."""

    def test_revisions_pass_on_headquarters_and_basis(self):
        """revisions() asks about the buyer's headquarters and the basis it is given."""
        rb = headquarters_book()
        with_hq = rb.revisions("2022-01-01", "Alpha", "DE", headquartered_in="CN")
        without = rb.revisions("2022-01-01", "Alpha", "DE")
        assert [r.status.license_required for r in with_hq] == [False, True]
        assert [r.status.license_required for r in without] == [False]
        legal = rb.revisions("2022-01-01", "Alpha", "DE", headquartered_in="CN", basis="legal")
        assert {r.status.basis for r in legal} == {m.Basis.LEGAL}

    def test_revisions_on_the_review_day_name_the_instrument_that_revised_the_answer(self):
        """An instrument published on the review day is the last revision (knowledge on the review day is the
        whole record, so its answer carries no capped-knowledge note), and of the two instruments published
        that day only the one the answer rests on is named."""
        late = instrument(
            "late",
            published=LAST.isoformat(),
            effective=LAST.isoformat(),
            provisions=[provision(destinations=m.DestinationScope(countries=["DE"]))],
        )
        noise = instrument(
            "noise",
            published=LAST.isoformat(),
            effective=LAST.isoformat(),
            provisions=[provision(destinations=m.DestinationScope(countries=["FR"]))],
        )
        rb = book(RULE, late, noise)
        revisions = rb.revisions(LAST, "Alpha", "DE")
        assert [(r.known_from, r.status.license_required) for r in revisions] == [(FIRST, False), (LAST, True)]
        assert revisions[-1].revised_by == ("late",)
        assert all(not r.status.notes for r in revisions)

    @pytest.mark.parametrize("argument", ["chips", "countries"])
    def test_a_single_value_for_a_list_is_refused_with_the_list_form(self, argument):
        """diff() takes lists of chips and destinations; one value alone is refused with the form to use."""
        expected = r"expected a list \(a single value goes in a list: \['H20'\]\)"
        with pytest.raises(errors.InvalidTypeError, match=expected):
            book(RULE).diff("2021-01-01", "2022-01-01", **{argument: "CN"})

    def test_history_with_a_capped_knowledge_day_carries_the_note(self, monkeypatch):
        """A knowledge day after the review day is the review day, and every period of the history says so."""
        from chipcontrols import _dates

        monkeypatch.setattr(_dates, "today", lambda: dt.date(2030, 1, 1))
        rb = book(RULE)
        h = rb.history("Alpha", "CN", known_on="2027-01-01")
        assert h and all(e.status.notes for e in h)
        assert all("known_on is later than the review day" in e.status.notes[0].message for e in h)
        assert all(not e.status.notes for e in rb.history("Alpha", "CN", known_on="2025-06-01", end="2025-12-31"))

    def test_merged_periods_keep_the_record_age_note(self):
        """Periods merged by ``by`` keep the record-age note of a period reaching past the review day."""
        rb = book(RULE)
        (first, last) = rb.history("Alpha", "CN", by=["level"])
        assert not first.status.notes and [n.kind for n in last.status.notes] == [m.CaveatKind.RECORD_AGE]
        (only,) = rb.history("Alpha", "CN", start="2021-06-01", by=["license_required"])
        assert [n.kind for n in only.status.notes] == [m.CaveatKind.RECORD_AGE]

    @pytest.mark.parametrize(
        ("ask", "error", "argument", "value"),
        [
            (
                lambda rb: rb.history("Alpha", "CN", end="2026-01-03", strict=True),
                errors.OutsideCoverageError,
                None,
                None,
            ),
            (lambda rb: rb.history("Alpha", "CN", by="level"), errors.InvalidTypeError, "by", "level"),
            (lambda rb: rb.diff("2021-01-01", "2022-01-01", chips="Alpha"), errors.InvalidTypeError, "chips", "Alpha"),
            (
                lambda rb: rb.diff("2021-01-01", "2022-01-01", countries="CN"),
                errors.InvalidTypeError,
                "countries",
                "CN",
            ),
            (lambda rb: rb.events(start="2022-01-01", end="2022-01-01"), errors.InvalidArgumentError, "end", None),
        ],
        ids=["strict end", "by", "chips", "countries", "events end"],
    )
    def test_refusals_name_the_argument_and_value(self, ask, error, argument, value):
        with pytest.raises(error) as info:
            ask(book(RULE))
        if error is errors.OutsideCoverageError:
            assert (info.value.date, info.value.argument) == (day("2026-01-02"), "end")  # the window's last day
        elif error is errors.InvalidTypeError:
            assert (info.value.field, info.value.value) == (argument, value)
            assert "a list" in info.value.expected
        else:
            assert info.value.argument == argument and info.value.value == day("2022-01-01")
