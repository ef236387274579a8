"""What time does to aid requests (run by the maintenance loop):

- a decision whose deadline passed is closed with the ballots in hand (a vote without quorum is
  declined);
- deciders who have not voted are reminded once, a day before the deadline (`reminded_at`);
- a recipient with a payout sent more than 3 days ago and still unconfirmed is reminded once per
  payout: `aid_requests.reminded_at` is set when reminded, and a payout recorded after it makes
  the request due for a reminder again.

Each claim is a conditional update, so two runs at once remind (and decide) once.
"""

from __future__ import annotations

import datetime as dt

from mutual_aid.aid_requests import queries as request_queries
from mutual_aid.aid_requests import service as deciding
from mutual_aid.aid_requests.service import AID_DECISION_REMINDER
from mutual_aid.payouts.queries import claim_receipt_reminders
from mutual_aid.payouts.service import AID_PAYOUT_REMINDER
from mutual_aid.pools import queries as pool_queries
from server import crypto
from server.db import Database
from server.notices.outbox import notify

DECISION_REMINDER = dt.timedelta(days=1)
RECEIPT_REMINDER = dt.timedelta(days=3)


async def close_decisions(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> None:
    for request in await request_queries.past_deadline(db, now):
        pool = await pool_queries.pool_by_id(db, request["pool_id"])
        if pool is not None:
            async with db.writing():
                await deciding.settle(db, keyring, pool, request, now, closed=True)


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


async def remind_recipients(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> None:
    async with db.writing():
        for request in await claim_receipt_reminders(db, now, RECEIPT_REMINDER):
            pool = await pool_queries.pool_by_id(db, request["pool_id"])
            if pool is not None:
                await notify(db, keyring, request["requester_id"], AID_PAYOUT_REMINDER,
                             link=f"/pools/{pool['slug']}/requests/{request['id']}", pool=pool["name"])


async def aid_requests_over_time(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> None:
    """The maintenance step: close overdue decisions, then send the reminders due."""
    await close_decisions(db, keyring, now)
    await remind_deciders(db, keyring, now)
    await remind_recipients(db, keyring, now)
