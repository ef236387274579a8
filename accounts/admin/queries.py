"""The roles page's SQL: members found by the start of their name, and every member with a role."""

from __future__ import annotations

import sqlalchemy as sa

from server.db import Database, Row
from server.tables import member_roles, members


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
