"""The SQL of contributions: a member's "I paid", a steward's decision on it, a declared income,
what the reminders look for, and a member's download. (A confirmation or a reversal also writes
the ledger: `contributions.service`.)

State changes are conditional updates (`WHERE status = 'claimed' RETURNING`): of two stewards
confirming one contribution at once, one changes the row and records the ledger entry; the other
changes nothing and is told so.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from mutual_aid.tables import contributions, pool_members, pools
from server.db import Database, Row
from server.tables import members as server_members
from server.tables import notifications

COUNTED = ("claimed", "confirmed")  # what a member has reported for a month


async def claim(
    db: Database, pool_id: int, member_id: int, *, month: str, amount_cents: int, method: str, paid_on: dt.date,
    form_key: str, now: dt.datetime,
) -> int | None:
    """Record "I paid"; None when this form was already sent (its `form_key` is taken)."""
    id_ = await db.insert_unless_duplicate(contributions.insert().values(
        pool_id=pool_id, member_id=member_id, month=month, amount_cents=amount_cents, method=method,
        paid_on=paid_on, status="claimed", form_key=form_key, claimed_at=now,
    ))
    return None if id_ is None else int(id_)


async def contributions_of(db: Database, pool_id: int, member_id: int, limit: int = 60) -> list[Row]:
    query = (
        contributions.select()
        .where(contributions.c.pool_id == pool_id, contributions.c.member_id == member_id)
        .order_by(contributions.c.month.desc(), contributions.c.id.desc())
        .limit(limit)
    )
    return await db.fetch_all(query)


async def reported_cents(db: Database, pool_id: int, member_id: int, month: str) -> int:
    """What the member said they paid for `month`, confirmed or still waiting."""
    query = sa.select(sa.func.coalesce(sa.func.sum(contributions.c.amount_cents), 0)).where(
        contributions.c.pool_id == pool_id, contributions.c.member_id == member_id,
        contributions.c.month == month, contributions.c.status.in_(COUNTED),
    )
    return int(await db.fetch_val(query))


def _with_member() -> sa.Select[tuple[object, ...]]:
    return (
        sa.select(contributions, pool_members.c.pseudonym, server_members.c.handle)
        .join(pool_members, sa.and_(pool_members.c.pool_id == contributions.c.pool_id,
                                    pool_members.c.member_id == contributions.c.member_id))
        .join(server_members, server_members.c.id == contributions.c.member_id)
    )


async def waiting(db: Database, pool_id: int) -> list[Row]:
    """Contributions a steward has yet to confirm, oldest first, with who says they paid."""
    query = _with_member().where(contributions.c.pool_id == pool_id, contributions.c.status == "claimed")
    return await db.fetch_all(query.order_by(contributions.c.claimed_at, contributions.c.id))


async def recently_confirmed(db: Database, pool_id: int, limit: int = 20) -> list[Row]:
    query = _with_member().where(contributions.c.pool_id == pool_id, contributions.c.status == "confirmed")
    return await db.fetch_all(query.order_by(contributions.c.decided_at.desc(), contributions.c.id.desc()).limit(limit))


async def contribution_in_pool(db: Database, pool_id: int, contribution_id: int) -> Row | None:
    query = _with_member().where(contributions.c.pool_id == pool_id, contributions.c.id == contribution_id)
    return await db.fetch_one(query)


async def decide(db: Database, pool_id: int, contribution_id: int, *, expect: str, status: str, steward_id: int,
                 now: dt.datetime, **values: object) -> Row | None:
    """Move a contribution from `expect` to `status`, marked with who decided and when; None when it
    was no longer `expect` (another steward decided it first)."""
    query = (
        contributions.update()
        .where(contributions.c.pool_id == pool_id, contributions.c.id == contribution_id,
               contributions.c.status == expect)
        .values(status=status, decided_by=steward_id, decided_at=now, **values)
        .returning(*contributions.c)
    )
    rows = await db.write_returning(query)
    return rows[0] if rows else None


async def decline(db: Database, pool_id: int, contribution_id: int, steward_id: int, now: dt.datetime) -> Row | None:
    """Mark a claimed contribution as not received; None when it was no longer waiting."""
    return await decide(db, pool_id, contribution_id, expect="claimed", status="declined", steward_id=steward_id,
                        now=now)


async def pseudonym(db: Database, pool_id: int, member_id: int) -> str:
    """The name the ledger knows this member's contributions by."""
    query = sa.select(pool_members.c.pseudonym).where(
        pool_members.c.pool_id == pool_id, pool_members.c.member_id == member_id)
    return str(await db.fetch_val(query))


