"""The SQL of the member's side of campaigns: the campaigns they may join, what they take part in,
their retaliation reports, and the announcements they receive.

Every function about one member's rows takes the member's id and matches on it, so an id guessed
from another account finds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from campaigns.counters.eligibility import Targets, fits, targets_of
from campaigns.tables import (
    campaign_announcements,
    campaign_members,
    campaign_targets,
    campaigns,
    pledges,
    retaliation_reports,
)
from campaigns.vocabulary import JOINABLE
from debts import api as vault
from debts.api import public_creditors
from server.db import Database, Row

MAX_ID = 2**31 - 1


async def joinable_campaigns(db: Database) -> list[Row]:
    """Campaigns taking pledges, newest first."""
    query = (
        sa.select(campaigns.c.id, campaigns.c.slug, campaigns.c.title, campaigns.c.summary, campaigns.c.status,
                  campaigns.c.currency)
        .where(campaigns.c.status.in_(JOINABLE))
        .order_by(campaigns.c.id.desc())
    )
    return await db.fetch_all(query)


async def targets_by_campaign(db: Database, campaign_rows: list[Row]) -> dict[int, Targets]:
    ids = [row["id"] for row in campaign_rows]
    rows: dict[int, list[Row]] = defaultdict(list)
    if ids:
        for row in await db.fetch_all(campaign_targets.select().where(campaign_targets.c.campaign_id.in_(ids))):
            rows[row["campaign_id"]].append(row)
    return {row["id"]: targets_of(row["currency"], rows[row["id"]]) for row in campaign_rows}


async def campaign_targets_of(db: Database, campaign: Row) -> Targets:
    return (await targets_by_campaign(db, [campaign]))[campaign["id"]]


async def campaigns_taken_part_in(db: Database, member_id: int) -> set[int]:
    query = sa.select(pledges.c.campaign_id).where(pledges.c.member_id == member_id).distinct()
    return {r["campaign_id"] for r in await db.fetch_all(query)}


async def taking_part(db: Database, campaign_id: int, member_id: int | None) -> bool:
    """Whether the member has a debt in the campaign (False for a visitor)."""
    if member_id is None:
        return False
    query = sa.select(sa.exists().where(pledges.c.campaign_id == campaign_id, pledges.c.member_id == member_id))
    return bool(await db.fetch_val(query))


async def fitting_campaign_ids(db: Database, member_id: int) -> set[int]:
    """The joinable campaigns that at least one of the member's debts fits."""
    debts = await vault.debts_of(db, member_id)
    if not debts:
        return set()
    open_campaigns = await joinable_campaigns(db)
    targets = await targets_by_campaign(db, open_campaigns)
    return {campaign_id for campaign_id, target in targets.items() if any(fits(target, debt) for debt in debts)}


async def fitting_campaign_count(db: Database, member_id: int) -> int:
    return len(await fitting_campaign_ids(db, member_id))


# --- retaliation reports --------------------------------------------------------------------

creditors = public_creditors()
_REPORTS = sa.select(retaliation_reports, creditors.c.name.label("creditor_name")).select_from(
    retaliation_reports.outerjoin(creditors, creditors.c.id == retaliation_reports.c.creditor_id)
)


async def reports_of(db: Database, campaign_id: int, member_id: int) -> list[Row]:
    query = _REPORTS.where(retaliation_reports.c.campaign_id == campaign_id,
                           retaliation_reports.c.member_id == member_id)
    return await db.fetch_all(query.order_by(retaliation_reports.c.created_at.desc(), retaliation_reports.c.id.desc()))


async def report_of(db: Database, campaign_id: int, member_id: int, report_id: int) -> Row | None:
    if not 0 < report_id <= MAX_ID:
        return None
    return await db.fetch_one(_REPORTS.where(
        retaliation_reports.c.id == report_id, retaliation_reports.c.campaign_id == campaign_id,
        retaliation_reports.c.member_id == member_id))


async def insert_report(db: Database, **values: Any) -> int:
    return int(await db.insert(retaliation_reports.insert().values(**values)))


async def delete_report(db: Database, member_id: int, report_id: int) -> bool:
    """False when there was no such report (already deleted)."""
    query = retaliation_reports.delete().where(
        retaliation_reports.c.id == report_id, retaliation_reports.c.member_id == member_id,
    ).returning(retaliation_reports.c.id)
    return bool(await db.write_returning(query))


async def all_reports_of(db: Database, member_id: int) -> list[Row]:
    query = _REPORTS.where(retaliation_reports.c.member_id == member_id)
    return await db.fetch_all(query.order_by(retaliation_reports.c.campaign_id, retaliation_reports.c.id))


# --- announcements and the member's own row -----------------------------------------------------


async def announcements_of(db: Database, campaign_id: int, limit: int = 50) -> list[Row]:
    query = (
        sa.select(campaign_announcements.c.id, campaign_announcements.c.subject, campaign_announcements.c.body,
                  campaign_announcements.c.created_at)
        .where(campaign_announcements.c.campaign_id == campaign_id)
        .order_by(campaign_announcements.c.created_at.desc(), campaign_announcements.c.id.desc())
        .limit(limit)
    )
    return await db.fetch_all(query)


async def confirm(db: Database, campaign_id: int, member_id: int, now: dt.datetime) -> bool:
    """Record the member's "I am in" once; True only for the request that recorded it."""
    query = (
        campaign_members.update()
        .where(campaign_members.c.campaign_id == campaign_id, campaign_members.c.member_id == member_id,
               campaign_members.c.confirmed_at.is_(None))
        .values(confirmed_at=now)
        .returning(campaign_members.c.member_id)
    )
    return bool(await db.write_returning(query))


async def set_participation(db: Database, campaign_id: int, member_id: int, **values: Any) -> bool:
    """Change the member's row in the campaign; False when they have none."""
    query = (
        campaign_members.update()
        .where(campaign_members.c.campaign_id == campaign_id, campaign_members.c.member_id == member_id)
        .values(**values)
        .returning(campaign_members.c.member_id)
    )
    return bool(await db.write_returning(query))


# --- the member's download ------------------------------------------------------------------


async def participations_of(db: Database, member_id: int) -> list[Row]:
    query = (
        sa.select(campaign_members, campaigns.c.title, campaigns.c.slug, campaigns.c.status)
        .join(campaigns, campaigns.c.id == campaign_members.c.campaign_id)
        .where(campaign_members.c.member_id == member_id)
        .order_by(campaign_members.c.joined_at, campaign_members.c.campaign_id)
    )
    return await db.fetch_all(query)


async def pledges_everywhere(db: Database, member_id: int) -> list[Row]:
    query = pledges.select().where(pledges.c.member_id == member_id).order_by(pledges.c.campaign_id, pledges.c.id)
    return await db.fetch_all(query)


async def campaign_titles(db: Database, campaign_ids: set[int]) -> dict[int, Row]:
    if not campaign_ids:
        return {}
    query = sa.select(campaigns.c.id, campaigns.c.title, campaigns.c.slug, campaigns.c.status).where(
        campaigns.c.id.in_(sorted(campaign_ids)))
    return {r["id"]: r for r in await db.fetch_all(query)}
