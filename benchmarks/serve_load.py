"""A bounded load check of the HTTP service.

    pip install ".[serve]" httpx
    python benchmarks/serve_load.py                      # 16 clients, 20,000 requests
    python benchmarks/serve_load.py --clients 4 --requests 2000

Starts ``chipcontrols serve`` (one uvicorn process) on a free local port, then 16 client threads,
each with its own keep-alive ``httpx.Client``, make GET /status requests over a spread of questions
(every catalogue chip, 24 destinations, days from the record's first day to a year past its review
day, a tenth asked as known on an earlier day). It reports requests per second, p50/p95/p99 latency
as the clients saw it, and the server's peak resident memory (Linux: ``VmHWM``), then checks every
response against the library's own answer (``status_at`` serialised). Exit status 1 if any response
failed or differed. The first question about each chip and destination computes its timeline, so the
figures include those cold answers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

import chipcontrols
from chipcontrols import serialization

COUNTRIES = [
    "CN", "HK", "MO", "IN", "AE", "SA", "NL", "DE", "JP", "KR", "TW", "SG",
    "MY", "VN", "RU", "BY", "IR", "KP", "CU", "GB", "IL", "BR", "MX", "US",
]  # fmt: skip

Question = dict[str, str]


def questions(n: int, seed: int) -> list[Question]:
    """``n`` GET /status parameter sets over the catalogue, ``COUNTRIES`` and days from the first day to a year
    after the review day; a tenth with a knowledge day."""
    rng = random.Random(seed)
    book = chipcontrols.bundled()
    chips = [c.name for c in book.chips]
    first, reviewed = book.info.start, book.info.reviewed
    span = (reviewed - first).days + 365
    out = []
    for _ in range(n):
        day = first + dt.timedelta(days=rng.randrange(span))
        q = {"date": day.isoformat(), "chip": rng.choice(chips), "country": rng.choice(COUNTRIES)}
        if rng.random() < 0.1:
            q["known_on"] = (first + dt.timedelta(days=rng.randrange((reviewed - first).days))).isoformat()
        out.append(q)
    return out


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    """``python -m chipcontrols serve`` on a free local port, once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "chipcontrols", "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"chipcontrols serve exited with status {process.returncode}")
        try:
            if httpx.get(base + "/info", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("chipcontrols serve did not answer within 60 s")


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set size in MB (Linux), or None where /proc is not available."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run(base: str, todo: list[Question], clients: int, timeout: float) -> tuple[list[float], list[Any], float]:
    """Ask every question, ``clients`` at a time; the latencies, the (status, body) of each answer, the wall time."""
    latencies: list[float] = [0.0] * len(todo)
    results: list[Any] = [None] * len(todo)
    failures: list[BaseException] = []
    start_line = threading.Barrier(clients)

    def client(worker: int) -> None:
        try:
            with httpx.Client(base_url=base, timeout=timeout) as http:
                start_line.wait()
                for i in range(worker, len(todo), clients):
                    t = time.perf_counter()
                    r = http.get("/status", params=todo[i])
                    latencies[i] = time.perf_counter() - t
                    results[i] = (r.status_code, r.content)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=client, args=(w,)) for w in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    if failures:
        raise SystemExit(f"a client failed: {failures[0]!r}")
    return latencies, results, wall


def verify(todo: list[Question], results: list[Any]) -> list[str]:
    """Every response against the library's answer to the same question; the differences found."""
    book = chipcontrols.bundled()
    expected: dict[tuple[str, ...], Any] = {}
    problems = []
    for q, (code, body) in zip(todo, results, strict=True):
        key = (q["date"], q["chip"], q["country"], q.get("known_on", ""))
        if key not in expected:
            status = book.status_at(q["date"], q["chip"], q["country"], known_on=q.get("known_on"))
            expected[key] = json.loads(serialization.dumps(status))
        if code != 200:
            problems.append(f"{q}: HTTP {code}: {body[:200]!r}")
        elif json.loads(body) != expected[key]:
            problems.append(f"{q}: the answer differs from status_at")
    return problems


def one_client(base: str, question: dict[str, str], n: int) -> float:
    """Median seconds of ``n`` identical status requests from one client (after one to warm up)."""
    times = []
    with httpx.Client(base_url=base, timeout=30.0) as client:
        client.get("/status", params=question).raise_for_status()
        for _ in range(n):
            start = time.perf_counter()
            client.get("/status", params=question).raise_for_status()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a single request may take")
    parser.add_argument("--json", action="store_true", help="also print the figures as one line of JSON, last")
    args = parser.parse_args()
    todo = questions(args.requests, args.seed)
    process, base = start_server()
    try:
        latencies, results, wall = run(base, todo, args.clients, args.timeout)
        single = one_client(base, todo[0], 500)
        rss = peak_rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    cuts = [c * 1e3 for c in statistics.quantiles(latencies, n=100)]
    distinct = len({tuple(q.items()) for q in todo})
    print(f"machine      {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"record       {chipcontrols.bundled().info.version}, library {chipcontrols.__version__}")
    print(f"load         {len(todo):,} GET /status from {args.clients} clients, {distinct:,} distinct questions")
    print(f"throughput   {len(todo) / wall:,.0f} requests/s ({wall:.1f} s)")
    worst = max(latencies) * 1e3
    print(f"latency      p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, p99 {cuts[98]:.1f} ms, max {worst:.1f} ms")
    print(f"server RSS   peak {rss:.0f} MB" if rss is not None else "server RSS   peak not measured (no /proc)")
    print(f"one client   median {single * 1e3:.2f} ms for a warm status request (500 in a row)")
    problems = verify(todo, results)
    if problems:
        print(f"FAILED: {len(problems)} of {len(todo):,} responses wrong; the first: {problems[0]}")
    else:
        print(f"verified     all {len(todo):,} responses equal the library's answers")
    if args.json:
        figures = {
            f"requests/s, {args.clients} clients": len(todo) / wall,
            f"p50 latency with {args.clients} clients, ms": cuts[49],
            f"p99 latency with {args.clients} clients, ms": cuts[98],
            "median latency, ms (one client, warm)": single * 1e3,
            "server peak memory, MB": rss if rss is not None else float("nan"),
            "responses not equal to the library's": float(len(problems)),
        }
        print(json.dumps(figures))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
