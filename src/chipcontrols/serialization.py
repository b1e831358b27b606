"""Data in and out: one documented JSON form for the record and for every answer.

The record's types (``chipcontrols.model``, and a whole :class:`~chipcontrols.model.Record`)
go both ways through a strict cattrs converter: unknown keys are refused, a number is never
read from a string, dates are ``YYYY-MM-DD``, sets are written sorted. Answers (``Status``,
``History``, ``Change``, ``Classification``, ``Grid``, ``Revisions``, ``Events``) are written by
the same converter in the JSON form described by the schemas in ``docs/schema/`` (see
:func:`json_schema`); a ``Classification`` also reads back. Output is deterministic.

>>> import chipcontrols, json
>>> from chipcontrols.serialization import dumps, loads
>>> book = chipcontrols.bundled()
>>> loads(dumps(book.record)) == book.record
True
>>> json.loads(dumps(chipcontrols.status_at("2025-06-01", "H20", "CN")))["level"]
'license-required'
"""

from __future__ import annotations

import json
import math
from typing import Any, TypeVar

import cattrs

from ._answer import Change, Classification, HistoryEntry, Stamp, Status, TestResult
from ._bulk import Grid
from ._convert import TOO_DEEP
from ._convert import make_converter as _record_converter
from ._convert import structure as _structure
from ._model import Caveat, Condition, Ground, License, ScheduledChange
from ._record import Record
from ._render import caveat_text
from ._rulebook import Rulebook
from ._tables import Events, History, Revision, Revisions, status_columns
from .errors import InvalidRecordError, InvalidTypeError, RecordProblem

__all__ = ["ANSWER_TYPES", "dumps", "json_schema", "loads", "make_converter", "structure", "unstructure"]

T = TypeVar("T")

#: The answer types with a JSON form, by the name their schema is published under.
ANSWER_TYPES: dict[str, type] = {
    "status": Status,
    "history": History,
    "change": Change,
    "classification": Classification,
    "grid": Grid,
    "revisions": Revisions,
    "events": Events,
}


