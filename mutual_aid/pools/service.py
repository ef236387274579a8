"""Changes to a pool and its membership that take several steps: starting a pool under a free
address, joining it, asking to join, a new version of its rules, leaving; and a steward's answers
to members asking to join, naming and stepping down stewards, closing and reopening.

Every change is conditional: of two stewards acting on the same row at once, one changes it and
the other is told it was already done. Those concerned are told through notifications that name
the pool and nobody else.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, Literal

from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools.notices import (
    POOL_CLOSED,
    POOL_JOIN_APPROVED,
    POOL_JOIN_DECLINED,
    POOL_JOIN_REQUESTED,
    POOL_MADE_STEWARD,
    POOL_REOPENED,
    POOL_RULES_CHANGED,
    POOL_STEPPED_DOWN,
)
from mutual_aid.pools.rules import PoolRules, address_base, from_row, may_leave, may_step_down
from server import crypto
from server.audit import record_audit
from server.db import Database, Row
from server.notices.outbox import notify
from server.slugs import unique_slug

SLUG_ATTEMPTS = 20

RulesChanged = Literal["changed", "unchanged", "conflict"]
SteppedDown = Literal["stepped_down", "stepped_down_self", "last_steward", "already_member"]


async def start(db: Database, clean: dict[str, Any], creator_id: int, now: dt.datetime) -> str:
    """Start the pool under the first free address from its name (someone may take one
    meanwhile), its creator its first steward; returns the address's slug."""
    base = address_base(clean["name"])
    taken = await pool_queries.slugs_starting(db, base)
    columns = {name: clean[name] for name in ("name", "description", "currency")}
    for _attempt in range(SLUG_ATTEMPTS):
        slug = unique_slug(base, taken)
        if await pool_queries.create_pool(db, slug=slug, rules=clean["rules"], creator_id=creator_id,
                                          now=now, **columns) is not None:
            break
        taken |= {slug} | await pool_queries.slugs_starting(db, base)
    else:
        slug = f"{base}-{secrets.token_hex(4)}"
        if await pool_queries.create_pool(db, slug=slug, rules=clean["rules"], creator_id=creator_id,
                                          now=now, **columns) is None:
            raise RuntimeError("no free slug")
    await record_audit(db, at=now, actor_id=creator_id, subject_id=None, action="pool_created", slug=slug)
    return slug


async def join_by_invitation(db: Database, pool: Row, member_id: int, now: dt.datetime) -> None:
    """The invitation link joins at once: a member who asked, left or was declined comes in too."""
    current = await pool_queries.membership(db, pool["id"], member_id)
    if current is None:
        try:
            await pool_queries.add_member(db, pool["id"], member_id, now, status="active")
        except ValueError:
            pass  # the same form sent twice: the first made the membership
    elif current["status"] == "requested":
        await pool_queries.set_membership(db, pool["id"], member_id, expect={"status": "requested"},
                                          status="active", joined_at=now)
    elif current["status"] in ("left", "declined"):
        await pool_queries.ask_again(db, pool["id"], member_id, now, status="active")


async def ask_to_join(db: Database, keyring: crypto.Keyring, pool: Row, member_id: int, now: dt.datetime) -> None:
    """Ask to join an open pool; its stewards are told (once, however often the form is sent)."""
    current = await pool_queries.membership(db, pool["id"], member_id)
    asked = False
    if current is None:
        try:
            await pool_queries.add_member(db, pool["id"], member_id, now, status="requested")
            asked = True
        except ValueError:
            pass
    elif current["status"] in ("left", "declined"):
        asked = await pool_queries.ask_again(db, pool["id"], member_id, now, status="requested")
    if asked:
        for steward in await pool_queries.members_of(db, pool["id"], role="steward"):
            await notify(db, keyring, steward["member_id"], POOL_JOIN_REQUESTED,
                         link=f"/pools/{pool['slug']}/steward", pool=pool["name"])


async def change_rules(db: Database, keyring: crypto.Keyring, pool: Row, rules: PoolRules, steward_id: int,
                       now: dt.datetime, *, seen_version: int | None = None) -> RulesChanged:
    """Put `rules` in force as the next version, and tell every active member. "unchanged": they
    are the rules in force already; "conflict": another steward changed the rules since the steward
    saw version `seen_version` (by default, the version in `pool`)."""
    if rules == from_row(pool):
        return "unchanged"
    seen = pool if seen_version is None else {**pool, "rules_version": seen_version}
    version = await pool_queries.change_rules(db, seen, rules, steward_id, now)
    if version is None:
        return "conflict"
    await record_audit(db, at=now, actor_id=steward_id, subject_id=None, action="pool_rules_changed",
                       slug=pool["slug"], version=version)
    for member in await pool_queries.members_of(db, pool["id"]):
        await notify(db, keyring, member["member_id"], POOL_RULES_CHANGED,
                     link=f"/pools/{pool['slug']}/rules", pool=pool["name"])
    return "changed"


