"""Mutation testing of the engine, classification and query modules, with a score per module.

    pip install ".[mutation]"
    python scripts/mutation.py                      # every module in scope (slow: hours on 2 cores)
    python scripts/mutation.py _engine.evaluate _dates  # some modules
    python scripts/mutation.py --survivors          # also re-test last time's survivors (not the equivalent ones)
    python scripts/mutation.py --all _dates         # re-test every mutant of a module, whatever its result
    python scripts/mutation.py --report             # print the scores of the last run, run nothing
    python scripts/mutation.py --report --list      # ... and name every surviving mutant

mutmut (configured in pyproject.toml, ``[tool.mutmut]``) copies the tree into ``mutants/``,
records which tests reach each function, and runs only those tests against each mutant, on
a fast subset of the suite (see docs/reliability.md, "Mutation testing"). Results are kept
in ``mutants/``: a later run tests only mutants not yet tested, including those of functions
that changed since (and, with ``--survivors``, those that survived: after adding tests).
Inspect one with ``mutmut show NAME``; delete ``mutants/`` to start afresh.

mutmut ends a mutant's tests when they exceed a CPU-time limit; a mutant that deadlocks uses no
CPU, so this script ends a mutant's tests that have used no CPU for ``--hang-after`` seconds (45
by default) with the same signal, and mutmut counts them as timed out. A slow mutant (a cache
bypassed) keeps using CPU and is left to finish.

A mutant counts as killed when a test fails (or it times out); the score is killed over
killed + survived + no tests. Survivors listed in ``EQUIVALENT`` change no behaviour; the
score is also given without them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "chipcontrols"
MODULES = (
    "_engine.classify",
    "_engine.compiled",
    "_engine.evaluate",
    "_engine.index",
    "_engine.reference",
    "_engine.relevance",
    "_engine.sharing",
    "_periods",
    "_queries",
    "_query_cache",
    "_rulebook",
    "_state",
    "_answer",
    "_bulk",
    "_tables",
    "_dates",
)

# mutmut's exit codes, as it reports them
_STATUS = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    36: "timeout",
    -24: "timeout",
    24: "timeout",
    152: "timeout",
    255: "timeout",
    37: "type check",
    None: "not checked",
}

#: Surviving mutants that change no behaviour, with the reason (docs/reliability.md lists them).
#: Names are mutmut's and follow the code: after a change to a function, check its entries again.
_REASONS = {
    "cache": (
        "a cache is bypassed, left unfilled or refilled (an object made again, or a statuses object kept for an equal"
        " timeline rebuilt after eviction): the value is computed afresh, the same"
    ),
    "truth": "False replaced by None where only the value's truth is read",
    "prong": "exclusion tests are run but not reported, so their prong label is never seen",
    "usable": "the usable exceptions when no licence is required are never read",
    "missing": "a determinate classification has no missing specifications",
    "diff-window": "a diff's history taken from or to the edge of coverage: extra entries lie outside the days read",
    "strict-end": "an end on the first day after the review day asks nothing past it: the check it adds passes",
    "review-day-view": "a knowledge day on the review day is the whole record, as no knowledge day is",
    "first-view": "a publication on the record's first day gives the view the first revision already is",
    "slug-key": "a key with a '/' is stored but never looked up: instrument ids are slugs",
    "by-class": "whether classification decided a match is read only when the item is covered",
    "fallback-init": "the initial fallback is replaced by every change that adds conditions, and read only with them",
    "word-elements": "the elements of a tuple-valued field (exceptions, caveat kinds) are never None or empty",
    "open-end": "the library compiles open-ended timelines only (end=None): no day reaches the horizon",
    "relevance-filter": "the relevant provisions only spare work: evaluating every provision gives the same regime",
    "set-dup": "the day added is the first day, already in the set of days",
    "engine-date": "the engine reads a cached classification's paragraph and missing specifications, not its date",
    "label": "a constant label in a sharing signature: renamed alike everywhere, it tells the same classes apart",
    "negated": "one component of a sharing signature negated: the same classes are told apart",
    "over-approx": "the sharing signature or the relevant set grows: less sharing or more work, the same answers",
    "ordered-set": "a dict used as an ordered set: its values are never read",
    "representative": "a class's representative is stored with its signature, so this store finds it already there",
    "membership-pair": "validation pairs an end with removed_by (and a start with added_by): either test is the other",
    "none-name": "None is never a product name: a family of None adds a name no selector holds",
    "assert": "an internal assertion weakened: the record fills both values it checks",
    "known-order": (
        "provisions come in the order their instruments became public, so the first not yet public ends the public"
        " ones: stopping there or passing over it is the same"
    ),
    "before-side": "the answer before a publication day cannot name an instrument first public that day",
}
EQUIVALENT: dict[str, str] = {
    f"{PACKAGE}.{name}": _REASONS[reason]
    for reason, names in {
        # _engine.evaluate and _periods, sorted after the run of 2026-12-06 (the other modules have not been run
        # since the package was split up: their equivalents, found on the earlier layout, are in the git history)
        "cache": [
            *(f"_engine.evaluate.x_evaluate__mutmut_{n}" for n in (63, 64, 85, 86, 105, 106)),
            *(f"_engine.compiled.xǁCompiledǁrelevant__mutmut_{n}" for n in (2, 3)),
            *(f"_engine.classify.x_classified__mutmut_{n}" for n in (12, 13)),
            *(f"_engine.sharing.xǁSharingǁ_chip_scope__mutmut_{n}" for n in (1, 2)),
            *(f"_engine.sharing.xǁSharingǁchip_classes__mutmut_{n}" for n in (1, 2)),
            *(f"_engine.compiled.xǁCompiledǁstatuses__mutmut_{n}" for n in (13, 14, 17, 18, 19, 22, 39)),
            "_engine.compiled.xǁStatusesǁ__getitem____mutmut_2",
        ],
        "truth": [
            *(f"_engine.evaluate.x_evaluate__mutmut_{n}" for n in (28, 30, 32)),
            "_engine.classify.x_classify_under__mutmut_34",
            "_engine.reference.x_match_items__mutmut_9",
            "_engine.reference.x_provision_state__mutmut_11",
            "_engine.classify.x_all3__mutmut_1",
            "_engine.relevance.x_relevant__mutmut_36",
        ],
        "usable": ["_engine.evaluate.x_evaluate__mutmut_417"],
        "missing": ["_engine.evaluate.x_evaluate__mutmut_438"],
        "diff-window": [f"_periods.x_diff__mutmut_{n}" for n in (85, 86, 87, 88, 91, 94, 95, 99, 100)],
        "strict-end": ["_periods.x_history__mutmut_29"],
        "review-day-view": [f"_periods.x_revisions__mutmut_{n}" for n in (24, 25)],
        "first-view": ["_periods.x_revisions__mutmut_6"],
        # _engine.classify, first pass of 2026-12-06 (its other survivors are not sorted yet)
        "prong": [f"_engine.classify.x_classify_under__mutmut_{n}" for n in (40, 45, 46)],
        # the rest of the engine package, sorted after the run of 2026-12-06 (second session)
        "slug-key": ["_engine.index.xǁIndexǁ__init____mutmut_31"],
        "by-class": [f"_engine.reference.x_match_items__mutmut_{n}" for n in (8, 35)],
        "fallback-init": ["_engine.reference.xǁ_Obligationǁ__init____mutmut_5"],
        "word-elements": ["_engine.compiled.x__word__mutmut_7"],
        "open-end": [
            "_engine.compiled.xǁCompiledǁ__init____mutmut_3",
            *(f"_engine.compiled.xǁCompiledǁ_build__mutmut_{n}" for n in (8, 65)),
            "_engine.relevance.x_relevant__mutmut_138",
        ],
        "relevance-filter": [f"_engine.compiled.xǁCompiledǁ_build__mutmut_{n}" for n in (24, 32)],
        "set-dup": ["_engine.compiled.xǁCompiledǁ_build__mutmut_7", "_engine.relevance.x_relevant__mutmut_137"],
        "engine-date": [
            *(f"_engine.classify.x_classified__mutmut_{n}" for n in (8, 22)),
            "_engine.sharing.xǁSharingǁchip_classes__mutmut_8",
        ],
        "label": [
            *(f"_engine.sharing.xǁSharingǁpair_view__mutmut_{n}" for n in (46, 47)),
            *(f"_engine.sharing.xǁSharingǁmemberships__mutmut_{n}" for n in (6, 8)),
        ],
        "negated": [
            *(f"_engine.sharing.xǁSharingǁpair_view__mutmut_{n}" for n in (53, 54)),
            "_engine.sharing.xǁSharingǁvariant_view__mutmut_10",
        ],
        "over-approx": ["_engine.sharing.xǁSharingǁ_chip_scope__mutmut_37", "_engine.relevance.x_relevant__mutmut_5"],
        "assert": ["_engine.relevance.x_relevant__mutmut_123"],
        "known-order": ["_engine.relevance.x_relevant__mutmut_21"],
        "before-side": ["_periods.x__revisers__mutmut_4"],
        "ordered-set": ["_engine.sharing.xǁSharingǁ__init____mutmut_13"],
        "representative": ["_engine.sharing.xǁSharingǁrepresentative__mutmut_2"],
        "membership-pair": ["_engine.relevance.x_acting_days__mutmut_14"],
        "none-name": ["_engine.index.xǁIndexǁnames_of__mutmut_2"],
    }.items()
    for name in names
}


def sync_data() -> None:
    """Copy the package's data files (and the docs) into ``mutants/`` again.

    mutmut copies the tree once and afterwards refreshes only the Python files it mutates:
    without this, a run after a change to the record would test the old record.
    """
    target = ROOT / "mutants"
    if not target.is_dir():
        return  # mutmut's first run copies everything
    for path in (ROOT / "src").rglob("*"):
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts:
            dest = target / path.relative_to(ROOT)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
    shutil.copytree(ROOT / "docs", target / "docs", dirs_exist_ok=True)


def _meta(module: str) -> dict[str, int | None]:
    path = ROOT / "mutants" / "src" / PACKAGE / f"{module.replace('.', '/')}.py.meta"
    if not path.is_file():
        return {}
    data: dict[str, int | None] = json.loads(path.read_text(encoding="utf-8"))["exit_code_by_key"]
    return data


def _status(code: int | None) -> str:
    return _STATUS.get(code, "suspicious")


def survivors(modules: tuple[str, ...]) -> list[str]:
    return [
        name
        for module in modules
        for name, code in sorted(_meta(module).items())
        if _status(code) in {"survived", "no tests"}
    ]


def pending(modules: tuple[str, ...], *, again: bool, everything: bool) -> list[str]:
    """The mutants to test: those not yet tested (all of a module never run), and, if ``again``,
    the survivors not listed as equivalent."""
    names: list[str] = []
    for module in modules:
        results = _meta(module)
        if everything or not results:
            names.append(f"{PACKAGE}.{module}.*")
            continue
        wanted = {"not checked", "survived", "no tests"} if again else {"not checked"}
        names.extend(
            name
            for name, code in sorted(results.items())
            if _status(code) in wanted and not (again and name in EQUIVALENT and _status(code) == "survived")
        )
    return names


def report(modules: tuple[str, ...], *, list_survivors: bool = False) -> int:
    """Print killed, survived, timeout and score per module; 1 if a module has not been run."""
    header = (
        f"{'module':<20}{'mutants':>8}{'killed':>8}{'timeout':>8}{'survived':>9}{'no tests':>9}"
        f"{'unrun':>7}{'score':>8}{'equiv.':>7}{'score*':>8}"
    )
    print(header)
    print("-" * len(header))
    totals: Counter[str] = Counter()
    missing = False
    for module in modules:
        results = _meta(module)
        if not results:
            print(f"{module:<20}  not run")
            missing = True
            continue
        counts = Counter(_status(code) for code in results.values())
        equivalent = sum(1 for name, code in results.items() if name in EQUIVALENT and _status(code) == "survived")
        counts["equivalent"] = equivalent
        counts["mutants"] = len(results)
        totals.update(counts)
        print(_row(module, counts))
        if list_survivors:
            for name in survivors((module,)):
                note = f"  (equivalent: {EQUIVALENT[name]})" if name in EQUIVALENT else ""
                print(f"    {name}: {_status(results[name])}{note}")
    if len(modules) > 1:
        print("-" * len(header))
        print(_row("total", totals))
    print("score = (killed + timeout) / (killed + timeout + survived + no tests); score* leaves out equivalents")
    return 1 if missing else 0


def _row(name: str, c: Counter[str]) -> str:
    caught = c["killed"] + c["timeout"]
    judged = caught + c["survived"] + c["no tests"]
    score = f"{100 * caught / judged:.1f}%" if judged else "-"
    rest = judged - c["equivalent"]
    score_star = f"{100 * caught / rest:.1f}%" if rest else "-"
    return (
        f"{name:<20}{c['mutants']:>8}{c['killed']:>8}{c['timeout']:>8}{c['survived']:>9}{c['no tests']:>9}"
        f"{c['not checked']:>7}{score:>8}{c['equivalent']:>7}{score_star:>8}"
    )


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux: read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _cpu_seconds(pid: int) -> float:
    """CPU seconds process ``pid`` has used (Linux: read from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _end_hung_mutants(main_pid: int, limit: float, stop: threading.Event) -> None:
    """End a mutant's test process (a child of mutmut's test server, itself a child of mutmut) that has used
    no CPU for ``limit`` seconds, with the signal of mutmut's own CPU-time limit (SIGXCPU), so that it counts as
    timed out.

    A mutant that deadlocks uses no CPU, and mutmut limits CPU time only: without this it would hang the run. A
    mutant that is only slow (a cache bypassed) keeps using CPU and is left to finish.
    """
    if not Path("/proc").is_dir() or limit <= 0:
        return
    seen: dict[int, tuple[float, float]] = {}  # pid: CPU seconds, and when they last grew
    while not stop.wait(5):
        now = time.monotonic()
        alive = set()
        for server in _children(main_pid):
            for pid in _children(server):
                with contextlib.suppress(OSError, ValueError, IndexError):
                    cpu = _cpu_seconds(pid)
                    alive.add(pid)
                    last = seen.get(pid)
                    if last is None or cpu > last[0] + 0.05:
                        seen[pid] = (cpu, now)
                    elif now - last[1] > limit:
                        os.kill(pid, signal.SIGXCPU)
                        print(f"\nmutant test process {pid} ended after {limit:g} s without CPU (hung): timed out")
        seen = {pid: v for pid, v in seen.items() if pid in alive}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", help=f"modules to mutate (default: {' '.join(MODULES)})")
    parser.add_argument("--max-children", type=int, default=1, help="mutants tested at once (default 1)")
    parser.add_argument(
        "--survivors", action="store_true", help="also re-test last run's survivors not listed as equivalent"
    )
    parser.add_argument("--all", action="store_true", help="re-test every mutant of the modules")
    parser.add_argument(
        "--hang-after",
        type=float,
        default=45.0,
        help="end a mutant's tests after this many seconds without CPU as timed out (default 45; 0: never)",
    )
    parser.add_argument("--report", action="store_true", help="print the last run's scores and stop")
    parser.add_argument("--list", action="store_true", help="name every surviving mutant in the report")
    args = parser.parse_args(argv)
    modules = tuple(m if m.startswith("_") else f"_{m}" for m in args.modules) or MODULES
    unknown = sorted(set(modules) - set(MODULES))
    if unknown:
        parser.error(f"not in scope: {', '.join(unknown)} (choose from {', '.join(MODULES)})")
    if not args.report:
        mutmut = shutil.which("mutmut")
        if mutmut is None:
            parser.error('mutmut is not installed: pip install ".[mutation]"')
        names = pending(modules, again=args.survivors, everything=args.all)
        if not names:
            print("nothing to test: every mutant has a result (--survivors or --all to re-test)")
            return report(modules, list_survivors=args.list)
        sync_data()
        env = {k: v for k, v in os.environ.items() if k != "CI"}
        env["HYPOTHESIS_PROFILE"] = "dev"
        env["CHIPCONTROLS_COVERAGE_GATE"] = "0"
        command = [mutmut, "run", "--max-children", str(args.max_children), *names]
        process = subprocess.Popen(command, cwd=ROOT, env=env)
        stop = threading.Event()
        watch = threading.Thread(target=_end_hung_mutants, args=(process.pid, args.hang_after, stop), daemon=True)
        watch.start()
        try:
            returncode = process.wait()
        finally:
            stop.set()
        done = subprocess.CompletedProcess(command, returncode)
        if done.returncode != 0:
            print(f"mutmut exited with {done.returncode}", file=sys.stderr)
            return done.returncode
        print()
    return report(modules, list_survivors=args.list)


if __name__ == "__main__":
    sys.exit(main())
