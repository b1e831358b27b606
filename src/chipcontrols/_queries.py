"""The ``Rulebook``'s questions over spans of days and many pairs, as documented methods; the work
is done in ``_periods`` and ``_bulk``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from . import _bulk, _periods, _screen
from ._answer import Change
from ._model import Basis, Chip, Country, Tier
from ._tables import Events, History, Revisions

if TYPE_CHECKING:
    from ._bulk import Grid
    from ._rulebook import Rulebook

__all__ = ["SpanQueries"]


class SpanQueries:
    """History, diff, revisions, grid, events, members and tiers (mixed into ``Rulebook``)."""

    __slots__ = ()

    def _book(self) -> Rulebook:
        return cast("Rulebook", self)

    def history(
        self,
        chip: str | Chip,
        country: str | Country,
        /,
        *,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        known_on: dt.date | str | None = None,
        basis: Basis | str = Basis.ENFORCED,
        headquartered_in: str | Country | None = None,
        by: Sequence[str] | None = None,
        strict: bool = False,
    ) -> History:
        """Coalesced periods ``[start, end)`` with the status over each and what began it.

        The result is a read-only sequence of :class:`HistoryEntry` with ``records()``,
        ``to_dataframe()`` and an HTML table for notebooks. ``start`` defaults to the record's
        first day and ``end`` to none: the last period is open (``end=None``) unless something
        is known to change. A new period begins whenever anything in the answer changes
        (caveats included). ``by`` names the :class:`Status` fields you care about (e.g.
        ``["level"]``): neighbouring periods equal in those fields are merged, and each merged
        entry keeps the status and causes of its first period.

        >>> import chipcontrols
        >>> h = chipcontrols.bundled().history("A100", "CN", start="2022-01-01", end="2023-01-01", by=["level"])
        >>> [(str(e.period), e.status.level.value) for e in h]  # doctest: +NORMALIZE_WHITESPACE
        [('[2022-01-01, 2022-08-26)', 'no-license-required'), ('[2022-08-26, 2022-10-21)', 'license-required'),
         ('[2022-10-21, 2023-01-01)', 'presumption-of-denial')]
        """
        return _periods.history(
            self._book(),
            chip,
            country,
            start=start,
            end=end,
            known_on=known_on,
            basis=basis,
            headquartered_in=headquartered_in,
            by=by,
            strict=strict,
        )

    def diff(
        self,
        date_a: dt.date | str,
        date_b: dt.date | str,
        /,
        *,
        chips: Sequence[str | Chip] | None = None,
        countries: Sequence[str | Country] | None = None,
        known_on: dt.date | str | None = None,
        basis: Basis | str = Basis.ENFORCED,
        headquartered_in: str | Country | None = None,
    ) -> tuple[Change, ...]:
        """What changed between two days, for each chip and destination, and which instruments changed it.

        ``Change.instruments`` names the instruments that began the steps, between the two days,
        at which one of the changed fields changed (not those that only touched a caveat).

        >>> import chipcontrols
        >>> [str(c) for c in chipcontrols.bundled().diff("2025-04-01", "2025-05-01", chips=["H20"], countries=["CN"])]
        ['H20 -> CN: requirement changed (no-license-required -> license-required) by 2025-04-nvidia-h20-letter']
        """
        return _periods.diff(
            self._book(),
            date_a,
            date_b,
            chips=chips,
            countries=countries,
            known_on=known_on,
            basis=basis,
            headquartered_in=headquartered_in,
        )

    def revisions(
        self,
        date: dt.date | str,
        chip: str | Chip,
        country: str | Country,
        /,
        *,
        basis: Basis | str = Basis.ENFORCED,
        headquartered_in: str | Country | None = None,
    ) -> Revisions:
        """How the answer for one day changed as knowledge grew: the knowledge periods, each with its
        status and the instruments whose publication revised it.

        The first period begins on the record's first day (what was known then, or before); the
        last is open. The H100 to India on 2025-06-01: classified 3A090.a once the October 2022
        rule was public; a Tier 2 licence (with License Exception LPP) as scheduled once the AI
        Diffusion framework was published; no licence again once its non-enforcement was announced:

        >>> import chipcontrols
        >>> r = chipcontrols.bundled().revisions("2025-06-01", "H100", "IN")
        >>> [(x.known_from.isoformat(), x.status.tier, x.revised_by) for x in r][-3:]  # doctest: +NORMALIZE_WHITESPACE
        [('2022-10-07', None, ('2022-10-advanced-computing-ifr',)), ('2025-01-13', 'Tier 2', ('2025-01-ai-diffusion',)),
         ('2025-05-13', None, ('2025-05-diffusion-non-enforcement',))]
        """
        return _periods.revisions(self._book(), date, chip, country, basis=basis, headquartered_in=headquartered_in)

    def grid(
        self,
        dates: Sequence[dt.date | str],
        chips: Sequence[str | Chip] | None = None,
        countries: Sequence[str | Country] | None = None,
        *,
        known_on: dt.date | str | None = None,
        basis: Basis | str = Basis.ENFORCED,
        headquartered_in: str | Country | None = None,
        strict: bool = False,
    ) -> Grid:
        """The statuses of every date x chip x destination (default: the whole catalogue and every country).

        Args:
            dates: the days asked about (any order; the grid holds them sorted, without repeats).
            chips: names, aliases or ``Chip`` objects (default: the catalogue).
            countries: codes, names or ``Country`` objects (default: every ISO 3166-1 country).

        For one row per shipment (each with its own day, chip, destination and headquarters),
        use :func:`chipcontrols.screen`.

        >>> import chipcontrols
        >>> from chipcontrols import months
        >>> g = chipcontrols.bundled().grid(months("2022-01-01", "2022-12-31"), ["A100"], ["CN"])
        >>> [s.license_required for _, _, _, s in g]
        [False, False, False, False, False, False, False, False, True, True, True, True]
        """
        return _bulk.grid(
            self._book(),
            dates,
            chips,
            countries,
            known_on=known_on,
            basis=basis,
            headquartered_in=headquartered_in,
            strict=strict,
        )

    def screen(
        self,
        table: Any,
        /,
        *,
        date: str = "date",
        chip: str = "chip",
        country: str = "country",
        hq: str | None = "hq",
        known_on: str | None = "known_on",
        basis: Basis | str = Basis.ENFORCED,
        errors: str = "raise",
        strict: bool = False,
        progress: bool = False,
    ) -> Any:
        """One answer per row of a table of shipments, computed in bulk (needs the ``screen`` extra).

        ``table`` is a DataFrame of any kind narwhals supports (pandas, polars, pyarrow, ...),
        returned as the same kind with the answer columns added, or an iterable of rows
        (mappings), returned as a list of dictionaries. Each row names its day (a date, a
        midnight timestamp or ``YYYY-MM-DD``), chip, destination and, optionally, the buyer's
        headquarters and a knowledge day; blank cells in the optional columns mean "not given".
        Pass the column names if yours differ.

        The answer columns (``chipcontrols._screen.SCREEN_COLUMNS``): ``license_required`` (a
        nullable boolean: null exactly when ``requirement`` is ``"undetermined"``), ``requirement``,
        ``level`` (an ordered category where the backend has one, from the easiest shipment to
        the hardest), ``review_policy``, ``exceptions``, ``tier``, ``classification``,
        ``governing``, ``determinate``, ``caveats`` (their kinds), ``citations``, ``licenses``,
        ``record`` (the record's version) and ``error``.

        ``errors="raise"`` (default) raises the first row's error, naming the row;
        ``errors="coerce"`` answers the other rows and puts each bad row's message in ``error``.
        ``progress=True`` shows a progress bar.

        >>> import chipcontrols
        >>> rows = [{"date": "2025-06-01", "chip": "H20", "country": "CN"},
        ...         {"date": "2025-06-01", "chip": "H2O", "country": "CN"}]
        >>> [(r["level"], r["error"]) for r in chipcontrols.screen(rows, errors="coerce")]  # doctest: +ELLIPSIS
        [('license-required', None), (None, "unknown chip 'H2O': ... Close matches: 'H20', 'H200'...")]
        """
        return _screen.screen(
            self._book(),
            table,
            date=date,
            chip=chip,
            country=country,
            hq=hq,
            known_on=known_on,
            basis=basis,
            errors=errors,
            strict=strict,
            progress=progress,
        )

    def events(self, *, start: dt.date | str | None = None, end: dt.date | str | None = None) -> Events:
        """The record's instruments in the order they became public, optionally within ``[start, end)``.

        The result is a read-only sequence of instruments with ``records()``, ``to_dataframe()``
        and an HTML table for notebooks.

        >>> import chipcontrols
        >>> [i.id for i in chipcontrols.bundled().events(start="2025-04-15", end="2025-04-16")]
        ['2025-04-nvidia-h20-letter']
        """
        return _periods.events(self._book(), start=start, end=end)

    def members(
        self, group_id: str, date: dt.date | str, /, *, known_on: dt.date | str | None = None
    ) -> tuple[Country, ...]:
        """The members of a group on a day, as known on ``known_on``.

        >>> import chipcontrols
        >>> "NI" in [c.code for c in chipcontrols.bundled().members("D:5", "2024-03-15")]
        True
        """
        return _periods.members(self._book(), group_id, date, known_on=known_on)

    def tiers_at(
        self, country: str | Country, date: dt.date | str, /, *, known_on: dt.date | str | None = None
    ) -> tuple[tuple[str, Tier], ...]:
        """The tier a destination is in under each tiered framework in the law on a day.

        Returns ``(instrument id, tier)`` pairs; a framework counts from its effective date (as
        known on ``known_on``), whatever its compliance or enforcement, and until it is rescinded
        or expires (its first provision's state is used).

        >>> import chipcontrols
        >>> [(i, t.name) for i, t in chipcontrols.bundled().tiers_at("IN", "2025-06-01")]
        [('2025-01-ai-diffusion', 'Tier 2')]
        >>> chipcontrols.bundled().tiers_at("IN", "2024-06-01")
        ()
        """
        return _periods.tiers_at(self._book(), country, date, known_on=known_on)
