"""Contributions as stewards decide on them, and a member's declared income.

A confirmation puts the contribution in the pool's book under the member's pseudonym, once: of
two stewards confirming at the same moment, one records it and the other is told it was already
decided. A reversal adds an entry that undoes the original, dated like it. A steward does not
decide on their own contribution unless they are the pool's only steward (`rules.may_decide`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from mutual_aid.contributions import queries as contribution_queries
from mutual_aid.contributions.income import open_income, seal_income
from mutual_aid.contributions.notices import POOL_CONTRIBUTION_DECLINED
from mutual_aid.contributions.rules import (
    contribution_rule,
    entry_key,
    may_decide,
    monthly_contribution,
    reversal_key,
)
from mutual_aid.ledger import book as ledger
from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.pools import queries as pool_queries
from server import crypto
from server.audit import record_audit
from server.auth import CurrentMember
from server.db import Database, Row
from server.notices.outbox import notify

Decided = Literal["confirmed", "declined", "own", "already_decided"]


async def confirm(db: Database, pool_id: int, contribution_id: int, steward_id: int, now: dt.datetime) -> bool:
    """Confirm a claimed contribution and put it in the book, once; False when it was no longer
    waiting (another steward decided it first)."""
    key = entry_key(contribution_id)
    async with db.writing():
        row = await contribution_queries.decide(db, pool_id, contribution_id, expect="claimed", status="confirmed",
                                                steward_id=steward_id, now=now, entry_key=key)
        if row is None:
            return False
        pseudonym = await contribution_queries.pseudonym(db, pool_id, row["member_id"])
        await ledger_queries.record(db, pool_id, ledger.contribution(key, pseudonym, int(row["amount_cents"])),
                                    kind="contribution", happened_on=row["paid_on"], now=now)
    return True


async def reverse(db: Database, pool_id: int, contribution_id: int, steward_id: int, now: dt.datetime) -> bool:
    """Undo a confirmed contribution with a reversing entry dated like the original; False when
    it was not confirmed any more (already reversed)."""
    async with db.writing():
        row = await contribution_queries.decide(db, pool_id, contribution_id, expect="confirmed", status="reversed",
                                                steward_id=steward_id, now=now)
        if row is None:
            return False
        original = await ledger_queries.entry_by_key(db, pool_id, row["entry_key"] or entry_key(contribution_id))
        if original is None:
            raise ledger.Refused(f"contribution {contribution_id} has no ledger entry to reverse")
        await ledger_queries.record(db, pool_id, ledger.reversal(reversal_key(contribution_id), original),
                                    kind="reversal", happened_on=row["paid_on"], now=now)
    return True


async def _may_decide(db: Database, pool: Row, contribution: Row, steward_id: int) -> bool:
    stewards = await pool_queries.count_members(db, pool["id"], role="steward")
    return may_decide(steward_id, contribution["member_id"], stewards)


async def confirm_as_steward(db: Database, pool: Row, contribution: Row, steward_id: int, now: dt.datetime) -> Decided:
    """A steward's "the money arrived"."""
    if not await _may_decide(db, pool, contribution, steward_id):
        return "own"
    return "confirmed" if await confirm(db, pool["id"], contribution["id"], steward_id, now) else "already_decided"


async def decline_as_steward(db: Database, keyring: crypto.Keyring, pool: Row, contribution: Row, steward_id: int,
                             now: dt.datetime) -> Decided:
    """A steward's "not received": the member is told."""
    if not await _may_decide(db, pool, contribution, steward_id):
        return "own"
    declined = await contribution_queries.decline(db, pool["id"], contribution["id"], steward_id, now)
    if declined is None:
        return "already_decided"
    await notify(db, keyring, declined["member_id"], POOL_CONTRIBUTION_DECLINED,
                 link=f"/pools/{pool['slug']}/me", pool=pool["name"])
    return "declined"


async def reverse_as_steward(db: Database, pool: Row, contribution_id: int, steward_id: int, now: dt.datetime) -> bool:
    """A steward undoes a contribution confirmed by mistake (recorded in the audit log); False when
    it was already reversed."""
    if not await reverse(db, pool["id"], contribution_id, steward_id, now):
        return False
    await record_audit(db, at=now, actor_id=steward_id, subject_id=None, action="pool_contribution_reversed",
                       slug=pool["slug"], contribution=contribution_id)
    return True


async def monthly_and_income(db: Database, pool: Row, membership: Row,
                             member: CurrentMember) -> tuple[int, int | None]:
    """(what the member owes each month, their declared income); an amount computed under older
    rules is brought up to date, since only the member can open the income it comes from."""
    rule = contribution_rule(pool_queries.rules_of(pool))
    if rule.kind == "fixed":
        return rule.amount_cents, None
    income = open_income(member.data_key(), pool["id"], member.id, membership["income_sealed"])
    monthly = monthly_contribution(rule, income)
    if income is not None and monthly != membership["monthly_cents"]:
        await contribution_queries.set_monthly(db, pool["id"], member.id, monthly)
    return monthly, income


async def declare_income(db: Database, pool: Row, member: CurrentMember, cents: int, now: dt.datetime) -> None:
    """The member's monthly income, sealed with their own key, and the monthly amount it gives."""
    monthly = monthly_contribution(contribution_rule(pool_queries.rules_of(pool)), cents)
    await contribution_queries.set_income(db, pool["id"], member.id,
                                          income_sealed=seal_income(member.data_key(), pool["id"], member.id, cents),
                                          monthly_cents=monthly, now=now)


async def report_paid(db: Database, pool: Row, member_id: int, clean: dict[str, Any], now: dt.datetime) -> bool:
    """A member's "I paid", waiting for a steward (the same form twice records once); False when the
    pool is closed: it takes no new contributions."""
    if pool["status"] != "open":
        return False
    await contribution_queries.claim(db, pool["id"], member_id, now=now, **clean)
    return True
