"""`jubilee demo`'s pools: coherent with their ledgers, balanced, never below the reserve, once."""

from __future__ import annotations

import random

from mutual_aid.demo.history import INCOME, RENT, add_demo_pools
from mutual_aid.ledger import book as ledger
from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.tables import aid_ballots, aid_payouts, aid_requests, contributions, ledger_entries, pools
from server.demo import fill
from tests.conftest import run


def test_the_demo_pools_are_made_once_and_their_books_balance(client, settings):
    keyring = client.app_state["keyring"]
    first = run(client, fill, settings, keyring)
    run(client, fill, settings, keyring)
    again = run(client, add_demo_pools, settings, keyring, [], random.Random(1))
    assert "Rent Relief Circle" in first and "a steward: " in first
    assert again == "Mutual-aid pools: already there."

    async def check(db):
        found = await db.fetch_all(pools.select().order_by(pools.c.slug))
        assert [row["slug"] for row in found] == sorted([RENT.slug, INCOME.slug])
        for pool in found:
            pool_id = pool["id"]
            entries = await ledger_queries.entries_of(db, pool_id)
            assert entries and all(ledger.balanced(entry) for entry in entries)
            confirmed = await db.fetch_all(contributions.select().where(
                contributions.c.pool_id == pool_id, contributions.c.status.in_(("confirmed", "reversed"))))
            payouts = await db.fetch_all(aid_payouts.select().where(
                aid_payouts.c.pool_id == pool_id, aid_payouts.c.status == "received"))
            keys = {entry.key for entry in entries}
            assert all(row["entry_key"] in keys for row in [*confirmed, *payouts])
            reversed_rows = [row for row in confirmed if row["status"] == "reversed"]
            assert len(reversed_rows) == (1 if pool["slug"] == RENT.slug else 0)
            expected = (sum(int(r["amount_cents"]) for r in confirmed if r["status"] == "confirmed")
                        - sum(int(r["amount_cents"]) for r in payouts))
            assert await ledger_queries.balance(db, pool_id) == ledger.pool_balance(entries) == expected
            # received_cents is what was received on each request
            for request in await db.fetch_all(aid_requests.select().where(aid_requests.c.pool_id == pool_id)):
                paid = sum(int(p["amount_cents"]) for p in payouts if p["request_id"] == request["id"])
                assert request["received_cents"] == paid
                ballots = await db.fetch_all(aid_ballots.select().where(aid_ballots.c.request_id == request["id"]))
                assert len(ballots) == request["yes_votes"] + request["no_votes"]
                assert request["requester_id"] not in {b["voter_id"] for b in ballots}
            statuses = [r["status"] for r in await db.fetch_all(
                aid_requests.select().where(aid_requests.c.pool_id == pool_id))]
            assert "under_decision" in statuses and "paid" in statuses
            # in the order money moved, the pool never went below its reserve
            rows = await ledger_queries.entry_rows(db, pool_id)
            running = 0
            for row in sorted(rows, key=lambda r: (r["happened_on"], r["id"])):
                running += int(row["cash_cents"])
                if row["kind"] == "payout":
                    assert running >= pool["reserve_cents"], (pool["slug"], row["key"], running)
        hardship = await db.fetch_all(aid_requests.select().where(aid_requests.c.kind == "hardship"))
        assert len(hardship) == 1 and hardship[0]["received_cents"] > 0
        return len(await db.fetch_all(ledger_entries.select()))

    run(client, check)
    assert client.get(f"/pools/{RENT.slug}").status_code == 200
    assert client.get(f"/pools/{INCOME.slug}").status_code == 200
