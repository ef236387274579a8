"""Organizers' announcements to a campaign's members: at most one per campaign per
`rules.ANNOUNCEMENT_INTERVAL`, sent only while the campaign is open or active, and delivered in the
background in batches, so that a campaign of a million members never holds a request.

Each member who had joined when it was sent, and has not muted the campaign, gets it once as a
notification (in the app, and by email when they have a confirmed address), linking to their own
campaign page. Delivery may run twice, or in two processes at once: each batch locks its
announcement and moves `delivered_to` past the members it reached in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import logging

from babel.support import LazyProxy

from campaigns.announcements import queries
from campaigns.announcements.rules import ANNOUNCEABLE, ANNOUNCEMENT_INTERVAL
from server import crypto
from server.db import Database
from server.notices.kinds import Kind
from server.notices.outbox import notify

log = logging.getLogger("jubilee.campaigns")

DELIVERIES_PER_RUN = 50_000  # notifications per announcement per run; the rest wait for the next run


def _as_written(text: str) -> LazyProxy:
    """The organizer's own words, in whatever language they wrote them: nothing to translate."""
    return LazyProxy(lambda: text, enable_cache=False)


CAMPAIGN_ANNOUNCEMENT = Kind("campaign_announcement", _as_written("%(subject)s"), _as_written("%(body)s"))


async def announce(
    db: Database, campaign_id: int, author_id: int, subject: str, body: str, now: dt.datetime
) -> int | None:
    """Store an announcement for delivery and record when, in the caller's transaction. None when
    the campaign is not open or active, or its last announcement is too recent (checked in the
    same statement that records this one)."""
    if not await queries.claim_announcement(db, campaign_id, ANNOUNCEABLE, now, now - ANNOUNCEMENT_INTERVAL):
        return None
    return await queries.add_announcement(
        db, campaign_id=campaign_id, author_id=author_id, subject=subject, body=body, created_at=now)


async def deliver_announcements(db: Database, keyring: crypto.Keyring, now: dt.datetime, batch: int = 500) -> int:
    """Notify the members of every announcement not yet delivered, `batch` members per
    transaction; returns how many were notified. For the maintenance loop."""
    notified = 0
    for row in await queries.undelivered_announcements(db):
        notified += await _deliver(db, keyring, row["id"], now, batch)
    return notified


async def _deliver(db: Database, keyring: crypto.Keyring, announcement_id: int, now: dt.datetime, batch: int) -> int:
    """Deliver one announcement batch by batch; a failed batch is rolled back and left for the
    next run, the batches before it stay delivered."""
    notified = 0
    try:
        while notified < DELIVERIES_PER_RUN:
            async with db.writing():
                announcement = await queries.announcement_for_update(db, announcement_id)
                if announcement is None or announcement["delivered_at"] is not None:
                    break
                most = min(batch, DELIVERIES_PER_RUN - notified)
                member_ids = await queries.recipients(
                    db, announcement["campaign_id"], announcement["delivered_to"], announcement["created_at"], most)
                for member_id in member_ids:
                    await notify(db, keyring, member_id, CAMPAIGN_ANNOUNCEMENT,
                                 link=f"/campaigns/{announcement['slug']}/me",
                                 subject=announcement["subject"], body=announcement["body"])
                done = len(member_ids) < most
                await queries.advance_delivery(
                    db, announcement_id, member_ids[-1] if member_ids else announcement["delivered_to"],
                    now if done else None)
            notified += len(member_ids)
            if done:
                break
    except Exception:
        log.exception("could not deliver announcement %s; trying again later", announcement_id)
    return notified
