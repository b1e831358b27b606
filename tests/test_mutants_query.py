"""The answers and the query API, pinned where mutation testing found them unchecked: the exact
text of explanations and tables, grids, histories, diffs and dates.

Each test builds the smallest rulebook that shows one behaviour (``mutation_records``).
"""

from __future__ import annotations

import datetime as dt

import pytest

import chipcontrols as cc
from chipcontrols import errors
from mutation_records import TPP_4800, VAGUE, book, criteria, day, instrument, provision

TH = "<th style='text-align:left'>"
TD = "<td style='text-align:left'>"


def status_html(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr>{TH}{k}</th>{TD}{v}</td></tr>" for k, v in rows)
    return f"<table class='chipcontrols-status'>{body}</table>"


def merged_book() -> cc.Rulebook:
    """Hong Kong merged into China; a requirement with a tier and exceptions; a licence; a change announced ahead."""
    grant = cc.License(
        id="lic-1", holder="Vendor", products=["Alpha"], destinations=cc.DestinationScope(countries=["CN"])
    )
    return book(
        instrument("merge", published="2020-12-23", effective="2020-12-23"),
        instrument(
            "r",
            provisions=[
                provision(review_policy=cc.ReviewPolicy.CASE_BY_CASE, exceptions=["NAC", "ACA"], tier="Tier 3")
            ],
        ),
        instrument(
            "grant",
            kind=cc.InstrumentKind.LICENSE_GRANT,
            published="2022-02-01",
            effective="2022-02-01",
            licenses=[grant],
        ),
        instrument(
            "later",
            published="2022-03-01",
            effective="2023-01-01",
            amendments=[cc.ReviewPolicyChange(target="r/p", review_policy=cc.ReviewPolicy.POLICY_OF_DENIAL)],
        ),
        merges=[cc.Merge(code="HK", into="CN", start=day("2020-12-23"), instrument="merge")],
    )


def classified_book() -> cc.Rulebook:
    """A requirement on classified chips, from an instrument with a doubt worth escaping in HTML."""
    version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800]))
    return book(
        instrument("crit"),
        instrument(
            "r",
            uncertainties=("Scope <disputed> & unclear.",),
            provisions=[provision(items=cc.ItemScope(classifications=["3A090"]))],
        ),
        criteria=[version],
    )


class TestExplanations:
    def test_merged_destination_with_everything(self):
        s = merged_book().status_at("2022-06-01", "Alpha", "HK", known_on="2022-04-01")
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
                "  (not legal advice)",
            ]
        )
        assert str(s) == s.explain()
        assert repr(s) == (
            "Status(chip=Alpha, country=HK, governing='CN', period=Period(start=datetime.date(2022, 3, 1), "
            "end=datetime.date(2023, 1, 1)), basis_kind=<Basis.ENFORCED: 'enforced'>, "
            "known_on=datetime.date(2022, 4, 1), license_required=True, "
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
                ("granted licences", "Vendor: lic-1"),
                ("caveats", "[destination-merged] HK is treated as CN under the EAR from 2020-12-23"),
                ("citations", "Rule merge; Rule r; Rule grant"),
            ]
        )

    def test_classified_chip_without_published_policy(self):
        s = classified_book().status_at("2022-06-01", "Alpha", "CN")
        assert s.explain() == "\n".join(
            [
                "Alpha -> China (CN)",
                "  period:            [2021-01-01, 2026-01-01)  (basis: enforced)",
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
                "  (not legal advice)",
            ]
        )
        assert s._repr_html_() == status_html(
            [
                ("chip", "Alpha"),
                ("destination", "China (CN)"),
                ("period", "[2021-01-01, 2026-01-01)"),
                ("basis", "enforced"),
                ("licence required", "yes"),
                ("review policy", "—"),
                ("licence exceptions", "—"),
                ("classification", "3A090.a"),
                ("tier", "—"),
                ("level", "license-required"),
                ("because", "Rule r: Provision p"),
                ("granted licences", "—"),
                ("caveats", "[uncertain-record] Rule r: Scope &lt;disputed&gt; &amp; unclear."),
                ("citations", "Rule crit; Rule r"),
            ]
        )

    def test_undetermined_chip(self):
        s = classified_book().status_at("2022-06-01", VAGUE, "CN")
        assert s.explain() == "\n".join(
            [
                "Vague -> China (CN)",
                "  period:            [2021-01-01, 2026-01-01)  (basis: enforced)",
                "  classification:    undetermined (missing tpp)",
                "  licence required:  no  (undetermined: see caveats)",
                "  level:             no-license-required",
                "  caveats:",
                "    - [missing-specification] Provision p (Rule r) applies if the chip meets its item scope; "
                "the record lacks tpp to tell",
                "  (not legal advice)",
            ]
        )
        html = s._repr_html_()
        assert f"{TH}licence required</th>{TD}no (undetermined)</td>" in html
        assert f"{TH}because</th>{TD}—</td>" in html and f"{TH}citations</th>{TD}—</td>" in html

    def test_change(self):
        changes = classified_book().diff("2020-06-01", "2022-01-01", chips=["Alpha"], countries=["CN"])
        assert [str(c) for c in changes] == [
            "Alpha -> CN: license_required, classification changed (no-license-required -> license-required) by crit, r"
        ]
        (c,) = changes
        assert (c.chip, c.country, c.fields, c.instruments) == (
            "Alpha",
            "CN",
            ("license_required", "classification"),
            ("crit", "r"),
        )


