"""The shell's SQL about members, their sessions and their roles: what the session middleware,
`notify()`, the demo and every domain rely on. Sign-up, log-in and the account pages are the
`accounts` domain's; they use these functions too."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import sqlalchemy as sa

from server.db import Database, Row, upsert_insert
from server.tables import ROLES, member_roles, members, notifications, sessions


def normalize_handle(handle: str) -> str:
    """The handle as it is looked up: "Maria", "maria" and "ｍａｒｉａ" are the same member, and so
    are "Lucía  García" and "lucía garcía" (spaces between words count once)."""
    return " ".join(unicodedata.normalize("NFKC", handle).casefold().split())


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


async def count_members(db: Database) -> int:
    return int(await db.fetch_val(sa.select(sa.func.count()).select_from(members)))


async def delete_member(db: Database, member_id: int) -> None:
    """Sessions, roles, notifications and queued emails go with the row (ON DELETE CASCADE); audit
    entries stay, their actor or subject set to NULL."""
    await db.execute(members.delete().where(members.c.id == member_id))


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


# --- roles ------------------------------------------------------------------------------------


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


async def role_grants_of(db: Database, member_id: int) -> list[Row]:
    query = (
        sa.select(member_roles.c.role, member_roles.c.granted_at)
        .where(member_roles.c.member_id == member_id)
        .order_by(member_roles.c.role)
    )
    return await db.fetch_all(query)
