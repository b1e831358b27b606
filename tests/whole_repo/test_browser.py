"""The service's page in a real headless browser: ``chipcontrols serve`` runs in a subprocess on a free local
port, Chromium (driven by Selenium through chromedriver) loads ``/``, submits the form and reads the answer.

Needs Debian's ``chromium`` and ``chromium-driver`` packages (``chromium`` and ``chromedriver`` on PATH) and the
``selenium`` package (in the ``test`` extra). Without them the tests skip, unless the environment variable
CHIPCONTROLS_REQUIRE_BROWSER is set (CI sets it): then they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

REQUIRE = "CHIPCONTROLS_REQUIRE_BROWSER"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE):
        pytest.fail(f"{reason}, and {REQUIRE} is set: install it (apt-get install chromium chromium-driver)")
    pytest.skip(f"{reason} (apt-get install chromium chromium-driver; set {REQUIRE}=1 to fail instead of skipping)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The base URL of ``python -m chipcontrols serve`` on a free local port, stopped afterwards."""
    for _ in range(3):  # another process may take the port between finding it and binding it
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "chipcontrols", "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            try:
                if httpx.get(base + "/info", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        if process.poll() is None:
            break
        output = process.communicate()[0]
    else:
        pytest.fail(f"chipcontrols serve did not start: {output}")
    try:
        assert httpx.get(base + "/info", timeout=5).status_code == 200, "chipcontrols serve did not answer in 60 s"
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium driven through chromedriver."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed")
    binary = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if binary is None:
        _unavailable("no Chromium on PATH (" + ", ".join(BROWSERS) + ")")
    driver_path = shutil.which("chromedriver")
    if driver_path is None:
        _unavailable("no chromedriver on PATH")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)  # --no-sandbox: CI containers run as root
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _ask(browser: Any, base: str, **fields: str) -> None:
    """Load the page, fill in the form and submit it."""
    from selenium.webdriver.common.by import By

    browser.get(base + "/")
    for name, value in fields.items():
        box = browser.find_element(By.ID, name)
        box.clear()
        box.send_keys(value)
    browser.find_element(By.ID, "go").click()


def _wait(browser: Any, condition: Any) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, 20).until(condition)


def _script_errors(browser: Any) -> list[str]:
    """The page's console errors (a missing favicon aside)."""
    return [
        e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]
    ]


class TestPage:
    def test_answer_is_rendered(self, browser, server):
        """H20 to China on 2025-06-01: the page shows that a licence was required, why, and the history."""
        from selenium.webdriver.common.by import By

        _ask(browser, server, date="2025-06-01", chip="H20", country="CN")
        summary = _wait(browser, lambda b: b.find_element(By.ID, "summary").text or None)
        assert summary.startswith("licence required: yes")
        assert browser.find_element(By.ID, "level").text == "license-required"
        assert browser.find_element(By.ID, "error").text == ""
        assert "H20 to China (CN)" in browser.find_element(By.ID, "period").text
        assert "NVIDIA Form 8-K, 2025-04-15" in browser.find_element(By.ID, "grounds").text
        rows = _wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#history tbody tr") or None)
        assert any("2025-04-nvidia-h20-letter" in r.text for r in rows)
        assert _script_errors(browser) == []

    def test_refusal_is_shown(self, browser, server):
        """A misspelt chip shows the service's message and its close matches, and no answer."""
        from selenium.webdriver.common.by import By

        _ask(browser, server, date="2025-06-01", chip="H2O", country="CN")
        error = _wait(browser, lambda b: b.find_element(By.ID, "error").text or None)
        assert "unknown chip 'H2O'" in error and "close matches: H20, H200" in error
        assert not browser.find_element(By.ID, "answer").is_displayed()
        assert [m for m in _script_errors(browser) if "400" not in m] == []
