"""The service's OpenAPI document: every response described with the JSON Schemas the docs publish."""

from __future__ import annotations

from typing import Any

from . import serialization
from .errors import (
    MissingDependencyError,
)

try:
    from litestar import Litestar
except ImportError as _missing:  # the serve extra is not installed
    raise MissingDependencyError("chipcontrols serve", "litestar", "serve") from _missing

from ._serve_errors import COUNTRIES_SCHEMA, ERROR_SCHEMA, INFO_SCHEMA, RESPONSES


def route_paths(app: Litestar) -> set[str]:
    return {r.path for r in app.routes if not r.path.startswith("/schema")} | {"/schema/openapi.json"}


def describe_responses(app: Litestar) -> None:
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
        path: (f"the JSON form of {name}", ref(name)) for path, name in RESPONSES.items()
    }
    schemas["/diff"] = ("the JSON form of each change", Schema(type=OpenAPIType.ARRAY, items=ref("change")))
    schemas["/countries"] = ("each country's code and name", _schema(COUNTRIES_SCHEMA))
    schemas["/info"] = ("the library's and the record's versions and days", _schema(INFO_SCHEMA))
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
            own = responses.get("200")
            headers = (own.headers or None) if isinstance(own, OpenAPIResponse) else None  # the handler's own
            responses["200"] = OpenAPIResponse(
                description=description, content={"application/json": OAMediaType(schema=schema)}, headers=headers
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
