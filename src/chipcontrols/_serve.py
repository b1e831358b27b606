"""``chipcontrols serve``: a read-only HTTP JSON API over the same questions (needs the ``serve`` extra).

Built on Litestar and run by uvicorn. Every answer is the JSON form of ``chipcontrols.serialization``;
the OpenAPI document (``/schema/openapi.json``) describes responses with the same JSON Schemas the
docs publish (``chipcontrols.serialization.json_schema``), so the API has no second model. An input
error is a 400 JSON object with the library's message and close matches. ``/`` is a small page to
ask a question and read the explained answer and the chip's history.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from . import serialization
from ._rulebook import Rulebook, bundled
from ._version import __version__
from .errors import ChipControlsError, InvalidRecordError, InvalidTypeError, MissingDependencyError

try:
    from litestar import Litestar, MediaType, Request, Response, get, post
    from litestar.openapi import OpenAPIConfig
    from litestar.params import FromQuery, JSONBody, QueryParameter
except ImportError as _missing:  # the serve extra is not installed
    raise MissingDependencyError("chipcontrols serve", "litestar", "serve") from _missing

__all__ = ["create_app", "run"]

_RESPONSES = {
    "/status": "status",
    "/history": "history",
    "/revisions": "revisions",
    "/classify": "classification",
    "/events": "events",
}


def _error(exc: ChipControlsError) -> dict[str, Any]:
    out: dict[str, Any] = {"type": type(exc).__name__, "message": str(exc)}
    for attr in ("close_matches", "candidates"):
        value = getattr(exc, attr, None)
        if value:
            out[attr] = list(value)
    if isinstance(exc, InvalidRecordError):
        out["problems"] = [{"file": p.file, "path": p.path, "message": p.message} for p in exc.problems]
    return {"error": out}


def create_app(book: Rulebook | None = None) -> Litestar:
    """The ASGI application answering from ``book`` (default: the bundled record).

    >>> app = create_app()  # doctest: +SKIP
    """
    rb = bundled() if book is None else book

    def answer(value: Any) -> Response[Any]:
        return Response(content=serialization.unstructure(value), media_type=MediaType.JSON)

    @get("/status", summary="The explained regime on a day")
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

    @get("/history", summary="The periods of a chip's regime for a destination")
    async def history(
        chip: FromQuery[str],
        country: FromQuery[str],
        start: FromQuery[str | None] = None,
        end: FromQuery[str | None] = None,
        known_on: FromQuery[str | None] = None,
        basis: FromQuery[str] = "enforced",
        hq: FromQuery[str | None] = None,
        by: Annotated[list[str] | None, QueryParameter(description="merge periods equal in these fields")] = None,
    ) -> Response[Any]:
        """Coalesced periods with the status over each and the instruments that began it."""
        h = rb.history(chip, country, start=start, end=end, known_on=known_on, basis=basis, headquartered_in=hq, by=by)
        return answer(h)

    @get("/revisions", summary="How the answer for one day changed as knowledge grew")
    async def revisions(
        date: FromQuery[str],
        chip: FromQuery[str],
        country: FromQuery[str],
        basis: FromQuery[str] = "enforced",
        hq: FromQuery[str | None] = None,
    ) -> Response[Any]:
        """The knowledge periods of one day's answer, each with the instruments that revised it."""
        return answer(rb.revisions(date, chip, country, basis=basis, headquartered_in=hq))

    @get("/classify", summary="A chip's ECCN paragraph on a day, with every test")
    async def classify(
        chip: FromQuery[str], date: FromQuery[str], known_on: FromQuery[str | None] = None
    ) -> Response[Any]:
        """Every classification test run for a chip on a day, with margins."""
        return answer(rb.explain_classification(chip, date, known_on=known_on))

    @get("/diff", summary="What changed between two days")
    async def diff(
        date_a: FromQuery[str],
        date_b: FromQuery[str],
        chip: Annotated[list[str], QueryParameter(description="one or more chips")],
        country: Annotated[list[str], QueryParameter(description="one or more destinations")],
        known_on: FromQuery[str | None] = None,
        basis: FromQuery[str] = "enforced",
    ) -> Response[Any]:
        """For each chip and destination, how the answer differs between two days and what changed it."""
        return answer(list(rb.diff(date_a, date_b, chips=chip, countries=country, known_on=known_on, basis=basis)))

    @post("/screen", summary="Answer a posted batch of shipments", status_code=200)
    async def screen(data: JSONBody[dict[str, Any]]) -> Response[Any]:
        """Body: ``{"rows": [{"date", "chip", "country", "hq"?, "known_on"?}, ...], "errors": "coerce"?}``."""
        rows = data.get("rows")
        if not isinstance(rows, list) or len(rows) > 100_000:
            raise InvalidTypeError("", "rows", type(rows).__name__, "a list of at most 100,000 rows")
        out = rb.screen(rows, errors=str(data.get("errors", "coerce")), basis=str(data.get("basis", "enforced")))
        return Response(content={"rows": out}, media_type=MediaType.JSON)

    @get("/chips", summary="The chip catalogue")
    async def chips() -> Response[Any]:
        """Every catalogue chip with its figures and their sources."""
        return answer(list(rb.chips))

    @get("/countries", summary="Countries, or a group's members on a day")
    async def countries(group: FromQuery[str | None] = None, on: FromQuery[str] = "today") -> Response[Any]:
        """Every ISO 3166-1 country, or the members of ``group`` on ``on``."""
        found = rb.members(group, on) if group else rb.countries()
        return Response(content=[{"code": c.code, "name": c.name} for c in found], media_type=MediaType.JSON)

    @get("/events", summary="The record's instruments in the order they became public")
    async def events(start: FromQuery[str | None] = None, end: FromQuery[str | None] = None) -> Response[Any]:
        """The instruments made public within ``[start, end)``."""
        return answer(rb.events(start=start, end=end))

    @get("/info", summary="The library and the record")
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
                "today": dt.date.today().isoformat(),
            },
            media_type=MediaType.JSON,
        )

    @get("/", media_type=MediaType.HTML, include_in_schema=False)
    async def page() -> str:
        from ._page import PAGE

        return PAGE

    def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        assert isinstance(exc, ChipControlsError)
        return Response(content=_error(exc), status_code=400, media_type=MediaType.JSON)

    app = Litestar(
        route_handlers=[status, history, revisions, classify, diff, screen, chips, countries, events, info, page],
        exception_handlers={ChipControlsError: handle},
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


def _describe_responses(app: Litestar) -> None:
    """Give each answer's 200 response the JSON Schema ``chipcontrols.serialization`` publishes."""
    from litestar.openapi.spec import OpenAPIMediaType as OAMediaType
    from litestar.openapi.spec import OpenAPIResponse, Reference

    spec = app.openapi_schema
    components = spec.components
    if components.schemas is None:
        components.schemas = {}
    for name in serialization.ANSWER_TYPES:
        title = "chipcontrols_" + name
        components.schemas[title] = _schema(serialization.json_schema(name))
    for path, name in _RESPONSES.items():
        item = (spec.paths or {}).get(path)
        if item is None or item.get is None:
            continue
        item.get.responses = {
            **(item.get.responses or {}),
            "200": OpenAPIResponse(
                description=f"the JSON form of {name}",
                content={
                    "application/json": OAMediaType(schema=Reference(ref=f"#/components/schemas/chipcontrols_{name}"))
                },
            ),
        }


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
    uvicorn.run(create_app(book), host=host, port=port, log_level="warning")
