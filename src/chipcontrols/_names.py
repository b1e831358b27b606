"""Resolving what people type into chips and countries, with close matches on failure."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping

from ._model import Chip, Country
from .errors import AmbiguousInputError, UnknownChipError, UnknownCountryError

__all__ = ["ChipIndex", "CountryIndex", "all_countries", "normalise"]

_SEP = re.compile(r"[\s\-_.,'()]+")


def normalise(text: str) -> str:
    """Fold case and drop separators: ``"GeForce RTX-4090"`` -> ``"geforcertx4090"``."""
    return _SEP.sub("", text.casefold())


@functools.cache
def all_countries() -> tuple[Country, ...]:
    """Every ISO 3166-1 country, from pycountry, sorted by code."""
    import pycountry  # imported on first use: it is the slowest import

    out = [
        Country(code=c.alpha_2, name=getattr(c, "common_name", None) or c.name, alpha3=c.alpha_3)
        for c in pycountry.countries
    ]
    return tuple(sorted(out, key=lambda c: c.code))


def _official_names() -> Iterable[tuple[str, str]]:
    import pycountry

    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                yield value, c.alpha_2


class CountryIndex:
    """Looks up countries by code or name; extra names come from the record."""

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self._by_code = {c.code: c for c in all_countries()}
        self._alpha3 = {c.alpha3: c.code for c in all_countries() if c.alpha3}
        names: dict[str, set[str]] = {}
        display: dict[str, str] = {}
        for name, code in [*_official_names(), *aliases.items()]:
            key = normalise(name)
            names.setdefault(key, set()).add(code)
            display.setdefault(key, name)
        self._names = names
        self._display = display

    def get(self, value: str | Country) -> Country:
        """Resolve a code, a name or a ``Country``.

        Raises:
            UnknownCountryError: nothing matches; close matches are offered.
            AmbiguousInputError: the name fits more than one country.
            TypeError: the value is neither a string nor a ``Country``.
        """
        if isinstance(value, Country):
            if value.code not in self._by_code:
                raise UnknownCountryError(value.code)
            return value
        if not isinstance(value, str):
            raise TypeError(f"country: expected an ISO code, a name or a chipcontrols.Country, got {value!r}")
        text = value.strip()
        upper = text.upper()
        if len(upper) == 2 and upper in self._by_code:
            return self._by_code[upper]
        if len(upper) == 3 and upper in self._alpha3:
            return self._by_code[self._alpha3[upper]]
        codes = self._names.get(normalise(text))
        if codes:
            if len(codes) > 1:
                raise AmbiguousInputError("country", value, sorted(codes))
            return self._by_code[next(iter(codes))]
        raise UnknownCountryError(value, self.close_matches(text))

    def close_matches(self, text: str) -> tuple[str, ...]:
        """Names that resemble ``text``."""
        keys = difflib.get_close_matches(normalise(text), list(self._names), n=4, cutoff=0.6)
        return tuple(self._display[k] for k in keys)


class ChipIndex:
    """Looks up catalogue chips by name or alias, ignoring case and separators."""

    def __init__(self, chips: Iterable[Chip]) -> None:
        catalogue = tuple(chips)
        by_key: dict[str, list[Chip]] = {}
        for chip in catalogue:
            for name in {normalise(n) for n in chip.names}:
                by_key.setdefault(name, []).append(chip)
        self._by_key = by_key
        self._display = {normalise(n): n for c in catalogue for n in c.names}

    def duplicates(self) -> dict[str, tuple[str, ...]]:
        """Names or aliases that point at more than one chip."""
        return {k: tuple(c.name for c in v) for k, v in self._by_key.items() if len(v) > 1}

    def get(self, value: str | Chip) -> Chip:
        """Resolve a name, an alias or a ``Chip`` (which is returned as it is).

        Raises:
            UnknownChipError: nothing matches; close matches are offered.
            TypeError: the value is neither a string nor a ``Chip``.
        """
        if isinstance(value, Chip):
            return value
        if not isinstance(value, str):
            raise TypeError(f"chip: expected a name, an alias or a chipcontrols.Chip, got {value!r}")
        found = self._by_key.get(normalise(value))
        if not found:
            raise UnknownChipError(value, self.close_matches(value))
        if len(found) > 1:
            raise AmbiguousInputError("chip", value, [c.name for c in found])
        return found[0]

    def close_matches(self, text: str) -> tuple[str, ...]:
        """Names that resemble ``text``."""
        key = normalise(text)
        keys = difflib.get_close_matches(key, list(self._display), n=4, cutoff=0.5)
        out = [self._display[k] for k in keys]
        out += [self._display[k] for k in self._display if key and key in k and self._display[k] not in out]
        return tuple(out[:6])