async def set_income(
    db: Database, pool_id: int, member_id: int, *, income_sealed: str, monthly_cents: int, now: dt.datetime,
) -> None:
    await db.execute(
        pool_members.update()
        .where(pool_members.c.pool_id == pool_id, pool_members.c.member_id == member_id)
        .values(income_sealed=income_sealed, income_declared_at=now, monthly_cents=monthly_cents)
    )


async def set_monthly(db: Database, pool_id: int, member_id: int, monthly_cents: int) -> None:
    await db.execute(
        pool_members.update()
        .where(pool_members.c.pool_id == pool_id, pool_members.c.member_id == member_id)
        .values(monthly_cents=monthly_cents)
    )


# Reminders ---------------------------------------------------------------------------------------

async def open_pools_with_rules(db: Database) -> list[Row]:
    return await db.fetch_all(pools.select().where(pools.c.status == "open").order_by(pools.c.id))


async def mark_reminded(db: Database, pool: Row, month: str) -> list[int]:
    """Mark, in one conditional update, the active members of `pool` not yet reminded for `month`
    who owe something and reported nothing for it; returns their ids (each is reminded once)."""
    reported = sa.select(contributions.c.id).where(
        contributions.c.pool_id == pool_members.c.pool_id, contributions.c.member_id == pool_members.c.member_id,
        contributions.c.month == month, contributions.c.status.in_(COUNTED),
    )
    conditions = [
        pool_members.c.pool_id == pool["id"],
        pool_members.c.status == "active",
        sa.or_(pool_members.c.reminded_for.is_(None), pool_members.c.reminded_for != month),
        ~sa.exists(reported),
    ]
    if pool["contribution_kind"] == "income_share":
        conditions.append(sa.func.coalesce(pool_members.c.monthly_cents, pool["floor_cents"]) > 0)
    elif not pool["contribution_cents"]:
        return []
    query = (
        pool_members.update().where(*conditions).values(reminded_for=month).returning(pool_members.c.member_id)
    )
    return sorted(int(r["member_id"]) for r in await db.write_returning(query))


async def stewards_with_old_claims(db: Database, pool_id: int, claimed_before: dt.datetime) -> list[int]:
    """The active stewards of a pool that has contributions waiting since before `claimed_before`."""
    old = sa.select(contributions.c.id).where(
        contributions.c.pool_id == pool_id, contributions.c.status == "claimed",
        contributions.c.claimed_at < claimed_before,
    )
    query = sa.select(pool_members.c.member_id).where(
        pool_members.c.pool_id == pool_id, pool_members.c.status == "active", pool_members.c.role == "steward",
        sa.exists(old),
    )
    return [int(r["member_id"]) for r in await db.fetch_all(query)]


async def notified_since(db: Database, member_id: int, kind: str, link: str, since: dt.datetime) -> bool:
    query = sa.select(notifications.c.id).where(
        notifications.c.member_id == member_id, notifications.c.kind == kind, notifications.c.link == link,
        notifications.c.created_at >= since,
    ).limit(1)
    return await db.fetch_val(query) is not None


# Export ------------------------------------------------------------------------------------------

async def memberships_everywhere(db: Database, member_id: int) -> list[Row]:
    query = (
        sa.select(pool_members, pools.c.name, pools.c.slug, pools.c.currency)
        .join(pools, pools.c.id == pool_members.c.pool_id)
        .where(pool_members.c.member_id == member_id)
        .order_by(pools.c.name)
    )
    return await db.fetch_all(query)


async def contributions_everywhere(db: Database, member_id: int) -> list[Row]:
    query = contributions.select().where(contributions.c.member_id == member_id).order_by(
        contributions.c.pool_id, contributions.c.month, contributions.c.id)
    return await db.fetch_all(query)
