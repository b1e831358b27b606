"""Resolving what people type into chips and countries, with close matches on failure."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence

from ._model import Chip, Country
from .errors import AmbiguousInputError, InvalidTypeError, UnknownChipError, UnknownCountryError

__all__ = ["ChipIndex", "CountryIndex", "all_countries", "normalise"]

#: separators, with the typographic apostrophes (Côte d’Ivoire) and the dot that case folding leaves
#: after the i of a capital dotted İ (TÜRKİYE)
_SEP = re.compile("[\\s\\-_.,'\u2018\u2019\u02bc()\u0307]+")


def normalise(text: str) -> str:
    """Fold case and drop separators: ``"GeForce RTX-4090"`` -> ``"geforcertx4090"`` (composed
    first, so that a decomposed "u" and diaeresis is the "ü" of "Türkiye")."""
    return _SEP.sub("", unicodedata.normalize("NFC", text).casefold())


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
    """Looks up countries by code or name; extra names and ambiguous names come from the record."""

    def __init__(self, aliases: Mapping[str, str], ambiguous: Mapping[str, Sequence[str]] = {}) -> None:
        self._by_code = {c.code: c for c in all_countries()}
        self._alpha3 = {c.alpha3: c.code for c in all_countries() if c.alpha3}
        names: dict[str, set[str]] = {}
        display: dict[str, str] = {}
        for name, code in [*_official_names(), *aliases.items()]:
            key = normalise(name)
            names.setdefault(key, set()).add(code)
            display.setdefault(key, name)
        for name, codes in ambiguous.items():
            key = normalise(name)
            names[key] = set(codes)  # a name people use for several places: never guessed
            display.setdefault(key, name)
        self._names = names
        self._display = display

    def get(self, value: str | Country, *, suggest: bool = True) -> Country:
        """Resolve a code, a name or a ``Country`` (``suggest=False``: refuse without looking for close matches).

        Raises:
            UnknownCountryError: nothing matches; close matches are offered.
            AmbiguousInputError: the name fits more than one country (``"Congo"``, ``"Korea"``).
            InvalidTypeError: the value is neither a string nor a ``Country``.
        """
        if isinstance(value, Country):
            if self._by_code.get(value.code) != value:
                raise UnknownCountryError(str(value), self.close_matches(value.code) if suggest else ())
            return value
        if not isinstance(value, str):
            raise InvalidTypeError("", "country", value, "an ISO code, a name or a chipcontrols.model.Country")
        text = value.strip()
        if text.isascii():  # codes are ASCII: "ﬁ" must not become FI by case mapping
            upper = text.upper()
            if len(upper) == 2 and upper in self._by_code:
                return self._by_code[upper]
            if len(upper) == 3 and upper in self._alpha3:
                return self._by_code[self._alpha3[upper]]
        codes = self._names.get(normalise(text))
        if codes:
            if len(codes) > 1:
                raise AmbiguousInputError("country", value, [f"{self._by_code[c].name} ({c})" for c in sorted(codes)])
            return self._by_code[next(iter(codes))]
        raise UnknownCountryError(value, self.close_matches(text) if suggest else ())

    def close_matches(self, text: str) -> tuple[str, ...]:
        """Names that resemble ``text``."""
        keys = difflib.get_close_matches(normalise(text)[:200], list(self._names), n=4, cutoff=0.6)
        return tuple(self._display[k] for k in keys)


class ChipIndex:
    """Looks up catalogue chips by name or alias, ignoring case and separators.

    A family name (``"H200"``) resolves through ``family_of``, which returns the variant it
    stands for or raises :class:`AmbiguousInputError` (the rule lives in the rulebook, which
    can tell whether the record's rules see the variants alike).
    """

    def __init__(self, chips: Iterable[Chip], family_of: Callable[[str, Sequence[Chip]], Chip] | None = None) -> None:
        catalogue = tuple(chips)
        by_key: dict[str, list[Chip]] = {}
        for chip in catalogue:
            for name in {normalise(n) for n in chip.names}:
                by_key.setdefault(name, []).append(chip)
        families: dict[str, list[Chip]] = {}
        for chip in catalogue:
            if chip.family:
                families.setdefault(normalise(chip.family), []).append(chip)
        self._by_key = by_key
        self._catalogue = catalogue
        self._families = families
        self._family_of = family_of
        self._display = {normalise(n): n for c in catalogue for n in c.names}
        self._display.update({normalise(c.family): c.family for c in catalogue if c.family})

    def duplicates(self) -> dict[str, tuple[str, ...]]:
        """Names or aliases that point at more than one chip."""
        return {k: tuple(c.name for c in v) for k, v in self._by_key.items() if len(v) > 1}

    def get(self, value: str | Chip, *, suggest: bool = True) -> Chip:
        """Resolve a name, an alias, a family name or a ``Chip`` (which is returned as it is);
        ``suggest=False``: refuse without looking for close matches.

        Raises:
            UnknownChipError: nothing matches; close matches are offered.
            AmbiguousInputError: a family whose variants the record's rules tell apart.
            InvalidTypeError: the value is neither a string nor a ``Chip``.
        """
        if isinstance(value, Chip):
            return value
        if not isinstance(value, str):
            raise InvalidTypeError("", "chip", value, "a name, an alias or a chipcontrols.model.Chip")
        key = normalise(value)
        found = self._by_key.get(key)
        if found:
            if len(found) > 1:
                raise AmbiguousInputError("chip", value, [c.name for c in found])
            return found[0]
        variants = self._families.get(key)
        if not variants:
            variants = self._word_prefix(value)
            families = {c.family for c in variants}
            if variants and (len(families) > 1 or None in families):
                # a prefix shared across families (or by chips of none: "Grace" of "Grace Blackwell GB200" and
                # "... GB300") names no family: never one of them
                raise AmbiguousInputError("chip", value, [c.name for c in variants])
        if variants:
            if self._family_of is None:
                if len(variants) == 1:
                    return variants[0]
                raise AmbiguousInputError("chip", value, [c.name for c in variants])
            return self._family_of(value, variants)
        raise UnknownChipError(value, self.close_matches(value) if suggest else ())

    def _word_prefix(self, value: str) -> list[Chip]:
        """The chips with a name that begins with ``value`` and then a space (``"A100 PCIe"`` for the
        A100 PCIe 80GB and 40GB), when there are two or more: they are then treated as a family if
        they all belong to one (otherwise the name is ambiguous)."""
        words = " ".join(value.casefold().split())
        if not words:
            return []
        found = [c for c in self._catalogue if any(n.casefold().startswith(words + " ") for n in c.names)]
        return found if len(found) > 1 else []

    def close_matches(self, text: str) -> tuple[str, ...]:
        """Names that resemble ``text``."""
        key = normalise(text)[:200]
        keys = difflib.get_close_matches(key, list(self._display), n=4, cutoff=0.5)
        out = [self._display[k] for k in keys]
        out += [self._display[k] for k in self._display if key and key in k and self._display[k] not in out]
        return tuple(out[:6])
