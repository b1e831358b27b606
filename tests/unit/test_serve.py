"""The HTTP service: each endpoint's JSON equals the library's answer and validates against the published schema;
every refusal is a 4xx JSON error naming the parameter and what it takes; the page, HEAD and 405, ``today`` after the
review day, undetermined answers, the OpenAPI document, no network, and one rulebook shared by concurrent clients."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import attrs
import jsonschema
import pytest
from litestar.testing import TestClient

import chipcontrols
from chipcontrols import _dates, serialization
from chipcontrols._render import caveat_text
from chipcontrols._serve import ERROR_SCHEMA, create_app
from chipcontrols.cli import main
from chipcontrols.model import Chip, Requirement

BOOK = chipcontrols.bundled()
INFO = BOOK.info
FIRST = INFO.start.isoformat()
REVIEWED = INFO.reviewed.isoformat()
AFTER_REVIEW = INFO.reviewed + dt.timedelta(days=85)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Any]]:
    with TestClient(create_app(BOOK)) as c:
        yield c


@pytest.fixture(scope="module")
def openapi(client: TestClient[Any]) -> dict[str, Any]:
    response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def library(obj: Any) -> Any:
    """The library's answer as the JSON a client reads."""
    return json.loads(serialization.dumps(obj))


def ordered(obj: Any) -> Any:
    """JSON with every object's keys in their order (lists of pairs): equal only if the keys come in the same order."""
    if isinstance(obj, dict):
        return [(k, ordered(v)) for k, v in obj.items()]
    if isinstance(obj, list):
        return [ordered(v) for v in obj]
    return obj


def valid(data: Any, schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)


