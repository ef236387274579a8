"""The SQL of aid requests and ballots, and what a request's page and its limits read of the
payouts made on it (a payout's own changes are in `payouts.queries`).

Every function that reads one request matches on its pool too, so an id from another pool finds
nothing. A ballot row holds who voted and when; how is only ever added to the request's tallies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import sqlalchemy as sa

from mutual_aid.aid_requests.rules import OPEN_FOR_DECISION, TO_PAY, WITHDRAWABLE
from mutual_aid.pools import queries as pool_queries
from mutual_aid.tables import aid_ballots, aid_payouts, aid_requests, pool_members, pools
from server.db import Database, Row
from server.tables import members


async def waiting_on_member(db: Database, pool_id: int, member_id: int, decision_method: str) -> int:
    """Requests of others this member may still vote on (a member vote, not yet cast)."""
    if decision_method != "vote":
        return 0
    return await _undecided_without_ballot(db, pool_id, member_id)


async def home_summary(db: Database, member_id: int) -> list[dict[str, object]]:
    """The member's active pools, each with the requests waiting for their decision (a vote, or as
    a steward) and, for stewards, approved aid still to pay: what the home page lists."""
    summary = []
    for pool in await pool_queries.pools_of(db, member_id):
        if pool["membership"] != "active":
            continue
        steward = pool["role"] == "steward"
        to_decide = await _undecided_without_ballot(db, pool["id"], member_id) if (
            pool["decision_method"] == "vote" or steward) else 0
        counts = await steward_counts(db, pool["id"], member_id, pool["decision_method"]) if steward else {}
        summary.append({"slug": pool["slug"], "name": pool["name"], "steward": steward, "to_decide": to_decide,
                        "to_pay": counts.get("to_pay", 0)})
    return summary


async def steward_counts(db: Database, pool_id: int, steward_id: int, decision_method: str) -> dict[str, int]:
    """For the steward's page: requests waiting for this steward's ballot (when stewards decide),
    approved requests not yet paid in full, and payouts sent but not yet confirmed received."""
    to_decide = await _undecided_without_ballot(db, pool_id, steward_id) if decision_method == "stewards" else 0
    to_pay = await db.fetch_val(
        sa.select(sa.func.count()).select_from(aid_requests)
        .where(aid_requests.c.pool_id == pool_id, aid_requests.c.status.in_(TO_PAY))
    )
    unconfirmed = await db.fetch_val(
        sa.select(sa.func.count()).select_from(aid_payouts)
        .where(aid_payouts.c.pool_id == pool_id, aid_payouts.c.status == "sent")
    )
    return {"to_decide": int(to_decide), "to_pay": int(to_pay), "unconfirmed": int(unconfirmed)}


async def _undecided_without_ballot(db: Database, pool_id: int, member_id: int) -> int:
    voted = sa.select(aid_ballots.c.request_id).where(aid_ballots.c.voter_id == member_id)
    query = sa.select(sa.func.count()).select_from(aid_requests).where(
        aid_requests.c.pool_id == pool_id,
        aid_requests.c.status.in_(OPEN_FOR_DECISION),
        aid_requests.c.requester_id != member_id,
        aid_requests.c.id.not_in(voted),
    )
    return int(await db.fetch_val(query))


# --- requests -------------------------------------------------------------------------------

async def insert_request(db: Database, values: dict[str, Any]) -> int | None:
    """A new request; None when its form key or its pseudonym is already taken in the pool."""
    inserted = await db.insert_unless_duplicate(aid_requests.insert().values(**values))
    return None if inserted is None else int(inserted)


async def request_by_form_key(db: Database, pool_id: int, form_key: str) -> Row | None:
    query = aid_requests.select().where(aid_requests.c.pool_id == pool_id, aid_requests.c.form_key == form_key)
    return await db.fetch_one(query)


async def request_in_pool(db: Database, pool_id: int, request_id: int) -> Row | None:
    query = aid_requests.select().where(aid_requests.c.pool_id == pool_id, aid_requests.c.id == request_id)
    return await db.fetch_one(query)


_SENT = sa.func.coalesce(sa.func.sum(sa.case((aid_payouts.c.status == "sent", aid_payouts.c.amount_cents), else_=0)), 0)
_PAID_OUT = sa.func.count(
    sa.case((aid_payouts.c.status.in_(("sent", "received")), aid_payouts.c.id), else_=None)
)


def _with_payouts() -> sa.Select[Any]:
    return (
        sa.select(aid_requests, _SENT.label("sent_cents"), _PAID_OUT.label("payouts_made"))
        .select_from(aid_requests.outerjoin(aid_payouts, aid_payouts.c.request_id == aid_requests.c.id))
        .group_by(*aid_requests.c)
    )


async def requests_of_member(db: Database, pool_id: int, member_id: int) -> list[Row]:
    """The member's own requests in the pool, newest first, with what was sent and not yet confirmed."""
    query = _with_payouts().where(aid_requests.c.pool_id == pool_id, aid_requests.c.requester_id == member_id)
    return await db.fetch_all(query.order_by(aid_requests.c.submitted_at.desc(), aid_requests.c.id.desc()))


