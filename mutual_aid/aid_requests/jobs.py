"""What time does to aid requests (run by the maintenance loop):

- a decision whose deadline passed is closed with the ballots in hand (a vote without quorum is
  declined);
- deciders who have not voted are reminded once, a day before the deadline (`reminded_at`).

Each claim is a conditional update, so two runs at once remind (and decide) once. (Reminding a
recipient of a payout not yet confirmed is `payouts.jobs`.)
"""

from __future__ import annotations

import datetime as dt

from mutual_aid.aid_requests import queries as request_queries
from mutual_aid.aid_requests import service
from mutual_aid.aid_requests.notices import AID_DECISION_REMINDER
from mutual_aid.pools import queries as pool_queries
from server import crypto
from server.db import Database
from server.notices.outbox import notify

DECISION_REMINDER = dt.timedelta(days=1)


async def close_decisions(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> None:
    for request in await request_queries.past_deadline(db, now):
        pool = await pool_queries.pool_by_id(db, request["pool_id"])
        if pool is not None:
            async with db.writing():
                await service.settle(db, keyring, pool, request, now, closed=True)


async def remind_deciders(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> None:
    async with db.writing():
        for request in await request_queries.claim_decision_reminders(db, now, DECISION_REMINDER):
            pool = await pool_queries.pool_by_id(db, request["pool_id"])
            if pool is None:
                continue
            for decider in await request_queries.decider_ids(db, pool["id"], request["decision_method"],
                                                             request["requester_id"]):
                if not await request_queries.has_voted(db, request["id"], decider):
                    await notify(db, keyring, decider, AID_DECISION_REMINDER,
                                 link=f"/pools/{pool['slug']}/requests/{request['id']}", pool=pool["name"],
                                 date=request["decide_by"].date().isoformat())


async def aid_requests_over_time(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> None:
    """The maintenance step: close overdue decisions, then remind the deciders due."""
    await close_decisions(db, keyring, now)
    await remind_deciders(db, keyring, now)
