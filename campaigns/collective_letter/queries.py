"""Every SQL statement of the campaigns' collective letters and their signers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from campaigns.collective_letter.tables import campaign_letter_signers as signers
from campaigns.collective_letter.tables import campaign_letters
from campaigns.tables import campaign_members, campaigns
from server.db import Database, Row, upsert_insert


async def letter_of(db: Database, campaign_id: int) -> Row | None:
    return await db.fetch_one(campaign_letters.select().where(campaign_letters.c.campaign_id == campaign_id))


async def letter_for_update(db: Database, campaign_id: int) -> Row | None:
    """The letter, locked until the transaction ends (PostgreSQL; SQLite has one writer), so that
    signing, withdrawing and marking it sent happen one after the other."""
    query = campaign_letters.select().where(campaign_letters.c.campaign_id == campaign_id).with_for_update()
    return await db.fetch_one(query)


async def save_draft(db: Database, campaign_id: int, **values: Any) -> bool:
    """Create the letter or change it while it is a draft; False when it has been sent."""
    insert = upsert_insert(db)(campaign_letters).values(campaign_id=campaign_id, status="draft", **values)
    query = insert.on_conflict_do_update(
        index_elements=[campaign_letters.c.campaign_id],
        set_={name: getattr(insert.excluded, name) for name in values},
        where=campaign_letters.c.status == "draft",
    ).returning(campaign_letters.c.campaign_id)
    return bool(await db.write_returning(query))


async def release_not_named(db: Database, campaign_id: int, value: int, margin: int) -> None:
    """Keep the released number of unnamed signers on the draft about to be sent (drawn once)."""
    await db.execute(campaign_letters.update().where(
        campaign_letters.c.campaign_id == campaign_id, campaign_letters.c.status == "draft",
    ).values(not_named_released=value, not_named_margin=margin))


async def mark_sent(db: Database, campaign_id: int, sent_at: dt.datetime, content_hash: str) -> bool:
    """Freeze the letter, only if it is still a draft: True for the one request that did it."""
    query = (
        campaign_letters.update()
        .where(campaign_letters.c.campaign_id == campaign_id, campaign_letters.c.status == "draft")
        .values(status="sent", sent_at=sent_at, content_hash=content_hash)
        .returning(campaign_letters.c.campaign_id)
    )
    return bool(await db.write_returning(query))


async def signature_of(db: Database, campaign_id: int, member_id: int) -> Row | None:
    return await db.fetch_one(signers.select().where(
        signers.c.campaign_id == campaign_id, signers.c.member_id == member_id))


async def sign(db: Database, campaign_id: int, member_id: int, **values: Any) -> None:
    """Sign, or change how the member signed (the time of signing moves with it)."""
    insert = upsert_insert(db)(signers).values(campaign_id=campaign_id, member_id=member_id, **values)
    await db.execute(insert.on_conflict_do_update(
        index_elements=[signers.c.campaign_id, signers.c.member_id],
        set_={name: getattr(insert.excluded, name) for name in values},
    ))


async def withdraw(db: Database, campaign_id: int, member_id: int) -> None:
    await db.execute(signers.delete().where(signers.c.campaign_id == campaign_id, signers.c.member_id == member_id))


def _printed(campaign_id: int, taking_part_only: bool) -> Any:
    """Signers of the letter; while it is a draft, only those still taking part in the campaign."""
    query = sa.select(signers.c.named, signers.c.name_sealed, signers.c.city_sealed).where(
        signers.c.campaign_id == campaign_id)
    if taking_part_only:
        query = query.join(campaign_members, sa.and_(
            campaign_members.c.campaign_id == signers.c.campaign_id,
            campaign_members.c.member_id == signers.c.member_id))
    return query


async def signer_rows(db: Database, campaign_id: int, *, taking_part_only: bool) -> list[Row]:
    return await db.fetch_all(_printed(campaign_id, taking_part_only))


async def signer_numbers(db: Database, campaign_id: int, *, taking_part_only: bool) -> tuple[int, int]:
    """How many signed with their name, and how many without."""
    printed = _printed(campaign_id, taking_part_only).subquery()
    query = sa.select(printed.c.named, sa.func.count().label("signers")).group_by(printed.c.named)
    counts = {bool(r["named"]): int(r["signers"]) for r in await db.fetch_all(query)}
    return counts.get(True, 0), counts.get(False, 0)


async def drop_departed(db: Database, campaign_id: int) -> None:
    """Signatures of members no longer taking part in the campaign, removed as the letter is sent."""
    taking_part = sa.select(campaign_members.c.member_id).where(campaign_members.c.campaign_id == campaign_id)
    await db.execute(signers.delete().where(
        signers.c.campaign_id == campaign_id, signers.c.member_id.not_in(taking_part)))


async def signatures_of_member(db: Database, member_id: int) -> list[Row]:
    """The member's signatures, with each campaign's title and address and its letter's status."""
    query = (
        sa.select(signers.c.named, signers.c.name_sealed, signers.c.city_sealed, signers.c.signed_at,
                  campaigns.c.title, campaigns.c.slug, campaign_letters.c.status, campaign_letters.c.sent_at)
        .join(campaigns, campaigns.c.id == signers.c.campaign_id)
        .join(campaign_letters, campaign_letters.c.campaign_id == signers.c.campaign_id)
        .where(signers.c.member_id == member_id)
        .order_by(signers.c.signed_at, signers.c.campaign_id)
    )
    return await db.fetch_all(query)
