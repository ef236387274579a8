"""Contribution reminders, run by the maintenance loop (`server.maintenance`).

- Members: from the 1st of each month, each active member of an open pool who owes something and
  has not reported a contribution for the month is reminded once that month. One conditional
  UPDATE marks `pool_members.reminded_for`, and only the rows it marked are notified, so two runs
  (or two processes) never remind anyone twice.
- Stewards: when a contribution has waited more than 3 days for confirmation, each steward of the
  pool is reminded at most once a day: a reminder is not sent when the steward already has one
  for this pool since midnight UTC (the notification itself is the record; no extra column).
"""

from __future__ import annotations

import datetime as dt
import logging

from mutual_aid.contributions import queries as contribution_queries
from mutual_aid.contributions.notices import POOL_CONTRIBUTION_DUE, POOL_CONTRIBUTIONS_WAITING
from server import crypto
from server.db import Database, Row
from server.fields import month_of
from server.notices.outbox import notify

log = logging.getLogger("jubilee.mutual_aid")

STEWARD_AFTER = dt.timedelta(days=3)


async def remind_contributions(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> int:
    """Send the month's contribution reminders and the stewards' daily ones; returns how many."""
    month = month_of(now.date())
    sent = 0
    for pool in await contribution_queries.open_pools_with_rules(db):
        try:
            sent += await _remind_members(db, keyring, pool, month)
            sent += await _remind_stewards(db, keyring, pool, now)
        except Exception:
            log.exception("could not send contribution reminders for pool %s; trying again later", pool["id"])
    return sent


async def _remind_members(db: Database, keyring: crypto.Keyring, pool: Row, month: str) -> int:
    async with db.writing():
        member_ids = await contribution_queries.mark_reminded(db, pool, month)
        for member_id in member_ids:
            await notify(db, keyring, member_id, POOL_CONTRIBUTION_DUE, link=f"/pools/{pool['slug']}/me",
                         pool=pool["name"], month=month)
    return len(member_ids)


async def _remind_stewards(db: Database, keyring: crypto.Keyring, pool: Row, now: dt.datetime) -> int:
    link = f"/pools/{pool['slug']}/steward"
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    sent = 0
    async with db.writing():
        for steward_id in await contribution_queries.stewards_with_old_claims(db, pool["id"], now - STEWARD_AFTER):
            if await contribution_queries.notified_since(db, steward_id, "pool_contributions_waiting", link, midnight):
                continue
            await notify(db, keyring, steward_id, POOL_CONTRIBUTIONS_WAITING, link=link, pool=pool["name"])
            sent += 1
    return sent