def make_converter() -> cattrs.Converter:
    """A strict converter for the record's types and the JSON forms of answers.

    >>> from chipcontrols.model import Chip
    >>> make_converter().structure({"name": "X", "tpp": 5000}, Chip).tpp
    5000.0
    """
    conv = _record_converter()
    un = conv.unstructure

    def caveat(c: Caveat) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": c.kind.value, "message": caveat_text(c)}
        for key in ("provision", "title", "text", "reason"):
            value = getattr(c, key)
            if value is not None:
                out[key] = value
        for key in ("instruments", "citations", "places", "missing"):
            value = getattr(c, key)
            if value:
                out[key] = list(value)
        if c.bases:
            out["bases"] = [b.value for b in c.bases]
        if c.since is not None:
            out["since"] = c.since.isoformat()
        if c.fallback is not None:
            out["fallback"] = c.fallback.value
        return out

    def condition(c: Condition) -> dict[str, Any]:
        out: dict[str, Any] = {"text": c.text}
        if c.id:
            out["id"] = c.id
        if c.cfr:
            out["cfr"] = c.cfr
        if c.sources:
            out["sources"] = un(c.sources)
        return out

    def ground(g: Ground) -> dict[str, Any]:
        return {
            "instrument": g.instrument,
            "provision": g.provision,
            "citation": g.citation,
            "title": g.title,
            "review_policy": g.review_policy.value if g.review_policy else None,
            "exceptions": sorted(e.value for e in g.exceptions),
            "tier": g.tier,
            "conditions": [condition(c) for c in g.conditions],
        }

    def licence(lic: License) -> dict[str, Any]:
        return {
            "id": lic.id,
            "holder": lic.holder,
            "products": sorted(lic.products),
            "revenue_share": lic.revenue_share,
            "quantity": lic.quantity,
            "conditions": [condition(c) for c in lic.conditions],
        }

    def scheduled(s: ScheduledChange) -> dict[str, Any]:
        return {
            "date": s.date.isoformat(),
            "summary": s.summary,
            "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in s.changes],
            "instruments": list(s.instruments),
            "citations": list(s.citations),
        }

    def stamp(s: Stamp) -> dict[str, Any]:
        return {
            "version": s.version,
            "reviewed": s.reviewed.isoformat(),
            "sources_through": s.sources_through.isoformat(),
            "sha256": s.digest,
        }

    def status(s: Status) -> dict[str, Any]:
        columns = status_columns(s)
        return {
            "chip": s.chip.name,
            "country": s.country.code,
            "country_name": s.country.name,
            "governing": s.governing,
            "period": {"start": s.period.start.isoformat(), "end": s.period.end.isoformat() if s.period.end else None},
            "basis": s.basis.value,
            "known_on": s.known_on.isoformat() if s.known_on else None,
            "requirement": columns["requirement"],
            "license_required": columns["license_required"],
            "review_policy": columns["review_policy"],
            "exceptions": columns["exceptions"],
            "classification": s.classification,
            "unclassified": list(s.unclassified),
            "tier": s.tier,
            "level": s.level.value,
            "determinate": s.determinate,
            "licenses": [licence(lic) for lic in s.licenses],
            "citations": list(s.citations),
            "grounds": [ground(g) for g in s.grounds],
            "conditions": [condition(c) for c in s.conditions],
            "caveats": [caveat(c) for c in s.caveats],
            "scheduled": [scheduled(x) for x in s.scheduled],
            "record": stamp(s.record),
        }

    def period_of(e: HistoryEntry) -> dict[str, Any]:
        return {"start": e.period.start.isoformat(), "end": e.period.end.isoformat() if e.period.end else None}

    def history(h: History) -> dict[str, Any]:
        return {
            "chip": h.chip.name,
            "country": h.country.code,
            "periods": [
                {"period": period_of(e), "caused_by": list(e.caused_by), "status": status(e.status)} for e in h
            ],
        }

    def revision(r: Revision) -> dict[str, Any]:
        return {
            "known_from": r.known_from.isoformat(),
            "known_until": r.known_until.isoformat() if r.known_until else None,
            "revised_by": list(r.revised_by),
            "status": status(r.status),
        }

    def revisions(r: Revisions) -> dict[str, Any]:
        return {
            "date": r.date.isoformat(),
            "chip": r.chip.name,
            "country": r.country.code,
            "revisions": [revision(x) for x in r],
        }

    def change(c: Change) -> dict[str, Any]:
        return {
            "chip": c.chip,
            "country": c.country,
            "fields": list(c.fields),
            "instruments": list(c.instruments),
            "before": status(c.before),
            "after": status(c.after),
        }

    def grid(g: Grid) -> dict[str, Any]:
        return {"cells": g.records()}

    def events(e: Events) -> dict[str, Any]:
        return {"events": e.records()}

    for cls, fn in (
        (Caveat, caveat),
        (Condition, condition),
        (Ground, ground),
        (ScheduledChange, scheduled),
        (Stamp, stamp),
        (Status, status),
        (History, history),
        (Revisions, revisions),
        (Change, change),
        (Grid, grid),
        (Events, events),
    ):
        conv.register_unstructure_hook(cls, fn)

    # classification round-trips: its tests and thresholds are plain attrs classes
    conv.register_unstructure_hook(TestResult, lambda t: {**conv.unstructure_attrs_asdict(t), "margin": t.margin})
    return conv


_CONVERTER = make_converter()


def unstructure(obj: Any) -> Any:
    """Plain, JSON-ready data (dicts, lists, strings, numbers, ``None``) for a record, a model
    object or an answer. A ``Rulebook`` is written as its record.

    Raises:
        InvalidTypeError: ``obj`` has no JSON form.
    """
    if isinstance(obj, Rulebook):
        obj = obj.record
    if isinstance(obj, list | tuple):
        return [unstructure(x) for x in obj]
    try:
        data = _CONVERTER.unstructure(obj)
    except Exception as exc:
        raise InvalidTypeError("", "obj", obj, f"a chipcontrols record, model object or answer ({exc})") from None
    if not _json_ready(data):  # an object the converter passed through as it was (bytes, a numpy number, ...)
        raise InvalidTypeError("", "obj", obj, "a chipcontrols record, model object or answer")
    return data