async def leave(db: Database, pool: Row, membership: Row, now: dt.datetime) -> bool:
    """The member leaves the pool; False when they are its only steward (nothing changes)."""
    await pool_queries.pool_for_update(db, pool["id"])  # two stewards leaving at once: one waits
    stewards = await pool_queries.count_members(db, pool["id"], role="steward")
    if not may_leave(membership["role"], stewards):
        return False
    await pool_queries.set_membership(db, pool["id"], membership["member_id"], expect={"status": "active"},
                                      status="left", role="member", left_at=now)
    return True


async def answer(db: Database, keyring: crypto.Keyring, pool: Row, member_id: int, *, approve: bool,
                 now: dt.datetime) -> bool:
    """A steward lets in (or declines) a member who asked to join, who is told; False when another
    steward already answered."""
    status = "active" if approve else "declined"
    values = {"joined_at": now} if approve else {}
    if not await pool_queries.set_membership(db, pool["id"], member_id, expect={"status": "requested"},
                                             status=status, **values):
        return False
    await notify(db, keyring, member_id, POOL_JOIN_APPROVED if approve else POOL_JOIN_DECLINED,
                 link=f"/pools/{pool['slug']}/me" if approve else "/pools", pool=pool["name"])
    return True


async def name_steward(db: Database, keyring: crypto.Keyring, pool: Row, member_id: int, steward_id: int,
                       now: dt.datetime) -> bool:
    """A steward makes another member a steward, who is told; False when they already were one."""
    await pool_queries.pool_for_update(db, pool["id"])  # two stewards stepping down at once: one waits
    if not await pool_queries.set_membership(db, pool["id"], member_id, expect={"status": "active", "role": "member"},
                                             role="steward"):
        return False
    await notify(db, keyring, member_id, POOL_MADE_STEWARD, link=f"/pools/{pool['slug']}/steward", pool=pool["name"])
    await record_audit(db, at=now, actor_id=steward_id, subject_id=member_id, action="pool_steward_named",
                       slug=pool["slug"])
    return True


async def step_down(db: Database, keyring: crypto.Keyring, pool: Row, member_id: int, steward_id: int,
                    now: dt.datetime) -> SteppedDown:
    """A steward becomes a plain member (a steward may step themselves down), while another
    steward stays; the one stepped down is told, unless they did it themselves."""
    await pool_queries.pool_for_update(db, pool["id"])  # two stewards stepping down at once: one waits
    if not may_step_down(await pool_queries.count_members(db, pool["id"], role="steward")):
        return "last_steward"
    if not await pool_queries.set_membership(db, pool["id"], member_id, expect={"status": "active", "role": "steward"},
                                             role="member"):
        return "already_member"
    await record_audit(db, at=now, actor_id=steward_id, subject_id=member_id, action="pool_steward_stepped_down",
                       slug=pool["slug"])
    if member_id == steward_id:
        return "stepped_down_self"
    await notify(db, keyring, member_id, POOL_STEPPED_DOWN, link=f"/pools/{pool['slug']}/me", pool=pool["name"])
    return "stepped_down"


async def close_or_reopen(db: Database, keyring: crypto.Keyring, pool: Row, steward_id: int, *, close: bool,
                          now: dt.datetime) -> bool:
    """Close the pool (no new contributions, members or requests; approved aid can still be paid)
    or reopen it; every other active member is told. False when it already was."""
    expect, status = ("open", "closed") if close else ("closed", "open")
    if not await pool_queries.set_pool_status(db, pool["id"], expect=expect, status=status):
        return False
    await record_audit(db, at=now, actor_id=steward_id, subject_id=None, action=f"pool_{status}", slug=pool["slug"])
    for member in await pool_queries.members_of(db, pool["id"]):
        if member["member_id"] != steward_id:
            await notify(db, keyring, member["member_id"], POOL_CLOSED if close else POOL_REOPENED,
                         link=f"/pools/{pool['slug']}", pool=pool["name"])
    return True


async def hand_over_stewardship(db: Database, member_id: int) -> None:
    """Before a member is erased: a pool whose only steward they are gets its longest-standing
    other active member as steward."""
    for pool_id in await pool_queries.pools_where_sole_steward(db, member_id):
        for other in await pool_queries.members_of(db, pool_id):
            if other["member_id"] != member_id:
                await pool_queries.set_membership(db, pool_id, other["member_id"], expect={"status": "active"},
                                                  role="steward")
                break
