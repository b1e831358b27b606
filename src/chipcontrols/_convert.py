"""The strict cattrs converter for the record: plain data (from TOML or JSON) to model objects and back.

Unknown keys are refused, a number is never read from a string, an array never from a string,
dates are ``datetime.date`` or ``YYYY-MM-DD``, and sets are written sorted so that output is
deterministic. An instrument's file may name destination and item scopes once
(``[destination_sets]``, ``[item_sets]``) and refer to them by name, and one amendment may name
several ``targets``: both are expanded when the instrument is read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
from collections.abc import Mapping
from typing import Any, TypeVar, get_args, get_origin

import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.strategies import configure_tagged_union

from . import _model as m
from ._record import Record
from .errors import InvalidRecordError, InvalidTypeError, RecordProblem

__all__ = ["CONVERTER", "expand_instrument", "make_converter", "problems_of", "structure"]

T = TypeVar("T")

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date (YYYY-MM-DD), got a date-time {value!r}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"expected a date (YYYY-MM-DD), got {value!r}: {exc}") from None
    raise ValueError(f"expected a date (YYYY-MM-DD), got {_short(value)}")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {_short(value)}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_short(value)}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {_short(value)}")
    return value


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {_short(value)}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"expected a finite number, got an integer of {len(str(value))} digits") from None


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    for member in cls:
        if member.value == value:
            return member
    valid = ", ".join(repr(e.value) for e in cls)
    raise ValueError(f"expected one of {valid}, got {_short(value)}")


def _is_array(t: Any) -> bool:
    return get_origin(t) in (tuple, frozenset, set, list)


def make_converter() -> cattrs.Converter:
    """A strict converter for every type of the model and :class:`~chipcontrols.model.Record`.

    >>> from chipcontrols.model import Chip
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

    def structure_array(value: Any, t: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise ValueError(f"expected an array, got {_short(value)}")
        args = get_args(t)
        item = args[0] if args else Any
        items, errors = [], []
        for i, v in enumerate(value):
            try:
                items.append(conv.structure(v, item))
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []), IterableValidationNote(f"@ index {i}", i, item)]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return get_origin(t)(items)

    conv.register_structure_hook_func(_is_array, structure_array)

    def unstructure_set(values: frozenset[Any]) -> list[Any]:
        return sorted(conv.unstructure(v) for v in values)

    def is_set(t: Any) -> bool:
        return get_origin(t) in (frozenset, set) or t is frozenset or t is set

    conv.register_unstructure_hook_func(is_set, unstructure_set)
    configure_tagged_union(m.Amendment, conv, tag_generator=lambda cl: str(getattr(cl, "KIND")), tag_name="kind")  # noqa: B009
    condition_fn = make_dict_structure_fn(m.Condition, conv, _cattrs_forbid_extra_keys=True)

    def structure_condition(value: Any, t: type) -> m.Condition:  # a plain string is a condition's text
        return m.Condition(text=value) if isinstance(value, str) else condition_fn(value, t)

    conv.register_structure_hook(m.Condition, structure_condition)
    base_instrument = make_dict_structure_fn(m.Instrument, conv, _cattrs_forbid_extra_keys=True)

    def structure_instrument(value: Any, _: type) -> m.Instrument:
        return base_instrument(expand_instrument(value), m.Instrument)

    conv.register_structure_hook(m.Instrument, structure_instrument)
    conv.register_unstructure_hook(Record, make_dict_unstructure_fn(Record, conv, origins=override(omit=True)))
    conv.register_structure_hook(
        Record, make_dict_structure_fn(Record, conv, origins=override(omit=True), _cattrs_forbid_extra_keys=True)
    )
    return conv


_SCOPE_KEYS = {"destinations": "destination_sets", "within_destinations": "destination_sets"}
_ITEM_KEYS = {"items": "item_sets", "within_items": "item_sets"}


