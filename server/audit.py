"""The audit log: who did what to whose account or data. Every domain records its organizers',
stewards' and administrators' actions here; members read the entries about them on their data
page, administrators the site-wide ones."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from server.db import Database, Row
from server.tables import audit_log, members


async def record_audit(
    db: Database, *, at: dt.datetime, actor_id: int | None, subject_id: int | None, action: str, **detail: Any
) -> None:
    await db.insert(
        audit_log.insert().values(
            at=at, actor_id=actor_id, subject_id=subject_id, action=action, detail=json.dumps(detail, sort_keys=True)
        )
    )


# Actions inside a mutual-aid pool ("pool_..."): recorded for the members they concern, never
# shown to administrators, who would otherwise learn who belongs to which pool.
POOL_ACTIONS = "pool_"


async def audit_entries(
    db: Database, *, about: int | None = None, limit: int | None = 100, site_wide: bool = False
) -> list[Row]:
    """Audit entries newest first, with the actor's and subject's handles; `about` keeps only the
    entries whose subject is that member (their own access log); `site_wide` leaves out what
    happened inside mutual-aid pools (the administrators' view)."""
    actor = members.alias("actor")
    subject = members.alias("subject")
    query = (
        sa.select(
            audit_log.c.at, audit_log.c.action, audit_log.c.detail,
            actor.c.handle.label("actor"), subject.c.handle.label("subject"),
        )
        .select_from(
            audit_log.outerjoin(actor, actor.c.id == audit_log.c.actor_id).outerjoin(
                subject, subject.c.id == audit_log.c.subject_id
            )
        )
        .order_by(audit_log.c.id.desc())
        .limit(limit)
    )
    if about is not None:
        query = query.where(audit_log.c.subject_id == about)
    if site_wide:
        # not LIKE: the literal '%' it needs breaks `databases`' SQLite driver
        query = query.where(sa.func.substr(audit_log.c.action, 1, len(POOL_ACTIONS)) != POOL_ACTIONS)
    return await db.fetch_all(query)


async def mark_audit_erased(db: Database, member_id: int, *, actor_marker: str, subject_marker: str) -> None:
    """Before a member's row goes, note in the entries they made or that are about them that they
    erased their account (those columns become NULL, which alone could also mean the terminal or
    no member at all)."""
    query = sa.select(audit_log.c.id, audit_log.c.detail, audit_log.c.actor_id, audit_log.c.subject_id).where(
        sa.or_(audit_log.c.actor_id == member_id, audit_log.c.subject_id == member_id)
    )
    for row in await db.fetch_all(query):
        detail = json.loads(row["detail"] or "{}")
        detail.update({marker: True for column, marker in (("actor_id", actor_marker), ("subject_id", subject_marker))
                       if row[column] == member_id})
        await db.execute(
            audit_log.update().where(audit_log.c.id == row["id"]).values(detail=json.dumps(detail, sort_keys=True))
        )
