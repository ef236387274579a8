"""The load generator: a minimal keep-alive HTTP/1.1 client over asyncio streams, run as a closed
loop of connections, and the statistics of one measured page."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bench.common import HOST, BenchError
from bench.cpu import CpuSnapshot

REQUEST_TIMEOUT = 10.0  # seconds for one request during the load


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
