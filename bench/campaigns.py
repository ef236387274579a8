"""A campaign's public page and JSON counter with 1,000 and with 1,000,000 pledged debts.

    python -m bench.campaigns [--sizes 1000,1000000] [--requests 100] [--rounds 3] [--warmup 30]

For each size, a PostgreSQL database is dropped, created and migrated (`<--postgres-url>_<size>`),
then filled with set-based SQL: members, their debts and one campaign with every debt pledged,
and the campaign's counters (`campaign_cells`, `campaign_member_cells`, `campaign_conditions`,
plus the `campaign_members` rows) computed in SQL by the rules of
`campaigns.counters.counting`. The smallest size is checked with `campaigns.counters.recount.recount_campaign`
(`--recount-all` checks every size; it reads every pledge into Python). No release is
stored: the server's maintenance loop makes the one due when it starts (reading every pledge once),
and the pages then read it, as on a live site after its first night.

A real `jubilee serve` (one worker) runs on each database. Each round sends, to each size in
turn, `--warmup` unmeasured then `--requests` measured GETs of `/campaigns/<slug>` and of
`/campaigns/<slug>/counter.json`, one at a time on a keep-alive connection, so latencies are
service times, not queueing. Alternating sizes round by round spreads other load on the machine
over both. Reports median, p95 and p99 latency and the CPU per request of the server and of
PostgreSQL, and the 1M / 1k ratios; writes JSON to bench/results/campaigns-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.client import Connection, build_request, percentile
from bench.common import HOST, ROOT, BenchError
from bench.cpu import postgres_cpu_seconds, process_cpu_seconds
from bench.postgres import DEFAULT_POSTGRES_URL, drop_database, recreate_database
from bench.report import RESULTS_DIR, machine_info
from bench.servers import Server, Servers, free_port, jubilee_command, server_env, wait_ready

DAYS = 60  # pledges arrive over this many days
SEALED = "k1." + "A" * 86  # the size of a sealed account number; the public page never opens it
PATHS = ("", "/counter.json")

FILL = [
    # about 1.25 debts a member: the first fifth of the members have two, so members count once
    """INSERT INTO members (id, handle, handle_key, password_hash, language, data_key_by_password,
                            data_key_by_recovery, created_at, password_changed_at)
       SELECT g, 'bench' || g, 'bench' || g, 'x', CASE WHEN g % 5 < 2 THEN 'es' ELSE 'en' END, 'x', 'x',
              $start::timestamp, $start::timestamp
       FROM generate_series(1, $members) g""",
    "SELECT setval(pg_get_serial_sequence('members', 'id'), $members)",
    """INSERT INTO debts (id, member_id, kind, original_creditor_id, current_holder_id, balance_cents, currency,
                          status, region, experiences, account_number_sealed, created_at, updated_at)
       SELECT g, (g - 1) % $members + 1, ($kinds::text[])[1 + (g * 7) % cardinality($kinds::text[])],
              ($targets::int[])[1 + g % cardinality($targets::int[])],
              CASE WHEN g % 3 = 0 THEN ($collectors::int[])[1 + (g / 3) % cardinality($collectors::int[])] END,
              10000 + (g::bigint * 7919) % 4990000, 'USD', 'collections',
              CASE WHEN g % 11 <> 0 THEN ($regions::text[])[1 + (g * 13) % cardinality($regions::text[])] END,
              '', $sealed::text, $start::timestamp + (g::float8 / $debts) * interval '$days days',
              $start::timestamp + (g::float8 / $debts) * interval '$days days'
       FROM generate_series(1, $debts) g""",
    "SELECT setval(pg_get_serial_sequence('debts', 'id'), $debts)",
    """INSERT INTO pledges (campaign_id, member_id, debt_id, level, min_others, created_at, updated_at)
       SELECT $campaign, member_id, id,
              CASE WHEN id % 10 = 0 THEN 'counted' WHEN id % 10 < 4 THEN 'striking' ELSE 'pledged' END,
              CASE WHEN id % 7 = 0 THEN 100 WHEN id % 13 = 0 THEN 5000 ELSE 0 END, created_at, created_at
       FROM debts""",
    # what pledging.pledge does for each member: their row, and the history cells of how they joined
    """INSERT INTO campaign_members (campaign_id, member_id, joined_at, first_level)
       SELECT DISTINCT ON (member_id) $campaign, member_id, created_at, level FROM pledges
       WHERE campaign_id = $campaign ORDER BY member_id, created_at, id""",
    """UPDATE campaign_members m SET converted_at = later.at
       FROM (SELECT member_id, min(created_at) AS at FROM pledges
             WHERE campaign_id = $campaign AND level IN ('pledged', 'striking') GROUP BY member_id) later
       WHERE m.campaign_id = $campaign AND m.member_id = later.member_id AND m.first_level = 'counted'""",
    """INSERT INTO campaign_cells (campaign_id, dimension, label, members, amount_cents)
       SELECT $campaign, 'joined_as', first_level, count(*), 0 FROM campaign_members
       WHERE campaign_id = $campaign GROUP BY first_level
       UNION ALL
       SELECT $campaign, 'converted', 'counted', count(*), 0 FROM campaign_members
       WHERE campaign_id = $campaign AND converted_at IS NOT NULL HAVING count(*) > 0""",
    # counting.cells_of for every pledged debt: total, level, kind, region, and each distinct creditor
    """CREATE TEMP TABLE pledge_cells AS
       WITH pd AS (SELECT p.member_id, p.level, d.kind, d.region, d.original_creditor_id AS o,
                          d.current_holder_id AS h, d.balance_cents AS b
                   FROM pledges p JOIN debts d ON d.id = p.debt_id WHERE p.campaign_id = $campaign)
       SELECT member_id, 'total' AS dimension, 'all' AS label, b FROM pd
       UNION ALL SELECT member_id, 'level', level, b FROM pd
       UNION ALL SELECT member_id, 'kind', kind, b FROM pd
       UNION ALL SELECT member_id, 'region', coalesce(region, 'unknown'), b FROM pd
       UNION ALL SELECT member_id, 'creditor', o::text, b FROM pd WHERE o IS NOT NULL
       UNION ALL SELECT member_id, 'creditor', h::text, b FROM pd WHERE h IS NOT NULL AND h IS DISTINCT FROM o""",
    """INSERT INTO campaign_member_cells (campaign_id, member_id, dimension, label, debts)
       SELECT $campaign, member_id, dimension, label, count(*) FROM pledge_cells GROUP BY 2, 3, 4
       ORDER BY 2, 3, 4""",  # in the primary key's order: far faster to index
    """INSERT INTO campaign_cells (campaign_id, dimension, label, members, amount_cents)
       SELECT $campaign, dimension, label, count(DISTINCT member_id), sum(b) FROM pledge_cells GROUP BY 2, 3""",
    "DROP TABLE pledge_cells",
    # counting.histograms: members by their smallest condition, amounts by each debt's own
    """INSERT INTO campaign_conditions (campaign_id, measure, condition, value)
       SELECT $campaign, 'members', smallest, count(*) FROM (
           SELECT member_id, min(CASE WHEN level = 'striking' THEN 0 ELSE min_others END) AS smallest
           FROM pledges WHERE campaign_id = $campaign AND level IN ('pledged', 'striking') GROUP BY member_id) s
       GROUP BY smallest
       UNION ALL
       SELECT $campaign, 'amount', CASE WHEN p.level = 'striking' THEN 0 ELSE p.min_others END, sum(d.balance_cents)
       FROM pledges p JOIN debts d ON d.id = p.debt_id
       WHERE p.campaign_id = $campaign AND p.level IN ('pledged', 'striking') GROUP BY 3""",
]


def _sql(statement: str, values: dict[str, Any]) -> tuple[str, list[Any]]:
    """`$name` to asyncpg's `$1`…; whole numbers (ours, not input) and `$days` are written in."""
    statement = statement.replace("$days", str(DAYS))
    args: list[Any] = []
    for name in sorted(values, key=len, reverse=True):
        if f"${name}" not in statement:
            continue
        if isinstance(values[name], int):
            statement = statement.replace(f"${name}", str(int(values[name])))
        else:
            args.append(values[name])
            statement = statement.replace(f"${name}", f"${len(args)}")
    return statement, args


