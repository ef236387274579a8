"""CPU time of the server, the client, PostgreSQL and the whole machine, read from /proc."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

CLK_TCK = os.sysconf("SC_CLK_TCK")


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
