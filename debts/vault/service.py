"""Changes to a member's debt that other domains watch: each runs inside `watchers.changing`, in the
same transaction, so that campaigns' counters follow every edit, payment and deletion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from debts.vault import queries, rules
from debts.vault.watchers import changing
from server.crypto import Keyring
from server.db import Database, Row
from server.domain import DebtWatcher


async def save_changes(
    db: Database, member_id: int, debt: Row, values: dict[str, Any], now: dt.datetime,
    keyring: Keyring | None, watchers: Sequence[DebtWatcher],
) -> None:
    """Save the member's edit of their own debt (a new balance or status goes into its history)."""
    async with changing(db, debt["id"], keyring, watchers):
        await queries.update_debt(db, member_id, debt["id"], values, debt, now)


async def delete(db: Database, member_id: int, debt_id: int, keyring: Keyring | None,
                 watchers: Sequence[DebtWatcher]) -> None:
    """Delete the member's own debt, with its history; every campaign that counted it stops."""
    async with changing(db, debt_id, keyring, watchers):
        await queries.delete_debt(db, member_id, debt_id)


async def record_payment(
    db: Database, member_id: int, debt_id: int, cents: int, on: dt.date, now: dt.datetime,
    keyring: Keyring | None, watchers: Sequence[DebtWatcher],
) -> bool:
    """A payment made on the member's own debt (for example aid a pool paid towards it): the balance
    goes down by `cents`, never below zero, and the new balance is kept in the debt's history. Runs
    inside `watchers.changing`, so campaign counters follow. False when the debt is not theirs (or gone)."""
    async with db.writing(), changing(db, debt_id, keyring, watchers):
        debt = await queries.debt_of(db, member_id, debt_id)
        if debt is None:
            return False
        balance, last_payment_on = rules.after_payment(debt, cents, on)
        await queries.record_balance(db, member_id, debt_id, balance, last_payment_on, now)
    return True
