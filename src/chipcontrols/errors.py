"""The exceptions that chipcontrols raises.

Every exception is a :class:`ChipControlsError` and also an instance of the built-in
exception that matches its meaning, so ``except LookupError`` keeps working:

>>> from chipcontrols import errors
>>> issubclass(errors.UnknownChipError, LookupError)
True
>>> issubclass(errors.InvalidRecordError, ValueError)
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

__all__ = [
    "AmbiguousInputError",
    "ChipControlsError",
    "InvalidArgumentError",
    "InvalidDateError",
    "InvalidRecordError",
    "InvalidSpecificationError",
    "InvalidTypeError",
    "InvalidValueError",
    "MissingDependencyError",
    "OutsideCoverageError",
    "RecordProblem",
    "UndeterminedAnswerError",
    "UndeterminedClassificationError",
    "UnknownChipError",
    "UnknownCountryError",
    "UnknownIdError",
]


class ChipControlsError(Exception):
    """Base class of every error raised by chipcontrols.

    Every error survives ``pickle`` and ``copy.deepcopy`` (as raised in a worker process) with
    its message and attributes, and has a JSON form (:meth:`to_json`), the one the command line
    and the service print.
    """

    def to_json(self) -> dict[str, Any]:
        """The error as JSON data: its type and message, and its close matches, candidates or
        record problems where it has some.

        >>> import chipcontrols
        >>> try:
        ...     chipcontrols.chip("H2O")
        ... except ChipControlsError as exc:
        ...     found = exc.to_json()
        >>> found["type"], found["close_matches"][:2]
        ('UnknownChipError', ['H20', 'H200'])
        """
        out: dict[str, Any] = {"type": type(self).__name__, "message": str(self)}
        for attr in ("close_matches", "candidates"):
            value = getattr(self, attr, None)
            if value:
                out[attr] = list(value)
        problems = getattr(self, "problems", None)
        if problems:
            out["problems"] = [{"file": p.file, "path": p.path, "message": p.message} for p in problems]
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt from its message and attributes: each subclass's __init__ takes other arguments
        reduced = super().__reduce__()
        state = reduced[2] if isinstance(reduced, tuple) and len(reduced) > 2 and reduced[2] else {}
        return (_rebuild, (type(self), self.args, dict(state)))


def _rebuild(cls: type[ChipControlsError], args: tuple[Any, ...], state: dict[str, Any]) -> ChipControlsError:
    """An error of ``cls`` with these ``args`` and attributes, without calling its ``__init__``."""
    exc = cls.__new__(cls)
    exc.args = args
    for name, value in state.items():
        setattr(exc, name, value)
    return exc


def _matches(close: Sequence[str]) -> str:
    if not close:
        return ""
    return " Close matches: " + ", ".join(repr(c) for c in close) + "."


class UnknownChipError(ChipControlsError, LookupError):
    """A chip name or alias that is not in the catalogue.

    Attributes:
        name: what was asked for.
        close_matches: catalogue names that resemble it.
    """

    def __init__(self, name: str, close_matches: Sequence[str] = ()) -> None:
        self.name = name
        self.close_matches = tuple(close_matches)
        super().__init__(
            f"unknown chip {_short(name)}: expected a catalogue name or alias "
            f"(see chipcontrols.chips()) or a chipcontrols.Chip.{_matches(self.close_matches)}"
        )


class UnknownCountryError(ChipControlsError, LookupError):
    """A country that is neither an ISO 3166-1 code nor a known name.

    Attributes:
        name: what was asked for.
        close_matches: names or codes that resemble it.
    """

    def __init__(self, name: str, close_matches: Sequence[str] = ()) -> None:
        self.name = name
        self.close_matches = tuple(close_matches)
        super().__init__(
            f"unknown country {_short(name)}: expected an ISO 3166-1 alpha-2 or alpha-3 code "
            f"(e.g. 'CN', 'CHN') or a common name (e.g. 'China').{_matches(self.close_matches)}"
        )


class AmbiguousInputError(ChipControlsError, LookupError):
    """A name that matches more than one chip or country.

    Attributes:
        name: what was asked for.
        candidates: everything it could mean.
    """

    def __init__(self, what: str, name: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.candidates = tuple(candidates)
        super().__init__(
            f"ambiguous {what} {_short(name)}: it could mean "
            + ", ".join(repr(c) for c in self.candidates)
            + "; use one of those names exactly"
        )


class InvalidArgumentError(ChipControlsError, ValueError):
    """An argument whose value is not one of those accepted.

    Attributes:
        argument: the parameter's name.
        value: what was passed.
        expected: what is valid.
    """

    def __init__(self, argument: str, value: object, expected: str) -> None:
        self.argument = argument
        self.value = value
        self.expected = expected
        super().__init__(f"{argument}: expected {expected}, got {_short(value)}")


class InvalidDateError(ChipControlsError, ValueError):
    """A date argument that is not a ``datetime.date`` or a strict ``YYYY-MM-DD`` string."""

    def __init__(self, argument: str, value: object, reason: str) -> None:
        self.argument = argument
        self.value = value
        super().__init__(
            f"{argument}: expected a datetime.date or a 'YYYY-MM-DD' string, got {_short(value)} ({reason})"
        )


class OutsideCoverageError(ChipControlsError, ValueError):
    """A question about a day the record does not speak for.

    The record declares the first day it covers; before it, its silence means nothing, so no
    answer is given rather than a false "not controlled". After its review day it answers from
    what it knew then, unless asked to be ``strict``.

    Attributes:
        date: the day asked about.
        first: the record's first day.
        reviewed: the record's review day.
        strict: whether the day was refused for being after the review day.
        argument: the argument that gave the day (``"date"``, ``"start"``, ``"end"``, ...), when
            known; for a window's ``end``, ``date`` is the window's last day.
    """

    def __init__(
        self, date: dt.date, first: dt.date, reviewed: dt.date, *, strict: bool = False, argument: str | None = None
    ) -> None:
        self.date = date
        self.first = first
        self.reviewed = reviewed
        self.strict = strict
        self.argument = argument
        if date < first:
            why = f"the record speaks for days from {first.isoformat()}: it does not say what applied before"
        else:
            why = (
                f"the record was last reviewed on {reviewed.isoformat()} and strict=True refuses later days "
                "(without strict, the answer is what the record knew then, with a record-age caveat)"
            )
        super().__init__(f"{date.isoformat()} is outside the record's coverage: {why}")


class MissingDependencyError(ChipControlsError, ImportError):
    """An optional feature whose package is not installed; the message names the extra to install.

    Attributes:
        feature: what was called (``"plot_regime()"``).
        package: the package it needs (``"matplotlib"``).
        extra: the chipcontrols extra that installs it (``"plot"``).

    >>> print(MissingDependencyError("plot_regime()", "matplotlib", "plot"))
    plot_regime() needs matplotlib, which is not installed: pip install "chipcontrols[plot]"
    """

    def __init__(self, feature: str, package: str, extra: str) -> None:
        self.feature = feature
        self.package = package
        self.extra = extra
        super().__init__(
            f'{feature} needs {package}, which is not installed: pip install "chipcontrols[{extra}]"', name=package
        )


class InvalidValueError(ChipControlsError, ValueError):
    """A value that a field of the model, or an argument, cannot take.

    Attributes:
        owner: the class (``"Chip"``) whose field it is, or ``""`` for an argument.
        field: the field's or argument's name.
        value: what was given.
        expected: what is valid.

    >>> from chipcontrols.model import Chip
    >>> Chip(name="X", tpp=-1)
    Traceback (most recent call last):
    ...
    chipcontrols.errors.InvalidSpecificationError: Chip.tpp: expected a positive, finite number or None, got -1.0
    """

    def __init__(self, owner: str, field: str, value: object, expected: str) -> None:
        self.owner = owner
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(f"{_where(owner, field)}: expected {expected}, got {_short(value)}")


class InvalidTypeError(ChipControlsError, TypeError):
    """A value of the wrong type for a field of the model or an argument.

    Attributes are those of :class:`InvalidValueError`.

    >>> from chipcontrols.model import Provision, ItemScope, DestinationScope
    >>> Provision(id="p", title="t", items=ItemScope(all_items=True), license_required="false")
    Traceback (most recent call last):
    ...
    chipcontrols.errors.InvalidTypeError: Provision.license_required: expected True or False, got 'false' (a str)
    """

    def __init__(self, owner: str, field: str, value: object, expected: str) -> None:
        self.owner = owner
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(f"{_where(owner, field)}: expected {expected}, got {_short(value)} (a {type(value).__name__})")


class InvalidSpecificationError(InvalidValueError):
    """A chip specification that cannot be true (negative TPP, zero die area, ...)."""


def _where(owner: str, field: str) -> str:
    """``Class.field`` for a field of the model, the bare name for a function's argument."""
    return f"{owner}.{field}" if owner else field


