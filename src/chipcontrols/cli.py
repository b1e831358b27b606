"""The ``chipcontrols`` command: explained answers in a terminal.

    chipcontrols status today H200 CN
    chipcontrols status 2025-06-01 H100 IN --known-on 2025-02-01 --json
    chipcontrols status 2024-06-01 --tpp 5000 --die-area 800 --datacenter CN
    chipcontrols history H20 CN --start 2024-01-01 --by level
    chipcontrols revisions 2025-06-01 H100 IN
    chipcontrols classify H20 --on 2024-06-01
    chipcontrols diff 2023-11-16 2023-11-17 --chip H100 --country SA
    chipcontrols chips | countries --group D:5 --on 2024-03-15 | events --from 2025-01-01
    chipcontrols screen shipments.csv -o answers.csv
    chipcontrols info | validate path/to/record

Every answer is followed by the record's version and review day. An error is one line on
standard error (with ``--json``, a JSON object on standard output) and a non-zero exit status:
2 for a question the record cannot take, 1 for an invalid record or a failure to write.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from ._bundled import bundled, load
from ._model import Chip
from ._rulebook import Rulebook
from ._version import __version__
from .errors import ChipControlsError, InvalidArgumentError, InvalidRecordError

__all__ = ["main"]

_BASES = ["legal", "compliance", "enforced"]


def _question(p: argparse.ArgumentParser, *, hq: bool = True, strict: bool = True, known: bool = True) -> None:
    if known:
        p.add_argument("--known-on", help="answer from what was public on this day (YYYY-MM-DD or today)")
    p.add_argument(
        "--basis", default="enforced", type=str.lower, choices=_BASES, help="legal, compliance or enforced (default)"
    )
    if hq:
        p.add_argument("--hq", help="where the buyer (or its ultimate parent) is headquartered")
    if strict:
        p.add_argument("--strict", action="store_true", help="refuse a day after the record's review day")
    p.add_argument("--json", action="store_true", help="print JSON (errors too)")


def _specs(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("your own chip (instead of a catalogue name)")
    g.add_argument("--name", default="(your chip)", help="a name for it in the answer")
    g.add_argument("--tpp", type=float, help="total processing performance")
    g.add_argument("--die-area", type=float, help="applicable die area, mm2")
    g.add_argument("--io-bandwidth", type=float, help="aggregate chip-to-chip I/O, GB/s")
    g.add_argument("--memory-bandwidth", type=float, help="DRAM/HBM bandwidth, GB/s")
    g.add_argument("--datacenter", action=argparse.BooleanOptionalAction, default=None)


class _JSONUsage(argparse.ArgumentParser):
    """A parser whose usage errors, under ``--json``, are one JSON object on standard output (as every other error
    is), exit status 2."""

    def error(self, message: str) -> NoReturn:
        error = {"type": "UsageError", "message": f"{self.prog}: {message}"}
        _emit(json.dumps({"error": error}, indent=2, ensure_ascii=False))
        sys.exit(2)


def _parser(*, as_json: bool = False) -> argparse.ArgumentParser:
    parser = (_JSONUsage if as_json else argparse.ArgumentParser)(
        prog="chipcontrols",
        description="What U.S. export regime applied to an AI chip shipped to a country on a day. Not legal advice.",
    )
    parser.add_argument("--version", action="version", version=_version_text())
    sub = parser.add_subparsers(dest="command", required=True)

    status = sub.add_parser("status", help="the explained regime on a day")
    status.add_argument("date", help="the day asked about: YYYY-MM-DD or today")
    status.add_argument("chip", nargs="?", help="a catalogue name, alias or family (or give --tpp etc.)")
    status.add_argument("country", help="an ISO code or name, e.g. CN")
    _question(status)
    _specs(status)

    history = sub.add_parser("history", help="the periods of a chip's regime for a country")
    history.add_argument("chip", nargs="?", help="a catalogue chip (or give --tpp etc.)")
    history.add_argument("country")
    history.add_argument("--start", help="first day (YYYY-MM-DD)")
    history.add_argument("--end", help="day after the last (YYYY-MM-DD)")
    history.add_argument("--by", action="append", help="merge periods equal in this field (repeat: --by level)")
    _question(history)
    _specs(history)

    revisions = sub.add_parser("revisions", help="how the answer for one day changed as knowledge grew")
    revisions.add_argument("date")
    revisions.add_argument("chip", nargs="?")
    revisions.add_argument("country")
    _question(revisions, strict=False, known=False)
    _specs(revisions)

    classify = sub.add_parser("classify", help="a chip's ECCN paragraph on a day, with every test and margin")
    classify.add_argument("chip", nargs="?", help="a catalogue chip (or give --tpp etc. for your own)")
    classify.add_argument("--on", required=True, help="the day, YYYY-MM-DD or today")
    classify.add_argument("--known-on", help="as known on this day")
    classify.add_argument("--json", action="store_true")
    _specs(classify)

    diff = sub.add_parser("diff", help="what changed between two days, and which instruments changed it")
    diff.add_argument("date_a")
    diff.add_argument("date_b")
    diff.add_argument("--chip", action="append", help="repeat for several (default: the catalogue)")
    diff.add_argument("--country", action="append", help="repeat for several (default: every country)")
    _question(diff, strict=False)

    chips = sub.add_parser("chips", help="the chip catalogue")
    chips.add_argument("--json", action="store_true")

    countries = sub.add_parser("countries", help="countries, or the members of a group on a day")
    countries.add_argument("--group", help="e.g. D:5")
    countries.add_argument("--on", help="the day for --group (default: today)")
    countries.add_argument("--json", action="store_true")

    events = sub.add_parser("events", help="the record's instruments in the order they became public")
    events.add_argument("--from", dest="start", help="first day (YYYY-MM-DD)")
    events.add_argument("--to", dest="end", help="day after the last (YYYY-MM-DD)")
    events.add_argument("--json", action="store_true")

    info = sub.add_parser("info", help="the library and the record: versions, review day, counts")
    info.add_argument("--json", action="store_true")

    screen = sub.add_parser("screen", help="answer every row of a CSV or Parquet table of shipments")
    screen.add_argument("input", help="a .csv or .parquet file with columns date, chip, country (and hq, known_on)")
    screen.add_argument("-o", "--output", required=True, help="where to write the answers (.csv or .parquet)")
    screen.add_argument("--coerce", action="store_true", help="answer the good rows, put errors in a column, exit 0")
    screen.add_argument("--basis", default="enforced", type=str.lower, choices=_BASES)
    screen.add_argument("--strict", action="store_true", help="refuse days after the record's review day")
    screen.add_argument("--no-progress", action="store_true", help="no progress bar")
    screen.add_argument("--json", action="store_true", help="print the summary as JSON")

    serve = sub.add_parser("serve", help="a read-only HTTP JSON API (needs the serve extra)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)

    validate = sub.add_parser("validate", help="check a record directory (record.toml, instruments/, ...)")
    validate.add_argument("path")
    validate.add_argument("--json", action="store_true")
    return parser


def _version_text() -> str:
    return f"chipcontrols {__version__}"


def _chip(args: argparse.Namespace) -> str | Chip:
    specs = {
        "tpp": args.tpp,
        "die_area_mm2": args.die_area,
        "io_bandwidth_gbps": args.io_bandwidth,
        "memory_bandwidth_gbps": args.memory_bandwidth,
        "datacenter": args.datacenter,
    }
    given = {k: v for k, v in specs.items() if v is not None}
    if args.chip is not None and given:
        raise InvalidArgumentError(
            "chip", args.chip, "either a catalogue chip or specifications (--tpp, --die-area, ...), not both"
        )
    if args.chip is None:
        if not given:
            raise InvalidArgumentError("chip", None, "a catalogue chip or specifications (--tpp, --die-area, ...)")
        return Chip(name=args.name, **given)
    return str(args.chip)


def _footer(book: Rulebook) -> str:
    info = book.info
    return f"(record {info.version}, reviewed {info.reviewed.isoformat()}; not legal advice)"


def _run(args: argparse.Namespace) -> tuple[str, Any]:
    """The command's text and its JSON-ready data."""
    from . import serialization

    book = bundled()
    command = args.command
    if command == "status":
        s = book.status_at(
            args.date,
            _chip(args),
            args.country,
            known_on=args.known_on,
            basis=args.basis,
            headquartered_in=args.hq,
            strict=args.strict,
        )
        return s.explain(), serialization.unstructure(s)
    if command == "history":
        h = book.history(
            _chip(args),
            args.country,
            start=args.start,
            end=args.end,
            known_on=args.known_on,
            basis=args.basis,
            headquartered_in=args.hq,
            by=args.by,
            strict=args.strict,
        )
        head = f"{'period':28} {'level':24} {'review policy':24} began with"
        lines = [f"{h.chip.name} -> {h.country}", head]
        for e in h:
            policy = e.status.review_policy.value if e.status.review_policy else "-"
            cause = ", ".join(book.instrument(i).citation.short for i in e.caused_by) or "-"
            lines.append(f"{e.period!s:28} {e.status.level.value:24} {policy:24} {cause}")
        return "\n".join([*lines, _footer(book)]), serialization.unstructure(h)
    if command == "revisions":
        r = book.revisions(args.date, _chip(args), args.country, basis=args.basis, headquartered_in=args.hq)
        lines = [
            f"{r.chip.name} -> {r.country} on {r.date}, as known from:",
            f"{'known from':12} {'until':12} {'level':24} revised by",
        ]
        for x in r:
            until = x.known_until.isoformat() if x.known_until else "-"
            by = ", ".join(book.instrument(i).citation.short for i in x.revised_by) or "-"
            lines.append(f"{x.known_from.isoformat():12} {until:12} {x.status.level.value:24} {by}")
        return "\n".join([*lines, _footer(book)]), serialization.unstructure(r)
    if command == "classify":
        c = book.explain_classification(_chip(args), args.on, known_on=args.known_on)
        return f"{c}\n{_footer(book)}", serialization.unstructure(c)
    if command == "diff":
        changes = book.diff(
            args.date_a,
            args.date_b,
            chips=args.chip,
            countries=args.country,
            known_on=args.known_on,
            basis=args.basis,
            headquartered_in=args.hq,
        )
        text = "\n".join(str(c) for c in changes) or "no change"
        return f"{text}\n{_footer(book)}", [serialization.unstructure(c) for c in changes]
    if command == "chips":
        kinds = {True: "datacenter", False: "other", None: "?"}
        rows = [
            f"{c.name:26} {c.vendor or '-':9} {kinds[c.datacenter]:10} "
            + (f"TPP {c.total_processing_performance:>9,.0f}" if c.total_processing_performance else "TPP unknown")
            + (f"  [{c.release.value}]" if c.release.value != "released" else "")
            for c in book.chips
        ]
        return "\n".join(rows), [serialization.unstructure(c) for c in book.chips]
    if command == "countries":
        found = book.members(args.group, args.on or "today") if args.group else book.countries()
        data = [{"code": c.code, "name": c.name} for c in found]
        return "\n".join(f"{c.code}  {c.name}" for c in found), data
    if command == "events":
        ev = book.events(start=args.start, end=args.end)
        text = "\n".join(
            f"{'standing' if i.standing else i.known_from.isoformat():10} {i.kind.value:18} "
            f"{i.citation.short:32} {i.title}"
            for i in ev
        )
        return text, serialization.unstructure(ev)
    if command == "info":
        return _info(book)
    if command == "screen":
        from ._screen import screen_file

        return screen_file(book, args)
    if command == "serve":
        from ._serve import run

        run(book, args.host, args.port)
        return "", None
    record = load(args.path)
    text = f"ok: {len(record.instruments)} instruments, {len(record.chips)} chips, {len(record.groups)} groups"
    return text, {
        "ok": True,
        "instruments": len(record.instruments),
        "chips": len(record.chips),
        "groups": len(record.groups),
    }