async def fill(url: str, debts: int) -> tuple[str, float]:
    """One campaign with `debts` pledged debts; returns its slug and the seconds the fill took."""
    import asyncpg

    from debts.vocabulary import DEBT_KINDS, US_REGIONS

    started = time.perf_counter()
    connection = await asyncpg.connect(url)
    try:
        # Bench-only short cuts: no waiting for the disk at commit, room to sort in memory, and no
        # foreign-key triggers (every row refers to rows made just before; recount checks the result).
        await connection.execute("SET synchronous_commit = off")
        await connection.execute("SET work_mem = '256MB'")
        await connection.execute("SET maintenance_work_mem = '512MB'")
        await connection.execute("SET session_replication_role = replica")
        rows = await connection.fetch("SELECT id, kind FROM creditors ORDER BY id")
        targets = [r["id"] for r in rows if r["kind"] in ("servicer", "hospital")][:8]
        collectors = [r["id"] for r in rows if r["kind"] == "collector"][:10]
        start = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0) - dt.timedelta(days=DAYS + 1)
        slug = f"bench-{debts}"
        async with connection.transaction():
            campaign = await connection.fetchval(
                """INSERT INTO campaigns (slug, title, summary, story, demands, status, currency, threshold_members,
                                          deadline, start_delay_days, created_at, opened_at)
                   VALUES ($1, $2, 'A benchmark campaign.', '# Why\n\nBecause *we* can.', '- Cancel it all',
                           'open', 'USD', $3, $4, 7, $5, $5) RETURNING id""",
                slug, f"Bench campaign of {debts:,} debts", 2 * debts, start + dt.timedelta(days=365), start)
            await connection.executemany("INSERT INTO campaign_targets (campaign_id, creditor_id) VALUES ($1, $2)",
                                         [(campaign, t) for t in targets])
            values = {"members": (debts * 4 + 4) // 5, "debts": debts, "campaign": campaign, "start": start,
                      "kinds": list(DEBT_KINDS), "regions": list(US_REGIONS), "targets": targets,
                      "collectors": collectors, "sealed": SEALED}
            for statement in FILL:
                sql, args = _sql(statement, values)
                t0 = time.perf_counter()
                await connection.execute(sql, *args)
                print(f"    {time.perf_counter() - t0:6.1f} s  {' '.join(statement.split())[:70]}", flush=True)
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()
    return slug, time.perf_counter() - started


