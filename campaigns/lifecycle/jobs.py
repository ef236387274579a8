"""What time does to a campaign: expiry at its deadline, and "still on strike?" check-ins.

Run by the maintenance loop (`server.maintenance`) every few minutes. Each step may run twice, or
in two processes at once, without expiring a campaign twice or asking a member twice: expiry is
a conditional status change under the campaign's lock, and a check-in is sent only for the rows
that one conditional UPDATE marked as asked.
"""

from __future__ import annotations

import datetime as dt
import logging

from campaigns.counters import queries
from campaigns.lifecycle import queries as lifecycle_queries
from campaigns.lifecycle.rules import checkin_cutoff, is_past_deadline
from server import crypto
from server.db import Database
from server.i18n import lazy_gettext as _l
from server.notices.kinds import Kind
from server.notices.outbox import notify

log = logging.getLogger("jubilee.campaigns")

CHECKIN_BATCH = 500  # members asked in one transaction
CHECKINS_PER_RUN = 5_000  # members asked per campaign per run; the rest wait for the next run

CAMPAIGN_EXPIRED = Kind(
    "campaign_expired",
    _l("%(title)s has expired"),
    _l("The campaign %(title)s did not reach its threshold by its deadline, so the strike will not start. "
       "Your pledges are released: nothing is asked of you any more. The campaign's page keeps its final figures."),
)
CAMPAIGN_CHECKIN = Kind(
    "campaign_checkin",
    _l("%(title)s: are you still on strike?"),
    _l("Are you still on strike in the campaign %(title)s? Open the campaign to answer: it takes a moment, "
       "and it keeps the strike's figures true. We ask every 30 days."),
)


async def expire_overdue(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> list[int]:
    """Expire every open campaign past its deadline and tell everyone who took part; returns the
    ids expired. Pledges and counters stay as the campaign's record."""
    expired = []
    for row in await lifecycle_queries.overdue_campaigns(db, now):
        try:
            if await _expire(db, keyring, row["id"], now):
                expired.append(row["id"])
        except Exception:
            log.exception("could not expire campaign %s; trying again later", row["id"])
    return expired


async def _expire(db: Database, keyring: crypto.Keyring, campaign_id: int, now: dt.datetime) -> bool:
    async with db.writing():
        campaign = await queries.campaign_for_update(db, campaign_id)
        # looked at again under the lock: a pledge may have activated it, an organizer moved the deadline
        if campaign is None or campaign["status"] != "open" or not is_past_deadline(campaign["deadline"], now):
            return False
        if not await queries.set_status(db, campaign_id, "open", status="expired", closed_at=now):
            return False
        for member_id in await lifecycle_queries.participant_ids(db, campaign_id):
            await notify(db, keyring, member_id, CAMPAIGN_EXPIRED, link=f"/campaigns/{campaign['slug']}",
                         title=campaign["title"])
    return True


async def ask_strikers(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> int:
    """Ask "still on strike?" of every member of an active campaign who holds a pledged or striking
    debt and was neither asked nor heard from (joining, confirmation, check-in) in the last 30 days,
    counting from the strike's start. Returns how many were asked."""
    cutoff = checkin_cutoff(now)
    asked = 0
    for campaign in await lifecycle_queries.striking_campaigns(db, cutoff.date()):
        try:
            asked += await _ask(db, keyring, campaign["id"], cutoff, now)
        except Exception:
            log.exception("could not send check-ins for campaign %s; trying again later", campaign["id"])
    return asked


async def _ask(db: Database, keyring: crypto.Keyring, campaign_id: int, cutoff: dt.datetime, now: dt.datetime) -> int:
    asked, after = 0, 0
    while asked < CHECKINS_PER_RUN:
        async with db.writing():
            current = await queries.campaign_by_id(db, campaign_id)
            if current is None or current["status"] != "active":
                break
            batch = min(CHECKIN_BATCH, CHECKINS_PER_RUN - asked)
            member_ids = await lifecycle_queries.mark_checkins_asked(db, campaign_id, cutoff, after, batch, now)
            for member_id in member_ids:
                await notify(db, keyring, member_id, CAMPAIGN_CHECKIN, link=f"/campaigns/{current['slug']}/me",
                             title=current["title"])
        asked += len(member_ids)
        if len(member_ids) < batch:
            break
        after = member_ids[-1]
    return asked