def _info(book: Rulebook) -> tuple[str, Any]:
    info = book.info
    data = {
        "library": __version__,
        "record": info.version,
        "start": info.start.isoformat(),
        "reviewed": info.reviewed.isoformat(),
        "sources_through": info.sources_through.isoformat(),
        "sha256": book.stamp.digest,
        "instruments": len(book.instruments),
        "chips": len(book.chips),
        "countries": len(book.countries()),
        "groups": len(book.groups),
    }
    text = "\n".join(
        [
            f"chipcontrols {__version__}",
            f"record          {info.version} (sha256 {book.stamp.digest[:16]}…)",
            f"speaks from     {info.start.isoformat()}",
            f"reviewed        {info.reviewed.isoformat()}  (later days are answered as known then, with a caveat)",
            f"sources through {info.sources_through.isoformat()}",
            f"instruments     {len(book.instruments)}",
            f"chips           {len(book.chips)}",
            f"countries       {len(book.countries())}",
        ]
    )
    return text, data


#: The library's words for arguments, and the command line's.
_OPTIONS = {"known_on": "--known-on", "headquartered_in": "--hq", "basis": "--basis", "on": "--on"}
_WORDS = (
    ("(see chipcontrols.chips()) or a chipcontrols.Chip", "(see: chipcontrols chips)"),
    ("a datetime.date or a 'YYYY-MM-DD' string", "a day as YYYY-MM-DD, or today"),
    ("a datetime.date", "a day as YYYY-MM-DD"),
)