def _short(value: object, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters so that a huge input does not make a huge message."""
    try:
        text = repr(value)
    except Exception:  # a caller's object whose repr fails
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


class UndeterminedAnswerError(ChipControlsError, LookupError):
    """A yes-or-no read from an answer that the record cannot settle.

    Raised by :attr:`Status.license_required` when the requirement is undetermined, so that
    ``if not status.license_required: ship()`` can never ship on an unknown. Read
    :attr:`Status.requirement` (``REQUIRED``, ``NOT_REQUIRED`` or ``UNDETERMINED``) to handle
    all three cases.

    Attributes:
        chip: the chip's name.
        country: the destination's code.
        period: the period the answer holds over, as text (``"[2023-11-17, 2025-04-15)"``).
        reasons: what is missing or uncertain (the caveats' texts).
    """

    def __init__(self, chip: str, country: str, period: str, reasons: Sequence[str]) -> None:
        self.chip = chip
        self.country = country
        self.period = period
        self.reasons = tuple(reasons)
        why = "; ".join(self.reasons) or "the record cannot settle it"
        super().__init__(
            f"whether {chip} to {country} needs a licence during {period} is undetermined: {why}. "
            "Read Status.requirement to handle an undetermined answer"
        )


class UndeterminedClassificationError(ChipControlsError, LookupError):
    """A classification that needs a specification the chip does not have.

    Attributes:
        chip: the chip's name.
        missing: the specifications whose values would settle it.
    """

    def __init__(self, chip: str, on: dt.date, missing: Sequence[str]) -> None:
        self.chip = chip
        self.missing = tuple(missing)
        super().__init__(
            f"cannot classify {chip!r} on {on.isoformat()}: the record lacks "
            + ", ".join(self.missing)
            + "; supply it with chipcontrols.Chip(...) or use explain_classification()"
        )


class RecordProblem:
    """One problem found in a data file: where it is and what is wrong. Immutable (it is hashable).

    >>> str(RecordProblem("chips.toml", "$.chip[3].tpp", "expected a number, got 'x'"))
    "chips.toml $.chip[3].tpp: expected a number, got 'x'"
    """

    __slots__ = ("file", "message", "path")

    file: str
    path: str
    message: str

    def __init__(self, file: str, path: str, message: str) -> None:
        object.__setattr__(self, "file", file)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "message", message)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"RecordProblem is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"RecordProblem is immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (RecordProblem, (self.file, self.path, self.message))

    def __str__(self) -> str:
        return f"{self.file} {self.path}: {self.message}"

    def __repr__(self) -> str:
        return f"RecordProblem({self.file!r}, {self.path!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecordProblem):
            return NotImplemented
        return (self.file, self.path, self.message) == (other.file, other.path, other.message)

    def __hash__(self) -> int:
        return hash((self.file, self.path, self.message))


class InvalidRecordError(ChipControlsError, ValueError):
    """Data that cannot be loaded: every problem found, each with its file and key path.

    Attributes:
        problems: the problems, in the order found.
    """

    def __init__(self, problems: Sequence[RecordProblem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"invalid record ({len(self.problems)} problem(s)):\n{lines}")


class UnknownIdError(InvalidArgumentError, LookupError):
    """An id (of an instrument, a provision, a group, a tier) that the record does not have.

    Attributes:
        what: the kind of thing looked up (``"instrument"``).
        close_matches: ids that resemble it.

    >>> from chipcontrols import bundled
    >>> bundled().instrument("2025-04-nvidia-h20-leter")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    chipcontrols.errors.UnknownIdError: instrument: expected an instrument id; close matches:
    2025-04-nvidia-h20-letter, ..., got '2025-04-nvidia-h20-leter'
    """

    def __init__(self, what: str, value: object, valid: Sequence[str]) -> None:
        import difflib

        self.what = what
        self.close_matches: tuple[str, ...] = ()
        if isinstance(value, str):
            self.close_matches = tuple(difflib.get_close_matches(value, list(valid), n=4))
        article = "an" if what[:1] in "aeiou" else "a"
        expected = f"{article} {what} id"
        if self.close_matches:
            expected += "; close matches: " + ", ".join(self.close_matches)
        elif len(valid) <= 12:
            expected += " (one of: " + (", ".join(valid) or "none") + ")"
        super().__init__(what, value, expected)