class TestTables:
    def test_history_records_and_html(self):
        h = classified_book().history("Alpha", "CN", start="2020-06-01", end="2022-01-01")
        assert h.records() == [
            {
                "start": day("2020-06-01"),
                "end": day("2021-01-01"),
                "chip": "Alpha",
                "country": "CN",
                "governing": "CN",
                "level": "no-license-required",
                "license_required": False,
                "review_policy": None,
                "exceptions": "",
                "classification": None,
                "tier": None,
                "determinate": True,
                "licenses": "",
                "caused_by": "",
                "citations": "",
            },
            {
                "start": day("2021-01-01"),
                "end": day("2022-01-01"),
                "chip": "Alpha",
                "country": "CN",
                "governing": "CN",
                "level": "license-required",
                "license_required": True,
                "review_policy": None,
                "exceptions": "",
                "classification": "3A090.a",
                "tier": None,
                "determinate": True,
                "licenses": "",
                "caused_by": "crit,r",
                "citations": "Rule crit; Rule r",
            },
        ]
        assert list(h.records()[0]) == list(cc.HISTORY_FIELDS)
        heads = ("days", "level", "review policy", "exceptions", "classification", "tier", "began with", "citations")
        empty = f"{TD}</td>"
        assert h._repr_html_() == (
            "<table class='chipcontrols-history'><caption>Alpha to China (CN)</caption><thead><tr>"
            + "".join(f"{TH}{x}</th>" for x in heads)
            + "</tr></thead><tbody>"
            + f"<tr>{TD}2020-06-01 – 2020-12-31</td>{TD}no-license-required</td>"
            + empty * 6
            + "</tr>"
            + f"<tr>{TD}2021-01-01 – 2021-12-31</td>{TD}license-required</td>{empty}{empty}{TD}3A090.a</td>{empty}"
            + f"{TD}crit, r</td>{TD}Rule crit; Rule r</td></tr>"
            + "</tbody></table>"
        )
        assert len(h) == 2 and h[-1] is list(h)[-1] and h[:1] == (h[0],)

    def test_history_table_of_a_policy_and_exceptions(self):
        h = merged_book().history("Alpha", "CN", start="2022-06-01", end="2023-06-01")
        rows = h._repr_html_().split("<tr>")[2:]
        assert rows[0].startswith(f"{TD}2022-06-01 – 2022-12-31</td>{TD}license-exception</td>{TD}case-by-case</td>")
        assert f"{TD}ACA, NAC</td>{TD}</td>{TD}Tier 3</td>{TD}</td>" in rows[0]
        assert f"{TD}policy-of-denial</td>" in rows[1] and f"{TD}later</td>" in rows[1]
        assert h.records()[0]["review_policy"] == "case-by-case" and h.records()[0]["exceptions"] == "ACA,NAC"
        assert h.records()[0]["licenses"] == "lic-1" and h.records()[1]["caused_by"] == "later"

    def test_events_records_and_html(self):
        ev = classified_book().timeline()
        assert ev.records() == [
            {
                "public": day("2021-01-01"),
                "announced": None,
                "published": day("2021-01-01"),
                "effective": day("2021-01-01"),
                "compliance": None,
                "expires": None,
                "id": ident,
                "kind": "rule",
                "title": f"Rule {ident} title",
                "citation": f"Rule {ident}",
                "confidence": "high",
            }
            for ident in ("crit", "r")
        ]
        heads = ("public", "effective", "compliance", "id", "kind", "title", "citation")
        assert ev._repr_html_() == (
            "<table class='chipcontrols-events'><thead><tr>"
            + "".join(f"{TH}{x}</th>" for x in heads)
            + "</tr></thead><tbody>"
            + "".join(
                f"<tr>{TD}2021-01-01</td>{TD}2021-01-01</td>{TD}</td>{TD}{i}</td>{TD}rule</td>{TD}Rule {i} title</td>"
                f"{TD}Rule {i}</td></tr>"
                for i in ("crit", "r")
            )
            + "</tbody></table>"
        )
        assert len(ev) == 2 and ev[0].id == "crit" and [i.id for i in ev[1:]] == ["r"]
        assert [i.id for i in ev] == ["crit", "r"]

    def test_events_window(self):
        rb = merged_book()
        assert [i.id for i in rb.timeline(start="2022-02-01")] == ["grant", "later"]
        assert [i.id for i in rb.timeline(end="2022-02-01")] == ["merge", "r"]
        assert [i.id for i in rb.timeline(start="2021-01-01", end="2022-03-01")] == ["r", "grant"]

    def test_dataframes(self):
        pd = pytest.importorskip("pandas")
        rb = merged_book()
        h = rb.history("Alpha", "CN", start="2022-06-01", end="2023-06-01").to_dataframe()
        assert isinstance(h, pd.DataFrame) and list(h.columns) == list(cc.HISTORY_FIELDS) and len(h) == 2
        ev = rb.timeline().to_dataframe()
        assert list(ev.columns) == list(cc.EVENT_FIELDS) and list(ev["id"]) == ["merge", "r", "grant", "later"]
        g = rb.grid(["2022-06-01"], ["Alpha"], ["CN"]).to_dataframe()
        assert list(g.columns) == list(cc.RECORD_FIELDS) and g.loc[0, "licenses"] == "lic-1"


