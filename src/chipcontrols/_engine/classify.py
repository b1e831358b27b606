"""Classification from specifications, three-valued: a test on an unknown figure is unknown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .._answer import Classification, TestResult
from .._model import Chip, CriteriaVersion, Threshold
from .index import Index

__all__ = ["all3", "classified", "classify", "classify_under", "holds", "matches_filter"]


def holds(chip: Chip, threshold: Threshold) -> bool | None:
    """Whether a chip meets a threshold; ``None`` when the specification is unknown."""
    value = chip.spec(threshold.spec)
    return None if value is None else threshold.op.holds(value, threshold.value)


def _test(chip: Chip, paragraph: str, threshold: Threshold) -> TestResult:
    return TestResult(
        prong=paragraph, threshold=threshold, value=chip.spec(threshold.spec), passed=holds(chip, threshold)
    )


def all3(results: Iterable[bool | None]) -> bool | None:
    """Three-valued AND: False wins, then unknown."""
    unknown = False
    for r in results:
        if r is False:
            return False
        if r is None:
            unknown = True
    return None if unknown else True


def matches_filter(required: object, actual: object) -> bool | None:
    """A filter on an optional attribute: ``None`` required means any; unknown actual means unknown."""
    if required is None:
        return True
    if actual is None:
        return None
    return bool(actual == required)


def classified(index: Index, chip: Chip, date: dt.date, known: dt.date | None) -> Classification:
    """The classification the engine reads on ``date`` as known on ``known`` (cached per criteria
    version, so its ``date`` is the version's first day; see :func:`classify` for an answer)."""
    version = index.version(date, known)
    if version is None:
        return _unclassified(chip, date)
    key = (chip, version.id)
    found = index.classified.get(key)
    if found is None:
        found = index.classified.put(key, classify_under(version, chip, version.start))
    return found


def classify(index: Index, chip: Chip, date: dt.date, known: dt.date | None) -> Classification:
    """Classify a chip on ``date`` under the criteria version in force and known then."""
    version = index.version(date, known)
    if version is None:
        return _unclassified(chip, date)
    return classify_under(version, chip, date)


def _unclassified(chip: Chip, date: dt.date) -> Classification:
    return Classification(
        chip=chip.name,
        date=date,
        paragraph=None,
        prong=None,
        determinate=True,
        version=None,
        instrument=None,
        tests=(),
        excluded_by=None,
        missing=(),
    )


def classify_under(version: CriteriaVersion, chip: Chip, date: dt.date) -> Classification:
    """Classify a chip under one criteria version.

    The code is settled when the first paragraph that is not false holds, or when every
    paragraph up to the first that holds shares its code; an exclusion that holds takes the
    chip out.
    """
    tests: list[TestResult] = []
    missing: set[str] = set()
    verdicts: list[tuple[str, str, bool | None]] = []
    writers = {para.prong: para.instrument or version.instrument for para in version.paragraphs}
    for para in version.paragraphs:
        results = [_test(chip, para.prong, t) for t in para.tests]
        tests.extend(results)
        flags: list[bool | None] = [r.passed for r in results]
        flags.append(chip.category is para.category)
        dc = matches_filter(para.datacenter, chip.datacenter)
        flags.append(dc)
        verdict = all3(flags)
        if verdict is None:
            missing.update(r.threshold.spec.value for r in results if r.passed is None)
            if dc is None:
                missing.add("datacenter")
        verdicts.append((para.code, para.prong, verdict))
    excluded_by: str | None = None
    exclusion_unknown = False
    for exclusion in version.exclusions:
        if exclusion.category is not chip.category:
            continue
        results = [_test(chip, "exclusion", t) for t in exclusion.tests]
        dc = matches_filter(exclusion.datacenter, chip.datacenter)
        verdict = all3([*(r.passed for r in results), dc])
        if verdict:
            excluded_by = exclusion.description
            break
        if verdict is None:
            exclusion_unknown = True
            missing.update(r.threshold.spec.value for r in results if r.passed is None)
            if dc is None:
                missing.add("datacenter")
    code: str | None = None
    prong: str | None = None
    writer = version.instrument
    determinate = True
    live = [(c, p, v) for c, p, v in verdicts if v is not False]
    if excluded_by is None and live:
        first_true = next((i for i, (_, _, v) in enumerate(live) if v), None)
        if first_true is None:
            determinate = False  # only unknowns: it may or may not be controlled
        else:
            codes = {c for c, _, _ in live[: first_true + 1]}
            if len(codes) == 1 and not exclusion_unknown:
                code, prong = live[first_true][0], live[first_true][1]
                writer = writers[prong]
                if first_true > 0:
                    prong = None  # an earlier prong of the same paragraph may be the one
            else:
                determinate = False
    if determinate:
        missing = set()
    return Classification(
        chip=chip.name,
        date=date,
        paragraph=code,
        prong=prong,
        determinate=determinate,
        version=version.id,
        instrument=writer,
        tests=tuple(tests),
        excluded_by=excluded_by,
        missing=tuple(sorted(missing)),
    )