def expand_instrument(value: Any) -> Any:
    """An instrument's table with its named scopes and multi-target amendments written out.

    A scope given as a string names an entry of ``[destination_sets]`` or ``[item_sets]``; an
    amendment with ``targets = [...]`` stands for one amendment per target.
    """
    if not isinstance(value, Mapping):
        return value
    data = dict(value)
    sets = {"destination_sets": data.pop("destination_sets", {}), "item_sets": data.pop("item_sets", {})}
    for name, table in sets.items():
        if not isinstance(table, Mapping):
            raise ValueError(f"{name}: expected a table of named scopes, got {_short(table)}")

    def resolve(part: Any, where: str) -> Any:
        if not isinstance(part, Mapping):
            return part
        out = dict(part)
        for key, table in {**_SCOPE_KEYS, **_ITEM_KEYS}.items():
            ref = out.get(key)
            if isinstance(ref, str):
                named = sets[table]
                if ref not in named:
                    close = difflib.get_close_matches(ref, list(named), n=3)
                    hint = (
                        f"; close matches: {', '.join(close)}" if close else f"; defined: {', '.join(named) or 'none'}"
                    )
                    raise ValueError(f"{where}.{key}: no scope named {ref!r} in [{table}]{hint}")
                out[key] = named[ref]
        return out

    for key in ("provisions", "licenses", "tiers"):
        if isinstance(data.get(key), list):
            data[key] = [resolve(p, f"{key}[{n}]") for n, p in enumerate(data[key])]
    if isinstance(data.get("amendments"), list):
        expanded: list[Any] = []
        for n, a in enumerate(data["amendments"]):
            a = resolve(a, f"amendments[{n}]")
            if isinstance(a, Mapping) and "targets" in a:
                targets = a["targets"]
                if not isinstance(targets, list) or not targets or not all(isinstance(t, str) for t in targets):
                    raise ValueError(f"amendments[{n}].targets: expected an array of targets, got {_short(targets)}")
                if "target" in a:
                    raise ValueError(f"amendments[{n}]: give target or targets, not both")
                base = {k: v for k, v in a.items() if k != "targets"}
                expanded.extend({**base, "target": t} for t in targets)
            else:
                expanded.append(a)
        data["amendments"] = expanded
    return data


CONVERTER = make_converter()

#: The deepest nesting of tables and arrays a record's data may have (the bundled record's files nest 7
#: deep at most, the whole record's JSON form 9).
MAX_DEPTH = 64
#: The problem of data nested deeper than that, or too deep for the parser itself.
TOO_DEEP = f"nested too deeply (more than {MAX_DEPTH} levels of tables and arrays)"


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether tables and arrays in ``data`` nest more than ``limit`` levels deep (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            children: Any = node.values()
        elif isinstance(node, list | tuple):
            children = node
        else:
            continue
        if depth >= limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def structure(data: Any, cls: type[T], *, file: str = "<data>") -> T:
    """Structure plain data into ``cls``, collecting every problem.

    Raises:
        InvalidRecordError: one error listing each problem with ``file`` and its key path.
        InvalidTypeError: ``cls`` is not a type the converter knows.

    >>> from chipcontrols.model import Chip
    >>> structure({"name": "X", "tpp": "5000"}, Chip, file="mine.toml")
    Traceback (most recent call last):
    ...
    chipcontrols.errors.InvalidRecordError: invalid record (1 problem(s)):
      - mine.toml $.tpp: expected a number, got '5000'
    """
    import attrs

    if _deeper_than(data, MAX_DEPTH):
        raise InvalidRecordError([RecordProblem(file, "$", TOO_DEEP)])
    if attrs.has(cls) and not isinstance(data, Mapping):
        raise InvalidRecordError([RecordProblem(file, "$", f"expected a table (mapping), got {type(data).__name__}")])
    # the errors are raised after the handlers, so that they carry no converter exception as context
    # (which could not be pickled with them)
    try:
        return CONVERTER.structure(data, cls)
    except InvalidRecordError:
        raise
    except cattrs.errors.StructureHandlerNotFoundError:
        problems = None  # not a type the converter knows: the caller's mistake, not the data's
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        problems = problems_of(exc, file)
    if problems is None:
        raise InvalidTypeError("", "cls", cls, "a type of chipcontrols' model, or Record")
    raise InvalidRecordError(problems)


def _whole_record_problems(exc: cattrs.BaseValidationError) -> list[RecordProblem]:
    """The problems of a record refused as a whole once every part was read (empty otherwise)."""
    refused = [e for e in exc.exceptions if isinstance(e, InvalidRecordError)]
    if not refused or len(refused) != len(exc.exceptions):
        return []
    return [p for e in refused for p in e.problems]


def problems_of(exc: BaseException, file: str) -> list[RecordProblem]:
    """Flatten a cattrs error tree into problems with key paths."""
    if isinstance(exc, cattrs.BaseValidationError):
        whole = _whole_record_problems(exc)
        if whole:  # its own problems, each with its file and path, not one nested message
            return whole
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