class TestGrid:
    def test_records(self):
        g = merged_book().grid(["2023-06-01", "2022-06-01", "2022-06-01"], ["Alpha", "Beta"], ["CN", "HK"])
        assert g.dates == (day("2022-06-01"), day("2023-06-01"))
        assert len(g) == 8 and repr(g) == "<Grid 2 dates x 2 chips x 2 destinations>"
        first = g.records()[0]
        assert first == {
            "date": day("2022-06-01"),
            "chip": "Alpha",
            "country": "CN",
            "governing": "CN",
            "license_required": True,
            "review_policy": "case-by-case",
            "exceptions": "ACA,NAC",
            "classification": None,
            "tier": "Tier 3",
            "level": "license-exception",
            "determinate": True,
            "licenses": "lic-1",
            "citations": "Rule r; Rule grant",
        }
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
        g = merged_book().grid(["2022-06-01", "2023-06-01"], ["Alpha"], ["CN", "HK"])
        assert g.status("2023-06-01", "alpha", "Hong Kong").review_policy is cc.ReviewPolicy.POLICY_OF_DENIAL
        assert g.status(day("2022-06-01"), g.chips[0], g.countries[0]).license_required
        refusals = [
            (("2022-06-01", "Beta", "CN"), "chip: expected one of the grid's chips: Alpha, got 'Beta'"),
            (
                ("2022-06-01", "Alpha", "RU"),
                "country: expected one of the grid's destinations: CN, HK, got 'RU'",
            ),
            (("2022-06-02", "Alpha", "CN"), "date: expected one of the grid's dates, got datetime.date(2022, 6, 2)"),
            (("2024-01-01", "Alpha", "CN"), "date: expected one of the grid's dates, got datetime.date(2024, 1, 1)"),
        ]
        for args, message in refusals:
            with pytest.raises(errors.InvalidArgumentError) as info:
                g.status(*args)
            assert str(info.value) == message

    def test_empty_grid(self):
        g = merged_book().grid([], ["Alpha"], ["CN"])
        assert len(g) == 0 and list(g) == [] and g.records() == []


