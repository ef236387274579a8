"""A real Jubilee server in a subprocess, and Debian's Chromium driven by Playwright.

Nothing here skips: a missing Chromium or a server that does not start fails the test with the
reason, and the server's log is printed whenever a test that used it fails.

Chromium is started once for the browser tests (each test opens its own contexts), and the demo
collective is made once (`jubilee demo` takes seconds): its tests share one server on it, each
as accounts no other test changes, and a test that changes what others look at gets a server on
a copy of its own. The browser tests run one after the other on one pytest-xdist worker (see
`pytest_xdist_make_scheduler` in tests/conftest.py). Playwright's sync API keeps an event loop
marked running in its thread while it is open, so it is closed when the tests leave this package.
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


def _print_log_if_failed(request: pytest.FixtureRequest, server: RunningServer) -> None:
    if request.node.stash.get(_failed, False):
        print(f"----- jubilee serve ({server.database}) output -----\n{server.log()}", file=sys.stderr)


@contextmanager
def _serving(tmp_path: Path, env: dict[str, str], database: str) -> Iterator[RunningServer]:
    """`jubilee serve` on a free port with `env`, in `tmp_path`."""
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


@pytest.fixture(params=["sqlite", "postgresql"])
def jubilee_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RunningServer]:
    """`jubilee serve` on a free port, on a fresh SQLite file or a fresh PostgreSQL database."""
    env = _clean_env(tmp_path / "data")
    # two test runs (or xdist workers) at once must not drop each other's
    database = f"jubilee_browser_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
    if request.param == "postgresql":
        _admin_sql([f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', f'CREATE DATABASE "{database}"'])
        env["JUBILEE_DATABASE_URL"] = _pg_url(database)
    try:
        with _serving(tmp_path, env, request.param) as server:
            yield server
            _print_log_if_failed(request, server)
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


@dataclass
class DemoData:
    data_dir: Path  # the demo's SQLite database and secrets, as `jubilee demo` left them
    password: str
    members: list[str]
    striker: str
    pool_stewards: dict[str, str]

    def served_by(self, server: RunningServer) -> DemoCollective:
        return DemoCollective(server, self.password, self.members, self.striker, self.pool_stewards)

    def copy(self, tmp_path: Path) -> dict[str, str]:
        """A copy of the demo's data in `tmp_path`; returns the environment that serves it."""
        shutil.copytree(self.data_dir, tmp_path / "data")
        return _clean_env(tmp_path / "data")


@pytest.fixture(scope="package")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> DemoData:
    """`jubilee demo` on a fresh SQLite file, once."""
    where = tmp_path_factory.mktemp("demo")
    env = _clean_env(where / "data")
    demo = subprocess.run([_jubilee_command(), "demo"], cwd=where, env=env, stdin=subprocess.DEVNULL,
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
    return DemoData(where / "data", password.group(1), members.group(1).split(", "), striker.group(1), pool_stewards)


@pytest.fixture(scope="package")
def shared_demo_server(demo_data: DemoData, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    where = tmp_path_factory.mktemp("demo-served")
    with _serving(where, demo_data.copy(where), "sqlite, demo") as server:
        yield server


@pytest.fixture
def demo_collective(request: pytest.FixtureRequest, demo_data: DemoData,
                    shared_demo_server: RunningServer) -> Iterator[DemoCollective]:
    """The demo collective, one server for every test that uses it: a test may change only what
    the others do not depend on (accounts of its own, or settings the others set for themselves)."""
    yield demo_data.served_by(shared_demo_server)
    _print_log_if_failed(request, shared_demo_server)


@pytest.fixture
def own_demo_collective(request: pytest.FixtureRequest, demo_data: DemoData,
                        tmp_path: Path) -> Iterator[DemoCollective]:
    """The demo collective on a copy of its own, for a test that changes what others look at."""
    with _serving(tmp_path, demo_data.copy(tmp_path), "sqlite, own demo") as server:
        yield demo_data.served_by(server)
        _print_log_if_failed(request, server)


@pytest.fixture(scope="package")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, for all the browser tests. Its absence is a failure: the
    README promises a browser test."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: install Debian's `chromium` package "
                    "(`make system-deps` does it as root or with sudo)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()