def documented(openapi: dict[str, Any], path: str, method: str = "get", code: str = "200") -> dict[str, Any]:
    """The schema the OpenAPI document gives a response, with the components its references point into."""
    schema = openapi["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]
    return {**schema, "components": openapi["components"]}


def refused(response: Any, status: int = 400) -> dict[str, Any]:
    """The error of a refusal, after checking it is JSON of the documented shape and not a traceback."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text and 'File "' not in response.text
    body = response.json()
    valid(body, ERROR_SCHEMA)
    return dict(body["error"])


STATUS_CASES = [
    ({"date": "2025-06-01", "chip": "H20", "country": "CN"}, {}),
    ({"date": "2025-06-01", "chip": "H100", "country": "IN", "known_on": "2025-02-01"}, {"known_on": "2025-02-01"}),
    ({"date": "2025-06-01", "chip": "H100", "country": "IN", "basis": "legal"}, {"basis": "legal"}),
    ({"date": "2024-01-10", "chip": "A100", "country": "NL", "hq": "CN"}, {"headquartered_in": "CN"}),
    ({"date": "2022-01-01", "chip": "h-20", "country": "China"}, {}),
    ({"date": "2021-01-04", "chip": "A100", "country": "HK"}, {}),
    ({"date": REVIEWED, "chip": "H200", "country": "CN", "strict": "true"}, {"strict": True}),
]


class TestAnswers:
    @pytest.mark.parametrize(("params", "options"), STATUS_CASES)
    def test_status(self, client, params, options):
        """GET /status is the JSON of status_at with the same arguments, valid against the status schema."""
        response = client.get("/status", params=params)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        valid(response.json(), serialization.json_schema("status"))
        expected = BOOK.status_at(params["date"], params["chip"], params["country"], **options)
        assert library(expected) == response.json()
        # and in the library's key order (the schema's), so that a client reading the text sees one layout
        assert ordered(library(expected)) == ordered(json.loads(response.text))
        properties = list(serialization.json_schema("status")["properties"])
        assert list(json.loads(response.text)) == properties

    def test_status_names_the_record(self, client):
        """Every status answer names the record version, review day and digest that produced it."""
        record = client.get("/status", params={"date": "2025-06-01", "chip": "H20", "country": "CN"}).json()["record"]
        assert record == {
            "version": INFO.version,
            "reviewed": REVIEWED,
            "sources_through": INFO.sources_through.isoformat(),
            "sha256": BOOK.stamp.digest,
        }

    def test_history(self, client):
        """GET /history (repeated by=) is the JSON of history with the same arguments."""
        params = [("chip", "H20"), ("country", "CN"), ("start", "2022-01-01"), ("by", "level"), ("by", "tier")]
        response = client.get("/history", params=params)
        assert response.status_code == 200, response.text
        valid(response.json(), serialization.json_schema("history"))
        assert library(BOOK.history("H20", "CN", start="2022-01-01", by=["level", "tier"])) == response.json()

    def test_history_clipped_and_strict(self, client):
        """start, end, known_on, hq and strict reach history."""
        params = {"chip": "A100", "country": "NL", "start": "2023-01-01", "end": "2025-01-01", "hq": "CN"}
        params |= {"known_on": "2024-01-01", "strict": "true"}
        response = client.get("/history", params=params)
        assert response.status_code == 200, response.text
        valid(response.json(), serialization.json_schema("history"))
        expected = BOOK.history(
            "A100",
            "NL",
            start="2023-01-01",
            end="2025-01-01",
            headquartered_in="CN",
            known_on="2024-01-01",
            strict=True,
        )
        assert library(expected) == response.json()

    def test_revisions(self, client):
        """GET /revisions is the JSON of revisions."""
        response = client.get("/revisions", params={"date": "2025-06-01", "chip": "H100", "country": "IN"})
        assert response.status_code == 200, response.text
        valid(response.json(), serialization.json_schema("revisions"))
        assert library(BOOK.revisions("2025-06-01", "H100", "IN")) == response.json()

    def test_classify(self, client):
        """GET /classify is the JSON of explain_classification."""
        response = client.get("/classify", params={"chip": "H20", "date": "2024-06-01", "known_on": "2024-01-01"})
        assert response.status_code == 200, response.text
        valid(response.json(), serialization.json_schema("classification"))
        assert library(BOOK.explain_classification("H20", "2024-06-01", known_on="2024-01-01")) == response.json()

    def test_diff(self, client, openapi):
        """GET /diff (repeated chip= and country=) is the JSON of each change diff finds."""
        params = [("date_a", "2023-11-16"), ("date_b", "2025-06-01"), ("chip", "H100"), ("chip", "H20")]
        params += [("country", "SA"), ("country", "CN"), ("hq", "CN")]
        response = client.get("/diff", params=params)
        assert response.status_code == 200, response.text
        changes = BOOK.diff(
            "2023-11-16", "2025-06-01", chips=["H100", "H20"], countries=["SA", "CN"], headquartered_in="CN"
        )
        assert len(changes) >= 2
        assert library(list(changes)) == response.json()
        for change in response.json():
            valid(change, serialization.json_schema("change"))
        valid(response.json(), documented(openapi, "/diff"))

    def test_events(self, client):
        """GET /events is the JSON of events, whole or within [start, end)."""
        for params, expected in (({}, BOOK.events()), ({"start": "2025-01-01", "end": "2025-06-01"}, None)):
            response = client.get("/events", params=params)
            assert response.status_code == 200, response.text
            valid(response.json(), serialization.json_schema("events"))
            want = expected if expected is not None else BOOK.events(start="2025-01-01", end="2025-06-01")
            assert library(want) == response.json()
            assert len(response.json()["events"]) == len(want) > 0

    def test_screen(self, client):
        """POST /screen answers each row as the library's screen does, bad rows with their error."""
        rows = [
            {"date": "2025-06-01", "chip": "H20", "country": "CN"},
            {"date": "2025-06-01", "chip": "H2O", "country": "CN"},
            {"date": "2024-01-10", "chip": "A100", "country": "NL", "hq": "CN"},
            {"date": "2025-06-01", "chip": "H100", "country": "IN", "known_on": "2025-02-01"},
        ]
        response = client.post("/screen", json={"rows": rows})
        assert response.status_code == 200, response.text
        assert response.json() == {"rows": library(BOOK.screen(rows, errors="coerce"))}
        legal = client.post("/screen", json={"rows": rows[:1], "basis": "legal", "errors": "raise", "strict": True})
        assert legal.status_code == 200, legal.text
        assert legal.json() == {"rows": library(BOOK.screen(rows[:1], basis="legal", strict=True))}

    def test_chips(self, client):
        """GET /chips is the JSON of every catalogue chip."""
        response = client.get("/chips")
        assert response.status_code == 200
        assert response.json() == library(list(BOOK.chips))

    def test_countries(self, client, openapi):
        """GET /countries lists every country; with group and on, the group's members on that day."""
        everything = client.get("/countries")
        assert everything.status_code == 200
        assert everything.json() == [{"code": c.code, "name": c.name} for c in BOOK.countries()]
        valid(everything.json(), documented(openapi, "/countries"))
        members = client.get("/countries", params={"group": "D:5", "on": "2025-06-01"})
        assert members.status_code == 200
        assert members.json() == [{"code": c.code, "name": c.name} for c in BOOK.members("D:5", "2025-06-01")]
        assert {"code": "CN", "name": "China"} in members.json()

    def test_info(self, client, openapi):
        """GET /info names the library, the record and its days."""
        response = client.get("/info")
        assert response.status_code == 200
        valid(response.json(), documented(openapi, "/info"))
        data = response.json()
        assert (data["library"], data["record"], data["sha256"]) == (
            chipcontrols.__version__,
            INFO.version,
            BOOK.stamp.digest,
        )
        assert (data["start"], data["reviewed"]) == (FIRST, REVIEWED)
        assert (data["chips"], data["instruments"]) == (len(BOOK.chips), len(BOOK.instruments))


class TestToday:
    def test_today_on_the_clock(self, client):
        """date=today is the library's answer for today."""
        response = client.get("/status", params={"date": "today", "chip": "H200", "country": "CN"})
        assert response.status_code == 200
        assert response.json() == library(BOOK.status_at("today", "H200", "CN"))

    def test_today_on_the_review_day_has_no_age_note(self, client, monkeypatch):
        """On the review day itself the answer carries no record-age caveat."""
        monkeypatch.setattr(_dates, "today", lambda: INFO.reviewed)
        response = client.get("/status", params={"date": "today", "chip": "H200", "country": "CN"})
        assert response.status_code == 200
        assert "record-age" not in [c["kind"] for c in response.json()["caveats"]]

    def test_today_after_the_review_day(self, client, monkeypatch):
        """After the review day, today is answered as known then, with a caveat naming the review day."""
        monkeypatch.setattr(_dates, "today", lambda: AFTER_REVIEW)
        response = client.get("/status", params={"date": "today", "chip": "H200", "country": "CN"})
        assert response.status_code == 200, response.text
        data = response.json()
        valid(data, serialization.json_schema("status"))
        assert data == library(BOOK.status_at(AFTER_REVIEW, "H200", "CN"))
        ages = [c for c in data["caveats"] if c["kind"] == "record-age"]
        assert len(ages) == 1 and ages[0]["since"] == REVIEWED and REVIEWED in ages[0]["message"]
        assert client.get("/info").json()["today"] == AFTER_REVIEW.isoformat()

    def test_group_members_name_the_record_and_its_age(self, client, monkeypatch, openapi):
        """A group's members (a bare list) come with the record's version and review day in headers; on a day
        after the review day (given, or today), also the record-age note that other answers carry as a caveat."""
        on_review = client.get("/countries", params={"group": "D:5", "on": REVIEWED})
        assert on_review.status_code == 200
        headers = on_review.headers
        assert (headers["x-record-version"], headers["x-record-reviewed"]) == (INFO.version, REVIEWED)
        assert "x-record-age" not in on_review.headers
        later = (INFO.reviewed + dt.timedelta(days=30)).isoformat()
        after = client.get("/countries", params={"group": "D:5", "on": later})
        assert after.status_code == 200
        assert after.json() == [{"code": c.code, "name": c.name} for c in BOOK.members("D:5", later)]
        (note,) = BOOK.status_at(later, "H200", "CN").notes
        assert after.headers["x-record-age"] == caveat_text(note) and REVIEWED in after.headers["x-record-age"]
        monkeypatch.setattr(_dates, "today", lambda: AFTER_REVIEW)
        today = client.get("/countries", params={"group": "D:5"})
        assert "x-record-age" in today.headers
        assert today.json() == [{"code": c.code, "name": c.name} for c in BOOK.members("D:5", AFTER_REVIEW)]
        assert "x-record-age" not in client.get("/countries").headers  # the countries themselves have no dates
        documented_headers = openapi["paths"]["/countries"]["get"]["responses"]["200"]["headers"]
        assert set(documented_headers) == {"x-record-version", "x-record-reviewed", "x-record-age"}

    def test_today_after_the_review_day_strict_is_refused(self, client, monkeypatch):
        """strict=true refuses today once it is after the review day, naming date and the last day it takes."""
        monkeypatch.setattr(_dates, "today", lambda: AFTER_REVIEW)
        error = refused(client.get("/status", params={"date": "today", "chip": "H200", "country": "CN", "strict": "1"}))
        assert (error["type"], error["parameter"]) == ("OutsideCoverageError", "date")
        assert REVIEWED in error["expected"] and FIRST in error["expected"]

    def test_history_agrees_with_status_around_the_review_day(self, client):
        """/history and /status agree on the first and last day of every period around the review day
        (DESIGN section 7, property 5). A period reaching past the review day carries the record-age note of
        its later days; /status gives it for those days only."""
        data = client.get("/history", params={"chip": "H20", "country": "CN", "start": "2026-09-01"}).json()
        assert data == library(BOOK.history("H20", "CN", start="2026-09-01"))
        assert data["periods"][-1]["period"]["end"] is None
        for p in data["periods"]:
            start = dt.date.fromisoformat(p["period"]["start"])
            end = p["period"]["end"]
            last = dt.date.fromisoformat(end) - dt.timedelta(days=1) if end else start + dt.timedelta(days=365)
            for day in (start, last):
                status = client.get("/status", params={"date": day.isoformat(), "chip": "H20", "country": "CN"}).json()
                got = (status["level"], sorted(c["kind"] for c in status["caveats"]))
                kinds = [c["kind"] for c in p["status"]["caveats"]]
                if day <= INFO.reviewed:  # the note is about the days after the review day
                    kinds = [k for k in kinds if k != "record-age"]
                assert got == (p["status"]["level"], sorted(kinds)), (p["period"], day)

    def test_known_on_after_the_review_day_is_capped(self, client, monkeypatch):
        """A knowledge day after the review day is the review day, and the answer says so."""
        monkeypatch.setattr(_dates, "today", lambda: AFTER_REVIEW)
        known = (INFO.reviewed + dt.timedelta(days=1)).isoformat()
        response = client.get(
            "/status", params={"date": "2025-06-01", "chip": "H20", "country": "CN", "known_on": known}
        )
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["known_on"] == REVIEWED
        assert "record-age" in [c["kind"] for c in data["caveats"]]
        assert data == library(BOOK.status_at("2025-06-01", "H20", "CN", known_on=known))

    def test_a_capped_knowledge_day_is_named_alike_everywhere(self, client, monkeypatch):
        """status_at, history and grid, and the service's /status and /history, name a capped knowledge day as the
        review day (history and grid once left it null while status_at named it), and answer alike otherwise."""
        monkeypatch.setattr(_dates, "today", lambda: AFTER_REVIEW)
        known = (INFO.reviewed + dt.timedelta(days=1)).isoformat()
        one = BOOK.status_at("2025-06-01", "H20", "CN", known_on=known)
        (period,) = [e for e in BOOK.history("H20", "CN", known_on=known) if dt.date(2025, 6, 1) in e.period]
        cell = BOOK.grid(["2025-06-01"], ["H20"], ["CN"], known_on=known).status("2025-06-01", "H20", "CN")
        assert one.known_on == period.status.known_on == cell.known_on == INFO.reviewed
        assert attrs.evolve(period.status, period=one.period) == one
        assert attrs.evolve(cell, period=one.period) == one
        entries = client.get("/history", params={"chip": "H20", "country": "CN", "known_on": known}).json()["periods"]
        assert {e["status"]["known_on"] for e in entries} == {REVIEWED}
        status = client.get("/status", params={"date": "2025-06-01", "chip": "H20", "country": "CN", "known_on": known})
        assert status.json()["known_on"] == REVIEWED
        on_the_day = BOOK.status_at("2025-06-01", "H20", "CN", known_on=REVIEWED)
        assert on_the_day.known_on is None and on_the_day.notes == ()  # the whole record, nothing capped


class TestUndetermined:
    def test_record_case_is_null(self, client):
        """An undetermined answer from the record has license_required null, in /status and in /screen."""
        day, country = "2026-08-01", "AE"
        chip = next(
            c.name for c in BOOK.chips if BOOK.status_at(day, c, country).requirement is Requirement.UNDETERMINED
        )
        data = client.get("/status", params={"date": day, "chip": chip, "country": country}).json()
        assert (data["requirement"], data["license_required"], data["level"]) == ("undetermined", None, "undetermined")
        row = client.post("/screen", json={"rows": [{"date": day, "chip": chip, "country": country}]}).json()["rows"][0]
        assert (row["requirement"], row["license_required"]) == ("undetermined", None)

    def test_chip_without_specifications_is_null(self):
        """A chip whose figures the record lacks gets null, never false, from a service over that rulebook."""
        book = BOOK.with_chips(Chip(name="Mystery accelerator", datacenter=True))
        with TestClient(create_app(book)) as c:
            response = c.get("/status", params={"date": "2025-06-01", "chip": "Mystery accelerator", "country": "CN"})
        assert response.status_code == 200, response.text
        data = response.json()
        valid(data, serialization.json_schema("status"))
        assert (data["requirement"], data["license_required"]) == ("undetermined", None)
        assert "missing-specification" in [c["kind"] for c in data["caveats"]]
        assert data == library(book.status_at("2025-06-01", "Mystery accelerator", "CN"))


def _status(**params: str) -> tuple[str, dict[str, str]]:
    return "/status", {"date": "2025-06-01", "chip": "H20", "country": "CN", **params}


# (path, params, error type, parameter, a fragment of what it takes)
REFUSALS = [
    (*_status(chip="H2O"), "UnknownChipError", "chip", "GET /chips"),
    (*_status(country="Narnia"), "UnknownCountryError", "country", "ISO 3166-1"),
    (*_status(hq="Narnia"), "UnknownCountryError", "hq", "ISO 3166-1"),
    (*_status(country="Congo"), "AmbiguousInputError", "country", "Congo"),
    (*_status(date="2025-13-01"), "InvalidDateError", "date", "YYYY-MM-DD"),
    (*_status(date="06/01/2025"), "InvalidDateError", "date", "YYYY-MM-DD"),
    (*_status(date=""), "InvalidDateError", "date", "YYYY-MM-DD"),
    (*_status(date="2018-12-31"), "OutsideCoverageError", "date", FIRST),
    (*_status(known_on="2025-6-1"), "InvalidDateError", "known_on", "YYYY-MM-DD"),
    (*_status(basis="moral"), "InvalidArgumentError", "basis", "'compliance'"),
    (*_status(bogus="1"), "ParameterError", "bogus", "known_on"),
    (*_status(knownon="2025-01-01"), "ParameterError", "knownon", "known_on"),
    (*_status(strict="maybe"), "ValidationException", "strict", "true or false"),
    (*_status(date="2027-01-01", strict="true"), "OutsideCoverageError", "date", REVIEWED),
    ("/status", {"chip": "H20", "country": "CN"}, "ParameterError", "date", "YYYY-MM-DD"),
    ("/history", {"chip": "H20", "country": "CN", "start": "2018-12-31"}, "OutsideCoverageError", "start", FIRST),
    ("/history", {"chip": "H20", "country": "CN", "end": "2018-01-01"}, "InvalidArgumentError", "end", "after start"),
    ("/history", {"chip": "H20", "country": "CN", "by": "nonsense"}, "InvalidArgumentError", "by", "level"),
    (
        "/history",
        {"chip": "H20", "country": "CN", "end": "2027-01-01", "strict": "true"},
        "OutsideCoverageError",
        "end",
        REVIEWED,
    ),
    ("/history", {"chip": "H20", "country": "CN", "date": "2025-01-01"}, "ParameterError", "date", "start"),
    ("/revisions", {"date": "2025-06-01", "chip": "H20", "country": "XX"}, "UnknownCountryError", "country", "ISO"),
    ("/classify", {"chip": "H20", "date": "2018-06-01"}, "OutsideCoverageError", "date", FIRST),
    ("/classify", {"chip": "H20", "date": "2025-06-01", "country": "CN"}, "ParameterError", "country", "chip"),
    (
        "/diff",
        {"date_a": "2025-01-01", "date_b": "2018-06-01", "chip": "H20", "country": "CN"},
        "OutsideCoverageError",
        "date_b",
        FIRST,
    ),
    (
        "/diff",
        {"date_a": "2025-01-01", "date_b": "2025-06-01", "chip": "H2O", "country": "CN"},
        "UnknownChipError",
        "chip",
        "GET /chips",
    ),
    (
        "/diff",
        {"date_a": "2025-01-01", "date_b": "2025-06-01", "country": "CN"},
        "ParameterError",
        "chip",
        "GET /chips",
    ),
    ("/countries", {"group": "D:9"}, "UnknownIdError", "group", "D:5"),
    ("/countries", {"group": "D:5", "on": "2018-06-01"}, "OutsideCoverageError", "on", FIRST),
    ("/countries", {"on": "2025-06-01"}, "ParameterError", "on", "group"),
    ("/events", {"start": "yesterday"}, "InvalidDateError", "start", "YYYY-MM-DD"),
    ("/events", {"start": "2025-06-01", "end": "2025-01-01"}, "InvalidArgumentError", "end", "after start"),
    ("/chips", {"vendor": "NVIDIA"}, "ParameterError", "vendor", "no parameters"),
    ("/info", {"verbose": "1"}, "ParameterError", "verbose", "no parameters"),
]


class TestRefusals:
    @pytest.mark.parametrize(("path", "params", "kind", "parameter", "takes"), REFUSALS)
    def test_refusal_names_the_parameter(self, client, path, params, kind, parameter, takes):
        """A question the record cannot take is a 400 JSON error naming the parameter and what it takes."""
        error = refused(client.get(path, params=params))
        assert (error["type"], error["parameter"]) == (kind, parameter), error
        assert takes in error["expected"], error

    def test_close_matches(self, client):
        """An unknown chip or country comes with close matches."""
        chip = refused(client.get("/status", params={"date": "2025-06-01", "chip": "H2O", "country": "CN"}))
        assert chip["close_matches"][:2] == ["H20", "H200"]
        country = refused(client.get("/status", params={"date": "2025-06-01", "chip": "H20", "country": "Chnia"}))
        assert "China" in country["close_matches"]
        congo = refused(client.get("/status", params={"date": "2025-06-01", "chip": "H20", "country": "Congo"}))
        assert len(congo["candidates"]) == 2

    def test_repeated_parameter_is_refused(self, client):
        """A parameter that takes one value, given twice, is refused rather than one value picked."""
        params = [("date", "2025-06-01"), ("date", "2025-07-01"), ("chip", "H20"), ("country", "CN")]
        error = refused(client.get("/status", params=params))
        assert (error["type"], error["parameter"]) == ("ParameterError", "date")
        assert "2 times" in error["message"]

    def test_unknown_parameter_lists_every_parameter(self, client, openapi):
        """The refusal of an unknown parameter lists exactly the parameters the OpenAPI document gives."""
        for path in ("/status", "/history", "/revisions", "/classify", "/diff", "/countries", "/events"):
            error = refused(client.get(path, params={"zzz": "1"}))
            documented_names = [p["name"] for p in openapi["paths"][path]["get"].get("parameters", [])]
            assert sorted(error["expected"].split(", ")) == sorted(documented_names), path

    def test_known_on_in_the_future_is_refused(self, client):
        """A knowledge day after today is refused, naming known_on and today."""
        later = (_dates.today() + dt.timedelta(days=1)).isoformat()
        error = refused(
            client.get("/status", params={"date": "2025-06-01", "chip": "H20", "country": "CN", "known_on": later})
        )
        assert (error["type"], error["parameter"]) == ("InvalidArgumentError", "known_on")
        assert _dates.today().isoformat() in error["expected"]

    @pytest.mark.parametrize(
        ("body", "parameter", "takes"),
        [
            ({"rows": "x"}, "rows", "list of rows"),
            ({}, "rows", "list of rows"),
            ({"rows": [], "colour": "red"}, "colour", "rows, errors, basis, strict"),
            ({"rows": [], "errors": "ignore"}, "errors", "'coerce'"),
            ({"rows": [], "basis": "moral"}, "basis", "'enforced'"),
            ({"rows": [], "strict": "yes"}, "strict", "true or false"),
            ({"rows": [1]}, "rows", "mapping"),
            ({"rows": [{"date": "2025-06-01", "chip": "H20"}]}, "rows", "key of the rows"),
            (
                {"rows": [{"date": "2025-06-01", "chip": "H2O", "country": "CN"}], "errors": "raise"},
                "rows",
                "GET /chips",
            ),
            ({"rows": [{}] * 100_001}, "rows", "at most 100,000 rows"),
        ],
    )
    def test_screen_refusals(self, client, body, parameter, takes):
        """A body /screen cannot take is a 400 JSON error naming the key at fault."""
        error = refused(client.post("/screen", json=body))
        assert error["parameter"] == parameter, error
        assert takes in error["expected"], error

    def test_screen_takes_the_documented_batch(self, client):
        """100,000 rows with long names, headquarters and knowledge days (over 10 MB of JSON) are all answered."""
        row = {"date": "2025-06-01", "chip": "RTX PRO 6000 Blackwell Server Edition", "country": "United Arab Emirates"}
        row |= {"hq": "CN", "known_on": "2025-02-01"}
        body = json.dumps({"rows": [row] * 100_000}).encode()
        assert len(body) > 10_000_000
        response = client.post("/screen", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 200, response.text[:500]
        rows = response.json()["rows"]
        assert len(rows) == 100_000
        assert rows[0] == rows[-1] == library(BOOK.screen([row]))[0]

    def test_screen_body_too_large(self, client):
        """A body over the limit is a 413 JSON error naming the body and the limit."""
        body = b"[" + b" " * 64_000_001 + b"]"
        error = refused(client.post("/screen", content=body, headers={"content-type": "application/json"}), 413)
        assert (error["parameter"], error["expected"]) == ("body", "at most 64 MB")

    def test_screen_body_not_an_object(self, client):
        """A body that is not a JSON object, or not JSON, is refused naming the body."""
        for content in (b"[1, 2]", b"not json", b""):
            error = refused(client.post("/screen", content=content, headers={"content-type": "application/json"}))
            assert (error["parameter"], error["expected"]) == ("body", "a JSON object"), (content, error)

    def test_not_found(self, client):
        """An unknown path is a 404 JSON error listing the API's paths."""
        error = refused(client.get("/statuz"), 404)
        assert "/status" in error["expected"] and "/schema/openapi.json" in error["expected"]

    def test_method_not_allowed(self, client):
        """Writing to a read-only endpoint is a 405 JSON error with the Allow header."""
        for method, path in (("post", "/status"), ("put", "/chips"), ("delete", "/info"), ("patch", "/history")):
            response = getattr(client, method)(path)
            error = refused(response, 405)
            assert "GET" in response.headers["allow"] and "GET" in error["expected"]
            assert "POST" not in response.headers["allow"]
        screen = client.get("/screen")
        error = refused(screen, 405)
        assert "POST" in screen.headers["allow"] and "GET" not in screen.headers["allow"]

    def test_head(self, client):
        """HEAD / answers the page's headers without a body; HEAD on a JSON endpoint is 405 with Allow: GET."""
        page = client.get("/")
        response = client.head("/")
        assert response.status_code == 200
        assert response.content == b""
        assert response.headers["content-type"] == page.headers["content-type"] == "text/html; charset=utf-8"
        assert int(response.headers["content-length"]) == len(page.content)
        status = client.head("/status", params={"date": "2025-06-01", "chip": "H20", "country": "CN"})
        assert status.status_code == 405 and status.content == b""
        assert "GET" in status.headers["allow"]

    def test_internal_failure_is_json_without_a_traceback(self, client, monkeypatch, caplog):
        """An unexpected failure is a 500 JSON error that shows no internals; the failure is logged."""

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("secret internal detail")

        monkeypatch.setattr(chipcontrols.Rulebook, "status_at", broken)
        with caplog.at_level("ERROR", logger="chipcontrols.serve"):
            response = client.get("/status", params={"date": "2025-06-01", "chip": "H20", "country": "CN"})
        error = refused(response, 500)
        assert "secret internal detail" not in response.text
        assert error["type"] == "InternalServerError"
        assert "secret internal detail" in caplog.text


class TestOpenAPI:
    def test_embeds_the_published_schemas(self, openapi):
        """Each answer's component is the published JSON Schema (without $schema)."""
        schemas = openapi["components"]["schemas"]
        for name in serialization.ANSWER_TYPES:
            published = {k: v for k, v in serialization.json_schema(name).items() if k != "$schema"}
            assert schemas[f"chipcontrols_{name}"] == published, name
        assert schemas["chipcontrols_error"] == ERROR_SCHEMA

    def test_answers_refer_to_their_schemas(self, openapi):
        """Each answer endpoint's 200 response refers to its schema; each API endpoint's 400 to the error schema."""
        refs = {
            "/status": "status",
            "/history": "history",
            "/revisions": "revisions",
            "/classify": "classification",
            "/events": "events",
        }
        for path, name in refs.items():
            assert documented(openapi, path)["$ref"] == f"#/components/schemas/chipcontrols_{name}"
        assert documented(openapi, "/diff")["items"]["$ref"] == "#/components/schemas/chipcontrols_change"
        for path, item in openapi["paths"].items():
            for operation in item.values():
                ref = operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/chipcontrols_error", path

    def test_read_only(self, openapi):
        """The API offers reading only: GET everywhere, and POST only for /screen, which stores nothing."""
        methods = {(path, method) for path, item in openapi["paths"].items() for method in item}
        assert {m for _, m in methods} == {"get", "post"}
        assert {p for p, m in methods if m == "post"} == {"/screen"}
        expected = {"/status", "/history", "/revisions", "/classify", "/diff", "/screen", "/chips", "/countries"}
        assert {p for p, _ in methods} == expected | {"/events", "/info"}

    def test_responses_validate_against_the_document(self, client, openapi):
        """An answer validates against the schema the OpenAPI document gives its endpoint."""
        for path, params in (
            ("/status", {"date": "2025-06-01", "chip": "H20", "country": "CN"}),
            ("/history", {"chip": "H20", "country": "CN"}),
            ("/revisions", {"date": "2025-06-01", "chip": "H20", "country": "CN"}),
            ("/classify", {"chip": "H20", "date": "2025-06-01"}),
            ("/events", {}),
        ):
            valid(client.get(path, params=params).json(), documented(openapi, path))
        error = client.get("/status", params={"date": "x", "chip": "H20", "country": "CN"}).json()
        valid(error, documented(openapi, "/status", code="400"))


class TestPage:
    def test_page_has_the_form(self, client):
        """GET / is the HTML page with the question form and the scripts that ask the API."""
        response = client.get("/")
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        html = response.text
        assert '<form id="ask">' in html and '<button id="go" type="submit">' in html
        for field in ("date", "chip", "country", "hq", "known_on"):
            assert f'<input id="{field}" name="{field}"' in html
        assert 'fetch("/status?"' in html and 'fetch("/history?"' in html
        assert "Not legal advice" in html

    def test_page_without_script_submits_harmlessly(self, client):
        """A form submitted without its script (GET / with the fields) still gets the page, not an error."""
        response = client.get("/", params={"date": "today", "chip": "H200", "country": "CN", "hq": "", "known_on": ""})
        assert response.status_code == 200 and '<form id="ask">' in response.text


class TestSafety:
    def test_no_network(self, client, monkeypatch):
        """Answering makes no network connection and resolves no host name."""

        def forbidden(*args: object, **kwargs: object) -> None:
            raise AssertionError("the service tried to use the network")

        monkeypatch.setattr(socket.socket, "connect", forbidden)
        monkeypatch.setattr(socket.socket, "connect_ex", forbidden)
        monkeypatch.setattr(socket, "create_connection", forbidden)
        monkeypatch.setattr(socket, "getaddrinfo", forbidden)
        for path, params in (
            ("/status", {"date": "2024-02-01", "chip": "H800", "country": "AE"}),
            ("/history", {"chip": "MI300X", "country": "IN"}),
            ("/revisions", {"date": "2025-06-01", "chip": "H100", "country": "AE"}),
            ("/classify", {"chip": "MI308X", "date": "2025-06-01"}),
            ("/diff", {"date_a": "2023-01-01", "date_b": "2024-01-01", "chip": "A800 SXM", "country": "CN"}),
            ("/chips", {}),
            ("/countries", {"group": "E:1"}),
            ("/events", {}),
            ("/info", {}),
            ("/", {}),
            ("/schema/openapi.json", {}),
        ):
            assert client.get(path, params=params).status_code == 200, path
        rows = [{"date": "2025-06-01", "chip": "H20", "country": "MO"}]
        assert client.post("/screen", json={"rows": rows}).status_code == 200

    def test_concurrent_clients_share_one_rulebook(self):
        """Four threads, each with its own event loop, asking overlapping questions of one cold rulebook get the
        library's answers."""
        book = chipcontrols.Rulebook(BOOK.record)  # cold caches: the threads fill them together
        chips = ["H20", "H100", "A100", "H200", "MI308X", "A800 SXM"]
        countries = ["CN", "IN", "AE", "NL", "HK", "MO", "RU"]
        days = ["2021-01-04", "2022-10-21", "2023-11-17", "2025-01-15", "2025-06-01", "2026-01-15"]
        questions = [(d, c, k) for d in days for c in chips for k in countries][::3]
        barrier = threading.Barrier(4)
        # the apps are built here: Litestar's first app construction imports plugins lazily, which is not safe
        # from four threads at once (a partly initialised module); the answering is what runs concurrently
        apps = [create_app(book) for _ in range(4)]
        answers: dict[int, list[tuple[tuple[str, str, str], int, Any]]] = {}
        failures: list[BaseException] = []

        def ask(worker: int) -> None:
            try:
                with TestClient(apps[worker]) as c:  # an app (and event loop) per thread, one rulebook
                    barrier.wait(timeout=30)
                    mine = questions[worker:] + questions[:worker]  # each thread starts elsewhere, all overlap
                    answers[worker] = []
                    for d, c_, k in mine:
                        r = c.get("/status", params={"date": d, "chip": c_, "country": k})
                        answers[worker].append(((d, c_, k), r.status_code, r.json()))
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not failures, failures
        assert sorted(answers) == [0, 1, 2, 3]
        expected = {q: library(BOOK.status_at(*q)) for q in questions}
        for worker, got in answers.items():
            assert len(got) == len(questions), worker
            for q, code, data in got:
                assert code == 200, (q, data)
                assert data == expected[q], q
        assert all(c.entries <= c.limit for c in book.cache_info())


class TestCommand:
    def test_serve_runs_uvicorn_with_the_app(self, monkeypatch, capsys):
        """``chipcontrols serve --host --port`` runs the service's app under uvicorn on that address."""
        import uvicorn
        from litestar import Litestar

        calls: list[tuple[object, dict[str, object]]] = []
        monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append((app, kwargs)))
        assert main(["serve", "--host", "127.0.0.2", "--port", "8123"]) == 0
        assert len(calls) == 1
        app, kwargs = calls[0]
        assert isinstance(app, Litestar)
        assert (kwargs["host"], kwargs["port"]) == ("127.0.0.2", 8123)
        assert "http://127.0.0.2:8123/" in capsys.readouterr().err
        with TestClient(app) as c:
            assert c.get("/info").json()["record"] == INFO.version