class TestDates:
    def test_refused_dates_say_why(self):
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
        with pytest.raises(errors.InvalidDateError, match=r"^known_on: "):
            rb.status_at("2022-01-01", "Alpha", "CN", known_on="soon")
        with pytest.raises(errors.InvalidDateError, match=r"^start: "):
            cc.months("2022-1-1", "2022-03-01")
        with pytest.raises(errors.InvalidDateError, match=r"^end: "):
            cc.months("2022-01-01", "March")

    def test_months(self):
        assert cc.months("2024-11-30", "2025-02-01") == (
            day("2024-11-01"),
            day("2024-12-01"),
            day("2025-01-01"),
            day("2025-02-01"),
        )
        assert cc.months(day("2024-11-01"), day("2024-11-30")) == (day("2024-11-01"),)
        assert cc.months("2024-12-01", "2024-11-30") == ()

    def test_periods(self):
        p = cc.Period(day("2022-01-01"), day("2022-03-01"))
        assert day("2022-01-01") in p and day("2022-02-28") in p
        assert day("2021-12-31") not in p and day("2022-03-01") not in p
        assert "2022-01-15" not in p and None not in p
        assert str(p) == "[2022-01-01, 2022-03-01)"
        open_ended = cc.Period(day("2022-01-01"))
        assert day("9999-12-31") in open_ended and str(open_ended) == "[2022-01-01, …)"
        with pytest.raises(ValueError, match=r"^a period must end after it starts: start 2022-01-01, end 2022-01-01$"):
            cc.Period(day("2022-01-01"), day("2022-01-01"))
        assert cc.Period(day("2022-01-01"), day("2022-01-02")) < cc.Period(day("2022-01-02"))


