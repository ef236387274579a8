"""Every SQL statement about a member's debts and their history.

Every function that reads or changes one debt takes the member's id and matches on it, so a debt
id guessed from another account finds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from debts.creditors.tables import creditors
from debts.vault.tables import debt_history, debts
from server.db import Database, Row

original = creditors.alias("original")
holder = creditors.alias("holder")

_WITH_CREDITORS = (
    sa.select(
        debts,
        original.c.name.label("original_creditor_name"),
        original.c.verified.label("original_creditor_verified"),
        holder.c.name.label("current_holder_name"),
        holder.c.verified.label("current_holder_verified"),
    )
    .select_from(
        debts.outerjoin(original, original.c.id == debts.c.original_creditor_id).outerjoin(
            holder, holder.c.id == debts.c.current_holder_id
        )
    )
)


async def debts_of(db: Database, member_id: int) -> list[Row]:
    query = _WITH_CREDITORS.where(debts.c.member_id == member_id).order_by(debts.c.created_at, debts.c.id)
    return await db.fetch_all(query)


async def debt_of(db: Database, member_id: int, debt_id: int) -> Row | None:
    query = _WITH_CREDITORS.where(debts.c.member_id == member_id, debts.c.id == debt_id)
    return await db.fetch_one(query)


async def create_debt(db: Database, member_id: int, values: dict[str, Any], now: dt.datetime) -> int:
    debt_id = int(await db.insert(debts.insert().values(member_id=member_id, created_at=now, updated_at=now, **values)))
    await db.execute(
        debt_history.insert().values(
            debt_id=debt_id, at=now, change="created", balance_cents=values["balance_cents"], status=values["status"]
        )
    )
    return debt_id


async def update_debt(
    db: Database, member_id: int, debt_id: int, values: dict[str, Any], before: Row, now: dt.datetime
) -> None:
    """Save the member's changes; a new balance or status is also kept in the debt's history."""
    await db.execute(
        debts.update()
        .where(debts.c.member_id == member_id, debts.c.id == debt_id)
        .values(updated_at=now, **values)
    )
    if values["balance_cents"] != before["balance_cents"]:
        await db.execute(
            debt_history.insert().values(debt_id=debt_id, at=now, change="balance", balance_cents=values["balance_cents"])
        )
    if values["status"] != before["status"]:
        await db.execute(debt_history.insert().values(debt_id=debt_id, at=now, change="status", status=values["status"]))


async def record_balance(
    db: Database, member_id: int, debt_id: int, balance_cents: int, last_payment_on: dt.date | None, now: dt.datetime
) -> None:
    """A payment's new balance and last payment day; the balance is kept in the debt's history."""
    await db.execute(
        debts.update()
        .where(debts.c.member_id == member_id, debts.c.id == debt_id)
        .values(balance_cents=balance_cents, last_payment_on=last_payment_on, updated_at=now)
    )
    await db.execute(
        debt_history.insert().values(debt_id=debt_id, at=now, change="balance", balance_cents=balance_cents)
    )


async def delete_debt(db: Database, member_id: int, debt_id: int) -> None:
    await db.execute(debts.delete().where(debts.c.member_id == member_id, debts.c.id == debt_id))


async def history_of(db: Database, debt_id: int) -> list[Row]:
    query = debt_history.select().where(debt_history.c.debt_id == debt_id).order_by(debt_history.c.at, debt_history.c.id)
    return await db.fetch_all(query)


async def histories_of(db: Database, member_id: int) -> list[Row]:
    query = (
        sa.select(debt_history)
        .join(debts, debts.c.id == debt_history.c.debt_id)
        .where(debts.c.member_id == member_id)
        .order_by(debt_history.c.debt_id, debt_history.c.at, debt_history.c.id)
    )
    return await db.fetch_all(query)
