"""The SQL of payouts: money a steward handed over on an approved request, confirmed (or not) by
its recipient. State changes are conditional updates: of two stewards (or two clicks) at once,
one changes the row and the other finds it already changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from mutual_aid.aid_requests.rules import TO_PAY
from mutual_aid.tables import aid_payouts, aid_requests, pools
from server.db import Database, Row
from server.tables import members


async def lock_pool(db: Database, pool_id: int) -> None:
    """Hold the pool's row until the transaction ends, so payouts are checked against the reserve
    one at a time (SQLite already has one writer at a time)."""
    if not db.is_sqlite:
        await db.fetch_val(sa.select(pools.c.id).where(pools.c.id == pool_id).with_for_update())


async def sent_unconfirmed(db: Database, pool_id: int) -> int:
    """Money already handed over but not yet confirmed: it is gone from the pool's cash, though the
    book does not show it yet."""
    query = sa.select(sa.func.coalesce(sa.func.sum(aid_payouts.c.amount_cents), 0)).where(
        aid_payouts.c.pool_id == pool_id, aid_payouts.c.status == "sent"
    )
    return int(await db.fetch_val(query))


async def requests_to_pay(db: Database, pool_id: int) -> list[Row]:
    """Approved or partly funded requests, oldest first, with the requester's handle, what is sent
    but unconfirmed, the next installment number, and the months already paid or sent."""
    live = aid_payouts.c.status.in_(("sent", "received"))
    query = (
        sa.select(
            aid_requests,
            members.c.handle,
            sa.func.coalesce(sa.func.sum(sa.case((aid_payouts.c.status == "sent", aid_payouts.c.amount_cents),
                                                 else_=0)), 0).label("sent_cents"),
            (sa.func.coalesce(sa.func.max(aid_payouts.c.installment), 0) + 1).label("next_installment"),
        )
        .select_from(aid_requests.join(members, members.c.id == aid_requests.c.requester_id)
                     .outerjoin(aid_payouts, aid_payouts.c.request_id == aid_requests.c.id))
        .where(aid_requests.c.pool_id == pool_id, aid_requests.c.status.in_(TO_PAY))
        .group_by(*aid_requests.c, members.c.handle)
        .order_by(aid_requests.c.submitted_at, aid_requests.c.id)
    )
    rows = await db.fetch_all(query)
    for row in rows:  # PostgreSQL sums bigints as numeric
        row["sent_cents"], row["next_installment"] = int(row["sent_cents"]), int(row["next_installment"])
    if rows:
        months = await db.fetch_all(
            sa.select(aid_payouts.c.request_id, aid_payouts.c.month)
            .where(aid_payouts.c.request_id.in_([r["id"] for r in rows]), live)
        )
        for row in rows:
            row["months_paid"] = [m["month"] for m in months if m["request_id"] == row["id"]]
    return rows


async def insert_payout(db: Database, values: dict[str, Any]) -> int | None:
    """A payout sent; None when this installment of the request was already recorded."""
    inserted = await db.insert_unless_duplicate(aid_payouts.insert().values(**values))
    return None if inserted is None else int(inserted)


async def installment_taken(db: Database, request_id: int, installment: int) -> bool:
    query = sa.select(aid_payouts.c.id).where(aid_payouts.c.request_id == request_id,
                                              aid_payouts.c.installment == installment)
    return await db.fetch_one(query) is not None


async def payout_in_pool(db: Database, pool_id: int, payout_id: int) -> Row | None:
    query = aid_payouts.select().where(aid_payouts.c.pool_id == pool_id, aid_payouts.c.id == payout_id)
    return await db.fetch_one(query)


async def recent_payouts(db: Database, pool_id: int, limit: int = 50) -> list[Row]:
    """The pool's latest payouts with their request's pseudonym and its requester's handle."""
    query = (
        sa.select(aid_payouts, aid_requests.c.recipient_pseudonym, aid_requests.c.category, members.c.handle)
        .join(aid_requests, aid_requests.c.id == aid_payouts.c.request_id)
        .join(members, members.c.id == aid_requests.c.requester_id)
        .where(aid_payouts.c.pool_id == pool_id)
        .order_by(aid_payouts.c.sent_at.desc(), aid_payouts.c.id.desc())
        .limit(limit)
    )
    return await db.fetch_all(query)


async def change_payout(db: Database, payout_id: int, *, expect: str, **values: Any) -> Row | None:
    """Change a payout only if its status is still `expect`; None for the loser of a race."""
    query = (
        aid_payouts.update()
        .where(aid_payouts.c.id == payout_id, aid_payouts.c.status == expect)
        .values(**values)
        .returning(*aid_payouts.c)
    )
    rows = await db.write_returning(query)
    return rows[0] if rows else None


async def months_received(db: Database, request_id: int) -> int:
    query = sa.select(sa.func.count(sa.distinct(aid_payouts.c.month))).where(
        aid_payouts.c.request_id == request_id, aid_payouts.c.status == "received"
    )
    return int(await db.fetch_val(query))


async def sent_on_request(db: Database, request_id: int) -> int:
    query = sa.select(sa.func.coalesce(sa.func.sum(aid_payouts.c.amount_cents), 0)).where(
        aid_payouts.c.request_id == request_id, aid_payouts.c.status == "sent"
    )
    return int(await db.fetch_val(query))


async def add_received(db: Database, request_id: int, cents: int) -> Row:
    """Add (or with a negative amount take back) confirmed aid on a request; the request after."""
    rows = await db.write_returning(
        aid_requests.update()
        .where(aid_requests.c.id == request_id)
        .values(received_cents=aid_requests.c.received_cents + cents)
        .returning(*aid_requests.c)
    )
    return rows[0]


async def set_request_status(db: Database, request_id: int, status: str, closed_at: dt.datetime | None) -> None:
    """The status that follows from the request's payouts (paid, partly funded, approved); never
    changes a request that was withdrawn or declined meanwhile."""
    await db.execute(
        aid_requests.update()
        .where(aid_requests.c.id == request_id, aid_requests.c.status.in_((*TO_PAY, "paid")))
        .values(status=status, closed_at=closed_at)
    )


async def claim_receipt_reminders(db: Database, now: dt.datetime, after: dt.timedelta) -> list[Row]:
    """Requests with a payout sent more than `after` ago and still unconfirmed, whose recipient was
    not reminded since that payout was recorded; marked reminded in the same statement."""
    stale = sa.exists().where(
        aid_payouts.c.request_id == aid_requests.c.id,
        aid_payouts.c.status == "sent",
        aid_payouts.c.sent_at <= now - after,
        sa.or_(aid_requests.c.reminded_at.is_(None), aid_requests.c.reminded_at < aid_payouts.c.sent_at),
    )
    query = (
        aid_requests.update()
        .where(aid_requests.c.status.in_((*TO_PAY, "paid")), stale)
        .values(reminded_at=now)
        .returning(*aid_requests.c)
    )
    return await db.write_returning(query)


async def received_everywhere(db: Database, member_id: int) -> list[Row]:
    """Every payout on this member's requests, in every pool (for their download)."""
    query = (
        sa.select(aid_payouts, pools.c.name.label("pool"), pools.c.currency, aid_requests.c.recipient_pseudonym)
        .join(aid_requests, aid_requests.c.id == aid_payouts.c.request_id)
        .join(pools, pools.c.id == aid_payouts.c.pool_id)
        .where(aid_requests.c.requester_id == member_id)
        .order_by(aid_payouts.c.sent_at)
    )
    return await db.fetch_all(query)