async def recount_drift(url: str, slug: str) -> list[str]:
    """What `jubilee recount --check` would say of the filled campaign (empty: no drift)."""
    from campaigns.counters import queries
    from campaigns.counters.recount import recount_campaign
    from server.db import Database

    db = Database(url)
    await db.connect()
    try:
        async with db.session():
            campaign = await queries.public_campaign(db, slug)
            assert campaign is not None
            return await recount_campaign(db, campaign["id"], repair=False)
    finally:
        await db.disconnect()


async def measure(server: Server, path: str, warmup: int, requests: int, expect: str) -> dict[str, Any]:
    """`warmup` then `requests` GETs one after the other: latencies and CPU per request."""
    request = build_request(server.port, path, {})
    connection = Connection(HOST, server.port)
    try:
        for i in range(warmup):
            status, body = await connection.get(request)
            if status != 200 or (i == 0 and expect not in body.decode("utf-8", "replace")):
                raise BenchError(f"{path}: status {status}, {body[:300]!r}")
        latencies = []
        cpu0, pg0 = process_cpu_seconds(server.process.pid), postgres_cpu_seconds()
        for _ in range(requests):
            t0 = time.perf_counter()
            status, body = await connection.get(request)
            latencies.append(time.perf_counter() - t0)
            if status != 200:
                raise BenchError(f"{path}: status {status} during the measurement")
        cpu1, pg1 = process_cpu_seconds(server.process.pid), postgres_cpu_seconds()
    finally:
        connection.close()
    return {"latencies_ms": [round(t * 1000, 3) for t in latencies], "bytes": len(body),
            "server_cpu_ms": (cpu1 - cpu0) * 1000 / requests, "pg_cpu_ms": (pg1 - pg0) * 1000 / requests}


def summary(samples: list[dict[str, Any]]) -> dict[str, float]:
    latencies = sorted(t for s in samples for t in s["latencies_ms"])
    return {
        "requests": len(latencies),
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "server_cpu_ms": round(sum(s["server_cpu_ms"] for s in samples) / len(samples), 2),
        "pg_cpu_ms": round(sum(s["pg_cpu_ms"] for s in samples) / len(samples), 2),
        "bytes": samples[-1]["bytes"],
        "round_p50_ms": [round(percentile(sorted(s["latencies_ms"]), 0.5), 2) for s in samples],
    }


