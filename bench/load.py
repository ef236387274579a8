"""Throughput and latency of Jubilee's pages against a bare Starlette baseline.

    python -m bench.load [--duration 10] [--warmup 2] [--concurrency 16]
                         [--databases sqlite,postgresql] [--max-requests 200000]

For each target a real server is started as a subprocess, exactly as it is deployed:

- `hello`: a bare Starlette app (bench/hello.py) under the same uvicorn options, the baseline;
- Jubilee on SQLite: `jubilee serve --port P` with JUBILEE_DATA_DIR set to a fresh temporary directory;
- Jubilee on PostgreSQL: the same, with JUBILEE_DATABASE_URL pointing to a database that this
  script drops and creates fresh (`jubilee_bench` by default, see --postgres-url).

On each Jubilee server it measures the home page `/` (anonymous) and `/account` (logged in: a
bench member is signed up through the real /signup form first, and its session cookie reused).

The load generator runs in this process, apart from the servers: a closed loop of
`--concurrency` keep-alive HTTP/1.1 connections, each sending its next GET as soon as the last
response is read. A minimal client over asyncio streams is used rather than httpx, so that the
client spends as little CPU as possible (the machine may have only two cores); its CPU use is
reported next to the server's so a client-bound result can be spotted. Every phase is bounded in
time (`--warmup` + `--duration` seconds) and in count (`--max-requests`).

Prints a table and writes everything, with machine information, to bench/results/*.json.
Servers are always stopped at the end, on error or on Ctrl-C too.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
HOST = "127.0.0.1"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/jubilee_bench"
BENCH_HANDLE = "bench_member"
BENCH_PASSWORD = "tin roof rusted in the rain"  # noqa: S105 - a throwaway account in a throwaway database
STARTUP_TIMEOUT = 90.0  # seconds for a server to migrate and answer
REQUEST_TIMEOUT = 10.0  # seconds for one request during the load
CLK_TCK = os.sysconf("SC_CLK_TCK")


class BenchError(Exception):
    """The benchmark cannot go on; the message says why."""


# --- the load generator ----------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection that sends GETs and reads whole responses."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def get(self, request: bytes) -> tuple[int, bytes]:
        """Send one request; return the status and the body."""
        if self.writer is None:
            await self.open()
        assert self.reader is not None and self.writer is not None
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length: int | None = None
        chunked = close = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                close = b"close" in value.lower()
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    while await self.reader.readuntil(b"\r\n") != b"\r\n":  # trailers
                        pass
                    break
                parts.append((await self.reader.readexactly(size + 2))[:-2])
            body = b"".join(parts)
        elif length is not None:
            body = await self.reader.readexactly(length)
        else:
            body = await self.reader.read()
            close = True
        if close:
            self.close()
        return status, body


def build_request(port: int, path: str, cookies: dict[str, str]) -> bytes:
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64) jubilee-bench",
        "Accept: text/html",
        "Accept-Language: en",
    ]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


@dataclass
class LoadResult:
    target: str
    database: str
    path: str
    concurrency: int
    warmup_s: float
    duration_s: float  # the measured window as it actually ran
    requests: int  # measured requests answered with the expected status
    errors: int  # measured requests that failed or got another status
    statuses: dict[str, int]
    error_kinds: dict[str, int]
    rps: float
    latency_ms: dict[str, float]
    server_cpu_pct: float  # of one core, during the measured window
    server_cpu_ms_per_request: float
    rps_per_cpu_second: float  # 1000 / server_cpu_ms_per_request
    client_cpu_pct: float
    postgres_cpu_pct: float | None  # all `postgres` processes, of one core
    machine_busy_pct: float  # of all cores
    other_cpu_pct: float  # everything else on the machine (other users' work), of one core
    background_busy_pct: float  # of all cores, in the second before this server started
    response_bytes: int
    warmup_requests: int


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), int(-(-fraction * len(sorted_values) // 1))))
    return sorted_values[rank - 1]


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of one process (all its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def postgres_cpu_seconds() -> float:
    """User + system CPU of every process named `postgres` on this machine (server and backends)."""
    total = 0.0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                text = f.read()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        if name == "postgres":
            fields = text.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of all cores, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    total = sum(values[:8])
    return total - idle, total


def background_busy(seconds: float = 1.0) -> float:
    """How busy the machine is without us (percent of all cores), over `seconds`."""
    busy0, total0 = machine_cpu()
    time.sleep(seconds)
    busy1, total1 = machine_cpu()
    return round(100 * (busy1 - busy0) / max(1.0, total1 - total0), 1)


@dataclass
class CpuSnapshot:
    wall: float
    server: float
    client: float
    postgres: float | None
    machine: tuple[float, float]

    @classmethod
    def take(cls, server_pid: int, with_postgres: bool) -> CpuSnapshot:
        return cls(
            wall=time.perf_counter(),
            server=process_cpu_seconds(server_pid),
            client=time.process_time(),
            postgres=postgres_cpu_seconds() if with_postgres else None,
            machine=machine_cpu(),
        )


async def run_load(
    *,
    target: str,
    database: str,
    port: int,
    path: str,
    cookies: dict[str, str],
    server_pid: int,
    concurrency: int,
    warmup: float,
    duration: float,
    max_requests: int,
    expect_status: int = 200,
    expect_text: str | None = None,
    background_busy_pct: float = float("nan"),
) -> LoadResult:
    """A closed loop of `concurrency` connections: warm-up, then the measured window."""
    request = build_request(port, path, cookies)

    # One request first, to check that the page is what we think it is.
    probe = Connection(HOST, port)
    try:
        status, body = await probe.get(request)
    finally:
        probe.close()
    if status != expect_status or (expect_text is not None and expect_text not in body.decode("utf-8", "replace")):
        raise BenchError(
            f"{target} {path}: expected {expect_status}"
            + (f" with {expect_text!r}" if expect_text else "")
            + f", got {status}: {body[:300]!r}"
        )
    response_bytes = len(body)

    loop_start = time.perf_counter()
    measure_start = loop_start + warmup
    end = measure_start + duration
    issued = 0
    warmup_done = 0
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    error_kinds: Counter[str] = Counter()
    snapshots: dict[str, CpuSnapshot] = {}
    with_postgres = database == "postgresql"

    async def snapshot_at_start() -> None:
        await asyncio.sleep(max(0.0, measure_start - time.perf_counter()))
        snapshots["start"] = CpuSnapshot.take(server_pid, with_postgres)

    async def worker() -> None:
        nonlocal issued, warmup_done
        conn = Connection(HOST, port)
        try:
            while True:
                t0 = time.perf_counter()
                if t0 >= end or issued >= max_requests:
                    return
                issued += 1
                measured = t0 >= measure_start
                try:
                    async with asyncio.timeout(REQUEST_TIMEOUT):
                        status, _ = await conn.get(request)
                except (
                    OSError,
                    asyncio.IncompleteReadError,
                    asyncio.LimitOverrunError,
                    ValueError,
                    TimeoutError,
                ) as error:
                    conn.close()
                    if measured:
                        error_kinds[type(error).__name__] += 1
                    await asyncio.sleep(0.01)
                    continue
                t1 = time.perf_counter()
                if not measured:
                    warmup_done += 1
                    continue
                statuses[str(status)] += 1
                if status == expect_status:
                    latencies.append(t1 - t0)
        finally:
            conn.close()

    starter = asyncio.create_task(snapshot_at_start())
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    if "start" not in snapshots:  # the count bound ended the run during warm-up
        starter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await starter
        raise BenchError(f"{target} {path}: --max-requests {max_requests} was used up during the warm-up")
    stop = CpuSnapshot.take(server_pid, with_postgres)
    start = snapshots["start"]
    # The window runs until the last in-flight request (started before `end`) has returned.
    wall = stop.wall - start.wall
    latencies.sort()
    ok = len(latencies)
    errors = sum(error_kinds.values()) + sum(n for s, n in statuses.items() if s != str(expect_status))
    server_cpu = stop.server - start.server
    busy = (stop.machine[0] - start.machine[0]) / max(1.0, stop.machine[1] - start.machine[1])
    postgres_cpu = (
        (stop.postgres - start.postgres) if stop.postgres is not None and start.postgres is not None else None
    )
    ours = server_cpu + (stop.client - start.client) + (postgres_cpu or 0.0)
    other = max(0.0, busy * len(os.sched_getaffinity(0)) * wall - ours)
    return LoadResult(
        target=target,
        database=database,
        path=path,
        concurrency=concurrency,
        warmup_s=warmup,
        duration_s=round(wall, 3),
        requests=ok,
        errors=errors,
        statuses=dict(statuses),
        error_kinds=dict(error_kinds),
        rps=round(ok / wall, 1) if wall > 0 else 0.0,
        latency_ms={
            "p50": round(percentile(latencies, 0.50) * 1000, 2),
            "p90": round(percentile(latencies, 0.90) * 1000, 2),
            "p99": round(percentile(latencies, 0.99) * 1000, 2),
            "max": round(latencies[-1] * 1000, 2) if latencies else float("nan"),
            "mean": round(sum(latencies) / ok * 1000, 2) if ok else float("nan"),
        },
        server_cpu_pct=round(100 * server_cpu / wall, 1),
        server_cpu_ms_per_request=round(1000 * server_cpu / ok, 3) if ok else float("nan"),
        rps_per_cpu_second=round(ok / server_cpu, 1) if ok and server_cpu > 0 else float("nan"),
        client_cpu_pct=round(100 * (stop.client - start.client) / wall, 1),
        postgres_cpu_pct=None if postgres_cpu is None else round(100 * postgres_cpu / wall, 1),
        machine_busy_pct=round(100 * busy, 1),
        other_cpu_pct=round(100 * other / wall, 1),
        background_busy_pct=background_busy_pct,
        response_bytes=response_bytes,
        warmup_requests=warmup_done,
    )


# --- servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


class Servers:
    """Starts servers in their own process groups and stops every one of them, whatever happens."""

    def __init__(self, work_dir: Path) -> None:
        self.work_dir = work_dir
        self.running: list[Server] = []

    def start(self, name: str, command: list[str], env: dict[str, str], port: int) -> Server:
        log_path = self.work_dir / f"{name}.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = Server(name, process, port, log_path)
        self.running.append(server)
        return server

    def stop(self, server: Server) -> None:
        process = server.process
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)  # the group we created for this server only
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        if server in self.running:
            self.running.remove(server)

    def stop_all(self) -> None:
        for server in list(self.running):
            try:
                self.stop(server)
            except Exception as error:  # keep stopping the others
                print(f"warning: could not stop {server.name} (pid {server.process.pid}): {error}", file=sys.stderr)


def wait_ready(server: Server, path: str, timeout: float = STARTUP_TIMEOUT) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"{server.name} exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            response = httpx.get(f"http://{HOST}:{server.port}{path}", timeout=2.0)
            if response.status_code == 200:
                return
            last = f"status {response.status_code}"
        except httpx.HTTPError as error:
            last = type(error).__name__
        time.sleep(0.2)
    raise BenchError(f"{server.name} did not answer {path} within {timeout:.0f}s ({last}):\n{server.log_tail()}")


def jubilee_command(port: int) -> list[str]:
    script = Path(sys.executable).parent / "jubilee"
    if script.exists():
        return [str(script), "serve", "--host", HOST, "--port", str(port)]
    return [sys.executable, "-c", "from server.cli import main; main()", "serve", "--host", HOST, "--port", str(port)]


def server_env(**extra: str) -> dict[str, str]:
    """The caller's environment without any JUBILEE_* configuration, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUBILEE_")}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def sign_up(port: int) -> dict[str, str]:
    """Sign up the bench member through the real form; return the cookies a browser would send."""
    import httpx

    with httpx.Client(base_url=f"http://{HOST}:{port}", follow_redirects=False, timeout=30.0) as client:
        page = client.get("/signup")
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if page.status_code != 200 or match is None or "jubilee_csrf" not in client.cookies:
            raise BenchError(f"/signup did not give a form with a CSRF token (status {page.status_code})")
        response = client.post(
            "/signup",
            data={
                "csrf_token": match.group(1),
                "handle": BENCH_HANDLE,
                "password": BENCH_PASSWORD,
                "password_confirm": BENCH_PASSWORD,
                "email": "",
                "language": "en",
                "understood": "yes",
            },
        )
        if response.status_code != 200 or "jubilee_session" not in client.cookies:
            raise BenchError(f"sign-up failed with status {response.status_code}: {response.text[:500]}")
        return {name: client.cookies[name] for name in ("jubilee_csrf", "jubilee_session")}


