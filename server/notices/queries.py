"""Every SQL statement about notifications and the email outbox."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from server.db import Database, Row
from server.tables import email_outbox, notifications


async def add_notification(
    db: Database, member_id: int, kind: str, params: dict[str, Any], link: str | None, now: dt.datetime
) -> None:
    await db.execute(
        notifications.insert().values(
            member_id=member_id, kind=kind, params=json.dumps(params), link=link, created_at=now
        )
    )


async def notifications_of(db: Database, member_id: int, *, limit: int = 50, offset: int = 0) -> list[Row]:
    query = (
        notifications.select()
        .where(notifications.c.member_id == member_id)
        .order_by(notifications.c.created_at.desc(), notifications.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    rows = await db.fetch_all(query)
    for row in rows:
        row["params"] = json.loads(row["params"])
    return rows


async def unread_count(db: Database, member_id: int) -> int:
    query = (
        sa.select(sa.func.count())
        .select_from(notifications)
        .where(notifications.c.member_id == member_id, notifications.c.read_at.is_(None))
    )
    return int(await db.fetch_val(query))


async def mark_all_read(db: Database, member_id: int, now: dt.datetime) -> None:
    query = notifications.update().where(
        notifications.c.member_id == member_id, notifications.c.read_at.is_(None)
    )
    await db.execute(query.values(read_at=now))


async def enqueue_email(
    db: Database, member_id: int | None, recipient: str, subject: str, body: str, now: dt.datetime
) -> None:
    await db.execute(
        email_outbox.insert().values(
            member_id=member_id, recipient=recipient, subject=subject, body=body,
            created_at=now, next_attempt_at=now, attempts=0,
        )
    )


async def claim_due_emails(db: Database, now: dt.datetime, lease: dt.timedelta, limit: int = 1) -> list[Row]:
    """Lease due messages to this sender; concurrent senders never claim the same one."""
    free = sa.or_(email_outbox.c.lease_until.is_(None), email_outbox.c.lease_until < now)
    due = (
        sa.select(email_outbox.c.id)
        .where(email_outbox.c.failed_at.is_(None), email_outbox.c.next_attempt_at <= now, free)
        .order_by(email_outbox.c.id)
        .limit(limit)
    )
    query = (
        email_outbox.update()
        .where(email_outbox.c.id.in_(due.scalar_subquery()), free)
        .values(lease_until=now + lease, attempts=email_outbox.c.attempts + 1)
        .returning(*email_outbox.c)
    )
    return await db.write_returning(query)


async def delete_email(db: Database, email_id: int) -> None:
    await db.execute(email_outbox.delete().where(email_outbox.c.id == email_id))


async def postpone_email(
    db: Database, email_id: int, next_attempt_at: dt.datetime, error: str, failed_at: dt.datetime | None
) -> None:
    await db.execute(
        email_outbox.update()
        .where(email_outbox.c.id == email_id)
        .values(next_attempt_at=next_attempt_at, lease_until=None, last_error=error[:200], failed_at=failed_at)
    )


async def delete_failed_emails(db: Database, before: dt.datetime) -> None:
    await db.execute(email_outbox.delete().where(email_outbox.c.failed_at < before))


async def outbox_counts(db: Database) -> Row:
    query = sa.select(
        sa.func.count().filter(email_outbox.c.failed_at.is_(None)).label("queued"),
        sa.func.count().filter(email_outbox.c.failed_at.is_not(None)).label("failed"),
    ).select_from(email_outbox)
    row = await db.fetch_one(query)
    assert row is not None
    return row
