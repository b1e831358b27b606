"""What the plots share: the optional dependency, and the checks on arguments every plot takes."""

from __future__ import annotations

from collections.abc import Sequence

from ._bundled import bundled
from ._rulebook import Rulebook
from .errors import InvalidTypeError, MissingDependencyError


def require_matplotlib(feature: str) -> None:
    """Import matplotlib, or raise the library's error naming the extra to install."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise MissingDependencyError(feature, "matplotlib", "plot") from exc


def book_of(rulebook: object) -> Rulebook:
    """The rulebook asked for (``None``: the bundled one)."""
    if rulebook is None:
        return bundled()
    if not isinstance(rulebook, Rulebook):
        raise InvalidTypeError("", "rulebook", rulebook, "a chipcontrols.Rulebook or None")
    return rulebook


def check_axes(ax: object) -> None:
    """Refuse ``ax`` unless it is ``None`` or matplotlib axes (checked before any work is done)."""
    from matplotlib.axes import Axes

    if ax is not None and not isinstance(ax, Axes):
        raise InvalidTypeError("", "ax", ax, "matplotlib Axes or None")


def sequence(value: object, argument: str, expected: str) -> Sequence[object]:
    if isinstance(value, str | bytes | bytearray) or not isinstance(value, Sequence):
        raise InvalidTypeError("", argument, value, expected)
    return value
