"""Rows of a pool's history written directly, for the demo, the benchmark and tests: contributions,
aid requests, ballots and payouts as they would be after the pages had been used in the past.

Nothing here bypasses the ledger: each confirmed contribution and received payout is recorded with
`ledger.queries.record` under the same keys the pages use, and the row keeps its `entry_key`.
"""

from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa

from mutual_aid.contributions import rules as contributions_rules
from mutual_aid.ledger import book as ledger
from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.payouts import rules as payouts_rules
from mutual_aid.tables import aid_ballots, aid_payouts, aid_requests, contributions, pool_members, pools
from server.db import Database


async def add_contribution(
    db: Database, pool_id: int, member_id: int, pseudonym: str, *, month: str, amount_cents: int, paid_on: dt.date,
    at: dt.datetime, status: str = "confirmed", steward_id: int | None = None, method: str = "transfer",
) -> int:
    """A contribution as a member reported it; when `status` is confirmed, also its ledger entry."""
    async with db.writing():
        contribution_id = int(await db.insert(contributions.insert().values(
            pool_id=pool_id, member_id=member_id, month=month, amount_cents=amount_cents, method=method,
            paid_on=paid_on, status="claimed", form_key=secrets.token_urlsafe(16), claimed_at=at,
        )))
        if status == "confirmed":
            key = contributions_rules.entry_key(contribution_id)
            await ledger_queries.record(db, pool_id, ledger.contribution(key, pseudonym, amount_cents),
                                        kind="contribution", happened_on=paid_on, now=at)
            await db.execute(contributions.update().where(contributions.c.id == contribution_id).values(
                status="confirmed", decided_by=steward_id, decided_at=at, entry_key=key))
        elif status != "claimed":
            await db.execute(contributions.update().where(contributions.c.id == contribution_id).values(
                status=status, decided_by=steward_id, decided_at=at))
    return contribution_id


async def reverse_contribution(db: Database, pool_id: int, contribution_id: int, steward_id: int | None,
                               at: dt.datetime) -> None:
    """Undo a confirmed contribution: a reversing entry dated like the original, the row "reversed"."""
    async with db.writing():
        row = await db.fetch_one(contributions.select().where(contributions.c.id == contribution_id))
        assert row is not None and row["status"] == "confirmed"
        original = await ledger_queries.entry_by_key(db, pool_id, row["entry_key"])
        assert original is not None
        await ledger_queries.record(db, pool_id, ledger.reversal(contributions_rules.reversal_key(contribution_id), original),
                                    kind="reversal", happened_on=row["paid_on"], now=at)
        await db.execute(contributions.update().where(contributions.c.id == contribution_id).values(
            status="reversed", decided_by=steward_id, decided_at=at))


async def add_request(
    db: Database, pool_id: int, requester_id: int, recipient_pseudonym: str, *, kind: str, category: str,
    amount_cents: int, months: int | None, needed_by: dt.date, explanation_sealed: str | None, status: str,
    decision_method: str, submitted_at: dt.datetime, decide_by: dt.datetime, decided_at: dt.datetime | None = None,
    yes_votes: int = 0, no_votes: int = 0,
) -> int:
    return int(await db.insert(aid_requests.insert().values(
        pool_id=pool_id, requester_id=requester_id, recipient_pseudonym=recipient_pseudonym, kind=kind,
        category=category, amount_cents=amount_cents, months=months, needed_by=needed_by,
        explanation_sealed=explanation_sealed, status=status, decision_method=decision_method, decide_by=decide_by,
        yes_votes=yes_votes, no_votes=no_votes, form_key=secrets.token_urlsafe(16), submitted_at=submitted_at,
        decided_at=decided_at,
    )))


async def add_ballot(db: Database, request_id: int, voter_id: int, voted_on: dt.date) -> None:
    await db.execute(aid_ballots.insert().values(request_id=request_id, voter_id=voter_id, voted_on=voted_on))


async def add_payout(
    db: Database, pool_id: int, request_id: int, *, installment: int, month: str, amount_cents: int,
    sent_by: int | None, sent_on: dt.date, at: dt.datetime, received: bool = True, method: str = "transfer",
) -> int:
    """A payout a steward handed over; when `received`, also its ledger entry (under the request's
    recipient pseudonym and category) and the request's `received_cents`."""
    async with db.writing():
        payout_id = int(await db.insert(aid_payouts.insert().values(
            pool_id=pool_id, request_id=request_id, installment=installment, month=month,
            amount_cents=amount_cents, method=method, status="sent", sent_by=sent_by, sent_on=sent_on, sent_at=at,
        )))
        if received:
            request = await db.fetch_one(aid_requests.select().where(aid_requests.c.id == request_id))
            assert request is not None
            key = payouts_rules.entry_key(payout_id)
            await ledger_queries.record(db, pool_id, ledger.payout(key, request["recipient_pseudonym"], amount_cents),
                                        kind="payout", category=request["category"], happened_on=sent_on, now=at)
            await db.execute(aid_payouts.update().where(aid_payouts.c.id == payout_id).values(
                status="received", received_at=at, entry_key=key))
            await db.execute(aid_requests.update().where(aid_requests.c.id == request_id).values(
                received_cents=aid_requests.c.received_cents + amount_cents))
    return payout_id


async def set_request(db: Database, request_id: int, **values: object) -> None:
    await db.execute(aid_requests.update().where(aid_requests.c.id == request_id).values(**values))


async def set_income(db: Database, pool_id: int, member_id: int, income_sealed: str, monthly_cents: int,
                     at: dt.datetime) -> None:
    await db.execute(
        pool_members.update()
        .where(pool_members.c.pool_id == pool_id, pool_members.c.member_id == member_id)
        .values(income_sealed=income_sealed, income_declared_at=at, monthly_cents=monthly_cents)
    )


async def pool_slugs(db: Database, slugs: list[str]) -> set[str]:
    return {row["slug"] for row in await db.fetch_all(sa.select(pools.c.slug).where(pools.c.slug.in_(slugs)))}