class TestDisplayCorners:
    def test_html_of_lists_and_special_characters(self):
        """Several grounds, licences and caveats are listed one per line; text is escaped exactly once."""
        grants = [
            cc.License(
                id=f"lic-{n}", holder="A&B", products=["R&D"], destinations=cc.DestinationScope(countries=["CN"])
            )
            for n in (1, 2)
        ]
        rb = book(
            cc.Instrument(
                id="r",
                kind=cc.InstrumentKind.RULE,
                title="Rule r",
                citation=cc.Citation(short="Rule <r> & co"),
                summary="A rule.",
                published=day("2021-01-01"),
                effective=day("2021-01-01"),
                uncertainties=("One.",),
                provisions=[provision(uncertain="Two."), provision("q")],
            ),
            instrument("grant", kind=cc.InstrumentKind.LICENSE_GRANT, licenses=grants),
            chips=[cc.Chip(name="R&D", tpp=5000, datacenter=True)],
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
                ("granted licences", "—"),
                ("caveats", "—"),
                ("citations", "—"),
            ]
        )

    def test_explain_names_every_missing_specification(self):
        version = criteria(cc.Paragraph(code="3A090.a", prong="3A090.a", tests=[TPP_4800], datacenter=True))
        rb = book(instrument("crit"), criteria=[version])
        text = rb.status_at("2022-01-01", VAGUE, "CN").explain()
        assert "  classification:    undetermined (missing datacenter, tpp)\n" in text

    def test_change_without_known_cause(self):
        s = merged_book().status_at("2022-06-01", "Alpha", "CN")
        change = cc.Change(chip="Alpha", country="CN", before=s, after=s, fields=("tier",), instruments=())
        assert str(change) == "Alpha -> CN: tier changed (license-exception -> license-exception) by unknown"

    def test_history_with_an_open_ended_period(self):
        """A history built by hand may end with an open period: its row shows the first day only."""
        s = merged_book().status_at("2020-06-01", "Alpha", "CN")
        entry = cc.HistoryEntry(period=cc.Period(day("2020-01-01")), status=s, caused_by=())
        h = cc.History(s.chip, s.country, (entry,))
        assert f"<tr>{TD}2020-01-01</td>{TD}no-license-required</td>" in h._repr_html_()

    def test_dataframe_without_pandas(self, monkeypatch):
        """Without pandas, asking for a table names the package and the extra to install."""
        import sys

        monkeypatch.setitem(sys.modules, "pandas", None)
        h = merged_book().history("Alpha", "CN")
        with pytest.raises(errors.MissingDependencyError) as info:
            h.to_dataframe()
        assert str(info.value) == (
            'History.to_dataframe() needs pandas, which is not installed: pip install "chipcontrols[pandas]"'
        )
        assert (info.value.package, info.value.extra, info.value.name) == ("pandas", "pandas", "pandas")
        with pytest.raises(errors.MissingDependencyError, match=r"^Events\.to_dataframe\(\) needs pandas"):
            merged_book().timeline().to_dataframe()
        with pytest.raises(errors.MissingDependencyError, match=r"^Grid\.to_dataframe\(\) needs pandas"):
            merged_book().grid(["2022-01-01"], ["Alpha"], ["CN"]).to_dataframe()


class TestGridCorners:
    def test_refused_date_is_named(self):
        g = merged_book().grid(["2022-06-01"], ["Alpha"], ["CN"])
        with pytest.raises(errors.InvalidDateError, match=r"^date: .*\(not in YYYY-MM-DD form\)$"):
            g.status("June 2022", "Alpha", "CN")

    def test_records_list_every_licence(self):
        grants = [
            cc.License(
                id=f"lic-{n}", holder="H", products=["Alpha"], destinations=cc.DestinationScope(countries=["CN"])
            )
            for n in (1, 2)
        ]
        rb = book(instrument("r", provisions=[provision()]), instrument("grant", licenses=grants))
        assert rb.grid(["2022-01-01"], ["Alpha"], ["CN"]).records()[0]["licenses"] == "lic-1,lic-2"
        assert rb.history("Alpha", "CN").records()[-1]["licenses"] == "lic-1,lic-2"

    def test_empty_tables_keep_their_columns(self):
        pytest.importorskip("pandas")
        rb = merged_book()
        assert list(rb.grid([], ["Alpha"], ["CN"]).to_dataframe().columns) == list(cc.RECORD_FIELDS)
        assert list(rb.timeline(start="2025-01-01").to_dataframe().columns) == list(cc.EVENT_FIELDS)


def test_every_cell_of_a_grid():
    """Each cell of a grid of several chips and destinations is the status of its own chip and destination."""
    rb = merged_book()
    chips, countries = ["Alpha", "Beta", "Vague"], ["CN", "HK", "RU"]
    g = rb.grid(["2021-06-01", "2022-06-01"], chips, countries)
    for d in ("2021-06-01", "2022-06-01"):
        for chip in chips:
            for code in countries:
                assert g.status(d, chip, code) == rb.status_at(d, chip, code), (d, chip, code)
