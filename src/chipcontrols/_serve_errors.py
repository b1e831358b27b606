"""The service's refusals: which parameter a library error is about, what it takes, and one JSON error shape."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from . import _dates
from .errors import (
    AmbiguousInputError,
    ChipControlsError,
    InvalidArgumentError,
    InvalidDateError,
    InvalidTypeError,
    InvalidValueError,
    MissingDependencyError,
    OutsideCoverageError,
    UnknownChipError,
    UnknownCountryError,
)

try:
    from litestar import Request
    from litestar.handlers import BaseRouteHandler
except ImportError as _missing:  # the serve extra is not installed
    raise MissingDependencyError("chipcontrols serve", "litestar", "serve") from _missing


LOG = logging.getLogger("chipcontrols.serve")

RESPONSES = {
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
TAKES = {
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
SCREEN_KEYS = ("rows", "errors", "basis", "strict")
SCREEN_LIMIT = 100_000
#: The largest body ``/screen`` reads: 100,000 rows of long names with headquarters and knowledge days.
SCREEN_BYTES = 64_000_000

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

COUNTRIES_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"code": {"type": "string", "pattern": "^[A-Z]{2}$"}, "name": {"type": "string"}},
        "required": ["code", "name"],
        "additionalProperties": False,
    },
}

INFO_SCHEMA: dict[str, Any] = {
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


class Located(Exception):
    """A library error raised while answering a posted body, with the key of the body it concerns."""

    def __init__(self, error: ChipControlsError, parameter: str) -> None:
        self.error = error
        self.parameter = parameter
        super().__init__(str(error))


def expected_of(exc: ChipControlsError) -> str | None:
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


def parameter_of(exc: ChipControlsError, given: Mapping[str, Sequence[str]]) -> str | None:
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


def error_body(exc: Exception, parameter: str | None, expected: str | None) -> dict[str, Any]:
    """The JSON error a refusal answers with: the error's own JSON form, the parameter and what it takes."""
    found = exc.to_json() if isinstance(exc, ChipControlsError) else {"type": type(exc).__name__, "message": str(exc)}
    return {"error": {**found, "parameter": parameter, "expected": expected}}


def query_of(request: Request[Any, Any, Any]) -> dict[str, list[str]]:
    given: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        given.setdefault(name, []).append(value)
    return given


class Query:
    """The query parameters of one route handler: every name, the required ones, the repeatable ones."""

    __slots__ = ("names", "repeatable", "required")

    def __init__(self, handler: BaseRouteHandler) -> None:
        fields = {n: f for n, f in handler.parsed_fn_signature.parameters.items() if n not in ("data", "request")}
        self.names = tuple(fields)
        self.required = tuple(n for n, f in fields.items() if not f.has_default)
        self.repeatable = frozenset(n for n, f in fields.items() if f.is_non_string_sequence)


def check_query(request: Request[Any, Any, Any], query: Query) -> None:
    """Refuse an unknown, repeated or missing query parameter before the handler runs."""
    given = query_of(request)
    where = f"{request.method} {request.url.path}"
    takes = ", ".join(query.names) if query.names else "no parameters"
    for name in given:
        if name not in query.names:
            raise ParameterError(name, f"{name}: not a parameter of {where}, which takes {takes}", takes)
    for name, values in given.items():
        if len(values) > 1 and name not in query.repeatable:
            raise ParameterError(
                name, f"{name}: given {len(values)} times to {where}; give it once", TAKES.get(name, "one value")
            )
    for name in query.required:
        if name not in given:
            raise ParameterError(name, f"{name}: required by {where}", TAKES.get(name, "a value"))
