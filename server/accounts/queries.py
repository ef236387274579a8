"""Every SQL statement about members, sessions, roles, the audit log and log-in throttling."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa

from server.db import Database, Row, upsert_insert
from server.tables import ROLES, audit_log, email_outbox, login_throttle, member_roles, members, notifications, sessions


async def create_member(db: Database, **values: Any) -> int:
    return int(await db.insert(members.insert().values(**values)))


async def member_by_id(db: Database, member_id: int) -> Row | None:
    return await db.fetch_one(members.select().where(members.c.id == member_id))


async def member_by_handle_key(db: Database, handle_key: str) -> Row | None:
    return await db.fetch_one(members.select().where(members.c.handle_key == handle_key))


async def member_by_email_lookup(db: Database, lookup: str) -> Row | None:
    return await db.fetch_one(members.select().where(members.c.email_lookup == lookup))


async def handle_taken(db: Database, handle_key: str) -> bool:
    query = sa.select(members.c.id).where(members.c.handle_key == handle_key)
    return await db.fetch_val(query) is not None


async def email_taken(db: Database, lookup: str, *, except_member: int | None = None) -> bool:
    query = sa.select(members.c.id).where(members.c.email_lookup == lookup)
    if except_member is not None:
        query = query.where(members.c.id != except_member)
    return await db.fetch_val(query) is not None


async def update_member(db: Database, member_id: int, **values: Any) -> None:
    await db.execute(members.update().where(members.c.id == member_id).values(**values))


async def members_with_email(db: Database) -> list[Row]:
    query = sa.select(members.c.id, members.c.email_ciphertext).where(members.c.email_ciphertext.is_not(None))
    return await db.fetch_all(query)


async def count_members(db: Database) -> int:
    return int(await db.fetch_val(sa.select(sa.func.count()).select_from(members)))


# --- sessions -------------------------------------------------------------------------------


async def create_session(db: Database, **values: Any) -> None:
    await db.execute(sessions.insert().values(**values))


async def session_with_member(db: Database, session_id: str) -> Row | None:
    """Everything a request needs about its member, in one query: the session, the member, their
    roles (one boolean per role) and their number of unread notifications."""
    has_role = {
        role: sa.exists().where(member_roles.c.member_id == members.c.id, member_roles.c.role == role).label(role)
        for role in ROLES
    }
    unread = (
        sa.select(sa.func.count())
        .where(notifications.c.member_id == members.c.id, notifications.c.read_at.is_(None))
        .scalar_subquery()
        .label("unread")
    )
    query = (
        sa.select(
            sessions.c.id.label("session_id"),
            sessions.c.created_at,
            sessions.c.last_seen_at,
            sessions.c.expires_at,
            sessions.c.data_key,
            members.c.id,
            members.c.handle,
            members.c.language,
            unread,
            *has_role.values(),
        )
        .join(members, members.c.id == sessions.c.member_id)
        .where(sessions.c.id == session_id)
    )
    row = await db.fetch_one(query)
    if row is not None:
        row["roles"] = frozenset(role for role in ROLES if row.pop(role))
    return row


async def touch_session(db: Database, session_id: str, now: dt.datetime) -> None:
    await db.execute(sessions.update().where(sessions.c.id == session_id).values(last_seen_at=now))


async def delete_session(db: Database, session_id: str) -> None:
    await db.execute(sessions.delete().where(sessions.c.id == session_id))


async def delete_member_sessions(db: Database, member_id: int, *, keep: str | None = None) -> None:
    query = sessions.delete().where(sessions.c.member_id == member_id)
    if keep is not None:
        query = query.where(sessions.c.id != keep)
    await db.execute(query)


async def member_sessions(db: Database, member_id: int) -> list[Row]:
    query = (
        sa.select(sessions.c.id, sessions.c.created_at, sessions.c.last_seen_at, sessions.c.device)
        .where(sessions.c.member_id == member_id)
        .order_by(sessions.c.last_seen_at.desc())
    )
    return await db.fetch_all(query)


async def delete_expired_sessions(db: Database, now: dt.datetime, idle_since: dt.datetime) -> None:
    await db.execute(
        sessions.delete().where(sa.or_(sessions.c.expires_at < now, sessions.c.last_seen_at < idle_since))
    )


# --- roles and audit ------------------------------------------------------------------------


async def roles_of(db: Database, member_id: int) -> frozenset[str]:
    rows = await db.fetch_all(sa.select(member_roles.c.role).where(member_roles.c.member_id == member_id))
    return frozenset(r["role"] for r in rows)


async def grant_role(db: Database, member_id: int, role: str, granted_by: int | None, now: dt.datetime) -> bool:
    """False when the member already had the role (also when two grants race)."""
    query = (
        upsert_insert(db)(member_roles)
        .values(member_id=member_id, role=role, granted_by=granted_by, granted_at=now)
        .on_conflict_do_nothing()
        .returning(member_roles.c.member_id)
    )
    return bool(await db.write_returning(query))


async def revoke_role(db: Database, member_id: int, role: str) -> None:
    await db.execute(
        member_roles.delete().where(member_roles.c.member_id == member_id, member_roles.c.role == role)
    )


async def count_with_role(db: Database, role: str) -> int:
    """Locks the counted grants until the transaction ends (PostgreSQL; SQLite has one writer), so
    two administrators removing each other at once cannot both see a second administrator."""
    query = sa.select(member_roles.c.member_id).where(member_roles.c.role == role).with_for_update()
    return len(await db.fetch_all(query))


async def members_with_roles(db: Database, *, handle_prefix: str = "", limit: int = 50) -> list[Row]:
    """Handles and roles only: what an administrator needs to grant roles, nothing private."""
    query = sa.select(members.c.id, members.c.handle, members.c.created_at).order_by(members.c.handle_key)
    if handle_prefix:
        escaped = handle_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(members.c.handle_key.like(escaped + "%", escape="\\"))
    rows = await db.fetch_all(query.limit(limit))
    ids = [r["id"] for r in rows]
    grants = await db.fetch_all(sa.select(member_roles).where(member_roles.c.member_id.in_(ids))) if ids else []
    for row in rows:
        row["roles"] = sorted(g["role"] for g in grants if g["member_id"] == row["id"])
    return rows


async def privileged_members(db: Database) -> list[Row]:
    query = (
        sa.select(members.c.id, members.c.handle, member_roles.c.role, member_roles.c.granted_at)
        .join(member_roles, member_roles.c.member_id == members.c.id)
        .order_by(member_roles.c.role, members.c.handle_key)
    )
    return await db.fetch_all(query)


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


# --- log-in throttling ----------------------------------------------------------------------


async def throttle_rows(db: Database, keys: list[str]) -> list[Row]:
    return await db.fetch_all(login_throttle.select().where(login_throttle.c.key.in_(keys)))


async def add_failure(db: Database, key: str, now: dt.datetime, window_cutoff: dt.datetime) -> Row:
    """Count one failure atomically (concurrent attempts each count): a window that began before
    `window_cutoff` starts over at `now`."""
    insert = upsert_insert(db)(login_throttle).values(key=key, window_start=now, failures=1)
    expired = login_throttle.c.window_start < window_cutoff
    query = insert.on_conflict_do_update(
        index_elements=[login_throttle.c.key],
        set_={
            "failures": sa.case((expired, 1), else_=login_throttle.c.failures + 1),
            "window_start": sa.case((expired, insert.excluded.window_start), else_=login_throttle.c.window_start),
        },
    ).returning(login_throttle.c.window_start, login_throttle.c.failures)
    rows = await db.write_returning(query)
    return rows[0]


async def clear_throttle(db: Database, key: str) -> None:
    await db.execute(login_throttle.delete().where(login_throttle.c.key == key))


async def delete_stale_throttles(db: Database, before: dt.datetime) -> None:
    await db.execute(login_throttle.delete().where(login_throttle.c.window_start < before))


# --- a member's own data: the access log, export and erasure ---------------------------------


async def role_grants_of(db: Database, member_id: int) -> list[Row]:
    query = (
        sa.select(member_roles.c.role, member_roles.c.granted_at)
        .where(member_roles.c.member_id == member_id)
        .order_by(member_roles.c.role)
    )
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


async def queued_email_recipients(db: Database) -> list[Row]:
    """Every queued email's id and encrypted recipient: erasure looks for the member's address in
    emails queued under another member (the warning about an address already in use)."""
    return await db.fetch_all(sa.select(email_outbox.c.id, email_outbox.c.recipient))


async def delete_queued_emails(db: Database, ids: list[int]) -> None:
    if ids:
        await db.execute(email_outbox.delete().where(email_outbox.c.id.in_(ids)))


async def delete_member(db: Database, member_id: int) -> None:
    """Sessions, roles, notifications and queued emails go with the row (ON DELETE CASCADE); audit
    entries stay, their actor or subject set to NULL."""
    await db.execute(members.delete().where(members.c.id == member_id))


async def compact_sqlite(db: Database) -> bool:
    """SQLite keeps deleted rows' bytes in free space inside its file and in its write-ahead log:
    rewrite the file and empty the log. Outside any transaction. False if the log is still in use."""
    if not db.is_sqlite:
        return True
    await db.raw("VACUUM")
    result = await db.fetch_one(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return result is not None and not list(result.values())[0]
