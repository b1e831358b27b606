"""Data in and out: strict cattrs converters for TOML data files and JSON.

The model knows nothing about files; this layer turns plain data (from TOML or JSON)
into model objects and back. Converters are strict: unknown keys are refused, a number
is never read from a string, dates are ``datetime.date`` or ``YYYY-MM-DD``, and sets
are written sorted so that output is deterministic.

>>> import chipcontrols, json
>>> from chipcontrols.serialization import dumps, loads
>>> book = chipcontrols.bundled()
>>> loads(dumps(book)) == book
True
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from collections.abc import Mapping
from typing import Any, TypeVar

import cattrs
from attrs import has as attrs_has
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.strategies import configure_tagged_union

from . import _model as m
from ._rulebook import Rulebook
from .errors import InvalidRecordError, RecordProblem

__all__ = ["dumps", "loads", "make_converter", "structure", "unstructure"]

T = TypeVar("T")

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

_TAGS: dict[type, str] = {
    m.Rescission: "rescission",
    m.Suspension: "suspension",
    m.NonEnforcement: "non-enforcement",
    m.Replacement: "replacement",
    m.ScopeChange: "scope-change",
    m.ReviewPolicyChange: "review-policy-change",
    m.ExceptionChange: "exception-change",
    m.ComplianceDelay: "compliance-delay",
}


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date (YYYY-MM-DD), got a date-time {value!r}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return dt.date.fromisoformat(value)
    raise ValueError(f"expected a date (YYYY-MM-DD), got {value!r}")


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        valid = ", ".join(repr(e.value) for e in cls)
        raise ValueError(f"expected one of {valid}, got {value!r}") from None


def make_converter() -> cattrs.Converter:
    """A strict converter for every type of the model and ``Rulebook``.

    >>> from chipcontrols import Chip
    >>> make_converter().structure({"name": "X", "tpp": 5000}, Chip).tpp
    5000.0
    """
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook_func(lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum)
    conv.register_unstructure_hook_func(lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda e: e.value)

    def unstructure_set(values: frozenset[Any]) -> list[Any]:
        return sorted(conv.unstructure(v) for v in values)

    conv.register_unstructure_hook_func(lambda t: getattr(t, "__origin__", t) in (frozenset, set), unstructure_set)
    configure_tagged_union(m.Amendment, conv, tag_generator=lambda cl: _TAGS[cl], tag_name="kind")
    conv.register_unstructure_hook(
        Rulebook,
        make_dict_unstructure_fn(Rulebook, conv, origins=override(omit=True)),
    )
    conv.register_structure_hook(
        Rulebook,
        make_dict_structure_fn(Rulebook, conv, origins=override(omit=True), _cattrs_forbid_extra_keys=True),
    )
    return conv


_CONVERTER = make_converter()


def structure(data: Any, cls: type[T], *, file: str = "<data>") -> T:
    """Structure plain data into ``cls``, collecting every problem.

    Raises:
        InvalidRecordError: one error listing each problem with ``file`` and its key path.

    >>> from chipcontrols import Chip
    >>> structure({"name": "X", "tpp": "5000"}, Chip, file="mine.toml")
    Traceback (most recent call last):
    ...
    chipcontrols.errors.InvalidRecordError: invalid record (1 problem(s)):
      - mine.toml $.tpp: expected a number, got '5000'
    """
    if attrs_has(cls) and not isinstance(data, Mapping):
        raise InvalidRecordError([RecordProblem(file, "$", f"expected a table (mapping), got {type(data).__name__}")])
    try:
        return _CONVERTER.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InvalidRecordError(problems_of(exc, file)) from None


def problems_of(exc: BaseException, file: str) -> list[RecordProblem]:
    """Flatten a cattrs error tree into problems with key paths."""
    if isinstance(exc, cattrs.BaseValidationError):
        out = []
        for line in cattrs.transform_error(exc, path="$", format_exception=_format):
            message, _, path = line.rpartition(" @ ")
            out.append(RecordProblem(file, path or "$", message or line))
        return out
    return [RecordProblem(file, "$", str(exc))]


def _format(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown key(s) {sorted(exc.extra_fields)}"
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, AttributeError):
        return "expected a table (mapping)"
    if isinstance(exc, ValueError | TypeError):
        return str(exc)
    return f"invalid value ({type(exc).__name__}: {exc})"


def unstructure(obj: Any) -> Any:
    """Plain data (dicts, lists, strings, numbers) for a model object or a ``Rulebook``."""
    return _CONVERTER.unstructure(obj)


def dumps(book: Rulebook, *, indent: int | None = 1) -> str:
    """A rulebook as JSON text (deterministic: keys and sets in a stable order)."""
    return json.dumps(unstructure(book), indent=indent, sort_keys=True, ensure_ascii=False)


def loads(text: str | bytes) -> Rulebook:
    """A rulebook from JSON text written by :func:`dumps`.

    Raises:
        InvalidRecordError: the text is not JSON or does not describe a valid rulebook.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRecordError([RecordProblem("<json>", "$", f"not JSON: {exc}")]) from None
    return structure(data, Rulebook, file="<json>")
