"""Reminding a recipient of a payout not yet confirmed (run by the maintenance loop, after the
aid requests' deadlines): a recipient with a payout sent more than 3 days ago and still unconfirmed
is reminded once per payout. `aid_requests.reminded_at` is set when reminded, and a payout recorded
after it makes the request due for a reminder again; the claim is a conditional update, so two runs
at once remind once.
"""

from __future__ import annotations

import datetime as dt

from mutual_aid.payouts.notices import AID_PAYOUT_REMINDER
from mutual_aid.payouts.queries import claim_receipt_reminders
from mutual_aid.pools import queries as pool_queries
from server import crypto
from server.db import Database
from server.notices.outbox import notify

RECEIPT_REMINDER = dt.timedelta(days=3)


async def remind_recipients(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> None:
    async with db.writing():
        for request in await claim_receipt_reminders(db, now, RECEIPT_REMINDER):
            pool = await pool_queries.pool_by_id(db, request["pool_id"])
            if pool is not None:
                await notify(db, keyring, request["requester_id"], AID_PAYOUT_REMINDER,
                             link=f"/pools/{pool['slug']}/requests/{request['id']}", pool=pool["name"])
