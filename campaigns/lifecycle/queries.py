"""The SQL of `campaigns.lifecycle.jobs`: campaigns past their deadline, and strikers due a check-in."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from campaigns.tables import campaign_members, campaigns, pledges
from server.db import Database, Row

ON_STRIKE = ("pledged", "striking")


async def overdue_campaigns(db: Database, now: dt.datetime) -> list[Row]:
    """Open campaigns whose deadline has passed."""
    query = (
        sa.select(campaigns.c.id)
        .where(campaigns.c.status == "open", campaigns.c.deadline.is_not(None), campaigns.c.deadline < now)
        .order_by(campaigns.c.id)
    )
    return await db.fetch_all(query)


async def participant_ids(db: Database, campaign_id: int) -> list[int]:
    """Every member who took part: a `campaign_members` row or a pledge (any level)."""
    took_part = sa.union(
        sa.select(campaign_members.c.member_id).where(campaign_members.c.campaign_id == campaign_id),
        sa.select(pledges.c.member_id).where(pledges.c.campaign_id == campaign_id),
    )
    return sorted(r["member_id"] for r in await db.fetch_all(sa.select(took_part.subquery().c.member_id)))


async def striking_campaigns(db: Database, started_by: dt.date) -> list[Row]:
    """Active campaigns whose strike started on `started_by` or earlier."""
    query = (
        sa.select(campaigns.c.id)
        .where(campaigns.c.status == "active", campaigns.c.strike_starts_on.is_not(None),
               campaigns.c.strike_starts_on <= started_by)
        .order_by(campaigns.c.id)
    )
    return await db.fetch_all(query)


def _due(members: sa.FromClause, campaign_id: int, cutoff: dt.datetime) -> sa.ColumnElement[bool]:
    """On strike (a pledged or striking debt) and neither asked nor heard from (joined, confirmed,
    answered) since `cutoff`."""
    heard = (members.c.joined_at, members.c.checked_in_at, members.c.confirmed_at, members.c.checkin_asked_at)
    on_strike = sa.exists().where(
        pledges.c.campaign_id == campaign_id, pledges.c.member_id == members.c.member_id,
        pledges.c.level.in_(ON_STRIKE),
    )
    return sa.and_(members.c.campaign_id == campaign_id, *(sa.or_(c.is_(None), c <= cutoff) for c in heard), on_strike)


async def mark_checkins_asked(
    db: Database, campaign_id: int, cutoff: dt.datetime, after_member: int, most: int, now: dt.datetime
) -> list[int]:
    """Set `checkin_asked_at` on up to `most` members due a check-in (see `_due`), by member id
    after `after_member`; returns their ids. The condition is checked again on each row as it is
    updated, so two runs at the same time never ask one member twice."""
    candidate = campaign_members.alias("candidate")
    batch = (
        sa.select(candidate.c.member_id)
        .where(_due(candidate, campaign_id, cutoff), candidate.c.member_id > after_member)
        .order_by(candidate.c.member_id)
        .limit(most)
    )
    query = (
        campaign_members.update()
        .where(_due(campaign_members, campaign_id, cutoff), campaign_members.c.member_id.in_(batch))
        .values(checkin_asked_at=now)
        .returning(campaign_members.c.member_id)
    )
    return sorted(r["member_id"] for r in await db.write_returning(query))