def table(results: dict[str, dict[str, dict[str, float]]], sizes: list[int]) -> str:
    lines = ["| debts | path | requests | p50 ms | p95 ms | p99 ms | server CPU ms/req | pg CPU ms/req | bytes |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for size in sizes:
        for path, s in results[str(size)].items():
            lines.append(f"| {size:,} | {path} | {s['requests']} | {s['p50_ms']:.2f} | {s['p95_ms']:.2f} | "
                         f"{s['p99_ms']:.2f} | {s['server_cpu_ms']:.2f} | {s['pg_cpu_ms']:.2f} | {s['bytes']:,} |")
    if len(sizes) > 1:
        small, large = str(sizes[0]), str(sizes[-1])
        for path in results[small]:
            a, b = results[small][path], results[large][path]
            lines.append(f"| ratio {sizes[-1]:,} / {sizes[0]:,} | {path} | | {b['p50_ms'] / a['p50_ms']:.2f}× | "
                         f"{b['p95_ms'] / a['p95_ms']:.2f}× | {b['p99_ms'] / a['p99_ms']:.2f}× | "
                         f"{b['server_cpu_ms'] / a['server_cpu_ms']:.2f}× | | |")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.campaigns", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,1000000", help="pledged debts per campaign (default 1000,1000000)")
    parser.add_argument("--requests", type=int, default=100, help="measured requests per path, size and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, alternating sizes (default 3)")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured requests before each (default 30)")
    parser.add_argument("--recount-all", action="store_true", help="check every size with recount, not the smallest")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("JUBILEE_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="databases <url>_<size> are DROPPED and created (default $JUBILEE_BENCH_POSTGRES_URL or "
             f"{DEFAULT_POSTGRES_URL})")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/campaigns-<time>.json)")
    args = parser.parse_args(argv)
    args.sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    if not args.sizes or args.sizes[0] < 1 or args.sizes[-1] > 20_000_000:
        parser.error("--sizes must be between 1 and 20,000,000 debts")
    if not 1 <= args.requests <= 100_000 or not 1 <= args.rounds <= 100 or not 1 <= args.warmup <= 10_000:
        parser.error("--requests, --rounds and --warmup must be positive (and sensible)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    urls = {size: f"{args.postgres_url}_{size}" for size in args.sizes}
    started = dt.datetime.now(dt.UTC)
    info = machine_info()
    work_dir = Path(tempfile.mkdtemp(prefix="jubilee-bench-campaigns-"))
    servers = Servers(work_dir)
    document: dict[str, Any] = {"benchmark": "bench.campaigns", "started_at": started.isoformat(timespec="seconds"),
                                "machine": info, "options": {k: v for k, v in vars(args).items() if k != "output"},
                                "fill": {}, "results": {}, "failure": None}
    try:
        from server.migrate import upgrade

        running: dict[int, tuple[Server, str]] = {}
        for size in args.sizes:
            info["postgresql"] = recreate_database(urls[size])
            upgrade(urls[size])
            slug, seconds = asyncio.run(fill(urls[size], size))
            print(f"{size:>10,} pledged debts: filled in {seconds:.1f} s", flush=True)
            drift = asyncio.run(recount_drift(urls[size], slug)) if size == args.sizes[0] or args.recount_all else None
            if drift:
                raise BenchError(f"the filled counters differ from a recount: {drift}")
            document["fill"][str(size)] = {"seconds": round(seconds, 1), "recount_drift": drift}
            port = free_port()
            env = server_env(JUBILEE_DATABASE_URL=urls[size], JUBILEE_DATA_DIR=str(work_dir / str(size)))
            server = servers.start(f"jubilee-{size}", jubilee_command(port), env, port)
            wait_ready(server, "/healthz")
            running[size] = (server, slug)
        samples: dict[tuple[int, str], list[dict[str, Any]]] = {}
        for round_number in range(1, args.rounds + 1):
            for size, (server, slug) in running.items():
                for path in PATHS:
                    sample = asyncio.run(measure(server, f"/campaigns/{slug}{path}", args.warmup, args.requests,
                                                 f"{size:,}"))
                    samples.setdefault((size, path), []).append(sample)
                    print(f"  round {round_number}  {size:>10,}  /campaigns/{slug}{path:<14} "
                          f"p50 {percentile(sorted(sample['latencies_ms']), 0.5):6.2f} ms", flush=True)
        document["results"] = {str(size): {f"/campaigns/<slug>{path}": summary(samples[(size, path)])
                                           for path in PATHS} for size in args.sizes}
        print()
        print(table(document["results"], args.sizes))
    except BenchError as error:
        document["failure"] = str(error)
    except KeyboardInterrupt:
        document["failure"] = "interrupted"
    finally:
        servers.stop_all()
        shutil.rmtree(work_dir, ignore_errors=True)
        for url in urls.values():
            drop_database(url)
    output = args.output or RESULTS_DIR / f"campaigns-{started:%Y%m%dT%H%M%SZ}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    document["finished_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    output.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nResults written to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    if document["failure"]:
        print(f"bench.campaigns failed: {document['failure']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
