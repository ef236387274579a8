"""The SQL of aid requests, ballots and payouts."""

from __future__ import annotations

import sqlalchemy as sa

from mutual_aid.tables import aid_ballots, aid_payouts, aid_requests
from server.db import Database

OPEN_FOR_DECISION = ("submitted", "under_decision")
TO_PAY = ("approved", "partly_funded")


async def waiting_on_member(db: Database, pool_id: int, member_id: int, decision_method: str) -> int:
    """Requests of others this member may still vote on (a member vote, not yet cast)."""
    if decision_method != "vote":
        return 0
    return await _undecided_without_ballot(db, pool_id, member_id)


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
