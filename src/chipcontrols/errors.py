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

__all__ = [
    "AmbiguousInputError",
    "ChipControlsError",
    "InvalidArgumentError",
    "InvalidDateError",
    "InvalidRecordError",
    "InvalidSpecificationError",
    "MissingDependencyError",
    "OutsideCoverageError",
    "RecordProblem",
    "UndeterminedClassificationError",
    "UnknownChipError",
    "UnknownCountryError",
]


class ChipControlsError(Exception):
    """Base class of every error raised by chipcontrols."""


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
            f"unknown chip {name!r}: expected a catalogue name or alias "
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
            f"unknown country {name!r}: expected an ISO 3166-1 alpha-2 or alpha-3 code "
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
            f"ambiguous {what} {name!r}: it could mean "
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
        super().__init__(f"{argument}: expected {expected}, got {value!r}")


class InvalidDateError(ChipControlsError, ValueError):
    """A date argument that is not a ``datetime.date`` or a strict ``YYYY-MM-DD`` string."""

    def __init__(self, argument: str, value: object, reason: str) -> None:
        self.argument = argument
        self.value = value
        super().__init__(f"{argument}: expected a datetime.date or a 'YYYY-MM-DD' string, got {value!r} ({reason})")


class OutsideCoverageError(ChipControlsError, ValueError):
    """A question about a day the record does not speak for.

    The record declares the first and last day it covers; outside them its silence
    means nothing, so no answer is given rather than a false "not controlled".
    """

    def __init__(self, date: dt.date, first: dt.date, last: dt.date) -> None:
        self.date = date
        self.first = first
        self.last = last
        super().__init__(
            f"{date.isoformat()} is outside the record's coverage "
            f"({first.isoformat()} to {last.isoformat()}): the record does not say what applied then"
        )


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


class InvalidSpecificationError(ChipControlsError, ValueError):
    """A chip specification that cannot be true (negative TPP, zero die area, ...)."""


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
    """One problem found in a data file: where it is and what is wrong.

    >>> str(RecordProblem("chips.toml", "$.chip[3].tpp", "expected a number, got 'x'"))
    "chips.toml $.chip[3].tpp: expected a number, got 'x'"
    """

    __slots__ = ("file", "message", "path")

    def __init__(self, file: str, path: str, message: str) -> None:
        self.file = file
        self.path = path
        self.message = message

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
