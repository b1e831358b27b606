"""The one rule every field of the model follows, in Python and from data files alike.

A constructor converts only what is unambiguous — an enum's value string to the member, an
integer to a float, a list or other non-string iterable to a tuple — and refuses everything
else with a library error naming the class, the field, what is valid and what came in:
booleans only ``True``/``False``, days only ``datetime.date`` (never a ``datetime``),
numbers finite (and positive where a figure must be), arrays never from a string, texts
never empty. Converters let a doubtful value through unchanged; the field's validator then
refuses it, so the message can name the field.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from ..errors import InvalidSpecificationError, InvalidTypeError, InvalidValueError

__all__ = [
    "Validator",
    "boolean",
    "day",
    "enum_member",
    "instance_of",
    "number",
    "set_of",
    "slug",
    "text",
    "to_float",
    "to_frozenset",
    "to_tuple",
    "tuple_of",
]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
E = TypeVar("E", bound=enum.Enum)

_NOT_ARRAYS = (str, bytes, bytearray, Mapping)


def _owner(instance: object) -> str:
    return type(instance).__name__


def _wrong_type(instance: object, attribute: attrs.Attribute[Any], value: object, expected: str) -> None:
    raise InvalidTypeError(_owner(instance), attribute.name, value, expected)


def _wrong_value(instance: object, attribute: attrs.Attribute[Any], value: object, expected: str) -> None:
    raise InvalidValueError(_owner(instance), attribute.name, value, expected)


# ------------------------------------------------------------------ converters


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """A tuple from any non-string iterable; anything else passes through (and is refused)."""
    if isinstance(value, tuple):
        return value
    if isinstance(value, _NOT_ARRAYS) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # refused by the field's validator
    return tuple(value)


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """A frozenset from any non-string iterable; anything else passes through (and is refused)."""
    if isinstance(value, frozenset):
        return value
    if isinstance(value, _NOT_ARRAYS) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # refused by the field's validator
    try:
        return frozenset(value)
    except TypeError:  # unhashable members: refused by the validator, which names them
        return tuple(value)  # type: ignore[return-value]


def to_float(value: float | None) -> float | None:
    """A float from any real number but a bool; too large, or not a number, passes through (refused)."""
    if value is None or type(value) is float or isinstance(value, bool):
        return value
    if isinstance(value, numbers.Real):
        try:
            return float(value)
        except (OverflowError, ValueError, TypeError):
            return value
    return value


def enum_value(cls: type[E], value: object) -> object:
    """The member of ``cls`` for a member or its value string; anything else passes through."""
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        for member in cls:
            if member.value == value:
                return member
    return value


# ------------------------------------------------------------------ validators


def _nullable(check: Validator, none: bool) -> Validator:
    if not none:
        return check

    def nullable(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return nullable


def _or_none(what: str, none: bool) -> str:
    return what + " or None" if none else what


def text(*, none: bool = False) -> Validator:
    """A non-empty string (``none``: or ``None``)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            _wrong_type(instance, attribute, value, _or_none("a string", none))
        elif not value.strip():
            _wrong_value(instance, attribute, value, _or_none("a non-empty string", none))

    return _nullable(check, none)


_SLUG = re.compile(r"[a-z0-9][a-z0-9.\-]*")


def slug(*, none: bool = False) -> Validator:
    """An id: lowercase letters, digits, ``.`` and ``-``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            _wrong_type(instance, attribute, value, _or_none("an id string", none))
        elif not _SLUG.fullmatch(value):
            _wrong_value(instance, attribute, value, "an id of lowercase letters, digits, '.' and '-'")

    return _nullable(check, none)


def boolean(*, none: bool = False) -> Validator:
    """``True`` or ``False`` (never a string or a number)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, bool):
            _wrong_type(instance, attribute, value, _or_none("True or False", none))

    return _nullable(check, none)


def day(*, none: bool = False) -> Validator:
    """A ``datetime.date`` that is not a ``datetime``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            _wrong_type(instance, attribute, value, _or_none("a datetime.date", none))

    return _nullable(check, none)


def enum_member(cls: type[enum.Enum], *, none: bool = False) -> Validator:
    """A member of ``cls`` (constructors convert the members' value strings)."""
    valid = ", ".join(repr(m.value) for m in cls)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            if isinstance(value, str):
                _wrong_value(instance, attribute, value, _or_none(f"one of {valid}", none))
            else:
                _wrong_type(instance, attribute, value, _or_none(f"a {cls.__name__} or one of {valid}", none))

    return _nullable(check, none)


def number(
    *, none: bool = False, positive: bool = False, nonnegative: bool = False, specification: bool = False
) -> Validator:
    """A finite float (constructors convert ints); ``positive``: above zero; ``nonnegative``: not below it.

    ``specification``: a chip figure, refused with :class:`InvalidSpecificationError`.
    """
    what = "a positive, finite number" if positive else "a finite number" + (" of 0 or more" if nonnegative else "")
    what = _or_none(what, none)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not float:
            if isinstance(value, int) and not isinstance(value, bool):  # conversion overflowed
                _refuse(instance, attribute, value, what + " (this one is too large)", specification)
            _wrong_type(instance, attribute, value, what)
        assert isinstance(value, float)
        if not math.isfinite(value) or (positive and value <= 0) or (nonnegative and value < 0):
            _refuse(instance, attribute, value, what, specification)

    return _nullable(check, none)


def _refuse(
    instance: object, attribute: attrs.Attribute[Any], value: object, expected: str, specification: bool
) -> None:
    if specification:
        raise InvalidSpecificationError(_owner(instance), attribute.name, value, expected)
    _wrong_value(instance, attribute, value, expected)


def instance_of(cls: type | tuple[type, ...], what: str, *, none: bool = False) -> Validator:
    """An instance of ``cls`` (``what`` names it in messages)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            _wrong_type(instance, attribute, value, _or_none(what, none))

    return _nullable(check, none)


def _elements(container: type, kind: type | tuple[type, ...], what: str, check_each: Validator | None) -> Validator:
    array = "an array (list or tuple)" if container is tuple else "an array (list or set)"

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, container):
            _wrong_type(instance, attribute, value, f"{array} of {what}")
        assert isinstance(value, tuple | frozenset)
        for item in value:
            if not isinstance(item, kind) or (isinstance(item, bool) and kind is not bool):
                raise InvalidTypeError(_owner(instance), attribute.name, item, f"{array} of {what}; one element is not")
            if check_each is not None:
                check_each(instance, attribute, item)

    return check


def tuple_of(kind: type | tuple[type, ...], what: str, each: Validator | None = None) -> Validator:
    """A tuple (constructors convert lists) whose elements are instances of ``kind``."""
    return _elements(tuple, kind, what, each)


def set_of(kind: type | tuple[type, ...], what: str, each: Validator | None = None) -> Validator:
    """A frozenset (constructors convert lists and sets) whose elements are instances of ``kind``."""
    return _elements(frozenset, kind, what, each)
