"""JSON Schemas (draft 2020-12) of the answers' JSON forms, as written by ``chipcontrols.serialization``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._model import Basis, CaveatKind, Level, LicenseException, Requirement, ReviewPolicy

__all__ = ["SCHEMAS"]

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_DAY = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_NULLABLE_DAY = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_STRINGS = {"type": "array", "items": {"type": "string"}}


def _enum(cls: Any, nullable: bool = False) -> dict[str, Any]:
    values: list[Any] = [m.value for m in cls]
    return {"enum": [*values, None] if nullable else values}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(properties) if required is None else required,
        "additionalProperties": False,
    }


_SOURCE = _object({"title": {"type": "string"}, "url": {"type": "string"}, "grade": {"enum": list("PLRNS")}}, ["title"])
_CONDITION = _object(
    {
        "text": {"type": "string"},
        "id": {"type": "string"},
        "cfr": {"type": "string"},
        "sources": {"type": "array", "items": _SOURCE},
    },
    ["text"],
)
_CAVEAT = _object(
    {
        "kind": _enum(CaveatKind),
        "message": {"type": "string"},
        "provision": {"type": "string"},
        "title": {"type": "string"},
        "text": {"type": "string"},
        "reason": {"type": "string"},
        "instruments": _STRINGS,
        "citations": _STRINGS,
        "places": _STRINGS,
        "missing": _STRINGS,
        "bases": {"type": "array", "items": _enum(Basis)},
        "since": _DAY,
        "fallback": _enum(ReviewPolicy),
    },
    ["kind", "message"],
)
_GROUND = _object(
    {
        "instrument": {"type": "string"},
        "provision": {"type": "string"},
        "citation": {"type": "string"},
        "title": {"type": "string"},
        "review_policy": _enum(ReviewPolicy, nullable=True),
        "exceptions": {"type": "array", "items": _enum(LicenseException)},
        "tier": {"type": ["string", "null"]},
        "conditions": {"type": "array", "items": _CONDITION},
    }
)
_LICENCE = _object(
    {
        "id": {"type": "string"},
        "holder": {"type": "string"},
        "products": _STRINGS,
        "revenue_share": {"type": ["number", "null"]},
        "quantity": {"type": ["string", "null"]},
        "conditions": {"type": "array", "items": _CONDITION},
    }
)
_SCHEDULED = _object(
    {
        "date": _DAY,
        "summary": {"type": "string"},
        "changes": {
            "type": "array",
            "items": _object(
                {
                    "field": {"type": "string"},
                    "before": {"type": ["string", "null"]},
                    "after": {"type": ["string", "null"]},
                }
            ),
        },
        "instruments": _STRINGS,
        "citations": _STRINGS,
    }
)
_RECORD = _object(
    {
        "version": {"type": "string"},
        "reviewed": _DAY,
        "sources_through": _DAY,
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    }
)
_PERIOD = _object({"start": _DAY, "end": _NULLABLE_DAY})


def status() -> dict[str, Any]:
    """The JSON form of a ``Status``."""
    return {
        "$schema": _DRAFT,
        "title": "chipcontrols Status",
        "description": "The regime that applied to a chip shipped to a country on a day, explained. "
        "license_required is null exactly when requirement is 'undetermined'.",
        **_object(
            {
                "chip": {"type": "string"},
                "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
                "country_name": {"type": "string"},
                "governing": {"type": "string", "pattern": "^[A-Z]{2}$"},
                "period": _PERIOD,
                "basis": _enum(Basis),
                "known_on": _NULLABLE_DAY,
                "requirement": _enum(Requirement),
                "license_required": {"type": ["boolean", "null"]},
                "review_policy": _enum(ReviewPolicy, nullable=True),
                "exceptions": {"type": "array", "items": _enum(LicenseException)},
                "classification": {"type": ["string", "null"]},
                "unclassified": _STRINGS,
                "tier": {"type": ["string", "null"]},
                "level": _enum(Level),
                "determinate": {"type": "boolean"},
                "licenses": {"type": "array", "items": _LICENCE},
                "citations": _STRINGS,
                "grounds": {"type": "array", "items": _GROUND},
                "conditions": {"type": "array", "items": _CONDITION},
                "caveats": {"type": "array", "items": _CAVEAT},
                "scheduled": {"type": "array", "items": _SCHEDULED},
                "record": _RECORD,
            }
        ),
    }


def _inner(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k not in ("$schema", "title", "description")}


def history() -> dict[str, Any]:
    """The JSON form of a ``History``."""
    entry = _object({"period": _PERIOD, "caused_by": _STRINGS, "status": _inner(status())})
    return {
        "$schema": _DRAFT,
        "title": "chipcontrols History",
        **_object(
            {"chip": {"type": "string"}, "country": {"type": "string"}, "periods": {"type": "array", "items": entry}}
        ),
    }


def revisions() -> dict[str, Any]:
    """The JSON form of ``Revisions``."""
    row = _object(
        {"known_from": _DAY, "known_until": _NULLABLE_DAY, "revised_by": _STRINGS, "status": _inner(status())}
    )
    return {
        "$schema": _DRAFT,
        "title": "chipcontrols Revisions",
        **_object(
            {
                "date": _DAY,
                "chip": {"type": "string"},
                "country": {"type": "string"},
                "revisions": {"type": "array", "items": row},
            }
        ),
    }


def change() -> dict[str, Any]:
    """The JSON form of a ``Change``."""
    return {
        "$schema": _DRAFT,
        "title": "chipcontrols Change",
        **_object(
            {
                "chip": {"type": "string"},
                "country": {"type": "string"},
                "fields": _STRINGS,
                "instruments": _STRINGS,
                "before": _inner(status()),
                "after": _inner(status()),
            }
        ),
    }


def _cell_columns() -> dict[str, Any]:
    return {
        "governing": {"type": "string"},
        "license_required": {"type": ["boolean", "null"]},
        "requirement": _enum(Requirement),
        "review_policy": _enum(ReviewPolicy, nullable=True),
        "exceptions": _STRINGS,
        "classification": {"type": ["string", "null"]},
        "tier": {"type": ["string", "null"]},
        "level": _enum(Level),
        "determinate": {"type": "boolean"},
        "licenses": _STRINGS,
        "citations": _STRINGS,
        "caveats": {"type": "array", "items": _enum(CaveatKind)},
        "record": {"type": "string"},
    }


def grid() -> dict[str, Any]:
    """The JSON form of a ``Grid``: one cell per date, chip and destination."""
    cell = _object({"date": _DAY, "chip": {"type": "string"}, "country": {"type": "string"}, **_cell_columns()})
    return {"$schema": _DRAFT, "title": "chipcontrols Grid", **_object({"cells": {"type": "array", "items": cell}})}


def classification() -> dict[str, Any]:
    """The JSON form of a ``Classification`` (it reads back)."""
    threshold = _object(
        {"spec": {"type": "string"}, "op": {"enum": [">=", ">", "<=", "<"]}, "value": {"type": "number"}}
    )
    test = _object(
        {
            "prong": {"type": "string"},
            "threshold": threshold,
            "value": {"type": ["number", "null"]},
            "passed": {"type": ["boolean", "null"]},
            "margin": {"type": ["number", "null"]},
        }
    )
    return {
        "$schema": _DRAFT,
        "title": "chipcontrols Classification",
        **_object(
            {
                "chip": {"type": "string"},
                "date": _DAY,
                "paragraph": {"type": ["string", "null"]},
                "prong": {"type": ["string", "null"]},
                "determinate": {"type": "boolean"},
                "version": {"type": ["string", "null"]},
                "instrument": {"type": ["string", "null"]},
                "tests": {"type": "array", "items": test},
                "excluded_by": {"type": ["string", "null"]},
                "missing": _STRINGS,
            },
            ["chip", "date", "determinate"],
        ),
    }


def events() -> dict[str, Any]:
    """The JSON form of ``Events``: the record's instruments in the order they became public."""
    row = _object(
        {
            "known_from": _NULLABLE_DAY,
            "announced": _NULLABLE_DAY,
            "published": _NULLABLE_DAY,
            "effective": _NULLABLE_DAY,
            "compliance": _NULLABLE_DAY,
            "expires": _NULLABLE_DAY,
            "id": {"type": "string"},
            "kind": {"type": "string"},
            "title": {"type": "string"},
            "citation": {"type": "string"},
            "confidence": {"enum": ["high", "medium", "low"]},
        }
    )
    return {"$schema": _DRAFT, "title": "chipcontrols Events", **_object({"events": {"type": "array", "items": row}})}


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "status": status,
    "history": history,
    "change": change,
    "classification": classification,
    "grid": grid,
    "revisions": revisions,
    "events": events,
}