async def requests_decided_by(
    db: Database, pool_id: int, member_id: int, methods: Collection[str], *, open_: bool, limit: int = 50
) -> list[Row]:
    """Others' requests decided by one of `methods` (those this member decides), with the
    requester's handle and whether this member voted; open ones, or the most recently decided."""
    voted = sa.exists().where(aid_ballots.c.request_id == aid_requests.c.id, aid_ballots.c.voter_id == member_id)
    statuses = OPEN_FOR_DECISION if open_ else tuple(s for s in WITHDRAWABLE + ("paid", "declined", "withdrawn")
                                                    if s not in OPEN_FOR_DECISION)
    query = (
        sa.select(aid_requests, members.c.handle, voted.label("voted"))
        .join(members, members.c.id == aid_requests.c.requester_id)
        .where(
            aid_requests.c.pool_id == pool_id,
            aid_requests.c.requester_id != member_id,
            aid_requests.c.decision_method.in_(list(methods)),
            aid_requests.c.status.in_(statuses),
        )
    )
    if open_:
        query = query.order_by(aid_requests.c.decide_by, aid_requests.c.id)
    else:
        query = query.order_by(sa.func.coalesce(aid_requests.c.decided_at, aid_requests.c.submitted_at).desc(),
                               aid_requests.c.id.desc())
    return await db.fetch_all(query.limit(limit))


async def set_status(
    db: Database, request_id: int, status: str, *, expect: Collection[str], **values: Any
) -> Row | None:
    """Move a request to `status` only if it is still in one of `expect`: of two changes at once,
    one wins and the other gets None."""
    query = (
        aid_requests.update()
        .where(aid_requests.c.id == request_id, aid_requests.c.status.in_(list(expect)))
        .values(status=status, **values)
        .returning(*aid_requests.c)
    )
    rows = await db.write_returning(query)
    return rows[0] if rows else None


async def payouts_of_request(db: Database, request_id: int) -> list[Row]:
    """The payouts made on a request, as its page lists them."""
    query = aid_payouts.select().where(aid_payouts.c.request_id == request_id).order_by(aid_payouts.c.installment)
    return await db.fetch_all(query)


async def withdraw(db: Database, request_id: int, requester_id: int, now: dt.datetime) -> bool:
    """Withdraw a request while nothing was sent or received on it."""
    paid = sa.exists().where(aid_payouts.c.request_id == aid_requests.c.id,
                             aid_payouts.c.status.in_(("sent", "received")))
    query = (
        aid_requests.update()
        .where(aid_requests.c.id == request_id, aid_requests.c.requester_id == requester_id,
               aid_requests.c.status.in_(WITHDRAWABLE), ~paid)
        .values(status="withdrawn", closed_at=now)
        .returning(aid_requests.c.id)
    )
    return bool(await db.write_returning(query))


