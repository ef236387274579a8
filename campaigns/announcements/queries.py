"""The SQL of announcements: claiming the campaign's daily turn, storing an announcement, listing
them, and delivering each to the members taking part a batch at a time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from campaigns.tables import campaign_announcements, campaign_members, campaigns
from server.db import Database, Row


async def claim_announcement(
    db: Database, campaign_id: int, statuses: tuple[str, ...], now: dt.datetime, last_allowed: dt.datetime
) -> bool:
    """Record `now` as the campaign's last announcement if its status is one of `statuses` and its
    previous one was at `last_allowed` or before. One conditional update, so of two organizers
    sending at the same instant only one gets through."""
    query = (
        campaigns.update()
        .where(campaigns.c.id == campaign_id, campaigns.c.status.in_(statuses),
               sa.or_(campaigns.c.announced_at.is_(None), campaigns.c.announced_at <= last_allowed))
        .values(announced_at=now)
        .returning(campaigns.c.id)
    )
    return bool(await db.write_returning(query))


async def add_announcement(db: Database, **values: Any) -> int:
    return int(await db.insert(campaign_announcements.insert().values(**values)))


async def announcements_of(db: Database, campaign_id: int, most: int = 100) -> list[Row]:
    """The campaign's announcements, newest first."""
    query = (
        campaign_announcements.select()
        .where(campaign_announcements.c.campaign_id == campaign_id)
        .order_by(campaign_announcements.c.created_at.desc(), campaign_announcements.c.id.desc())
        .limit(most)
    )
    return await db.fetch_all(query)


async def undelivered_announcements(db: Database) -> list[Row]:
    query = (
        sa.select(campaign_announcements.c.id)
        .where(campaign_announcements.c.delivered_at.is_(None))
        .order_by(campaign_announcements.c.id)
    )
    return await db.fetch_all(query)


async def announcement_for_update(db: Database, announcement_id: int) -> Row | None:
    """The announcement with its campaign's slug, locked until the transaction ends (PostgreSQL;
    SQLite has one writer), so two deliveries at once never reach a member twice."""
    locked = await db.fetch_one(
        campaign_announcements.select().where(campaign_announcements.c.id == announcement_id).with_for_update())
    if locked is None:
        return None
    slug = await db.fetch_val(sa.select(campaigns.c.slug).where(campaigns.c.id == locked["campaign_id"]))
    return {**locked, "slug": slug}


async def recipients(db: Database, campaign_id: int, after_member: int, joined_by: dt.datetime, most: int) -> list[int]:
    """Up to `most` members of the campaign by member id after `after_member`, who had joined by
    `joined_by` and have not muted it."""
    query = (
        sa.select(campaign_members.c.member_id)
        .where(campaign_members.c.campaign_id == campaign_id, campaign_members.c.member_id > after_member,
               campaign_members.c.joined_at <= joined_by, sa.not_(campaign_members.c.muted))
        .order_by(campaign_members.c.member_id)
        .limit(most)
    )
    return [r["member_id"] for r in await db.fetch_all(query)]


async def advance_delivery(db: Database, announcement_id: int, delivered_to: int, delivered_at: dt.datetime | None) -> None:
    await db.execute(campaign_announcements.update().where(campaign_announcements.c.id == announcement_id)
                     .values(delivered_to=delivered_to, delivered_at=delivered_at))
