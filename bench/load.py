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

This module is the entry point and the run; the parts are next to it: client.py (the load
generator and its statistics), cpu.py (CPU time from /proc), servers.py (the servers under test),
postgres.py (the bench database), signup.py (the bench member), report.py (machine information,
the table and the JSON file), common.py (what they share).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.client import LoadResult, run_load
from bench.common import HOST, BenchError
from bench.cpu import background_busy
from bench.postgres import DEFAULT_POSTGRES_URL, drop_database, recreate_database
from bench.report import machine_info, print_summary, write_results
from bench.servers import Server, Servers, free_port, jubilee_command, server_env, wait_ready
from bench.signup import BENCH_HANDLE, sign_up


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
        print_summary(plan.results)
    write_results(
        args.output,
        started=started,
        machine=info,
        options={
            "duration_s": plan.duration,
            "warmup_s": plan.warmup,
            "concurrency": plan.concurrency,
            "max_requests": plan.max_requests,
            "databases": plan.databases,
            "baseline": not args.no_baseline,
            "client": "asyncio streams, HTTP/1.1 keep-alive",
        },
        results=plan.results,
        failure=failure,
    )
    if failure:
        print(f"\nbench.load failed: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
