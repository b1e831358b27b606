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
import sys
from collections.abc import Callable
from typing import Annotated, Any

from . import _dates, serialization
from ._bundled import bundled
from ._render import caveat_text
from ._rulebook import Rulebook
from ._version import __version__
from .errors import (
    ChipControlsError,
    InvalidArgumentError,
    InvalidTypeError,
    MissingDependencyError,
)

try:
    from litestar import Litestar, MediaType, Request, Response, get, head, post
    from litestar.datastructures import ResponseHeader
    from litestar.exceptions import HTTPException
    from litestar.handlers import BaseRouteHandler
    from litestar.openapi import OpenAPIConfig
    from litestar.params import FromQuery, JSONBody, QueryParameter
except ImportError as _missing:  # the serve extra is not installed
    raise MissingDependencyError("chipcontrols serve", "litestar", "serve") from _missing

from ._serve_errors import (
    ERROR_SCHEMA,
    LOG,
    SCREEN_BYTES,
    SCREEN_KEYS,
    SCREEN_LIMIT,
    TAKES,
    Located,
    ParameterError,
    Query,
    check_query,
    error_body,
    expected_of,
    parameter_of,
    query_of,
)
from ._serve_schema import describe_responses, route_paths

__all__ = ["ERROR_SCHEMA", "ParameterError", "create_app", "run"]


def _screen(rb: Rulebook, data: dict[str, Any]) -> Any:
    """The rows of a posted ``/screen`` body, answered."""
    keys = ", ".join(SCREEN_KEYS)
    for key in data:
        if key not in SCREEN_KEYS:
            raise ParameterError(key, f"{key}: not a key of the body of POST /screen, which takes {keys}", keys)
    if "rows" not in data:
        raise ParameterError("rows", "rows: required in the body of POST /screen", "a list of rows")
    rows = data["rows"]
    if not isinstance(rows, list):
        raise InvalidTypeError("", "rows", rows, "a list of rows (objects with date, chip, country)")
    if len(rows) > SCREEN_LIMIT:
        raise InvalidArgumentError("rows", f"{len(rows):,} rows", f"at most {SCREEN_LIMIT:,} rows")
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
    queries: dict[BaseRouteHandler, Query] = {}

    async def check(request: Request[Any, Any, Any]) -> None:
        handler = request.route_handler
        query = queries.get(handler)
        if query is None:
            query = queries[handler] = Query(handler)
        check_query(request, query)

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
        request_max_body_size=SCREEN_BYTES,
    )
    def screen(data: JSONBody[dict[str, Any]]) -> Response[Any]:
        """Body: ``{"rows": [{"date", "chip", "country", "hq"?, "known_on"?}, ...]}``, and optionally
        ``"errors"`` (``"coerce"``, the default, or ``"raise"``), ``"basis"`` and ``"strict"``."""
        try:
            out = _screen(rb, data)
        except ChipControlsError as exc:
            if isinstance(exc, ParameterError):
                raise Located(exc, exc.parameter) from None
            named = getattr(exc, "argument", None) or getattr(exc, "field", None)
            raise Located(exc, named if named in SCREEN_KEYS else "rows") from None
        return Response(content={"rows": out}, media_type=MediaType.JSON)

    @get("/chips", summary="The chip catalogue", before_request=check)
    async def chips() -> Response[Any]:
        """Every catalogue chip with its figures and their sources."""
        return answer(list(rb.chips))

    @get(
        "/countries",
        summary="Countries, or a group's members on a day",
        before_request=check,
        response_headers=[
            ResponseHeader(name=name, documentation_only=True, description=text)
            for name, text in (
                ("x-record-version", "with group: the record's version"),
                ("x-record-reviewed", "with group: the day the record was last reviewed against its sources"),
                ("x-record-age", "with group, on a day after the review day: the record-age note (in English)"),
            )
        ],
    )
    async def countries(group: FromQuery[str | None] = None, on: FromQuery[str | None] = None) -> Response[Any]:
        """Every ISO 3166-1 country, or the members of ``group`` on ``on`` (default: today)."""
        if group is None:
            if on is not None:
                raise ParameterError(
                    "on", "on: only taken with group (the countries themselves have no dates)", "group"
                )
            found, headers = rb.countries(), {}
        else:
            day = "today" if on is None else on
            found = rb.members(group, day)
            headers = record_headers(_dates.parse_date(day, "on"))
        content = [{"code": c.code, "name": c.name} for c in found]
        return Response(content=content, media_type=MediaType.JSON, headers=headers)

    def record_headers(day: dt.date) -> dict[str, str]:
        """The record behind a dated answer that is a bare list and, past the review day, the record-age note
        that answers after the review day carry."""
        info = rb.info
        headers = {"x-record-version": info.version, "x-record-reviewed": info.reviewed.isoformat()}
        for note in rb.notes(day, False):  # one note at most: the record's age
            headers["x-record-age"] = caveat_text(note)
        return headers

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
        if isinstance(exc, Located):
            error, parameter = exc.error, exc.parameter
        else:
            assert isinstance(exc, ChipControlsError)
            error, parameter = exc, parameter_of(exc, query_of(request))
        return Response(
            content=error_body(error, parameter, expected_of(error)), status_code=400, media_type=MediaType.JSON
        )

    def http_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        assert isinstance(exc, HTTPException)
        parameter: str | None = None
        expected: str | None = None
        extra = [e for e in exc.extra if isinstance(e, dict)] if isinstance(exc.extra, list) else []
        key = extra[0].get("key") if extra else None
        if isinstance(key, str):
            parameter = "body" if key == "data" else key
            expected = "a JSON object" if parameter == "body" else TAKES.get(parameter)
        elif exc.status_code == 400 and request.method == "POST":
            parameter, expected = "body", "a JSON object"
        elif exc.status_code == 413:
            parameter, expected = "body", f"at most {SCREEN_BYTES // 1_000_000} MB"
        elif exc.status_code == 405:
            expected = "one of the methods " + (exc.headers or {}).get("allow", "GET")
        elif exc.status_code == 404:
            expected = "a path of the API: " + ", ".join(sorted(route_paths(request.app)))
        message = str(exc.detail)
        if extra:
            message += ": " + "; ".join(f"{e.get('key')}: {e.get('message')}" for e in extra)
        body = {"type": type(exc).__name__, "message": message, "parameter": parameter, "expected": expected}
        return Response(
            content={"error": body}, status_code=exc.status_code, headers=exc.headers, media_type=MediaType.JSON
        )

    def failed(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        LOG.exception("%s %s failed", request.method, request.url)
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
        Located: refused,
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
    describe_responses(app)
    return app


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