async def received_by_member(db: Database, pool_id: int, member_id: int) -> list[tuple[dt.date, int]]:
    """Aid this member received in this pool: (day sent, cents) of each payout they confirmed."""
    query = (
        sa.select(aid_payouts.c.sent_on, aid_payouts.c.amount_cents)
        .join(aid_requests, aid_requests.c.id == aid_payouts.c.request_id)
        .where(aid_requests.c.pool_id == pool_id, aid_requests.c.requester_id == member_id,
               aid_payouts.c.status == "received")
    )
    return [(row["sent_on"], int(row["amount_cents"])) for row in await db.fetch_all(query)]


async def handed_to_member(db: Database, pool_id: int, member_id: int) -> list[tuple[dt.date, int]]:
    """Payouts sent to this member in this pool, confirmed or not yet, as (day sent, cents)."""
    live = await db.fetch_all(
        sa.select(aid_payouts.c.sent_on, aid_payouts.c.amount_cents)
        .join(aid_requests, aid_requests.c.id == aid_payouts.c.request_id)
        .where(aid_requests.c.pool_id == pool_id, aid_requests.c.requester_id == member_id,
               aid_payouts.c.status.in_(("sent", "received")))
    )
    return [(row["sent_on"], int(row["amount_cents"])) for row in live]


async def committed_to_member(db: Database, pool_id: int, member_id: int) -> list[tuple[dt.date, int]]:
    """What this member has received, has been sent, and still waits for on requests that are open
    or approved, as (day, cents): the 12-month limit counts all of it, so two requests made one
    after the other cannot pass the limit together."""
    handed = await handed_to_member(db, pool_id, member_id)
    sent = sa.select(sa.func.coalesce(sa.func.sum(aid_payouts.c.amount_cents), 0)).where(
        aid_payouts.c.request_id == aid_requests.c.id, aid_payouts.c.status == "sent"
    ).scalar_subquery()
    waiting = await db.fetch_all(
        sa.select(aid_requests.c.submitted_at, aid_requests.c.kind, aid_requests.c.amount_cents,
                  aid_requests.c.months, aid_requests.c.received_cents, sent.label("sent_cents"))
        .where(aid_requests.c.pool_id == pool_id, aid_requests.c.requester_id == member_id,
               aid_requests.c.status.in_(("submitted", "under_decision", "approved", "partly_funded")))
    )
    for row in waiting:
        total = int(row["amount_cents"]) * (int(row["months"] or 1) if row["kind"] == "hardship" else 1)
        left = total - int(row["received_cents"]) - int(row["sent_cents"])
        if left > 0:
            handed.append((row["submitted_at"].date(), left))
    return handed


async def decider_ids(db: Database, pool_id: int, decision_method: str, requester_id: int) -> list[int]:
    """Who may decide (and see) a request: active stewards when stewards decide (or when it was
    approved automatically, as they pay it), every active member when members vote; never its
    requester."""
    query = sa.select(pool_members.c.member_id).where(
        pool_members.c.pool_id == pool_id, pool_members.c.status == "active", pool_members.c.member_id != requester_id
    )
    if decision_method != "vote":
        query = query.where(pool_members.c.role == "steward")
    return [int(row["member_id"]) for row in await db.fetch_all(query.order_by(pool_members.c.member_id))]


async def handles(db: Database, member_ids: Collection[int]) -> dict[int, str]:
    if not member_ids:
        return {}
    rows = await db.fetch_all(sa.select(members.c.id, members.c.handle).where(members.c.id.in_(list(member_ids))))
    return {int(row["id"]): str(row["handle"]) for row in rows}


# --- ballots --------------------------------------------------------------------------------

class _NotCounted(Exception):
    pass


