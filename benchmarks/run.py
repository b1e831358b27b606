"""The benchmark suite: one command, one report.

    pip install ".[bench]"
    python benchmarks/run.py            # prints the report
    python benchmarks/run.py --write    # also writes docs/performance.md

Every figure is measured in this run on this machine: warm ``status_at`` with typed and
with string inputs, the cold first query, ``history``, the full grid (every catalogue chip x
every country x monthly dates from 2019), ``import chipcontrols``, compiling the bundled
record, peak memory; the same lookup through OpenFisca's dated parameters (the peer) and a
bare ``bisect`` (the floor); and synthetic rulebooks of 10 to 10,000 instruments over 250
countries and 1,000 chips.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import json
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "performance.md"


def per_call(fn: Callable[[], object], *, number: int = 20000, repeat: int = 7) -> float:
    """Median seconds per call over ``repeat`` runs of ``number`` calls."""
    times = []
    for _ in range(repeat):
        gc.disable()
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
        gc.enable()
    return statistics.median(times)


def in_fresh_process(code: str, runs: int = 5) -> float:
    """Median of what a fresh interpreter prints (seconds) for ``code``."""
    values = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        values.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(values)


def measure_core() -> dict[str, float]:
    import chipcontrols as cc

    book = cc.bundled()
    chip, country, day = book.chip("H100"), book.country("CN"), dt.date(2025, 6, 1)
    book.status_at(day, chip, country)
    book.status_at("2025-06-01", "H100", "CN")
    results: dict[str, float] = {}
    results["status_at, typed inputs (warm)"] = per_call(lambda: book.status_at(day, chip, country))
    results["status_at, string inputs (warm)"] = per_call(lambda: book.status_at("2025-06-01", "H100", "CN"))
    book.history("H100", "CN")
    results["history, one chip and country (warm)"] = per_call(lambda: book.history("H100", "CN"), number=2000)
    dates = cc.months("2019-01-01", book.info.reviewed)
    start = time.perf_counter()
    g = book.grid(dates)
    cells = sum(1 for _ in g)
    results["grid, all chips x all countries x monthly (cold)"] = time.perf_counter() - start
    start = time.perf_counter()
    g = book.grid(dates)
    cells = sum(1 for _ in g)
    results["grid, all chips x all countries x monthly (warm)"] = time.perf_counter() - start
    results["grid cells"] = cells
    # the floor: a bare binary search over a pair's period starts
    starts = sorted({s.period.start for s in (e.status for e in book.history("H100", "CN"))})
    results["floor: bare bisect over the same periods"] = per_call(lambda: bisect.bisect_right(starts, day))
    return results


def measure_processes() -> dict[str, float]:
    results: dict[str, float] = {}
    results["import chipcontrols"] = in_fresh_process(
        "import time; t = time.perf_counter(); import chipcontrols; print(time.perf_counter() - t)"
    )
    results["compile the bundled record (load, validate, index)"] = in_fresh_process(
        "import chipcontrols, time; t = time.perf_counter(); chipcontrols.bundled(); print(time.perf_counter() - t)"
    )
    results["cold first query (record already compiled)"] = in_fresh_process(
        "import chipcontrols, time; b = chipcontrols.bundled(); t = time.perf_counter(); "
        "b.status_at('2025-06-01', 'H100', 'CN'); print(time.perf_counter() - t)"
    )
    results["peak memory, MB (record + full grid)"] = in_fresh_process(
        "import chipcontrols, resource; b = chipcontrols.bundled(); "
        "g = b.grid(chipcontrols.months('2019-01-01', b.info.reviewed)); n = sum(1 for _ in g); "
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) / 1024)",
        runs=3,
    )
    return results


SCREEN_ROWS = 1_000_000


def shipments(n: int, seed: int = 11) -> dict[str, list[object]]:
    """``n`` shipments: every catalogue chip, every country, days from 2019 to the review day, a tenth with
    headquarters (mixed between a D:5 country, Macau and others)."""
    import chipcontrols as cc

    rng = random.Random(seed)
    book = cc.bundled()
    chips = [c.name for c in book.chips]
    countries = [c.code for c in book.countries()]
    first, span = book.info.start, (book.info.reviewed - book.info.start).days
    days = [first + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(4096)]
    hqs = ["CN", "MO", "US", "SG", "DE", "RU", "IN"]
    return {
        "date": [days[rng.randrange(4096)] for _ in range(n)],
        "chip": [chips[rng.randrange(len(chips))] for _ in range(n)],
        "country": [countries[rng.randrange(len(countries))] for _ in range(n)],
        "hq": [hqs[rng.randrange(len(hqs))] if rng.random() < 0.1 else None for _ in range(n)],
    }


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    """Fastest wall time of ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure_screen() -> dict[str, float]:
    """``screen`` over 1,000,000 rows (polars and pandas), against a ``status_at`` loop on a sample of
    the same rows (scaled) and against the floor: one numpy ``searchsorted`` over the same periods."""
    import numpy as np
    import pandas as pd
    import polars as pl

    import chipcontrols as cc
    from chipcontrols.model import Basis

    book = cc.bundled()
    data = shipments(SCREEN_ROWS)
    frame_pl = pl.DataFrame(data)
    frame_pd = pd.DataFrame(data)
    results: dict[str, float] = {"rows": SCREEN_ROWS}
    start = time.perf_counter()
    out = book.screen(frame_pl)
    results["screen, polars (cold: timelines built)"] = time.perf_counter() - start
    results["screen, polars (warm)"] = best_of(lambda: book.screen(frame_pl))
    results["screen, pandas (warm)"] = best_of(lambda: book.screen(frame_pd))
    # the loop a user would write, on samples of the rows (their timelines already built by the screen
    # above; each sample asked once, as a loop over a table asks each row once)
    rng = random.Random(5)
    per_row = []
    for _ in range(3):
        sample = [rng.randrange(SCREEN_ROWS) for _ in range(20_000)]
        rows = [(data["date"][i], data["chip"][i], data["country"][i], data["hq"][i]) for i in sample]
        book._state.queries.clear()  # the argument caches only: compiled timelines stay
        start = time.perf_counter()
        for d, c, k, h in rows:
            book.status_at(d, c, k, headquartered_in=h)
        per_row.append((time.perf_counter() - start) / len(rows))
    results["status_at loop, per row"] = min(per_row)
    results["status_at loop, scaled to the rows"] = min(per_row) * SCREEN_ROWS
    # the floor: rows already reduced to a timeline number and a day number; one searchsorted over the
    # same timelines' period starts (keys: timeline << 20 | day)
    epoch = dt.date(1970, 1, 1)
    timelines: dict[tuple[str, str, str | None], int] = {}
    bounds: list[int] = []
    pair = np.empty(SCREEN_ROWS, dtype=np.int64)
    for i, key in enumerate(zip(data["chip"], data["country"], data["hq"], strict=True)):
        t = timelines.get(key)
        if t is None:
            t = timelines[key] = len(timelines)
            entry = book.entry(key[0], key[1], None, Basis.ENFORCED, key[2])
            bounds.extend((t << 20) | (d - epoch).days for d in entry.starts)
        pair[i] = t
    day = np.array([(d - epoch).days for d in data["date"]], dtype=np.int64)  # type: ignore[operator]
    keys = (pair << 20) | day
    edges = np.array(sorted(bounds), dtype=np.int64)
    results["floor: numpy searchsorted over the same periods"] = best_of(
        lambda: np.searchsorted(edges, keys, side="right")
    )
    results["distinct timelines read"] = len(timelines)
    # coerce mode: a tenth of the rows name no chip of the catalogue
    bad = frame_pl.with_columns(
        pl.when(pl.int_range(pl.len()) % 10 == 0).then(pl.lit("H2O")).otherwise(pl.col("chip")).alias("chip")
    )
    book.screen(bad, errors="coerce")
    results["screen, polars, a tenth of rows bad, coerce (warm)"] = best_of(lambda: book.screen(bad, errors="coerce"))
    results["undetermined rows"] = float(out.filter(pl.col("requirement") == "undetermined").height)
    return results


