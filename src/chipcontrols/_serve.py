"""``chipcontrols serve``: a read-only HTTP JSON API over the same questions (needs the ``serve`` extra).

Built on Litestar and run by uvicorn. Every answer is the JSON form of ``chipcontrols.serialization``;
the OpenAPI document (``/schema/openapi.json``) describes responses with the same JSON Schemas the
docs publish (``chipcontrols.serialization.json_schema``), so the API has no second model. Every
refusal is a JSON object ``{"error": {...}}`` (:data:`ERROR_SCHEMA`) with the library's message, the
parameter at fault and what it takes, and close matches where there are some: a query parameter the
endpoint does not take, one given twice or one missing is refused too, never silently ignored. ``/``
is a small page to ask a question and read the explained answer and the chip's history.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

from . import _dates, serialization
from ._rulebook import Rulebook, bundled
from ._version import __version__
from .errors import (
    AmbiguousInputError,
    ChipControlsError,
    InvalidArgumentError,
    InvalidDateError,
    InvalidRecordError,
    InvalidTypeError,
    InvalidValueError,
    MissingDependencyError,
    OutsideCoverageError,
    UnknownChipError,
    UnknownCountryError,
)

try:
    from litestar import Litestar, MediaType, Request, Response, get, head, post
    from litestar.exceptions import HTTPException
    from litestar.handlers import BaseRouteHandler
    from litestar.openapi import OpenAPIConfig
    from litestar.params import FromQuery, JSONBody, QueryParameter
except ImportError as _missing:  # the serve extra is not installed
    raise MissingDependencyError("chipcontrols serve", "litestar", "serve") from _missing

__all__ = ["ERROR_SCHEMA", "ParameterError", "create_app", "run"]

_LOG = logging.getLogger("chipcontrols.serve")

_RESPONSES = {
    "/status": "status",
    "/history": "history",
    "/revisions": "revisions",
    "/classify": "classification",
    "/events": "events",
}

_DAY = "a day as YYYY-MM-DD, or today"
_CHIP = "a chip name or alias from GET /chips"
_COUNTRY = "an ISO 3166-1 alpha-2 or alpha-3 code or a country name (GET /countries)"

#: What each query parameter takes, for a refusal that names a parameter the library never saw.
_TAKES = {
    "date": _DAY,
    "date_a": _DAY,
    "date_b": _DAY,
    "start": _DAY,
    "end": _DAY,
    "known_on": _DAY,
    "on": _DAY,
    "chip": _CHIP,
    "country": _COUNTRY,
    "hq": _COUNTRY,
    "basis": "one of legal, compliance, enforced",
    "strict": "true or false",
    "by": "a field of the answer (e.g. level); repeat by= for more",
    "group": "a country group id (e.g. D:5)",
}

#: The library's argument names that the service spells differently.
_ARGUMENTS = {"headquartered_in": "hq", "chips": "chip", "countries": "country"}

#: The keys a posted ``/screen`` body may have.
_SCREEN_KEYS = ("rows", "errors", "basis", "strict")
_SCREEN_LIMIT = 100_000
#: The largest body ``/screen`` reads: 100,000 rows of long names with headquarters and knowledge days.
_SCREEN_BYTES = 64_000_000

#: The JSON Schema of every refusal's body (also in the OpenAPI document as ``chipcontrols_error``).
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "message": {"type": "string"},
                "parameter": {"type": ["string", "null"]},
                "expected": {"type": ["string", "null"]},
                "close_matches": {"type": "array", "items": {"type": "string"}},
                "candidates": {"type": "array", "items": {"type": "string"}},
                "problems": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string"},
                            "path": {"type": "string"},
                            "message": {"type": "string"},
                        },
                        "required": ["file", "message", "path"],
                        "additionalProperties": False,
                    },
                },
            },
            "required": ["expected", "message", "parameter", "type"],
            "additionalProperties": False,
        }
    },
    "required": ["error"],
    "additionalProperties": False,
}

_COUNTRIES_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"code": {"type": "string", "pattern": "^[A-Z]{2}$"}, "name": {"type": "string"}},
        "required": ["code", "name"],
        "additionalProperties": False,
    },
}

_INFO_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "library": {"type": "string"},
        "record": {"type": "string"},
        "start": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "reviewed": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "sources_through": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "instruments": {"type": "integer"},
        "chips": {"type": "integer"},
        "countries": {"type": "integer"},
        "today": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    },
    "required": [
        "chips",
        "countries",
        "instruments",
        "library",
        "record",
        "reviewed",
        "sha256",
        "sources_through",
        "start",
        "today",
    ],
    "additionalProperties": False,
}


class ParameterError(ChipControlsError, ValueError):
    """A query parameter (or a key of a posted body) that an endpoint does not take, lacks or got twice.

    Attributes:
        parameter: the parameter's name.
        expected: what the endpoint takes instead.

    >>> print(ParameterError("bogus", "bogus: not a parameter of GET /info", "no parameters"))
    bogus: not a parameter of GET /info
    """

    def __init__(self, parameter: str, message: str, expected: str) -> None:
        self.parameter = parameter
        self.expected = expected
        super().__init__(message)


class _Located(Exception):
    """A library error raised while answering a posted body, with the key of the body it concerns."""

    def __init__(self, error: ChipControlsError, parameter: str) -> None:
        self.error = error
        self.parameter = parameter
        super().__init__(str(error))


def _expected(exc: ChipControlsError) -> str | None:
    """What the parameter at fault takes, in the terms of the HTTP API."""
    if isinstance(exc, ParameterError):
        return exc.expected
    if isinstance(exc, OutsideCoverageError):
        first, reviewed = exc.first.isoformat(), exc.reviewed.isoformat()
        if exc.date < exc.first:
            return f"a day on or after {first}, the record's first day"
        return f"a day from {first} through {reviewed}, the record's review day (or leave strict out)"
    if isinstance(exc, InvalidDateError):
        return _DAY
    if isinstance(exc, UnknownChipError):
        return _CHIP
    if isinstance(exc, UnknownCountryError):
        return _COUNTRY
    if isinstance(exc, AmbiguousInputError):
        return "one of: " + ", ".join(exc.candidates)
    if isinstance(exc, InvalidArgumentError | InvalidValueError | InvalidTypeError):
        return exc.expected
    return None


def _values(exc: ChipControlsError) -> set[str]:
    """The query values that could have raised ``exc``."""
    if isinstance(exc, OutsideCoverageError):
        return {exc.date.isoformat(), "today"} if exc.date == _dates.today() else {exc.date.isoformat()}
    if isinstance(exc, UnknownChipError | UnknownCountryError | AmbiguousInputError):
        return {exc.name}
    value = getattr(exc, "value", None)
    if isinstance(value, dt.date):
        return {value.isoformat()}
    return {value} if isinstance(value, str) else set()


def _parameter(exc: ChipControlsError, given: Mapping[str, Sequence[str]]) -> str | None:
    """The query parameter that ``exc`` is about: the argument it names, else the one holding its value."""
    if isinstance(exc, ParameterError):
        return exc.parameter
    named = getattr(exc, "argument", None)
    if named is None and isinstance(exc, InvalidValueError | InvalidTypeError) and not exc.owner:
        named = exc.field
    if isinstance(named, str):
        named = _ARGUMENTS.get(named, named)
        if named in given:
            return named
    wanted = _values(exc)
    if isinstance(exc, OutsideCoverageError) and (exc.date + dt.timedelta(days=1)).isoformat() in given.get("end", ()):
        return "end"  # an end is exclusive: the last day it asks about is the day before
    if isinstance(exc, UnknownChipError):
        names: tuple[str, ...] | None = ("chip",)
    elif isinstance(exc, UnknownCountryError):
        names = ("country", "hq")
    else:
        names = None
    for name, values in given.items():
        if (names is None or name in names) and wanted.intersection(values):
            return name
    return None


def _body(exc: Exception, parameter: str | None, expected: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": type(exc).__name__,
        "message": str(exc),
        "parameter": parameter,
        "expected": expected,
    }
    for attr in ("close_matches", "candidates"):
        value = getattr(exc, attr, None)
        if value:
            out[attr] = list(value)
    if isinstance(exc, InvalidRecordError):
        out["problems"] = [{"file": p.file, "path": p.path, "message": p.message} for p in exc.problems]
    return {"error": out}


def _given(request: Request[Any, Any, Any]) -> dict[str, list[str]]:
    given: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        given.setdefault(name, []).append(value)
    return given


class _Query:
    """The query parameters of one route handler: every name, the required ones, the repeatable ones."""

    __slots__ = ("names", "repeatable", "required")

    def __init__(self, handler: BaseRouteHandler) -> None:
        fields = {n: f for n, f in handler.parsed_fn_signature.parameters.items() if n not in ("data", "request")}
        self.names = tuple(fields)
        self.required = tuple(n for n, f in fields.items() if not f.has_default)
        self.repeatable = frozenset(n for n, f in fields.items() if f.is_non_string_sequence)


def _check_query(request: Request[Any, Any, Any], query: _Query) -> None:
    """Refuse an unknown, repeated or missing query parameter before the handler runs."""
    given = _given(request)
    where = f"{request.method} {request.url.path}"
    takes = ", ".join(query.names) if query.names else "no parameters"
    for name in given:
        if name not in query.names:
            raise ParameterError(name, f"{name}: not a parameter of {where}, which takes {takes}", takes)
    for name, values in given.items():
        if len(values) > 1 and name not in query.repeatable:
            raise ParameterError(
                name, f"{name}: given {len(values)} times to {where}; give it once", _TAKES.get(name, "one value")
            )
    for name in query.required:
        if name not in given:
            raise ParameterError(name, f"{name}: required by {where}", _TAKES.get(name, "a value"))


def _screen(rb: Rulebook, data: dict[str, Any]) -> Any:
    """The rows of a posted ``/screen`` body, answered."""
    keys = ", ".join(_SCREEN_KEYS)
    for key in data:
        if key not in _SCREEN_KEYS:
            raise ParameterError(key, f"{key}: not a key of the body of POST /screen, which takes {keys}", keys)
    if "rows" not in data:
        raise ParameterError("rows", "rows: required in the body of POST /screen", "a list of rows")
    rows = data["rows"]
    if not isinstance(rows, list):
        raise InvalidTypeError("", "rows", rows, "a list of rows (objects with date, chip, country)")
    if len(rows) > _SCREEN_LIMIT:
        raise InvalidArgumentError("rows", f"{len(rows):,} rows", f"at most {_SCREEN_LIMIT:,} rows")
    strict = data.get("strict", False)
    if not isinstance(strict, bool):
        raise InvalidTypeError("", "strict", strict, "true or false")
    return rb.screen(rows, errors=data.get("errors", "coerce"), basis=data.get("basis", "enforced"), strict=strict)


def create_app(book: Rulebook | None = None) -> Litestar:
    """The ASGI application answering from ``book`` (default: the bundled record).

    >>> from litestar.testing import TestClient
    >>> with TestClient(create_app()) as client:
    ...     client.get("/status", params={"date": "2025-06-01", "chip": "H20", "country": "CN"}).json()["level"]
    'license-required'
    """
    rb = bundled() if book is None else book
    queries: dict[BaseRouteHandler, _Query] = {}

    async def check(request: Request[Any, Any, Any]) -> None:
        handler = request.route_handler
        query = queries.get(handler)
        if query is None:
            query = queries[handler] = _Query(handler)
        _check_query(request, query)

    def answer(value: Any) -> Response[Any]:
        return Response(content=serialization.unstructure(value), media_type=MediaType.JSON)

    @get("/status", summary="The explained regime on a day", before_request=check)
    async def status(
        date: FromQuery[str],
        chip: FromQuery[str],
        country: FromQuery[str],
        known_on: FromQuery[str | None] = None,
        basis: FromQuery[str] = "enforced",
        hq: FromQuery[str | None] = None,
        strict: FromQuery[bool] = False,
    ) -> Response[Any]:
        """The regime that applied to ``chip`` shipped to ``country`` on ``date`` (``today`` accepted)."""
        return answer(
            rb.status_at(date, chip, country, known_on=known_on, basis=basis, headquartered_in=hq, strict=strict)
        )

    @get("/history", summary="The periods of a chip's regime for a destination", before_request=check)
    async def history(
        chip: FromQuery[str],
        country: FromQuery[str],
        start: FromQuery[str | None] = None,
        end: FromQuery[str | None] = None,
        known_on: FromQuery[str | None] = None,
        basis: FromQuery[str] = "enforced",
        hq: FromQuery[str | None] = None,
        by: Annotated[list[str] | None, QueryParameter(description="merge periods equal in these fields")] = None,
        strict: FromQuery[bool] = False,
    ) -> Response[Any]:
        """Coalesced periods with the status over each and the instruments that began it."""
        h = rb.history(
            chip,
            country,
            start=start,
            end=end,
            known_on=known_on,
            basis=basis,
            headquartered_in=hq,
            by=by,
            strict=strict,
        )
        return answer(h)

    @get("/revisions", summary="How the answer for one day changed as knowledge grew", before_request=check)
    async def revisions(
        date: FromQuery[str],
        chip: FromQuery[str],
        country: FromQuery[str],
        basis: FromQuery[str] = "enforced",
        hq: FromQuery[str | None] = None,
    ) -> Response[Any]:
        """The knowledge periods of one day's answer, each with the instruments that revised it."""
        return answer(rb.revisions(date, chip, country, basis=basis, headquartered_in=hq))

    @get("/classify", summary="A chip's ECCN paragraph on a day, with every test", before_request=check)
    async def classify(
        chip: FromQuery[str], date: FromQuery[str], known_on: FromQuery[str | None] = None
    ) -> Response[Any]:
        """Every classification test run for a chip on a day, with margins."""
        return answer(rb.explain_classification(chip, date, known_on=known_on))

    @get("/diff", summary="What changed between two days", before_request=check)
    async def diff(
        date_a: FromQuery[str],
        date_b: FromQuery[str],
        chip: Annotated[list[str], QueryParameter(description="one or more chips")],
        country: Annotated[list[str], QueryParameter(description="one or more destinations")],
        known_on: FromQuery[str | None] = None,
        basis: FromQuery[str] = "enforced",
        hq: FromQuery[str | None] = None,
    ) -> Response[Any]:
        """For each chip and destination, how the answer differs between two days and what changed it."""
        changes = rb.diff(
            date_a, date_b, chips=chip, countries=country, known_on=known_on, basis=basis, headquartered_in=hq
        )
        return answer(list(changes))

    # a batch may take seconds: answered in a worker thread, so the other requests are not held up
    @post(
        "/screen",
        summary="Answer a posted batch of shipments",
        status_code=200,
        sync_to_thread=True,
        request_max_body_size=_SCREEN_BYTES,
    )
    def screen(data: JSONBody[dict[str, Any]]) -> Response[Any]:
        """Body: ``{"rows": [{"date", "chip", "country", "hq"?, "known_on"?}, ...]}``, and optionally
        ``"errors"`` (``"coerce"``, the default, or ``"raise"``), ``"basis"`` and ``"strict"``."""
        try:
            out = _screen(rb, data)
        except ChipControlsError as exc:
            if isinstance(exc, ParameterError):
                raise _Located(exc, exc.parameter) from None
            named = getattr(exc, "argument", None) or getattr(exc, "field", None)
            raise _Located(exc, named if named in _SCREEN_KEYS else "rows") from None
        return Response(content={"rows": out}, media_type=MediaType.JSON)

    @get("/chips", summary="The chip catalogue", before_request=check)
    async def chips() -> Response[Any]:
        """Every catalogue chip with its figures and their sources."""
        return answer(list(rb.chips))

    @get("/countries", summary="Countries, or a group's members on a day", before_request=check)
    async def countries(group: FromQuery[str | None] = None, on: FromQuery[str | None] = None) -> Response[Any]:
        """Every ISO 3166-1 country, or the members of ``group`` on ``on`` (default: today)."""
        if group is None:
            if on is not None:
                raise ParameterError(
                    "on", "on: only taken with group (the countries themselves have no dates)", "group"
                )
            found = rb.countries()
        else:
            found = rb.members(group, "today" if on is None else on)
        return Response(content=[{"code": c.code, "name": c.name} for c in found], media_type=MediaType.JSON)

    @get("/events", summary="The record's instruments in the order they became public", before_request=check)
    async def events(start: FromQuery[str | None] = None, end: FromQuery[str | None] = None) -> Response[Any]:
        """The instruments made public within ``[start, end)``."""
        return answer(rb.events(start=start, end=end))

    @get("/info", summary="The library and the record", before_request=check)
    async def info() -> Response[Any]:
        """Versions, the record's first day, review day and sources-through day, and counts."""
        i = rb.info
        return Response(
            content={
                "library": __version__,
                "record": i.version,
                "start": i.start.isoformat(),
                "reviewed": i.reviewed.isoformat(),
                "sources_through": i.sources_through.isoformat(),
                "sha256": rb.stamp.digest,
                "instruments": len(rb.instruments),
                "chips": len(rb.chips),
                "countries": len(rb.countries()),
                "today": _dates.today().isoformat(),
            },
            media_type=MediaType.JSON,
        )

    from ._page import PAGE

    page_bytes = PAGE.encode("utf-8")

    @get("/", media_type=MediaType.HTML, include_in_schema=False)
    async def page() -> str:
        return PAGE

    # HEAD / for health checks and link checkers: the page's headers without its body
    @head("/", include_in_schema=False)
    async def page_head() -> Response[None]:
        return Response(
            content=None,
            media_type=MediaType.HTML,
            headers={"content-type": "text/html; charset=utf-8", "content-length": str(len(page_bytes))},
        )

    def refused(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        parameter: str | None
        if isinstance(exc, _Located):
            error, parameter = exc.error, exc.parameter
        else:
            assert isinstance(exc, ChipControlsError)
            error, parameter = exc, _parameter(exc, _given(request))
        return Response(content=_body(error, parameter, _expected(error)), status_code=400, media_type=MediaType.JSON)

    def http_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        assert isinstance(exc, HTTPException)
        parameter: str | None = None
        expected: str | None = None
        extra = [e for e in exc.extra if isinstance(e, dict)] if isinstance(exc.extra, list) else []
        key = extra[0].get("key") if extra else None
        if isinstance(key, str):
            parameter = "body" if key == "data" else key
            expected = "a JSON object" if parameter == "body" else _TAKES.get(parameter)
        elif exc.status_code == 400 and request.method == "POST":
            parameter, expected = "body", "a JSON object"
        elif exc.status_code == 413:
            parameter, expected = "body", f"at most {_SCREEN_BYTES // 1_000_000} MB"
        elif exc.status_code == 405:
            expected = "one of the methods " + (exc.headers or {}).get("allow", "GET")
        elif exc.status_code == 404:
            expected = "a path of the API: " + ", ".join(sorted(_paths(request.app)))
        message = str(exc.detail)
        if extra:
            message += ": " + "; ".join(f"{e.get('key')}: {e.get('message')}" for e in extra)
        body = {"type": type(exc).__name__, "message": message, "parameter": parameter, "expected": expected}
        return Response(
            content={"error": body}, status_code=exc.status_code, headers=exc.headers, media_type=MediaType.JSON
        )

    def failed(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        _LOG.exception("%s %s failed", request.method, request.url)
        body = {
            "error": {
                "type": "InternalServerError",
                "message": "the service failed to answer; the failure is logged on the server",
                "parameter": None,
                "expected": None,
            }
        }
        return Response(content=body, status_code=500, media_type=MediaType.JSON)

    handlers: dict[type[Exception], Callable[[Request[Any, Any, Any], Exception], Response[Any]]] = {
        ChipControlsError: refused,
        _Located: refused,
        HTTPException: http_error,
        Exception: failed,
    }
    app = Litestar(
        route_handlers=[
            status,
            history,
            revisions,
            classify,
            diff,
            screen,
            chips,
            countries,
            events,
            info,
            page,
            page_head,
        ],
        exception_handlers=handlers,  # type: ignore[arg-type]
        openapi_config=OpenAPIConfig(
            title="chipcontrols",
            version=__version__,
            description="U.S. export controls on advanced AI chips, as typed, sourced, bitemporal data. "
            "Read-only. Not legal advice.",
        ),
        debug=False,
    )
    _describe_responses(app)
    return app


def _paths(app: Litestar) -> set[str]:
    return {r.path for r in app.routes if not r.path.startswith("/schema")} | {"/schema/openapi.json"}


def _describe_responses(app: Litestar) -> None:
    """Give each answer's 200 response the JSON Schema ``chipcontrols.serialization`` publishes, and
    each refusal the schema of the error body."""
    from litestar.openapi.spec import OpenAPIMediaType as OAMediaType
    from litestar.openapi.spec import OpenAPIResponse, OpenAPIType, Reference, Schema

    spec = app.openapi_schema
    components = spec.components
    if components.schemas is None:
        components.schemas = {}
    for name in serialization.ANSWER_TYPES:
        components.schemas["chipcontrols_" + name] = _schema(serialization.json_schema(name))
    components.schemas["chipcontrols_error"] = _schema(ERROR_SCHEMA)

    def ref(name: str) -> Reference:
        return Reference(ref=f"#/components/schemas/chipcontrols_{name}")

    schemas: dict[str, tuple[str, Any]] = {
        path: (f"the JSON form of {name}", ref(name)) for path, name in _RESPONSES.items()
    }
    schemas["/diff"] = ("the JSON form of each change", Schema(type=OpenAPIType.ARRAY, items=ref("change")))
    schemas["/countries"] = ("each country's code and name", _schema(_COUNTRIES_SCHEMA))
    schemas["/info"] = ("the library's and the record's versions and days", _schema(_INFO_SCHEMA))
    error = OpenAPIResponse(
        description="the request was refused: the error names the parameter at fault and what it takes",
        content={"application/json": OAMediaType(schema=ref("error"))},
    )
    for path, item in (spec.paths or {}).items():
        operation = item.get or item.post
        if operation is None or path.startswith("/schema"):
            continue
        responses = {**(operation.responses or {}), "400": error}
        if path in schemas:
            description, schema = schemas[path]
            responses["200"] = OpenAPIResponse(
                description=description, content={"application/json": OAMediaType(schema=schema)}
            )
        operation.responses = responses


_KEYS = {
    "additionalProperties": "additional_properties",
    "$schema": None,
}


def _schema(data: Any) -> Any:
    """A JSON Schema (as a dict) as Litestar's OpenAPI ``Schema`` object."""
    from litestar.openapi.spec import OpenAPIType, Schema

    if not isinstance(data, dict):
        return data
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        name = _KEYS.get(key, key)
        if name is None:
            continue
        if name == "type":
            types = value if isinstance(value, list) else [value]
            converted = [OpenAPIType(t) for t in types]
            kwargs["type"] = converted if len(converted) > 1 else converted[0]
        elif name == "properties":
            kwargs["properties"] = {k: _schema(v) for k, v in value.items()}
        elif name == "items":
            kwargs["items"] = _schema(value)
        elif name == "additional_properties":
            kwargs[name] = value if isinstance(value, bool) else _schema(value)
        elif name == "enum":
            kwargs["enum"] = list(value)
        else:
            kwargs[name] = value
    return Schema(**kwargs)


def run(book: Rulebook | None, host: str, port: int) -> None:
    """Serve the API with uvicorn until interrupted."""
    try:
        import uvicorn
    except ImportError as exc:
        raise MissingDependencyError("chipcontrols serve", "uvicorn", "serve") from exc
    app = create_app(book)
    where = f"[{host}]" if ":" in host else host
    print(f"chipcontrols serve: http://{where}:{port}/ (Ctrl-C stops it)", file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
