"""The ``chipcontrols`` command: explained answers in a terminal.

    chipcontrols status 2025-06-01 H20 CN
    chipcontrols status 2025-06-01 H100 IN --known-on 2025-02-01 --json
    chipcontrols history H20 CN --start 2024-01-01
    chipcontrols classify H20 --on 2024-06-01
    chipcontrols classify --tpp 3000 --die-area 600 --datacenter --on 2024-06-01
    chipcontrols diff 2023-11-16 2023-11-17 --chip H100 --country SA
    chipcontrols chips | countries --group D:5 --on 2024-03-15 | events --from 2025-01-01
    chipcontrols validate path/to/record

An error is one line on standard error and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from ._answer import Status
from ._data import bundled, load
from ._model import Chip
from ._rulebook import Rulebook
from ._version import __version__
from .errors import ChipControlsError, InvalidArgumentError, InvalidRecordError

__all__ = ["main", "status_to_dict"]


def status_to_dict(status: Status) -> dict[str, Any]:
    """A JSON-ready description of a status.

    >>> import chipcontrols
    >>> status_to_dict(chipcontrols.status_at("2025-06-01", "H20", "CN"))["license_required"]
    True
    """
    return {
        "chip": status.chip.name,
        "country": status.country.code,
        "governing": status.governing,
        "period": {
            "start": status.period.start.isoformat(),
            "end": status.period.end.isoformat() if status.period.end else None,
        },
        "basis_kind": status.basis_kind.value,
        "known_on": status.known_on.isoformat() if status.known_on else None,
        "license_required": status.license_required,
        "review_policy": status.review_policy.value if status.review_policy else None,
        "exceptions": [e.value for e in status.exceptions],
        "classification": status.classification,
        "tier": status.tier,
        "level": status.level.value,
        "determinate": status.determinate,
        "unclassified": list(status.unclassified),
        "licenses": [
            {
                "id": lic.id,
                "holder": lic.holder,
                "revenue_share": lic.revenue_share,
                "conditions": list(lic.conditions),
            }
            for lic in status.licenses
        ],
        "citations": list(status.citations),
        "basis": [
            {
                "instrument": g.instrument,
                "provision": g.provision,
                "citation": g.citation,
                "title": g.title,
                "review_policy": g.review_policy.value if g.review_policy else None,
                "exceptions": sorted(e.value for e in g.exceptions),
                "tier": g.tier,
                "conditions": list(g.conditions),
            }
            for g in status.basis
        ],
        "caveats": [
            {"kind": c.kind.value, "message": c.message, "instruments": list(c.instruments)} for c in status.caveats
        ],
        "scheduled": [
            {"date": s.date.isoformat(), "summary": s.summary, "citations": list(s.citations)} for s in status.scheduled
        ],
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chipcontrols",
        description="What U.S. export regime applied to an AI chip shipped to a country on a day. Not legal advice.",
    )
    parser.add_argument("--version", action="version", version=f"chipcontrols {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    status = sub.add_parser("status", help="the explained regime on a day")
    status.add_argument("date", help="the day asked about, YYYY-MM-DD")
    status.add_argument("chip", help="a catalogue name or alias, e.g. H20")
    status.add_argument("country", help="an ISO code or name, e.g. CN")
    status.add_argument("--known-on", help="answer from what was public on this day (YYYY-MM-DD)")
    status.add_argument("--basis", default="enforced", choices=["legal", "compliance", "enforced"])
    status.add_argument("--hq", help="where the buyer (or its ultimate parent) is headquartered")
    status.add_argument("--json", action="store_true", help="print JSON")

    history = sub.add_parser("history", help="the periods of a chip's regime for a country")
    history.add_argument("chip")
    history.add_argument("country")
    history.add_argument("--start")
    history.add_argument("--end")
    history.add_argument("--known-on")
    history.add_argument("--basis", default="enforced", choices=["legal", "compliance", "enforced"])
    history.add_argument("--json", action="store_true")

    classify = sub.add_parser("classify", help="a chip's ECCN paragraph on a day, with every test and margin")
    classify.add_argument("chip", nargs="?", help="a catalogue chip (or give --tpp etc. for your own)")
    classify.add_argument("--on", required=True, help="the day, YYYY-MM-DD")
    classify.add_argument("--tpp", type=float, help="total processing performance")
    classify.add_argument("--die-area", type=float, help="applicable die area, mm2")
    classify.add_argument("--io-bandwidth", type=float, help="aggregate chip-to-chip I/O, GB/s")
    classify.add_argument("--memory-bandwidth", type=float, help="DRAM/HBM bandwidth, GB/s")
    classify.add_argument("--datacenter", action=argparse.BooleanOptionalAction, default=None)
    classify.add_argument("--json", action="store_true")

    diff = sub.add_parser("diff", help="what changed between two days, and which instruments changed it")
    diff.add_argument("date_a")
    diff.add_argument("date_b")
    diff.add_argument("--chip", action="append", help="repeat for several (default: the catalogue)")
    diff.add_argument("--country", action="append", help="repeat for several (default: every country)")
    diff.add_argument("--basis", default="enforced", choices=["legal", "compliance", "enforced"])
    diff.add_argument("--json", action="store_true")

    chips = sub.add_parser("chips", help="the chip catalogue")
    chips.add_argument("--json", action="store_true")

    countries = sub.add_parser("countries", help="countries, or the members of a group on a day")
    countries.add_argument("--group", help="e.g. D:5")
    countries.add_argument("--on", help="the day for --group (default: the record's last day)")
    countries.add_argument("--json", action="store_true")

    events = sub.add_parser("events", help="the record's instruments in the order they became public")
    events.add_argument("--from", dest="start", help="first day (YYYY-MM-DD)")
    events.add_argument("--to", dest="end", help="day after the last (YYYY-MM-DD)")
    events.add_argument("--json", action="store_true")

    validate = sub.add_parser("validate", help="check a record directory (record.toml, instruments/, ...)")
    validate.add_argument("path")
    return parser


def _run(args: argparse.Namespace) -> str:
    book = bundled()
    if args.command == "status":
        s = book.status_at(
            args.date,
            args.chip,
            args.country,
            known_on=args.known_on,
            basis=args.basis,
            headquartered_in=args.hq,
        )
        return json.dumps(status_to_dict(s), indent=2) if args.json else s.explain()
    if args.command == "history":
        entries = book.history(
            args.chip,
            args.country,
            start=args.start,
            end=args.end,
            known_on=args.known_on,
            basis=args.basis,
        )
        if args.json:
            return json.dumps(
                [
                    {
                        **status_to_dict(e.status),
                        "period": {
                            "start": e.period.start.isoformat(),
                            "end": e.period.end.isoformat() if e.period.end else None,
                        },
                        "caused_by": list(e.caused_by),
                    }
                    for e in entries
                ],
                indent=2,
            )
        lines = []
        for e in entries:
            policy = e.status.review_policy.value if e.status.review_policy else "-"
            cause = ", ".join(book.instrument(i).citation.short for i in e.caused_by) or "-"
            lines.append(f"{e.period!s:28} {e.status.level.value:24} {policy:24} {cause}")
        return "\n".join(lines)
    if args.command == "classify":
        return _classify(book, args)
    if args.command == "diff":
        changes = book.diff(args.date_a, args.date_b, chips=args.chip, countries=args.country, basis=args.basis)
        if args.json:
            return json.dumps(
                [
                    {
                        "chip": c.chip,
                        "country": c.country,
                        "fields": list(c.fields),
                        "instruments": list(c.instruments),
                        "before": c.before.level.value,
                        "after": c.after.level.value,
                    }
                    for c in changes
                ],
                indent=2,
            )
        return "\n".join(str(c) for c in changes) or "no change"
    if args.command == "chips":
        rows = [
            {
                "name": c.name,
                "vendor": c.vendor,
                "datacenter": c.datacenter,
                "tpp": c.total_processing_performance,
                "performance_density": c.performance_density,
                "aliases": list(c.aliases),
            }
            for c in book.chips
        ]
        if args.json:
            return json.dumps(rows, indent=2)
        kinds = {True: "datacenter", False: "other", None: "?"}
        return "\n".join(
            f"{c.name:14} {c.vendor or '-':8} {kinds[c.datacenter]:10} "
            + (f"TPP {c.total_processing_performance:>9,.0f}" if c.total_processing_performance else "TPP unknown")
            for c in book.chips
        )
    if args.command == "countries":
        found = book.members(args.group, args.on or book.coverage.end) if args.group else book.countries()
        if args.json:
            return json.dumps([{"code": c.code, "name": c.name} for c in found], indent=2)
        return "\n".join(f"{c.code}  {c.name}" for c in found)
    if args.command == "events":
        insts = book.timeline(start=args.start, end=args.end)
        if args.json:
            return json.dumps(
                [
                    {
                        "id": i.id,
                        "known": i.known.isoformat() if not i.standing else None,
                        "kind": i.kind.value,
                        "citation": i.citation.short,
                        "title": i.title,
                        "binding": i.binding,
                    }
                    for i in insts
                ],
                indent=2,
            )
        return "\n".join(
            f"{'standing' if i.standing else i.known.isoformat():10} {i.kind.value:18} {i.citation.short:32} {i.title}"
            for i in insts
        )
    record = load(args.path)
    return f"ok: {len(record.instruments)} instruments, {len(record.chips)} chips, {len(record.groups)} groups"


def _classify(book: Rulebook, args: argparse.Namespace) -> str:
    specs = {
        "tpp": args.tpp,
        "die_area_mm2": args.die_area,
        "io_bandwidth_gbps": args.io_bandwidth,
        "memory_bandwidth_gbps": args.memory_bandwidth,
        "datacenter": args.datacenter,
    }
    if args.chip is None:
        if all(v is None for v in specs.values()):
            raise InvalidArgumentError("chip", None, "a catalogue chip or specifications (--tpp, --die-area, ...)")
        chip: str | Chip = Chip(name="(specifications)", **specs)
    else:
        chip = args.chip
    c = book.explain_classification(chip, args.on)
    if args.json:
        return json.dumps(
            {
                "chip": c.chip,
                "date": c.date.isoformat(),
                "paragraph": c.paragraph,
                "prong": c.prong,
                "determinate": c.determinate,
                "version": c.version,
                "excluded_by": c.excluded_by,
                "missing": list(c.missing),
                "tests": [
                    {"prong": t.prong, "test": str(t.bound), "value": t.value, "passed": t.passed, "margin": t.margin}
                    for t in c.tests
                ],
            },
            indent=2,
        )
    head = c.paragraph or ("not controlled" if c.determinate else "undetermined: missing " + ", ".join(c.missing))
    lines = [f"{c.chip} on {c.date}: {head}" + (f" ({c.prong})" if c.prong else "")]
    if c.excluded_by:
        lines.append(f"  excluded by {c.excluded_by}")
    for t in c.tests:
        mark = {True: "pass", False: "fail", None: "unknown"}[t.passed]
        margin = "" if t.margin is None else f" (margin {t.margin:+g})"
        lines.append(f"  {t.prong:12} {t.bound!s:36} {mark}{margin}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        text = _run(args)
    except InvalidRecordError as exc:
        print(f"chipcontrols: {exc}", file=sys.stderr)
        return 1
    except ChipControlsError as exc:
        print(f"chipcontrols: error: {exc}", file=sys.stderr)
        return 2
    try:
        print(text)
    except BrokenPipeError:  # e.g. piped into head: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