def measure_screen_memory() -> float:
    """Peak resident memory (MB) of a fresh process that builds the 1,000,000-row table and screens it."""
    code = (
        "import sys, resource; sys.path.insert(0, 'benchmarks'); import run, polars as pl, chipcontrols as cc; "
        f"f = pl.DataFrame(run.shipments({SCREEN_ROWS})); cc.screen(f); "
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def measure_streams(n: int = 1_000_000) -> dict[str, float]:
    """Resident memory while a fresh process answers ``n`` queries, each about a distinct custom chip
    and a knowledge day drawn from every day the record speaks for: the caches are bounded."""
    code = f"""
import datetime as dt, random, resource, sys, time
import chipcontrols as cc
book = cc.bundled()
first, span = book.info.start, (book.info.reviewed - book.info.start).days
rng = random.Random(3)
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024
marks = []
t = time.perf_counter()
for i in range({n}):
    chip = cc.Chip(name=f"X{{i}}", tpp=1000 + (i % 40000), die_area_mm2=100 + (i % 700), datacenter=bool(i % 2))
    day = first + dt.timedelta(days=rng.randrange(span + 1))
    known = first + dt.timedelta(days=rng.randrange(span + 1))
    book.status_at(day, chip, "CN", known_on=known)
    if (i + 1) % ({n} // 10) == 0:
        marks.append(rss())
print(*marks, (time.perf_counter() - t) / {n})
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    *marks, per = (float(x) for x in out.stdout.split())
    found = {"queries": n, "per query": per}
    found.update({f"rss after {(i + 1) * n // 10:,} questions, MB": mb for i, mb in enumerate(marks)})
    return found


def measure_serve() -> dict[str, float] | None:
    """The service's throughput and latency, from ``benchmarks/serve_load.py`` (None without the serve extra)."""
    try:
        import litestar  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        return None
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "serve_load.py"), "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return {str(k): float(v) for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()}