async def cast_ballot(db: Database, request_id: int, voter_id: int, yes: bool, today: dt.date) -> Row | None:
    """Record that `voter_id` voted (not how) and add the choice to the tallies, in one
    transaction. The request with its new tallies; None when this member already voted or the
    decision is closed (nothing changes)."""
    tally = aid_requests.c.yes_votes if yes else aid_requests.c.no_votes
    try:
        async with db.writing():
            if await db.insert_unless_duplicate(
                aid_ballots.insert().values(request_id=request_id, voter_id=voter_id, voted_on=today)
            ) is None:
                raise _NotCounted
            rows = await db.write_returning(
                aid_requests.update()
                .where(aid_requests.c.id == request_id, aid_requests.c.status.in_(OPEN_FOR_DECISION))
                .values({tally.key: tally + 1, "status": "under_decision"})
                .returning(*aid_requests.c)
            )
            if not rows:
                raise _NotCounted
    except _NotCounted:
        return None
    return rows[0]


async def has_voted(db: Database, request_id: int, member_id: int) -> bool:
    query = sa.select(aid_ballots.c.voter_id).where(aid_ballots.c.request_id == request_id,
                                                    aid_ballots.c.voter_id == member_id)
    return await db.fetch_one(query) is not None


async def voters(db: Database, request_id: int) -> list[Row]:
    """Who voted on a request and on which day (never how), in the order they voted."""
    query = (
        sa.select(aid_ballots.c.voter_id, aid_ballots.c.voted_on, members.c.handle)
        .join(members, members.c.id == aid_ballots.c.voter_id)
        .where(aid_ballots.c.request_id == request_id)
        .order_by(aid_ballots.c.voted_on, members.c.handle)
    )
    return await db.fetch_all(query)


async def ballots_of_member(db: Database, member_id: int) -> list[Row]:
    """The requests this member voted on (for their download): pool, request number, day."""
    query = (
        sa.select(aid_ballots.c.request_id, aid_ballots.c.voted_on, pools.c.name.label("pool"),
                  pools.c.slug)
        .join(aid_requests, aid_requests.c.id == aid_ballots.c.request_id)
        .join(pools, pools.c.id == aid_requests.c.pool_id)
        .where(aid_ballots.c.voter_id == member_id)
        .order_by(aid_ballots.c.voted_on)
    )
    return await db.fetch_all(query)


async def eligible_count(db: Database, pool_id: int, decision_method: str, requester_id: int) -> int:
    return len(await decider_ids(db, pool_id, decision_method, requester_id))


# --- maintenance ----------------------------------------------------------------------------

async def past_deadline(db: Database, now: dt.datetime, limit: int = 200) -> list[Row]:
    query = aid_requests.select().where(aid_requests.c.status.in_(OPEN_FOR_DECISION),
                                        aid_requests.c.decide_by <= now)
    return await db.fetch_all(query.order_by(aid_requests.c.decide_by).limit(limit))


async def claim_decision_reminders(db: Database, now: dt.datetime, before: dt.timedelta) -> list[Row]:
    """Open requests whose deadline is within `before` and whose deciders were not yet reminded;
    marked reminded in the same statement, so two runs at once remind once."""
    query = (
        aid_requests.update()
        .where(aid_requests.c.status.in_(OPEN_FOR_DECISION), aid_requests.c.decide_by > now,
               aid_requests.c.decide_by <= now + before, aid_requests.c.reminded_at.is_(None))
        .values(reminded_at=now)
        .returning(*aid_requests.c)
    )
    return await db.write_returning(query)


async def requests_everywhere(db: Database, member_id: int) -> list[Row]:
    """Every request of this member, in every pool (for their download)."""
    query = (
        sa.select(aid_requests, pools.c.name.label("pool"), pools.c.slug, pools.c.currency)
        .join(pools, pools.c.id == aid_requests.c.pool_id)
        .where(aid_requests.c.requester_id == member_id)
        .order_by(aid_requests.c.submitted_at)
    )
    return await db.fetch_all(query)