def _json_ready(data: Any) -> bool:
    """Whether ``data`` is made of dicts with string keys, lists, strings, finite numbers, booleans and ``None``."""
    stack = [data]
    while stack:
        value = stack.pop()
        if value is None or type(value) in (str, int, bool):
            continue
        if type(value) is float:
            if not math.isfinite(value):
                return False
        elif type(value) is dict:
            if not all(type(k) is str for k in value):
                return False
            stack.extend(value.values())
        elif type(value) is list:
            stack.extend(value)
        else:
            return False
    return True


def structure(data: Any, cls: type[T], *, file: str = "<data>") -> T:
    """Structure plain data into ``cls`` (a model type, ``Record`` or ``Classification``), collecting every problem.

    Raises:
        InvalidRecordError: one error listing each problem with ``file`` and its key path.
        InvalidTypeError: ``cls`` is not a type that reads back (the other answers are written only).
    """
    if not isinstance(cls, type):
        raise InvalidTypeError("", "cls", cls, "a model type, Record or Classification")
    if cls in _WRITTEN_ONLY:
        raise InvalidTypeError(
            "", "cls", cls, "a model type, Record or Classification (the JSON form of other answers is not read back)"
        )
    if cls is Classification:
        try:
            return _CONVERTER.structure(_without_margins(data), cls)
        except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
            problem = RecordProblem(file, "$", f"not a classification: {exc}")
        raise InvalidRecordError([problem])  # outside the handler: no converter exception as its context
    return _structure(data, cls, file=file)


#: Answers written to JSON but not read back from it.
_WRITTEN_ONLY = frozenset({Status, History, HistoryEntry, Change, Grid, Revisions, Revision, Events})


def _without_margins(data: Any) -> Any:
    if isinstance(data, dict) and isinstance(data.get("tests"), list):
        return {
            **data,
            "tests": [{k: v for k, v in t.items() if k != "margin"} for t in data["tests"] if isinstance(t, dict)],
        }
    return data


def dumps(obj: Any, *, indent: int | None = 1) -> str:
    """JSON text for a record, a rulebook (as its record), a model object or an answer; deterministic.

    Each object's keys come in the order of its fields, as in the service's responses, the
    CLI's ``--json`` and the ``properties`` of :func:`json_schema`."""
    return json.dumps(unstructure(obj), indent=indent, ensure_ascii=False)


def loads(text: str | bytes, cls: type[T] = Record) -> T:  # type: ignore[assignment]
    """A record (or another type, ``cls``) from JSON text written by :func:`dumps`.

    Raises:
        InvalidRecordError: the text is not JSON, is nested too deeply, or does not describe a valid ``cls``.
        InvalidTypeError: ``cls`` is not a type that reads back.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = RecordProblem("<json>", "$", f"not JSON: {exc}")
    except RecursionError:
        problem = RecordProblem("<json>", "$", TOO_DEEP)
    except (UnicodeDecodeError, TypeError) as exc:
        problem = RecordProblem("<json>", "$", f"not JSON text: {exc}")
    else:
        return structure(data, cls, file="<json>")
    raise InvalidRecordError([problem])  # outside the handlers: the error does not carry the whole text along


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of an answer's JSON form (``"status"``, ``"history"``, ...), as published in ``docs/schema/``.

    >>> json_schema("status")["title"]
    'chipcontrols Status'
    """
    from ._schema import SCHEMAS

    if not isinstance(name, str):
        raise InvalidTypeError("", "name", name, "a schema name: " + ", ".join(sorted(SCHEMAS)))
    if name not in SCHEMAS:
        from .errors import UnknownIdError

        raise UnknownIdError("schema", name, sorted(SCHEMAS))
    return SCHEMAS[name]()