def measure_openfisca() -> float | None:
    """Seconds per ``Parameter(instant)`` lookup through OpenFisca's dated parameters."""
    try:
        from openfisca_core.parameters import ParameterNode
    except ImportError:
        return None
    values = {
        d: {"value": i}
        for i, d in enumerate(
            [
                "2019-05-16",
                "2020-12-23",
                "2022-08-26",
                "2022-10-21",
                "2023-01-17",
                "2023-10-23",
                "2023-11-17",
                "2024-12-02",
                "2025-01-13",
                "2025-05-13",
                "2025-05-15",
                "2026-01-15",
            ]
        )
    }
    node = ParameterNode("controls", data={"h100_cn": {"values": values}})
    param = node.h100_cn
    param("2025-06-01")
    return per_call(lambda: param("2025-06-01"))


def synthetic(n_instruments: int, seed: int = 7):  # type: ignore[no-untyped-def]
    """A rulebook of ``n_instruments`` instruments over 250 countries and 1,000 chips."""
    import attrs

    import chipcontrols as cc
    from chipcontrols import model as m

    rng = random.Random(seed)
    codes = [c.code for c in cc.bundled().countries()][:250]
    chips = [
        cc.Chip(
            name=f"C{i:04d}",
            tpp=rng.uniform(500, 40000),
            die_area_mm2=rng.uniform(100, 2000),
            io_bandwidth_gbps=rng.uniform(50, 1800),
            datacenter=rng.random() < 0.8,
        )
        for i in range(1000)
    ]
    groups = [
        m.CountryGroup(id=f"G:{g}", name=f"group {g}", members=[m.Membership(country=c) for c in rng.sample(codes, 40)])
        for g in range(5)
    ]
    base = cc.bundled()
    first, last = base.info.start, base.info.reviewed
    span = (last - first).days
    founder = m.Instrument(
        id="criteria",
        kind=m.InstrumentKind.RULE,
        title="criteria",
        summary="criteria",
        citation=m.Citation(short="criteria"),
        published=first,
    )
    criteria = [
        attrs.evolve(v, instrument="criteria", paragraphs=[attrs.evolve(p, instrument=None) for p in v.paragraphs])
        for v in base.criteria
    ]
    insts = [founder]
    for i in range(n_instruments):
        eff = first + dt.timedelta(days=rng.randrange(span))
        if rng.random() < 0.5:
            items = m.ItemScope(classifications=[rng.choice(["3A090.a", "3A090.b", "3A090"])])
        else:
            items = m.ItemScope(products=[f"C{rng.randrange(1000):04d}" for _ in range(3)])
        if rng.random() < 0.5:
            dests = m.DestinationScope(groups=[f"G:{rng.randrange(5)}"])
        else:
            dests = m.DestinationScope(countries=rng.sample(codes, 3))
        prov = m.Provision(
            id="p",
            title=f"synthetic {i}",
            items=items,
            destinations=dests,
            review_policy=rng.choice(list(m.ReviewPolicy)),
        )
        insts.append(
            m.Instrument(
                id=f"s{i:05d}",
                kind=m.InstrumentKind.RULE,
                title=f"synthetic {i}",
                citation=m.Citation(short=f"S {i}"),
                summary="synthetic",
                published=eff,
                effective=eff,
                provisions=[prov],
            )
        )
    return {"info": base.info, "chips": chips, "groups": groups, "criteria": criteria, "instruments": insts}


