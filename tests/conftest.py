"""Shared test configuration: Hypothesis profiles sized for a 2-core machine, and the coverage gate."""

from __future__ import annotations

import io
import os
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# ------------------------------------------------------------------ coverage gate
#
# Coverage is measured as its own step (``python -m pytest --cov``; .ci/run does it), not on every
# run. On a full run that measured coverage this gate fails the session when the total is below
# [tool.coverage.report] fail_under or when a module of STRICT_MODULES has any line or branch
# unexecuted; the message names each module short of 100% with its missing lines and branches. A
# partial run (paths given, -k, -m, deselection, --lf, --ignore, an interrupted or failing run) is
# not judged: its figures say nothing about the suite. CHIPCONTROLS_COVERAGE_GATE=1 judges any run
# that measured coverage; =0 never judges. See docs/reliability.md, "Coverage".

#: The engine, classification and query modules: every line and branch executed.
STRICT_MODULES = (
    "_answer.py",
    "_bulk.py",
    "_dates.py",
    "_engine/classify.py",
    "_engine/compiled.py",
    "_engine/evaluate.py",
    "_engine/index.py",
    "_engine/reference.py",
    "_engine/relevance.py",
    "_engine/sharing.py",
    "_names.py",
    "_periods.py",
    "_queries.py",
    "_query_cache.py",
    "_rulebook.py",
    "_state.py",
    "_bundled.py",
    "_tables.py",
)
GATE_VARIABLE = "CHIPCONTROLS_COVERAGE_GATE"


class CoverageGate:
    """Checks the coverage that pytest-cov measured, after it has stopped measuring."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.deselected = 0
        self.finished: set[str] = set()
        self.lines: list[tuple[str, dict[str, bool]]] = []  # (text, markup) for the terminal summary

    def pytest_deselected(self, items: Sequence[pytest.Item]) -> None:
        self.deselected += len(items)

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        self.finished.add(nodeid)

    def partial(self, session: pytest.Session) -> list[str]:
        """Why this run is not the whole suite (empty for a full run)."""
        option = self.config.option
        reasons = []
        if self.config.args_source is not pytest.Config.ArgsSource.TESTPATHS:
            reasons.append("test paths were given")
        for flag, dest in [("-k", "keyword"), ("-m", "markexpr"), ("--lf", "lf"), ("--sw", "stepwise")]:
            if getattr(option, dest, None):
                reasons.append(f"{flag} was given")
        for flag, dest in [("--ignore", "ignore"), ("--ignore-glob", "ignore_glob"), ("--deselect", "deselect")]:
            if getattr(option, dest, None):
                reasons.append(f"{flag} was given")
        if self.deselected:
            reasons.append(f"{self.deselected} tests were deselected")
        if getattr(option, "collectonly", False):
            reasons.append("tests were only collected")
        elif {item.nodeid for item in session.items} - self.finished:
            reasons.append("not every collected test ran")
        if session.testsfailed:
            reasons.append("tests failed")
        return reasons

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Generator[None, object, object]:
        # outermost wrapper: pytest-cov has stopped, saved and summarised its data when the yield returns
        result = yield
        mode = os.environ.get(GATE_VARIABLE, "").strip().lower()
        if mode in {"0", "off", "no", "false"} or hasattr(self.config, "workerinput"):
            return result
        forced = mode in {"1", "on", "yes", "true"}
        cov_plugin = self.config.pluginmanager.getplugin("_cov")
        controller = getattr(cov_plugin, "cov_controller", None)
        if controller is None or getattr(cov_plugin, "_disabled", True):
            if forced:
                self.fail(session, f"{GATE_VARIABLE}={mode} but coverage was not measured (--no-cov?)")
            return result
        reasons = [] if forced else self.partial(session)
        if reasons:
            self.note("coverage gate: not judged, this is not a full run (" + "; ".join(reasons) + ")")
            return result
        self.judge(session, controller.cov, cov_plugin.cov_total)
        return result

    def judge(self, session: pytest.Session, cov: Any, total: float | None) -> None:
        from coverage.exceptions import NoDataError
        from coverage.results import should_fail_under

        import chipcontrols

        fail_under = float(cov.get_option("report:fail_under"))
        precision = int(cov.get_option("report:precision"))
        if total is None:
            total = cov.report(file=io.StringIO(), ignore_errors=True)
        problems = []
        if should_fail_under(total, fail_under, precision):
            problems.append(f"total branch coverage {total:.{precision}f}% is below fail_under = {fail_under:g}%")
        package = Path(chipcontrols.__file__).parent
        for name in STRICT_MODULES:
            text = io.StringIO()
            try:
                percent = cov.report(
                    include=[str(package / name)], file=text, show_missing=True, skip_covered=False, precision=2
                )
            except NoDataError:
                problems.append(f"{name}: not measured")
                continue
            if percent < 100:
                # the module's row: name, statements, missed, branches, partial, percent, missing lines and branches
                row = next(r for r in text.getvalue().splitlines() if r.split(" ", 1)[0].endswith(name))
                problems.append(f"{name}: {percent:.2f}%, not run: {row.split('%', 1)[1].strip()}")
        if problems:
            self.fail(session, "coverage gate: FAILED\n" + "\n".join(f"  - {p}" for p in problems))
        else:
            self.note(
                f"coverage gate: passed: total {total:.{precision}f}% (fail_under {fail_under:g}%); "
                f"100% of lines and branches in {', '.join(STRICT_MODULES)}",
                green=True,
            )

    def fail(self, session: pytest.Session, message: str) -> None:
        session.testsfailed += 1  # the exit status becomes 1 (tests failed)
        self.lines.append((message, {"red": True, "bold": True}))

    def note(self, message: str, **markup: bool) -> None:
        self.lines.append((message, markup))

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        for text, markup in self.lines:
            terminalreporter.write_line(text, **markup)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(CoverageGate(config), "chipcontrols-coverage-gate")