# --- PostgreSQL ------------------------------------------------------------------------------


def _split_pg_url(url: str) -> tuple[str, str]:
    base, _, name = url.rpartition("/")
    name = name.split("?")[0]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise BenchError(f"use a plain lower-case database name in --postgres-url, not {name!r}")
    return base + "/postgres", name


async def _pg(url: str, *statements: str) -> str:
    import asyncpg

    admin_url, _ = _split_pg_url(url)
    connection = await asyncpg.connect(admin_url.replace("postgresql+asyncpg://", "postgresql://"), timeout=10)
    try:
        for statement in statements:
            await connection.execute(statement)
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()


def recreate_database(url: str) -> str:
    """Drop and create the bench database; return the server version."""
    _, name = _split_pg_url(url)
    try:
        return asyncio.run(_pg(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"))
    except BenchError:
        raise
    except Exception as error:
        raise BenchError(f"PostgreSQL at {url.rsplit('/', 1)[0]} is not usable: {error}") from error


def drop_database(url: str) -> None:
    _, name = _split_pg_url(url)
    with contextlib.suppress(Exception):
        asyncio.run(_pg(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


# --- the run ---------------------------------------------------------------------------------


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine_info() -> dict[str, Any]:
    cpu_model = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        cpu_model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    mem_kb = 0
    with contextlib.suppress(OSError), open("/proc/meminfo") as f:
        mem_kb = next((int(line.split()[1]) for line in f if line.startswith("MemTotal")), 0)
    commit, changed = "", None
    with contextlib.suppress(Exception):
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=5
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout
        changed = [line[3:] for line in status.splitlines()]
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "git_commit": commit,
        "git_uncommitted_changes": changed,  # files that differ from the commit, if any
        "packages": {
            p: _version(p)
            for p in (
                "starlette",
                "uvicorn",
                "databases",
                "sqlalchemy",
                "asyncpg",
                "aiosqlite",
                "jinja2",
                "httpx",
                "uvloop",
                "httptools",
            )
        },
    }


@dataclass
class Plan:
    duration: float
    warmup: float
    concurrency: int
    max_requests: int
    databases: list[str]
    postgres_url: str
    results: list[LoadResult] = field(default_factory=list)


def measure(
    plan: Plan,
    server: Server,
    target: str,
    database: str,
    path: str,
    cookies: dict[str, str] | None = None,
    expect_text: str | None = None,
) -> LoadResult:
    print(f"  {target:<9} {database:<10} {path:<9} ...", end="", flush=True)
    background = background_busy()  # the server is idle now: anything busy is someone else
    result = asyncio.run(
        run_load(
            target=target,
            database=database,
            port=server.port,
            path=path,
            cookies=cookies or {},
            server_pid=server.process.pid,
            concurrency=plan.concurrency,
            warmup=plan.warmup,
            duration=plan.duration,
            max_requests=plan.max_requests,
            expect_text=expect_text,
            background_busy_pct=background,
        )
    )
    if server.process.poll() is not None:
        raise BenchError(f"{server.name} died during the load:\n{server.log_tail()}")
    print(
        f" {result.rps:>8.1f} req/s  p50 {result.latency_ms['p50']:.1f} ms  p99 {result.latency_ms['p99']:.1f} ms"
        + (f"  ({result.errors} errors)" if result.errors else "")
    )
    plan.results.append(result)
    return result


def bench_hello(plan: Plan, servers: Servers) -> None:
    port = free_port()
    server = servers.start(
        "hello", [sys.executable, "-m", "bench.hello", "--host", HOST, "--port", str(port)], server_env(), port
    )
    try:
        wait_ready(server, "/")
        measure(plan, server, "hello", "-", "/", expect_text="Hello")
    finally:
        servers.stop(server)


def bench_jubilee(plan: Plan, servers: Servers, database: str, work_dir: Path) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix=f"jubilee-{database}-", dir=work_dir))
    extra = {"JUBILEE_DATA_DIR": str(data_dir)}
    if database == "postgresql":
        recreate_database(plan.postgres_url)
        extra["JUBILEE_DATABASE_URL"] = plan.postgres_url
    port = free_port()
    server = servers.start(f"jubilee-{database}", jubilee_command(port), server_env(**extra), port)
    try:
        wait_ready(server, "/healthz")
        cookies = sign_up(port)
        measure(plan, server, "jubilee", database, "/", expect_text="union of debtors")
        measure(plan, server, "jubilee", database, "/account", cookies=cookies, expect_text=BENCH_HANDLE)
    finally:
        servers.stop(server)
        if database == "postgresql":
            drop_database(plan.postgres_url)


def table(results: Sequence[LoadResult]) -> str:
    header = (
        "target",
        "database",
        "path",
        "req/s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "errors",
        "server CPU",
        "CPU ms/req",
        "req/CPU-s",
        "client CPU",
        "pg CPU",
        "other CPU",
    )
    rows = [header]
    for r in results:
        rows.append(
            (
                r.target,
                r.database,
                r.path,
                f"{r.rps:.0f}",
                f"{r.latency_ms['p50']:.1f}",
                f"{r.latency_ms['p90']:.1f}",
                f"{r.latency_ms['p99']:.1f}",
                str(r.errors),
                f"{r.server_cpu_pct:.0f}%",
                f"{r.server_cpu_ms_per_request:.2f}",
                f"{r.rps_per_cpu_second:.0f}",
                f"{r.client_cpu_pct:.0f}%",
                "-" if r.postgres_cpu_pct is None else f"{r.postgres_cpu_pct:.0f}%",
                f"{r.other_cpu_pct:.0f}%",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    numeric = set(range(3, len(header)))

    def line(row: Sequence[str]) -> str:
        cells = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        return "| " + " | ".join(cells) + " |"

    rule = (
        "|" + "|".join(("-" * (w + 1) + ":") if i in numeric else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|"
    )
    return "\n".join([line(rows[0]), rule, *(line(r) for r in rows[1:])])


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per page (default 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds before each (default 2)")
    parser.add_argument("--concurrency", type=int, default=16, help="open connections (default 16)")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=200_000,
        help="upper bound on requests per page, warm-up included (default 200000)",
    )
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql (default both)"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("JUBILEE_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help=f"a database this run DROPS and creates (default $JUBILEE_BENCH_POSTGRES_URL or {DEFAULT_POSTGRES_URL})",
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the bare Starlette hello app")
    parser.add_argument("--output", type=Path, help="JSON file to write (default bench/results/load-<time>.json)")
    args = parser.parse_args(argv)
    args.databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    unknown = set(args.databases) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown database(s): {', '.join(sorted(unknown))}")
    if not 0 < args.duration <= 600 or not 0 <= args.warmup <= 120:
        parser.error("--duration must be in (0, 600] and --warmup in [0, 120] seconds")
    if not 1 <= args.concurrency <= 1000 or not 1 <= args.max_requests <= 10_000_000:
        parser.error("--concurrency must be in [1, 1000] and --max-requests in [1, 10000000]")
    return args


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: stop the servers, keep what was measured, and exit."""


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM/SIGHUP into an exception so that `finally` blocks stop the servers."""

    def handler(signum: int, frame: Any) -> None:
        raise Stopped(signal.Signals(signum).name)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _no_nan(value: Any) -> Any:
    """NaN (a percentile of nothing) is not JSON: write null instead."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    plan = Plan(
        duration=args.duration,
        warmup=args.warmup,
        concurrency=args.concurrency,
        max_requests=args.max_requests,
        databases=args.databases,
        postgres_url=args.postgres_url,
    )
    info = machine_info()
    started = dt.datetime.now(dt.UTC)
    print(
        f"Jubilee load benchmark: {info['nproc']} CPU(s), Python {info['python']}, "
        f"concurrency {plan.concurrency}, {plan.warmup:g}s warm-up + {plan.duration:g}s per page"
    )
    if "postgresql" in plan.databases:
        try:
            info["postgresql"] = recreate_database(plan.postgres_url)  # fail early if it is not there
        except BenchError as error:
            print(f"bench.load: {error} (or leave it out with --databases sqlite)", file=sys.stderr)
            return 2
    work_dir = Path(tempfile.mkdtemp(prefix="jubilee-bench-"))
    servers = Servers(work_dir)
    failure: str | None = None
    try:
        with stop_on_signals():
            if not args.no_baseline:
                bench_hello(plan, servers)
            for database in plan.databases:
                bench_jubilee(plan, servers, database, work_dir)
    except BenchError as error:
        failure = str(error)
    except KeyboardInterrupt:
        failure = "interrupted"
    except Stopped as signal_name:
        failure = f"stopped by {signal_name}"
    finally:
        servers.stop_all()
        shutil.rmtree(work_dir, ignore_errors=True)
        if "postgresql" in plan.databases:
            drop_database(plan.postgres_url)

    if plan.results:
        print()
        print(table(plan.results))
        print(
            "CPU columns are percent of one core during the measured window; 'other' is the rest of the "
            "machine (not these servers, this client or PostgreSQL). req/CPU-s = 1000 / (server CPU ms "
            "per request): what the server would serve per second of CPU it gets."
        )
        noisy = [r for r in plan.results if r.other_cpu_pct > 20 or r.background_busy_pct > 15]
        if noisy:
            print(
                f"warning: the machine was busy with other work during {len(noisy)} of {len(plan.results)} "
                "measurements (see 'other CPU'); expect lower and noisier numbers than on a quiet machine."
            )
    output = args.output or RESULTS_DIR / f"load-{started:%Y%m%dT%H%M%SZ}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": "bench.load",
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": info,
        "options": {
            "duration_s": plan.duration,
            "warmup_s": plan.warmup,
            "concurrency": plan.concurrency,
            "max_requests": plan.max_requests,
            "databases": plan.databases,
            "baseline": not args.no_baseline,
            "client": "asyncio streams, HTTP/1.1 keep-alive",
        },
        "results": [asdict(r) for r in plan.results],
        "failure": failure,
    }
    output.write_text(json.dumps(_no_nan(document), indent=2) + "\n")
    print(f"\nResults written to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    if failure:
        print(f"\nbench.load failed: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
