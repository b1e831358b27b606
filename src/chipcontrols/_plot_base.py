"""What the plots share: the optional dependency, the checks on arguments every plot takes, the colours of
the levels, the date axis, the legend and the subtitle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from ._bundled import bundled
from ._dates import parse_date
from ._model import Basis, Level
from ._rulebook import Rulebook, as_basis
from .errors import InvalidTypeError, MissingDependencyError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: The colour of each level, from the easiest shipment to the hardest: seven evenly spaced
#: samples of matplotlib's ``magma`` colormap from 1.0 down to 0.2 (perceptually uniform,
#: colour-blind safe; lightness falls with each step, so the order survives greyscale), and a
#: neutral grey, off that scale, for an undetermined answer.
LEVEL_COLORS: Mapping[Level, str] = MappingProxyType(
    {
        Level.NO_LICENSE_REQUIRED: "#fcfdbf",
        Level.LICENSE_EXCEPTION: "#febf84",
        Level.PRESUMPTION_OF_APPROVAL: "#fa7f5e",
        Level.CASE_BY_CASE: "#de4968",
        Level.PRESUMPTION_OF_DENIAL: "#a8327d",
        Level.LICENSE_REQUIRED: "#721f81",
        Level.POLICY_OF_DENIAL: "#3b0f70",
        Level.UNDETERMINED: "#9e9e9e",
    }
)

LEVELS = tuple(Level)  # in order, least restrictive first


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


def subtitle(book: Rulebook, basis: Basis | str, known_on: dt.date | str | None) -> str:
    known = (
        f"as known on {parse_date(known_on, 'known_on').isoformat()}"
        if known_on is not None
        else f"everything in the record {book.info.version} (reviewed {book.info.reviewed})"
    )
    return f"basis: {as_basis(basis).value}; {known}"


def num(day: dt.date) -> float:
    import matplotlib.dates as mdates

    return float(mdates.date2num(dt.datetime(day.year, day.month, day.day)))  # type: ignore[no-untyped-call]


def date_axis(ax: Axes) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=5, maxticks=12)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def level_legend(ax: Axes, levels: set[Level]) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=LEVEL_COLORS[level], edgecolor="0.55", linewidth=0.6, label=level.value)
        for level in LEVELS
        if level in levels
    ]
    ax.legend(
        handles=handles,
        title="Level",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize=8,
        title_fontsize=9,
        alignment="left",
    )
