"""A real Jubilee server in a subprocess, and Debian's Chromium driven by Playwright.

Nothing here skips: a missing Chromium or a server that does not start fails the test with the
reason, and the server's log is printed whenever a test that used it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Generator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.conftest import _pg_url, _run_admin_sql

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # Without these Chromium keeps calling home, and hangs on a closed network.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
START_TIMEOUT_S = 60

_failed = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Remember a failed test, so that its server's output is printed at teardown."""
    report = yield
    if report.failed:
        item.stash[_failed] = True
    return report


@dataclass
class RunningServer:
    url: str
    database: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else "(no output)"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _jubilee_command() -> str:
    beside_python = Path(sys.executable).parent / "jubilee"
    found = str(beside_python) if beside_python.exists() else shutil.which("jubilee")
    if not found:
        pytest.fail("the `jubilee` command is not installed: run `make install` (pip install -e '.[dev]')")
    return found


def _health(url: str) -> str:
    """"ok", or what went wrong, for the failure message."""
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310 (our own server)
            return "ok" if response.status == 200 else f"HTTP {response.status}"
    except (urllib.error.URLError, OSError) as error:
        return repr(error)


def _admin_sql(statements: list[str]) -> None:
    # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(_run_admin_sql, statements).result()


def _clean_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUBILEE_")}
    env["JUBILEE_DATA_DIR"] = str(data_dir)
    return env


@contextmanager
def _serving(request: pytest.FixtureRequest, tmp_path: Path, env: dict[str, str], database: str) -> Iterator[RunningServer]:
    """`jubilee serve` on a free port with `env`; its output is printed if the test fails."""
    port = _free_port()
    server = RunningServer(f"http://127.0.0.1:{port}", database, tmp_path / "server.log")
    with server.log_path.open("wb") as log:
        process = subprocess.Popen(
            [_jubilee_command(), "serve", "--port", str(port)],
            cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while (answer := _health(server.url)) != "ok":
            if process.poll() is not None:
                pytest.fail(f"jubilee serve exited with {process.returncode}:\n{server.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"jubilee serve did not answer /healthz in {START_TIMEOUT_S} s "
                            f"(last answer: {answer}):\n{server.log()}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if request.node.stash.get(_failed, False):
            print(f"----- jubilee serve ({database}) output -----\n{server.log()}", file=sys.stderr)


@pytest.fixture(params=["sqlite", "postgresql"])
def jubilee_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RunningServer]:
    """`jubilee serve` on a free port, on a fresh SQLite file or a fresh PostgreSQL database."""
    env = _clean_env(tmp_path / "data")
    database = f"jubilee_browser_{os.getpid()}"  # two test runs at once must not drop each other's
    if request.param == "postgresql":
        _admin_sql([f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', f'CREATE DATABASE "{database}"'])
        env["JUBILEE_DATABASE_URL"] = _pg_url(database)
    try:
        with _serving(request, tmp_path, env, request.param) as server:
            yield server
    finally:
        if request.param == "postgresql":
            _admin_sql([f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'])


@dataclass
class DemoCollective:
    server: RunningServer
    password: str  # every demo account's, as `jubilee demo` prints it
    members: list[str]  # some plain members (no role), as `jubilee demo` prints them
    striker: str  # a plain member on strike in the demo's active campaign
    pool_stewards: dict[str, str]  # a steward of each demo mutual-aid pool, by the pool's slug


@pytest.fixture
def demo_collective(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DemoCollective]:
    """`jubilee demo` on a fresh SQLite file, then `jubilee serve` on it."""
    env = _clean_env(tmp_path / "data")
    demo = subprocess.run([_jubilee_command(), "demo"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120, check=False)
    output = demo.stdout + demo.stderr
    password = re.search(r"password is '([^']+)'", demo.stdout)
    members = re.search(r"^Some members: (.+)$", demo.stdout, re.MULTILINE)
    striker = re.search(r"^A member on strike in [a-z-]+: (\S+)$", demo.stdout, re.MULTILINE)
    pools = re.search(r"^Mutual-aid pools: (.+)$", demo.stdout, re.MULTILINE)
    pool_stewards = dict(re.findall(r"\(/pools/([a-z0-9-]+), \d+ members\), a steward: ([^;\s]+)",
                                    pools.group(1) if pools else ""))
    if demo.returncode != 0 or not password or not members or not striker or not pool_stewards:
        pytest.fail(f"jubilee demo exited with {demo.returncode}, or printed no password, members, striker "
                    f"or pool stewards:\n{output}")
    with _serving(request, tmp_path, env, "sqlite") as server:
        yield DemoCollective(server, password.group(1), members.group(1).split(", "), striker.group(1),
                             pool_stewards)


@pytest.fixture
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless. Its absence is a failure: the README promises a browser test."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: install Debian's `chromium` package "
                    "(`make system-deps` does it as root or with sudo)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()