def measure_scaling() -> list[dict[str, float]]:
    """Compile time, cold first query and warm query per size.

    Warm queries of the sizes are timed in turn, round after round, and each size keeps its
    fastest round: sub-microsecond timings are compared under the same machine load.
    """
    import chipcontrols as cc
    from chipcontrols.model import Record

    rows = []
    queries = []
    for n in (10, 100, 1000, 10000):
        parts = synthetic(n)
        start = time.perf_counter()
        book = cc.Rulebook(Record(**parts))  # validated as a whole, then indexed
        compile_s = time.perf_counter() - start
        chip, country, day = book.chips[0], book.country(book.groups[0].members[0].country), dt.date(2025, 6, 1)
        start = time.perf_counter()
        book.status_at(day, chip, country)
        cold = time.perf_counter() - start
        rows.append({"instruments": n, "compile_s": compile_s, "cold_query_s": cold})
        queries.append(lambda book=book, chip=chip, country=country, day=day: book.status_at(day, chip, country))
    best = [float("inf")] * len(queries)
    for _ in range(15):
        for i, query in enumerate(queries):
            best[i] = min(best[i], per_call(query, repeat=1))
    for row, warm in zip(rows, best, strict=True):
        row["warm_query_s"] = warm
    return rows


def report(
    core: dict[str, float],
    procs: dict[str, float],
    openfisca: float | None,
    scaling: list[dict[str, float]],
    screen: dict[str, float],
    screen_mb: float,
    streams: dict[str, float],
    serve: dict[str, float] | None,
) -> str:
    us = 1e6
    typed = core["status_at, typed inputs (warm)"]
    floor = core["floor: bare bisect over the same periods"]
    lines = [
        "# Performance",
        "",
        "<!-- written by `python benchmarks/run.py --write`; every figure below was measured in that run -->",
        "",
        f"Measured on {platform.machine()}, Python {platform.python_version()}, "
        f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, "
        f'on {dt.date.today().isoformat()}, with `pip install ".[bench]" && python benchmarks/run.py --write`.',
        "Times are medians of repeated runs.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| `status_at`, typed inputs (warm) | {typed * us:.2f} µs | ≤ 1 µs |",
        f"| `status_at`, string inputs (warm) | {core['status_at, string inputs (warm)'] * us:.2f} µs | ≤ 3 µs |",
        f"| floor: bare `bisect` over the same periods | {floor * us:.3f} µs | — |",
    ]
    if openfisca is not None:
        lines.append(f"| peer: OpenFisca `Parameter(instant)` | {openfisca * us:.2f} µs | — |")
        lines.append(f"| speed-up of typed `status_at` over the peer | {openfisca / typed:.1f}x | ≥ 7x |")
    else:
        lines.append('| peer: OpenFisca `Parameter(instant)` | not installed (`pip install ".[bench]"`) | — |')
    lines += [
        f"| ratio of typed `status_at` to the floor | {typed / floor:.1f}x | — |",
        f"| cold first query (record compiled) | "
        f"{procs['cold first query (record already compiled)'] * 1000:.1f} ms | — |",
        f"| `history`, one chip and country (warm) | {core['history, one chip and country (warm)'] * us:.1f} µs | — |",
        f"| grid: {int(core['grid cells']):,} cells, all chips x all countries x monthly, cold | "
        f"{core['grid, all chips x all countries x monthly (cold)']:.2f} s | ≤ 1 s |",
        f"| same grid, warm | {core['grid, all chips x all countries x monthly (warm)']:.2f} s | ≤ 1 s |",
        f"| `import chipcontrols` | {procs['import chipcontrols'] * 1000:.0f} ms | ≤ 150 ms |",
        f"| compile the bundled record (load, validate, index) | "
        f"{procs['compile the bundled record (load, validate, index)'] * 1000:.0f} ms | — |",
        f"| peak memory (record + full grid) | {procs['peak memory, MB (record + full grid)']:.0f} MB | ≤ 100 MB |",
        "",
        "## Scaling",
        "",
        "Synthetic rulebooks over 250 countries and 1,000 chips (`benchmarks/run.py`, `synthetic()`).",
        "",
        "| instruments | compile | cold first query | warm query (fastest of 15 interleaved rounds) |",
        "|---|---|---|---|",
    ]
    for row in scaling:
        lines.append(
            f"| {int(row['instruments']):,} | {row['compile_s']:.2f} s | {row['cold_query_s'] * 1000:.1f} ms | "
            f"{row['warm_query_s'] * us:.2f} µs |"
        )
    rows = int(screen["rows"])
    warm = screen["screen, polars (warm)"]
    loop = screen["status_at loop, scaled to the rows"]
    floor_s = screen["floor: numpy searchsorted over the same periods"]
    coerce = screen["screen, polars, a tenth of rows bad, coerce (warm)"]
    lines += [
        "",
        "## Screening a table",
        "",
        f"{rows:,} shipments: every catalogue chip, every country, days from 2019-01-01 to the review day, a "
        f"tenth with the buyer's headquarters ({int(screen['distinct timelines read']):,} distinct chip, "
        f"destination and headquarters triples; {int(screen['undetermined rows']):,} rows undetermined). "
        "The loop is `status_at` called once per row on samples of 20,000 rows whose timelines are already "
        "built, scaled to the rows; the floor is one numpy `searchsorted` over the same timelines' periods, "
        "with the rows already reduced to a timeline number and a day number.",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| `screen`, polars, warm | {warm:.2f} s | ≤ 1 s |",
        f"| `screen`, pandas, warm | {screen['screen, pandas (warm)']:.2f} s | — |",
        f"| `screen`, polars, cold (timelines built on the way) | "
        f"{screen['screen, polars (cold: timelines built)']:.1f} s | — |",
        f"| `status_at` loop, per row | {screen['status_at loop, per row'] * us:.2f} µs | — |",
        f"| `status_at` loop, scaled to {rows:,} rows | {loop:.2f} s | — |",
        f"| speed-up of `screen` (polars, warm) over the loop | {loop / warm:.1f}x | ≥ 50x |",
        f"| floor: numpy `searchsorted` over the same periods | {floor_s:.2f} s | — |",
        f"| ratio of `screen` to the floor | {warm / floor_s:.1f}x | within 5x |",
        f'| `screen`, a tenth of the rows bad, `errors="coerce"` | {coerce:.2f} s | no slower than all good |',
        f"| peak memory of a process that builds the table and screens it | {screen_mb:.0f} MB | ≤ 500 MB |",
        "",
        "## Memory under a stream of distinct questions",
        "",
        f"A fresh process asks {int(streams['queries']):,} questions, each about a distinct chip given by its "
        "figures and a knowledge day drawn from every day the record speaks for (the caches are bounded: "
        "`Rulebook.cache_info()`).",
        "",
        "| questions asked | resident memory |",
        "|---|---|",
        *[f"| {k.split()[2]} | {v:.0f} MB |" for k, v in streams.items() if k.startswith("rss")],
        "",
        f"Time per question: {streams['per query'] * us:.0f} µs (each about a chip never seen before).",
    ]
    if serve is not None:
        lines += [
            "",
            "## The service",
            "",
            "`benchmarks/serve_load.py`: uvicorn on loopback, concurrent clients asking status questions.",
            "",
            "| measure | result | target |",
            "|---|---|---|",
        ]
        lines += [f"| {k} | {v:,.2f} | {'≤ 2 ms' if k.startswith('median') else '—'} |" for k, v in serve.items()]
    warm10, warm10k = scaling[0]["warm_query_s"], scaling[-1]["warm_query_s"]
    checks = {
        "warm typed status_at <= 1 us": typed <= 1e-6,
        "warm string status_at <= 3 us": core["status_at, string inputs (warm)"] <= 3e-6,
        ">= 7x faster than OpenFisca": openfisca is not None and openfisca / typed >= 7,
        "full grid <= 1 s (cold)": core["grid, all chips x all countries x monthly (cold)"] <= 1,
        "full grid <= 1 s (warm)": core["grid, all chips x all countries x monthly (warm)"] <= 1,
        "import <= 150 ms": procs["import chipcontrols"] <= 0.150,
        "query at 10,000 instruments within 2x of 10 (warm)": warm10k <= 2 * warm10,
        "compile 10,000 instruments <= 5 s": scaling[-1]["compile_s"] <= 5,
        "peak memory <= 100 MB": procs["peak memory, MB (record + full grid)"] <= 100,
        "screen of 1,000,000 rows <= 1 s (warm, polars)": warm <= 1,
        "screen >= 50x faster than the status_at loop": loop / warm >= 50,
        "screen within 5x of the numpy floor": warm / floor_s <= 5,
        "screen peak memory <= 500 MB": screen_mb <= 500,
        "a bad row costs no more than a good one (coerce)": coerce <= warm * 1.1,
    }
    if serve is not None:
        checks["serve median <= 2 ms (one client, warm)"] = serve["median latency, ms (one client, warm)"] <= 2
    missed = [name for name, ok in checks.items() if not ok]
    lines += [
        "",
        f"Warm query time at 10,000 instruments is {warm10k / warm10:.2f}x that at 10 (target: within 2x); "
        f"compiling 10,000 instruments takes {scaling[-1]['compile_s']:.2f} s (target: ≤ 5 s).",
        "",
        "Targets met in this run: " + ", ".join(n for n, ok in checks.items() if ok) + ".",
        "",
        ("Not met: " + ", ".join(missed) + "." if missed else "Every target was met."),
        "",
        *_why_missed(missed, core, screen),
        "The cold first query grows with the number of instruments that can bind a pair: on the synthetic "
        "rulebook of 10,000 instruments (thousands of permanent, overlapping provisions per pair, unlike any "
        "real record) building one pair's timeline is quadratic (every candidate day re-folds every "
        "provision in force). It is reported, not a target.",
        "",
        "## How",
        "",
        "A warm query is a dictionary lookup on the arguments as passed, then a binary search in the",
        "chip and destination's compiled timeline. A timeline is built on first use: the instruments that",
        "could ever bind the pair are found, the regime is evaluated on each day any of them acts, and",
        "equal neighbours are coalesced. Chip and destination pairs that see those provisions alike",
        "(the same classification and product selectors for the chip, the same memberships of the",
        "groups the provisions use for the destination) share one timeline; a status holds its",
        "period's shared regime. Scheduled changes are computed when read.",
        "",
    ]
    return "\n".join(lines)


