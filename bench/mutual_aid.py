"""A mutual-aid pool's public page and its stewards' ledger (page and CSV), with 50 and 500 members.

    python -m bench.mutual_aid [--sizes 50,500] [--years 3] [--requests 100] [--warmup 10]
                               [--postgres-url postgresql://postgres@127.0.0.1:5432/jubilee_bench]

For each size, a PostgreSQL database (`<--postgres-url>_pool<size>`) is dropped, created and
migrated, and a steward signs up through the real sign-up page. The pool is created with
`pool_queries.create_pool`; its members and `--years` of monthly history are filled with
set-based SQL: every member's contribution each month (a ledger entry of four postings, as
`ledger.contribution` makes), and five aid requests a month, each paid once (an `aid_requests`
row, a received `aid_payouts` row, and a ledger payout entry). 500 members over 3 years is
18,000 contributions and 180 payouts: about 73,000 postings.

Then, through the ASGI app in this process (Starlette's TestClient, one request at a time),
`--warmup` unmeasured and `--requests` measured GETs of `/pools/<slug>`, of
`/pools/<slug>/steward/ledger` (the steward's first page, newest first) and of
`/pools/<slug>/steward/ledger.csv` (as the steward); then one more CSV download under
`tracemalloc`, for the peak of Python memory it allocates (the test client's copy of the body
included). Reports p50 and p95 latency per size and the ratio of the large size to the small, and
writes JSON to bench/results/mutual_aid-<time>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.client import percentile
from bench.common import ROOT, BenchError
from bench.postgres import DEFAULT_POSTGRES_URL, drop_database, recreate_database
from bench.report import RESULTS_DIR, machine_info

SLUG = "bench-circle"
STEWARD = "bench-steward"
PASSWORD = "bench pools need a long passphrase"  # noqa: S105 (a throwaway bench account)
REQUESTS_A_MONTH = 5
CATEGORIES = ("rent", "utilities", "medical", "food", "debt_payment", "transport", "other")

FILL = [
    """INSERT INTO members (handle, handle_key, password_hash, language, data_key_by_password,
                            data_key_by_recovery, created_at, password_changed_at)
       SELECT 'member' || g, 'member' || g, 'x', 'en', 'x', 'x', :start, :start FROM generate_series(1, :members) g""",
    """INSERT INTO pool_members (pool_id, member_id, pseudonym, role, status, requested_at, joined_at)
       SELECT :pool, id, 'M-' || id, 'member', 'active', :start, :start FROM members WHERE handle LIKE 'member%'""",
    # every member's contribution, the 5th of each month
    """INSERT INTO ledger_entries (pool_id, key, kind, happened_on, memo, recorded_at)
       SELECT :pool, 'contribution:' || m || ':' || pm.member_id, 'contribution',
              (CAST(:first_month AS timestamp) + make_interval(months => m) + interval '4 days')::date,
              'contribution from ' || pm.pseudonym, :start
       FROM generate_series(0, :months - 1) m CROSS JOIN pool_members pm
       WHERE pm.pool_id = :pool AND pm.role = 'member'""",
    """INSERT INTO aid_requests (pool_id, requester_id, recipient_pseudonym, kind, category, amount_cents,
                                 needed_by, status, decision_method, decide_by, yes_votes, form_key, submitted_at,
                                 decided_at, closed_at, received_cents)
       SELECT :pool, (SELECT min(member_id) FROM pool_members WHERE role = 'member') + (m * 7 + j * 13) % :members,
              'R-' || (m * 5 + j), 'one_off', (CAST(:categories AS text[]))[1 + (m + j) % 7], 10000 + (m * 37 + j * 101) % 40000,
              (CAST(:first_month AS timestamp) + make_interval(months => m) + interval '20 days')::date, 'paid', 'stewards', :start, 2,
              'bench-' || m || '-' || j, :start, :start, :start, 10000 + (m * 37 + j * 101) % 40000
       FROM generate_series(0, :months - 1) m CROSS JOIN generate_series(1, 5) j""",
    """INSERT INTO aid_payouts (pool_id, request_id, installment, month, amount_cents, method, status, sent_on,
                                sent_at, received_at, entry_key)
       SELECT :pool, id, 1, to_char(needed_by, 'YYYY-MM'), amount_cents, 'transfer', 'received', needed_by, :start,
              :start, 'payout:' || id
       FROM aid_requests WHERE pool_id = :pool""",
    """INSERT INTO ledger_entries (pool_id, key, kind, category, happened_on, memo, recorded_at)
       SELECT :pool, 'payout:' || r.id, 'payout', r.category, r.needed_by, 'aid paid to ' || r.recipient_pseudonym,
              :start
       FROM aid_requests r WHERE r.pool_id = :pool""",
    # the postings of `ledger.contribution` and `ledger.payout`, by the amounts above
    """INSERT INTO ledger_postings (entry_id, account, cents)
       SELECT e.id, p.account, p.cents
       FROM ledger_entries e
       JOIN pool_members pm ON e.kind = 'contribution' AND pm.pool_id = e.pool_id
            AND pm.member_id = split_part(e.key, ':', 3)::int
       CROSS JOIN LATERAL (VALUES ('member:' || pm.pseudonym, 2500), ('contributions', -2500), ('pool_cash', 2500),
                                  ('member:' || pm.pseudonym, -2500)) AS p(account, cents)
       WHERE e.pool_id = :pool""",
    """INSERT INTO ledger_postings (entry_id, account, cents)
       SELECT e.id, p.account, p.cents
       FROM ledger_entries e
       JOIN aid_requests r ON e.kind = 'payout' AND r.pool_id = e.pool_id AND e.key = 'payout:' || r.id
       CROSS JOIN LATERAL (VALUES ('aid_paid', r.amount_cents), ('member:' || r.recipient_pseudonym, -r.amount_cents),
                                  ('member:' || r.recipient_pseudonym, r.amount_cents),
                                  ('pool_cash', -r.amount_cents)) AS p(account, cents)
       WHERE e.pool_id = :pool""",
    "ANALYZE",
]


def _csrf(text: str) -> str:
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', text)
    if not match:
        raise BenchError("no CSRF token on the page")
    return match.group(1)


def _measure(client: Any, path: str, warmup: int, requests: int) -> dict[str, Any]:
    for _ in range(warmup):
        response = client.get(path)
        if response.status_code != 200:
            raise BenchError(f"GET {path}: {response.status_code}")
    timings = []
    size = 0
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        size = len(response.content)
        if response.status_code != 200:
            raise BenchError(f"GET {path}: {response.status_code}")
    timings.sort()
    return {"p50_ms": round(percentile(timings, 0.5), 2), "p95_ms": round(percentile(timings, 0.95), 2),
            "requests": requests, "response_bytes": size}


def _peak_kib(client: Any, path: str) -> int:
    """The peak of Python memory allocated while one GET of `path` is served."""
    tracemalloc.start()
    try:
        response = client.get(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    if response.status_code != 200:
        raise BenchError(f"GET {path}: {response.status_code}")
    return peak // 1024


def run_size(url: str, members: int, years: int, warmup: int, requests: int) -> dict[str, Any]:
    from starlette.testclient import TestClient

    from mutual_aid.pools import queries as pool_queries
    from mutual_aid.pools.rules import PoolRules
    from server import members as account_queries
    from server.app import create_app
    from server.migrate import upgrade
    from server.settings import Settings

    recreate_database(url)
    upgrade(url)
    months = years * 12
    today = dt.datetime.now(dt.UTC).date()
    first_month = dt.date(today.year - years, today.month, 1)
    start = dt.datetime.combine(first_month, dt.time(), tzinfo=dt.UTC) - dt.timedelta(days=30)
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            database_url=url, data_dir=Path(data_dir), secret_key=os.urandom(32).hex(),
            encryption_keys={"b1": os.urandom(32)}, current_key_id="b1", lookup_key=os.urandom(32),
        )
        with TestClient(create_app(settings, background=False), base_url="http://testserver") as client:
            form = {"handle": STEWARD, "password": PASSWORD, "password_confirm": PASSWORD, "language": "en",
                    "understood": "yes", "csrf_token": _csrf(client.get("/signup").text)}
            if client.post("/signup", data=form).status_code != 200:
                raise BenchError("the steward could not sign up")
            db = client.app_state["db"]

            async def fill() -> int:
                async with db.session():
                    steward = await account_queries.member_by_handle_key(db, STEWARD)
                    assert steward is not None
                    pool_id = await pool_queries.create_pool(
                        db, slug=SLUG, name="Bench Circle", description="", currency="USD",
                        rules=PoolRules(contribution_cents=2500), creator_id=int(steward["id"]), now=start,
                    )
                    assert pool_id is not None
                    values = {"pool": pool_id, "members": members, "months": months, "start": start.replace(tzinfo=None),
                              "first_month": dt.datetime.combine(first_month, dt.time()), "categories": list(CATEGORIES)}
                    async with db.writing():
                        for statement in FILL[:-1]:
                            await db.execute(sa.text(statement).bindparams(**{
                                name: value for name, value in values.items() if f":{name}" in statement}))
                    await db.execute(sa.text(FILL[-1]))
                    return int(await db.fetch_val(sa.text("SELECT count(*) FROM ledger_postings")))

            assert client.portal is not None
            postings = client.portal.call(fill)
            public = _measure(client, f"/pools/{SLUG}", warmup, requests)
            ledger_page = _measure(client, f"/pools/{SLUG}/steward/ledger", warmup, requests)
            ledger_csv = _measure(client, f"/pools/{SLUG}/steward/ledger.csv", warmup, requests)
            ledger_csv["peak_kib"] = _peak_kib(client, f"/pools/{SLUG}/steward/ledger.csv")
    return {"members": members, "years": years, "postings": postings, "public_page": public,
            "ledger_page": ledger_page, "ledger_csv": ledger_csv}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="50,500")
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--postgres-url", default=os.environ.get("JUBILEE_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    parser.add_argument("--keep", action="store_true", help="keep the bench databases afterwards")
    args = parser.parse_args(argv)
    started = dt.datetime.now(dt.UTC)
    results = []
    try:
        for size in (int(text) for text in args.sizes.split(",")):
            url = f"{args.postgres_url}_pool{size}"
            result = run_size(url, size, args.years, args.warmup, args.requests)
            results.append(result)
            print(f"{size:>5} members, {args.years} years ({result['postings']:,} postings): "
                  f"public page p50 {result['public_page']['p50_ms']} ms, p95 {result['public_page']['p95_ms']} ms; "
                  f"ledger page p50 {result['ledger_page']['p50_ms']} ms, p95 {result['ledger_page']['p95_ms']} ms; "
                  f"ledger CSV p50 {result['ledger_csv']['p50_ms']} ms, p95 {result['ledger_csv']['p95_ms']} ms "
                  f"({result['ledger_csv']['response_bytes']:,} bytes, peak {result['ledger_csv']['peak_kib']:,} KiB)")
            if not args.keep:
                drop_database(url)
    except BenchError as error:
        print(f"bench.mutual_aid: {error}", file=sys.stderr)
        return 1
    if len(results) >= 2:
        small, large = results[0], results[-1]
        for page in ("public_page", "ledger_page", "ledger_csv"):
            ratio = large[page]["p50_ms"] / small[page]["p50_ms"] if small[page]["p50_ms"] else float("nan")
            print(f"{page}: {large['members']} / {small['members']} members, p50 ratio {ratio:.2f}")
    output = RESULTS_DIR / f"mutual_aid-{started:%Y%m%dT%H%M%SZ}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({
        "benchmark": "bench.mutual_aid", "started_at": started.isoformat(timespec="seconds"),
        "machine": machine_info(), "options": vars(args), "results": results,
    }, indent=2, default=str) + "\n")
    print(f"Results written to {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
