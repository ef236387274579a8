"""The SQL of pools, their rules and their membership.

Every function that reads one member's part in a pool matches on both the pool and the member, so
an id guessed from another account or another pool finds nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import sqlalchemy as sa

from mutual_aid.pools.rules import FIELDS, PoolRules, from_row
from mutual_aid.tables import pool_members, pool_rule_changes, pools
from server.db import Database, Row
from server.tables import members as server_members

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a pseudonym read aloud or copied by hand stays the same.
_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_pseudonym(prefix: str) -> str:
    """A fresh pseudonym such as "M-7K2P" (a member) or "R-4M9T" (a request's recipient)."""
    return prefix + "-" + "".join(secrets.choice(_ALPHABET) for _ in range(4))


def new_invite_code() -> str:
    return secrets.token_urlsafe(18)


async def pool_by_slug(db: Database, slug: str) -> Row | None:
    return await db.fetch_one(pools.select().where(pools.c.slug == slug))


async def pool_by_id(db: Database, pool_id: int) -> Row | None:
    return await db.fetch_one(pools.select().where(pools.c.id == pool_id))


async def pool_by_invite(db: Database, code: str) -> Row | None:
    return await db.fetch_one(pools.select().where(pools.c.invite_code == code, pools.c.status == "open"))


async def create_pool(
    db: Database, *, slug: str, name: str, description: str, currency: str, rules: PoolRules, creator_id: int,
    now: dt.datetime,
) -> int | None:
    """Create the pool with its first rules, its creator as its first steward; None when the slug
    was taken meanwhile."""
    async with db.writing():
        pool_id = await db.insert_unless_duplicate(
            pools.insert().values(
                slug=slug,
                name=name,
                description=description,
                currency=currency,
                invite_code=new_invite_code(),
                created_by=creator_id,
                created_at=now,
                rules_version=1,
                **{name: getattr(rules, name) for name in FIELDS},
            )
        )
        if pool_id is None:
            return None
        await db.execute(
            pool_rule_changes.insert().values(
                pool_id=pool_id, version=1, changed_by=creator_id, changed_at=now, rules=rules.as_json()
            )
        )
        await add_member(db, int(pool_id), creator_id, now, status="active", role="steward")
    return int(pool_id)


async def change_rules(db: Database, pool: Row, rules: PoolRules, changed_by: int, now: dt.datetime) -> int | None:
    """Put new rules in force as the next version; None when someone else changed them since
    `pool` was read (the caller shows the page again with the newer rules)."""
    version = pool["rules_version"] + 1
    async with db.writing():
        updated = await db.write_returning(
            pools.update()
            .where(pools.c.id == pool["id"], pools.c.rules_version == pool["rules_version"])
            .values(rules_version=version, **{name: getattr(rules, name) for name in FIELDS})
            .returning(pools.c.id)
        )
        if not updated:
            return None
        await db.execute(
            pool_rule_changes.insert().values(
                pool_id=pool["id"], version=version, changed_by=changed_by, changed_at=now, rules=rules.as_json()
            )
        )
    return int(version)


def rules_of(pool: Row) -> PoolRules:
    return from_row(pool)


async def add_member(
    db: Database, pool_id: int, member_id: int, now: dt.datetime, *, status: str, role: str = "member"
) -> str:
    """A membership (or a request to join) under a fresh pseudonym; returns the pseudonym."""
    for _ in range(20):
        pseudonym = new_pseudonym("M")
        inserted = await db.insert_unless_duplicate(
            pool_members.insert()
            .values(
                pool_id=pool_id,
                member_id=member_id,
                pseudonym=pseudonym,
                role=role,
                status=status,
                requested_at=now,
                joined_at=now if status == "active" else None,
            )
        )
        if inserted is not None:
            return pseudonym
        if await membership(db, pool_id, member_id) is not None:
            raise ValueError("already a member of this pool, or asked to be")
    raise RuntimeError("no free pseudonym after 20 tries")


async def membership(db: Database, pool_id: int, member_id: int) -> Row | None:
    query = pool_members.select().where(pool_members.c.pool_id == pool_id, pool_members.c.member_id == member_id)
    return await db.fetch_one(query)


async def set_membership(db: Database, pool_id: int, member_id: int, *, expect: dict[str, Any], **values: Any) -> bool:
    """Change one membership only if its columns still hold `expect` (e.g. status "requested"):
    of two stewards approving the same request at once, one changes it and the other gets False."""
    query = (
        pool_members.update()
        .where(
            pool_members.c.pool_id == pool_id,
            pool_members.c.member_id == member_id,
            *(pool_members.c[name] == value for name, value in expect.items()),
        )
        .values(**values)
        .returning(pool_members.c.member_id)
    )
    return bool(await db.write_returning(query))


async def members_of(db: Database, pool_id: int, *, status: str = "active", role: str | None = None) -> list[Row]:
    query = pool_members.select().where(pool_members.c.pool_id == pool_id, pool_members.c.status == status)
    if role is not None:
        query = query.where(pool_members.c.role == role)
    return await db.fetch_all(query.order_by(pool_members.c.joined_at, pool_members.c.member_id))


async def count_members(db: Database, pool_id: int, *, role: str | None = None) -> int:
    query = sa.select(sa.func.count()).select_from(pool_members).where(
        pool_members.c.pool_id == pool_id, pool_members.c.status == "active"
    )
    if role is not None:
        query = query.where(pool_members.c.role == role)
    return int(await db.fetch_val(query))


async def pools_of(db: Database, member_id: int) -> list[Row]:
    """The pools this member belongs to or asked to join, with their part in each."""
    query = (
        sa.select(pools, pool_members.c.role, pool_members.c.status.label("membership"))
        .join(pool_members, pool_members.c.pool_id == pools.c.id)
        .where(pool_members.c.member_id == member_id, pool_members.c.status.in_(("active", "requested")))
        .order_by(pools.c.name)
    )
    return await db.fetch_all(query)


async def open_pools(db: Database, limit: int = 200) -> list[Row]:
    query = pools.select().where(pools.c.status == "open").order_by(pools.c.name).limit(limit)
    return await db.fetch_all(query)


async def slugs_starting(db: Database, base: str) -> set[str]:
    """Slugs already taken that a new slug from `base` could collide with."""
    pattern = base.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = sa.select(pools.c.slug).where(pools.c.slug.like(pattern, escape="\\"))
    return {r["slug"] for r in await db.fetch_all(query)}


async def pool_for_update(db: Database, pool_id: int) -> Row | None:
    """The pool, locked until the end of the transaction (PostgreSQL; SQLite has one writer)."""
    return await db.fetch_one(pools.select().where(pools.c.id == pool_id).with_for_update())


async def set_pool_status(db: Database, pool_id: int, *, expect: str, status: str) -> bool:
    """Close (or reopen) the pool if it is still `expect`: of two stewards at once, one does it."""
    query = (
        pools.update().where(pools.c.id == pool_id, pools.c.status == expect).values(status=status)
        .returning(pools.c.id)
    )
    return bool(await db.write_returning(query))


async def replace_invite_code(db: Database, pool_id: int) -> str:
    """A new invitation code; the old link stops working at once."""
    code = new_invite_code()
    await db.execute(pools.update().where(pools.c.id == pool_id).values(invite_code=code))
    return code


async def rule_versions(db: Database, pool_id: int) -> list[Row]:
    """Every version of the rules, newest first, with the pseudonym (in this pool) of who made it."""
    query = (
        sa.select(pool_rule_changes, pool_members.c.pseudonym)
        .select_from(pool_rule_changes.outerjoin(pool_members, sa.and_(
            pool_members.c.pool_id == pool_rule_changes.c.pool_id,
            pool_members.c.member_id == pool_rule_changes.c.changed_by,
        )))
        .where(pool_rule_changes.c.pool_id == pool_id)
        .order_by(pool_rule_changes.c.version.desc())
    )
    return await db.fetch_all(query)


async def members_with_handles(db: Database, pool_id: int, status: str) -> list[Row]:
    """Memberships with the member's handle, for the steward's page only."""
    query = (
        sa.select(pool_members, server_members.c.handle)
        .join(server_members, server_members.c.id == pool_members.c.member_id)
        .where(pool_members.c.pool_id == pool_id, pool_members.c.status == status)
        .order_by(pool_members.c.requested_at, pool_members.c.member_id)
    )
    return await db.fetch_all(query)


async def membership_by_pseudonym(db: Database, pool_id: int, pseudonym: str) -> Row | None:
    query = pool_members.select().where(pool_members.c.pool_id == pool_id, pool_members.c.pseudonym == pseudonym)
    return await db.fetch_one(query)


async def ask_again(db: Database, pool_id: int, member_id: int, now: dt.datetime, *, status: str) -> bool:
    """A member who left or was declined comes back (as `status`: "requested" or "active"),
    keeping their pseudonym; False when the row was in no such state."""
    values: dict[str, Any] = {"status": status, "role": "member", "requested_at": now, "left_at": None,
                              "joined_at": now if status == "active" else None, "reminded_for": None}
    for previous in ("left", "declined"):
        if await set_membership(db, pool_id, member_id, expect={"status": previous}, **values):
            return True
    return False


async def pools_where_sole_steward(db: Database, member_id: int) -> list[int]:
    """The pools in which this member is the only active steward."""
    stewards = pool_members.alias("stewards")
    other_stewards = sa.select(stewards.c.member_id).where(
        stewards.c.pool_id == pool_members.c.pool_id, stewards.c.member_id != member_id,
        stewards.c.status == "active", stewards.c.role == "steward",
    )
    query = sa.select(pool_members.c.pool_id).where(
        pool_members.c.member_id == member_id, pool_members.c.status == "active", pool_members.c.role == "steward",
        ~sa.exists(other_stewards),
    )
    return [int(r["pool_id"]) for r in await db.fetch_all(query)]
