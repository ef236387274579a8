"""The accounts domain's own SQL: the administrators' list of members and roles, and what erasure
removes beyond the domains' rows (emails queued to the member's address, the file's free space)."""

from __future__ import annotations

import sqlalchemy as sa

from server.db import Database, Row
from server.tables import email_outbox, member_roles, members


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


async def queued_email_recipients(db: Database) -> list[Row]:
    """Every queued email's id and encrypted recipient: erasure looks for the member's address in
    emails queued under another member (the warning about an address already in use)."""
    return await db.fetch_all(sa.select(email_outbox.c.id, email_outbox.c.recipient))


async def delete_queued_emails(db: Database, ids: list[int]) -> None:
    if ids:
        await db.execute(email_outbox.delete().where(email_outbox.c.id.in_(ids)))


async def compact_sqlite(db: Database) -> bool:
    """SQLite keeps deleted rows' bytes in free space inside its file and in its write-ahead log:
    rewrite the file and empty the log. Outside any transaction. False if the log is still in use."""
    if not db.is_sqlite:
        return True
    await db.raw("VACUUM")
    result = await db.fetch_one(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return result is not None and not list(result.values())[0]