def _in_cli_words(message: str, command: str) -> str:
    """An error message in the command line's words: options as typed, no Python names."""
    for python, words in _WORDS:
        message = message.replace(python, words)
    argument, sep, rest = message.partition(": ")
    options = {**_OPTIONS, "start": "--from", "end": "--to"} if command == "events" else _OPTIONS
    if sep and argument in options:
        message = f"{options[argument]}: {rest}"
    elif sep and argument in ("start", "end") and command == "history":
        message = f"--{argument}: {rest}"
    if message.endswith(", got None") and "specifications" in message:
        message = message.removesuffix(", got None") + ", got neither"
    return message


def _error(exc: ChipControlsError, command: str = "") -> dict[str, Any]:
    found = exc.to_json()
    found["message"] = _in_cli_words(found["message"], command)
    return {"error": found}


def _emit(text: str) -> bool:
    """Write to standard output; ``False`` if it cannot be written (closed, full)."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # piped into head: not an error
        _silence_stdout()
    except OSError as exc:
        _silence_stdout()
        with contextlib.suppress(OSError):
            print(f"chipcontrols: error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return False
    return True


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    for stream in (sys.stdout, sys.stderr):  # a name the terminal cannot show is escaped, never a traceback
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    given = list(sys.argv[1:] if argv is None else argv)
    json_usage = any(len(a) > 3 and "--json".startswith(a) for a in given)  # argparse takes "--js" for "--json"
    args = _parser(as_json=json_usage).parse_args(given)
    as_json = getattr(args, "json", False)
    try:
        text, data = _run(args)
    except ChipControlsError as exc:
        status = 1 if isinstance(exc, InvalidRecordError) else 2
        if as_json:
            _emit(json.dumps(_error(exc, args.command), indent=2, ensure_ascii=False))
        else:
            with contextlib.suppress(OSError):
                print(f"chipcontrols: error: {_in_cli_words(str(exc), args.command)}", file=sys.stderr)
        return status
    if args.command == "serve":
        return 0
    out = json.dumps(data, indent=2, ensure_ascii=False) if as_json else text
    return 0 if _emit(out) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
