"""Paying approved requests: the plan of what to send now, a steward's "I sent this", the
recipient's "I received it" (only then does the book record the payout), and corrections.

The pool's reserve counts money sent but not yet confirmed: it has left the pool's cash already.
Recording a payout locks the pool's row first, so two stewards are checked one after the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from debts import api as vault
from mutual_aid.aid_requests import limits
from mutual_aid.aid_requests import queries as request_queries
from mutual_aid.ledger import book as ledger
from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.payouts import allocation
from mutual_aid.payouts import queries as payout_queries
from mutual_aid.payouts.notices import (
    AID_PAYOUT_NOT_RECEIVED,
    AID_PAYOUT_REVERSED,
    AID_PAYOUT_SENT,
)
from mutual_aid.payouts.rules import Owed, entry_key, hardship_due, plan, remaining_one_off, status_after_payout
from mutual_aid.pools import queries as pool_queries
from server import crypto
from server.db import Database, Row
from server.domain import DebtWatcher
from server.notices.outbox import notify

Recorded = Literal["recorded", "taken", "too_much", "gone"]


@dataclass(frozen=True)
class Plan:
    balance_cents: int
    reserve_cents: int
    sent_cents: int  # sent, not yet confirmed
    available_cents: int
    requests: list[Row]  # approved and partly funded, each with "remaining_cents" and "month"
    planned: dict[int, int]


def this_month(today: dt.date) -> str:
    return today.strftime("%Y-%m")


async def payout_plan(db: Database, pool: Row, today: dt.date) -> Plan:
    balance = await ledger_queries.balance(db, pool["id"])
    sent = await payout_queries.sent_unconfirmed(db, pool["id"])
    available = allocation.available_above_reserve(balance - sent, pool["reserve_cents"])
    rows = await payout_queries.requests_to_pay(db, pool["id"])
    month = this_month(today)
    owed = []
    for row in rows:
        if row["kind"] == "hardship":
            remaining = hardship_due(row["months"] or 1, row["amount_cents"], row["months_paid"], month)
        else:
            remaining = remaining_one_off(row["amount_cents"], row["received_cents"], row["sent_cents"])
        row["remaining_cents"], row["month"] = remaining, month
        owed.append(Owed(row["id"], row["kind"], remaining, row["submitted_at"]))
    planned = plan(owed, available, pool["allocation_rule"])
    return Plan(balance, pool["reserve_cents"], sent, available, rows, planned)


async def record_payout(
    db: Database, keyring: crypto.Keyring, pool: Row, request_id: int, installment: int, amount_cents: int,
    method: str, sent_on: dt.date, steward_id: int, now: dt.datetime,
) -> Recorded:
    """A steward's "I sent this". "taken": another steward already recorded this installment;
    "too_much": more than the request still needs, than the pool has above its reserve now, or than
    the pool's 12-month limit leaves the recipient;
    "gone": the request is no longer waiting for money."""
    async with db.writing():
        await payout_queries.lock_pool(db, pool["id"])
        if await payout_queries.installment_taken(db, request_id, installment):
            return "taken"
        current = await payout_plan(db, pool, now.date())
        row = next((r for r in current.requests if r["id"] == request_id), None)
        if row is None:
            return "gone"
        # the plan guides; these two hold whatever happened since the page was shown
        if amount_cents > min(row["remaining_cents"], current.available_cents):
            return "too_much"
        yearly = pool_queries.rules_of(pool).max_per_member_year_cents
        if yearly is not None:
            handed = await request_queries.handed_to_member(db, pool["id"], row["requester_id"])
            if limits.paid_in_window(handed, sent_on) + amount_cents > yearly:
                return "too_much"
        payout_id = await payout_queries.insert_payout(db, {
            "pool_id": pool["id"], "request_id": request_id, "installment": installment, "month": row["month"],
            "amount_cents": amount_cents, "method": method, "status": "sent", "sent_by": steward_id,
            "sent_on": sent_on, "sent_at": now,
        })
        if payout_id is None:
            return "taken"
        await _restate(db, row, now)
    await notify(db, keyring, row["requester_id"], AID_PAYOUT_SENT,
                 link=f"/pools/{pool['slug']}/requests/{request_id}", pool=pool["name"])
    return "recorded"


async def _restate(db: Database, request: Row, now: dt.datetime) -> Row:
    """Put the request in the status its payouts give it (approved, partly funded, paid)."""
    fresh = await request_queries.request_in_pool(db, request["pool_id"], request["id"])
    assert fresh is not None
    status = status_after_payout(
        fresh["kind"], fresh["amount_cents"], fresh["months"], fresh["received_cents"],
        await payout_queries.sent_on_request(db, fresh["id"]), await payout_queries.months_received(db, fresh["id"]),
    )
    await payout_queries.set_request_status(db, fresh["id"], status, now if status == "paid" else None)
    return {**fresh, "status": status}


async def confirm_receipt(db: Database, keyring: crypto.Keyring | None, pool: Row, request: Row, payout_id: int,
                          now: dt.datetime, debt_watchers: Sequence[DebtWatcher]) -> bool:
    """The recipient's "I received it": the payout goes into the book once, the request counts it,
    and a linked debt of the recipient's goes down by it (through `debt_watchers`, so campaigns
    that count it follow). False when it was already confirmed (or cancelled) meanwhile."""
    found = await payout_queries.payout_in_pool(db, pool["id"], payout_id)
    if found is None or found["request_id"] != request["id"]:
        return False
    async with db.writing():
        payout = await payout_queries.change_payout(db, payout_id, expect="sent", status="received",
                                                    received_at=now, entry_key=entry_key(payout_id))
        if payout is None:
            return False
        cents = int(payout["amount_cents"])
        await ledger_queries.record(db, pool["id"], ledger.payout(entry_key(payout_id), request["recipient_pseudonym"],
                                                                  cents),
                                    kind="payout", happened_on=payout["sent_on"], now=now, category=request["category"])
        await payout_queries.add_received(db, request["id"], cents)
        await _restate(db, request, now)
        if request["debt_id"] is not None:
            await vault.record_payment(db, request["requester_id"], request["debt_id"], cents,
                                       payout["sent_on"], now, keyring, debt_watchers)
    return True


async def report_not_received(db: Database, keyring: crypto.Keyring, pool: Row, request: Row, payout_id: int) -> bool:
    payout = await payout_queries.payout_in_pool(db, pool["id"], payout_id)
    if payout is None or payout["request_id"] != request["id"] or payout["status"] != "sent":
        return False
    for steward in await pool_queries.members_of(db, pool["id"], role="steward"):
        if steward["member_id"] != request["requester_id"]:
            await notify(db, keyring, steward["member_id"], AID_PAYOUT_NOT_RECEIVED,
                         link=f"/pools/{pool['slug']}/steward/payouts", pool=pool["name"])
    return True


async def cancel(db: Database, pool: Row, payout_id: int, now: dt.datetime) -> bool:
    """A payout recorded by mistake, or that never arrived: cancelled while still unconfirmed."""
    async with db.writing():
        payout = await payout_queries.payout_in_pool(db, pool["id"], payout_id)
        if payout is None or await payout_queries.change_payout(db, payout_id, expect="sent",
                                                                status="cancelled") is None:
            return False
        request = await request_queries.request_in_pool(db, pool["id"], payout["request_id"])
        assert request is not None
        await _restate(db, request, now)
    return True


async def reverse(db: Database, keyring: crypto.Keyring, pool: Row, payout_id: int, now: dt.datetime) -> bool:
    """Undo a confirmed payout: a reversing entry in the book, the aid taken off the request, which
    goes back to waiting for money. A debt payment recorded with it stays: the member edits the debt."""
    async with db.writing():
        payout = await payout_queries.payout_in_pool(db, pool["id"], payout_id)
        if payout is None or await payout_queries.change_payout(db, payout_id, expect="received",
                                                                status="reversed") is None:
            return False
        key = entry_key(payout_id)
        original = await ledger_queries.entry_by_key(db, pool["id"], key)
        if original is not None:
            await ledger_queries.record(db, pool["id"], ledger.reversal(f"reversal:{key}", original), kind="reversal",
                                        happened_on=now.date(), now=now)
        request = await payout_queries.add_received(db, payout["request_id"], -int(payout["amount_cents"]))
        fresh: dict[str, Any] = {**request}
        if fresh["status"] == "paid":
            fresh["status"] = "approved"
        await _restate(db, fresh, now)
    await notify(db, keyring, request["requester_id"], AID_PAYOUT_REVERSED,
                 link=f"/pools/{pool['slug']}/requests/{request['id']}", pool=pool["name"])
    return True
