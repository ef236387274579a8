"""Reporting: the machine the benchmark ran on, the results table, and the JSON file."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import sqlite3
import subprocess
from collections.abc import Sequence
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.client import LoadResult
from bench.common import ROOT

RESULTS_DIR = Path(__file__).resolve().parent / "results"


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


def print_summary(results: Sequence[LoadResult]) -> None:
    """The table, what its CPU columns mean, and a warning if the machine was busy with other work."""
    print()
    print(table(results))
    print(
        "CPU columns are percent of one core during the measured window; 'other' is the rest of the "
        "machine (not these servers, this client or PostgreSQL). req/CPU-s = 1000 / (server CPU ms "
        "per request): what the server would serve per second of CPU it gets."
    )
    noisy = [r for r in results if r.other_cpu_pct > 20 or r.background_busy_pct > 15]
    if noisy:
        print(
            f"warning: the machine was busy with other work during {len(noisy)} of {len(results)} "
            "measurements (see 'other CPU'); expect lower and noisier numbers than on a quiet machine."
        )


def _no_nan(value: Any) -> Any:
    """NaN (a percentile of nothing) is not JSON: write null instead."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    return value


def write_results(
    output: Path | None,
    *,
    started: dt.datetime,
    machine: dict[str, Any],
    options: dict[str, Any],
    results: Sequence[LoadResult],
    failure: str | None,
) -> None:
    """Write everything to `output` (default bench/results/load-<time>.json) and say where."""
    output = output or RESULTS_DIR / f"load-{started:%Y%m%dT%H%M%SZ}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": "bench.load",
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "options": options,
        "results": [asdict(r) for r in results],
        "failure": failure,
    }
    output.write_text(json.dumps(_no_nan(document), indent=2) + "\n")
    print(f"\nResults written to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
