"""The SQL of a pool's released figures: what the ledger, the memberships and the payouts held
before a release's instant (internal: only `released` reads it, to release it with noise)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from mutual_aid.ledger.queries import cash_and_party
from mutual_aid.public.figures import Fact
from mutual_aid.tables import aid_payouts, ledger_entries, ledger_postings, pool_members, pools
from server.db import Database, Row


async def facts(db: Database, pool_id: int, before: dt.datetime) -> list[Fact]:
    """Every ledger entry of the pool recorded before `before`, with its cash and its account."""
    cash, party = cash_and_party()
    query = (
        sa.select(
            ledger_entries.c.id, ledger_entries.c.key, ledger_entries.c.kind, ledger_entries.c.category,
            ledger_entries.c.happened_on, ledger_entries.c.reverses, cash, party,
        )
        .join(ledger_postings, ledger_postings.c.entry_id == ledger_entries.c.id)
        .where(ledger_entries.c.pool_id == pool_id, ledger_entries.c.recorded_at < before)
        .group_by(
            ledger_entries.c.id, ledger_entries.c.key, ledger_entries.c.kind, ledger_entries.c.category,
            ledger_entries.c.happened_on, ledger_entries.c.reverses,
        )
        .order_by(ledger_entries.c.id)
    )
    return [
        Fact(key=row["key"], kind=row["kind"], happened_on=row["happened_on"], cash_cents=int(row["cash_cents"]),
             person=row["party"] or f"entry:{row['key']}", category=row["category"], reverses=row["reverses"])
        for row in await db.fetch_all(query)
    ]


async def members(db: Database, pool_id: int, before: dt.datetime) -> int:
    """Active members who had joined before `before`."""
    query = sa.select(sa.func.count()).select_from(pool_members).where(
        pool_members.c.pool_id == pool_id, pool_members.c.status == "active", pool_members.c.joined_at < before)
    return int(await db.fetch_val(query))


async def requests_funded(db: Database, pool_id: int, before: dt.datetime) -> int:
    """Requests with at least one payout its recipient confirmed receiving before `before`, and not reversed."""
    query = sa.select(sa.func.count(sa.distinct(aid_payouts.c.request_id))).where(
        aid_payouts.c.pool_id == pool_id, aid_payouts.c.status == "received", aid_payouts.c.received_at < before)
    return int(await db.fetch_val(query))


async def pool_ids(db: Database) -> list[int]:
    return [int(row["id"]) for row in await db.fetch_all(sa.select(pools.c.id).order_by(pools.c.id))]


async def pool_row(db: Database, pool_id: int) -> Row | None:
    return await db.fetch_one(sa.select(pools.c.id, pools.c.created_at).where(pools.c.id == pool_id))


async def pool_for_update(db: Database, pool_id: int) -> Row | None:
    """The pool's row, locked until the transaction ends (PostgreSQL; SQLite has one writer)."""
    return await db.fetch_one(sa.select(pools.c.id, pools.c.created_at).where(pools.c.id == pool_id)
                              .with_for_update())
