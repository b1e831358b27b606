"""Dates and half-open day intervals."""

from __future__ import annotations

import datetime as dt
import re

import attrs
from dateutil.rrule import MONTHLY, rrule

from .errors import InvalidDateError, InvalidTypeError

__all__ = ["Period", "months", "parse_date", "today"]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def today() -> dt.date:
    """The local date: what ``"today"`` means wherever a date is asked for."""
    return dt.date.today()


def parse_date(value: object, argument: str = "date") -> dt.date:
    """Return ``value`` as a ``datetime.date``.

    Accepts a ``datetime.date``, a strict ``YYYY-MM-DD`` string, or ``"today"`` (the local
    date). A ``datetime`` is refused (it names an instant, not a day), and so is any other
    string form, since "03/04/2025" means different days to different readers. A subclass of
    ``date`` is returned as a plain ``date``.

    >>> parse_date("2025-06-01")
    datetime.date(2025, 6, 1)
    >>> parse_date("June 1, 2025")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    chipcontrols.errors.InvalidDateError: date: expected ... got 'June 1, 2025' (not in YYYY-MM-DD form)
    """
    if isinstance(value, dt.datetime):
        raise InvalidDateError(argument, value, "a datetime names an instant; pass its .date()")
    if isinstance(value, dt.date):
        # a subclass of date becomes a plain date: answers (and the caches they are kept in) never
        # carry a caller's type, nor its own comparisons, to other callers
        return value if type(value) is dt.date else dt.date.fromordinal(dt.date.toordinal(value))
    if isinstance(value, str):
        if value == "today":
            return today()
        if not _ISO_DAY.fullmatch(value):
            raise InvalidDateError(argument, value, "not in YYYY-MM-DD form")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidDateError(argument, value, str(exc)) from None
    raise InvalidDateError(argument, value, f"a {type(value).__name__} is not a date")


def months(start: dt.date | str, end: dt.date | str) -> tuple[dt.date, ...]:
    """The first day of every month from ``start``'s month through ``end`` (for grids and plots).

    >>> [d.isoformat() for d in months("2025-11-20", "2026-02-01")]
    ['2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01']
    """
    first = parse_date(start, "start").replace(day=1)
    last = parse_date(end, "end")
    if last < first:
        from .errors import InvalidArgumentError

        raise InvalidArgumentError("end", last, f"a day on or after start ({first.isoformat()})")
    return tuple(d.date() for d in rrule(MONTHLY, dtstart=first, until=last))


def _check_order(instance: Period, attribute: attrs.Attribute[dt.date | None], value: dt.date | None) -> None:
    if value is not None and value <= instance.start:
        from .errors import InvalidValueError

        raise InvalidValueError("Period", "end", value, f"a day after the start ({instance.start.isoformat()})")


def _is_day(instance: Period, attribute: attrs.Attribute[dt.date], value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError("Period", attribute.name, value, "a datetime.date")


def _is_day_or_none(instance: Period, attribute: attrs.Attribute[dt.date | None], value: object) -> None:
    if value is not None:
        _is_day(instance, attribute, value)  # type: ignore[arg-type]


@attrs.frozen(order=True)
class Period:
    """A half-open interval of days ``[start, end)``; ``end=None`` is open-ended.

    >>> p = Period(dt.date(2025, 1, 13), dt.date(2025, 5, 15))
    >>> dt.date(2025, 5, 14) in p, dt.date(2025, 5, 15) in p
    (True, False)
    >>> str(p)
    '[2025-01-13, 2025-05-15)'
    """

    start: dt.date = attrs.field(validator=_is_day)
    end: dt.date | None = attrs.field(default=None, validator=[_is_day_or_none, _check_order])

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return self.start <= day and (self.end is None or day < self.end)

    def __str__(self) -> str:
        end = "…" if self.end is None else self.end.isoformat()
        return f"[{self.start.isoformat()}, {end})"


def check_strict(value: object) -> None:
    """Refuse a ``strict`` that is not ``True`` or ``False`` (``"no"`` would read as true)."""
    if value is not False and value is not True:
        raise InvalidTypeError("", "strict", value, "True or False")