def _bundled_chips() -> tuple[object, ...]:
    import chipcontrols as cc

    return cc.bundled().chips


def _why_missed(missed: list[str], core: dict[str, float], screen: dict[str, float]) -> list[str]:
    """What a missed target means, where the reason is known (the figures are this run's)."""
    out = []
    cells = int(core["grid cells"])
    if any(m.startswith("full grid") or m == "peak memory <= 100 MB" for m in missed):
        per_cell = core["grid, all chips x all countries x monthly (cold)"] / cells * 1e6
        out.append(
            f"The full grid targets were set for a catalogue of 24 chips (567,720 cells); the catalogue now holds "
            f"{len(_bundled_chips())} chips and the grid {cells:,} cells, "
            f"built at {per_cell:.2f} µs a cell (cold)."
        )
    if "screen >= 50x faster than the status_at loop" in missed:
        out.append(
            f"The 50x target was set against a loop costing about 94 µs a row; `status_at` now costs "
            f"{screen['status_at loop, per row'] * 1e6:.1f} µs a row, so 50x would put `screen` at "
            f"{screen['status_at loop, scaled to the rows'] / 50:.2f} s, below the numpy floor for the same "
            f"lookups ({screen['floor: numpy searchsorted over the same periods']:.2f} s)."
        )
    if "screen peak memory <= 500 MB" in missed:
        out.append(
            "The screen's peak memory is that of a whole process: the million rows built as Python lists, the "
            "polars table made of them, the compiled timelines of every chip, destination and headquarters "
            "asked about, and the answer table."
        )
    return [*out, ""] if out else []


def main() -> int:
    core = measure_core()
    procs = measure_processes()
    openfisca = measure_openfisca()
    scaling = measure_scaling()
    screen = measure_screen()
    screen_mb = measure_screen_memory()
    streams = measure_streams()
    serve = measure_serve()
    text = report(core, procs, openfisca, scaling, screen, screen_mb, streams, serve)
    print(text)
    print(
        json.dumps(
            {
                "core": core,
                "processes": procs,
                "openfisca": openfisca,
                "scaling": scaling,
                "screen": screen,
                "screen_mb": screen_mb,
                "streams": streams,
                "serve": serve,
            },
            default=str,
        ),
        file=sys.stderr,
    )
    if "--write" in sys.argv:
        OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
