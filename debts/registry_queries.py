"""Every SQL statement about creditors: look-up, members' proposals, organizers' edits and merges.

Creditors are public entities. Nothing here records which member proposed, searched for or owes
a creditor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from debts.registry import MAX_NAME, Spelling, name_key, rank
from debts.tables import creditor_aliases, creditors, debts
from debts.vocabulary import CREDITOR_KINDS
from server import audit
from server.db import Database, Row, utcnow
from server.domain import CreditorReference, MergeWatcher

MAX_ID = 2**31 - 1  # larger ids cannot exist (and would overflow PostgreSQL's integer)
PARENT_DEPTH = 20  # how far up a chain of parent companies is followed


# The vault's own columns that name a creditor; other domains declare theirs in their `Domain`.
# A row of the duplicate that would collide with a row of the kept creditor (a reference with
# `unique_with`) is deleted instead: right for sets such as a campaign's targets; counters keyed
# by creditor are recounted by a merge watcher instead.
REFERENCES = (
    CreditorReference(debts.c.original_creditor_id),
    CreditorReference(debts.c.current_holder_id),
    CreditorReference(creditors.c.parent_id),
)

_PUBLIC = (creditors.c.id, creditors.c.name, creditors.c.kind, creditors.c.verified)


async def _spellings(db: Database) -> list[Spelling]:
    names = await db.fetch_all(sa.select(creditors.c.id, creditors.c.name_key, creditors.c.name, creditors.c.verified))
    aliases = await db.fetch_all(
        sa.select(creditor_aliases.c.creditor_id, creditor_aliases.c.alias_key, creditor_aliases.c.alias,
                  creditors.c.verified)
        .join(creditors, creditors.c.id == creditor_aliases.c.creditor_id)
    )
    return [Spelling(r["id"], r["name_key"], r["name"], True, r["verified"]) for r in names] + [
        Spelling(r["creditor_id"], r["alias_key"], r["alias"], False, r["verified"]) for r in aliases
    ]


async def search(db: Database, text: str, *, limit: int = 8) -> list[Row]:
    """Ranked candidates for what a person typed: id, name, kind, verified, matched (the name or
    alias that matched), score (0-100) and exact (the typed text is a name or alias)."""
    matches = rank(text, await _spellings(db), limit=limit)
    found = await creditors_by_ids(db, [m.creditor_id for m in matches])
    return [
        {**found[m.creditor_id], "matched": m.matched, "score": m.score, "exact": m.exact}
        for m in matches if m.creditor_id in found
    ]


async def creditor_by_id(db: Database, creditor_id: int) -> Row | None:
    if not 0 < creditor_id <= MAX_ID:
        return None
    return await db.fetch_one(creditors.select().where(creditors.c.id == creditor_id))


async def creditors_by_ids(db: Database, ids: Sequence[int]) -> dict[int, Row]:
    wanted = sorted({i for i in ids if 0 < i <= MAX_ID})
    if not wanted:
        return {}
    rows = await db.fetch_all(sa.select(*_PUBLIC).where(creditors.c.id.in_(wanted)))
    return {r["id"]: r for r in rows}


async def exact_ids(db: Database, key: str) -> list[int]:
    """Creditors whose name or an alias has exactly this key, verified first, oldest first."""
    aliased = sa.select(creditor_aliases.c.creditor_id).where(creditor_aliases.c.alias_key == key)
    query = (
        sa.select(creditors.c.id)
        .where(sa.or_(creditors.c.name_key == key, creditors.c.id.in_(aliased)))
        .order_by(creditors.c.verified.desc(), creditors.c.id)
    )
    return [r["id"] for r in await db.fetch_all(query)]


async def name_taken(db: Database, key: str, *, except_id: int) -> Row | None:
    """Another creditor whose name has this key (aliases may be shared: "FedLoan" is four)."""
    query = sa.select(*_PUBLIC).where(creditors.c.name_key == key, creditors.c.id != except_id).limit(1)
    return await db.fetch_one(query)


async def _lock_key(db: Database, key: str) -> None:
    """PostgreSQL: one proposal per key at a time, until the transaction ends (SQLite has one
    writer already), so two members proposing the same new creditor at once make one."""
    if not db.is_sqlite:
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        await db.fetch_val(sa.select(sa.func.pg_advisory_xact_lock(number)))


async def propose(db: Database, name: str, kind: str) -> int:
    """A member's new creditor, usable at once and unverified; an existing creditor's id when
    one already has exactly that name or alias. Who proposed it is never stored."""
    name = " ".join(name.split())
    key = name_key(name)
    if not key or len(name) > MAX_NAME or kind not in CREDITOR_KINDS:
        raise ValueError("a creditor needs a name of at most 120 characters and a known kind")
    async with db.writing():
        await _lock_key(db, key)
        existing = await exact_ids(db, key)
        if existing:
            return existing[0]
        return int(await db.insert(
            creditors.insert().values(name=name, name_key=key, kind=kind, verified=False, created_at=utcnow())
        ))


# --- organizers -----------------------------------------------------------------------------


async def registry_page(db: Database, *, unverified_first: bool, offset: int, limit: int) -> list[Row]:
    order = [creditors.c.verified, creditors.c.name_key] if unverified_first else [creditors.c.name_key]
    query = sa.select(*_PUBLIC).order_by(*order, creditors.c.id).offset(offset).limit(limit)
    return await db.fetch_all(query)


async def registry_counts(db: Database) -> Row:
    unverified = sa.func.count().filter(creditors.c.verified.is_(False))
    row = await db.fetch_one(sa.select(sa.func.count().label("total"), unverified.label("unverified")))
    assert row is not None
    return {"total": int(row["total"] or 0), "unverified": int(row["unverified"] or 0)}


async def aliases_of(db: Database, creditor_id: int) -> list[Row]:
    query = creditor_aliases.select().where(creditor_aliases.c.creditor_id == creditor_id).order_by(
        creditor_aliases.c.alias_key
    )
    return await db.fetch_all(query)


async def children_of(db: Database, creditor_id: int) -> list[Row]:
    query = sa.select(*_PUBLIC).where(creditors.c.parent_id == creditor_id).order_by(creditors.c.name_key)
    return await db.fetch_all(query)


async def ancestors(db: Database, creditor_id: int) -> list[int]:
    """The chain of parent companies above a creditor, nearest first (it contains the creditor
    itself when the chain loops back to it)."""
    chain: list[int] = []
    current: int | None = creditor_id
    while current is not None and len(chain) < PARENT_DEPTH:
        current = await db.fetch_val(sa.select(creditors.c.parent_id).where(creditors.c.id == current))
        if current is None or current in chain:
            break
        chain.append(current)
    return chain


def address_text(address: dict[str, Any] | None) -> str | None:
    return json.dumps(address, sort_keys=True) if address else None


def address_of(creditor: Row) -> dict[str, Any] | None:
    return json.loads(creditor["address"]) if creditor["address"] else None


async def update_creditor(db: Database, creditor_id: int, aliases: Sequence[str], **values: Any) -> None:
    """Save an organizer's edit: the columns in `values` and the complete list of aliases."""
    async with db.writing():
        if "name" in values:
            values["name_key"] = name_key(values["name"])
        await db.execute(creditors.update().where(creditors.c.id == creditor_id).values(**values))
        await db.execute(creditor_aliases.delete().where(creditor_aliases.c.creditor_id == creditor_id))
        own = await db.fetch_val(sa.select(creditors.c.name_key).where(creditors.c.id == creditor_id))
        await _add_aliases(db, creditor_id, aliases, taken={own})


async def _add_aliases(db: Database, creditor_id: int, aliases: Sequence[str], *, taken: set[str]) -> None:
    rows = []
    for alias in aliases:
        key = name_key(alias)
        if key and key not in taken:
            taken.add(key)
            rows.append({"creditor_id": creditor_id, "alias": alias[:MAX_NAME], "alias_key": key})
    if rows:
        await db.execute_many(creditor_aliases.insert(), rows)


async def set_verified(db: Database, creditor_id: int, verified: bool) -> None:
    await db.execute(creditors.update().where(creditors.c.id == creditor_id).values(verified=verified))


async def merge(
    db: Database, *, keep: Row, duplicate: Row, actor_id: int | None, now: dt.datetime,
    references: Sequence[CreditorReference], watchers: Sequence[MergeWatcher],
) -> None:
    """Fold `duplicate` into `keep`, in one transaction: every reference (the vault's and
    `references`, the other domains') moves to `keep`, the duplicate's name and aliases become
    aliases of `keep`, fields `keep` lacks are taken from the duplicate, and the duplicate is
    deleted. Written to the audit log; then each of `watchers` is told, in the same transaction."""
    keep_id, duplicate_id = keep["id"], duplicate["id"]
    async with db.writing():
        for reference in (*REFERENCES, *references):
            await _move_reference(db, reference, duplicate_id, keep_id)
        # the kept creditor may have had the duplicate as its parent
        await db.execute(creditors.update().where(creditors.c.id == keep_id, creditors.c.parent_id == keep_id)
                         .values(parent_id=None))
        fresh = await creditor_by_id(db, keep_id)
        assert fresh is not None
        filled = {
            column: duplicate[column]
            for column in ("parent_id", "note", "address", "address_checked_on")
            if fresh[column] is None and duplicate[column] is not None and duplicate[column] != keep_id
        }
        if duplicate["verified"] and not fresh["verified"]:
            filled["verified"] = True
        if filled:
            await db.execute(creditors.update().where(creditors.c.id == keep_id).values(**filled))
        taken = {fresh["name_key"]} | {a["alias_key"] for a in await aliases_of(db, keep_id)}
        moved = [duplicate["name"]] + [a["alias"] for a in await aliases_of(db, duplicate_id)]
        await db.execute(creditor_aliases.delete().where(creditor_aliases.c.creditor_id == duplicate_id))
        await _add_aliases(db, keep_id, moved, taken=taken)
        await db.execute(creditors.delete().where(creditors.c.id == duplicate_id))
        if keep_id in await ancestors(db, keep_id):  # the duplicate's children included an ancestor
            await db.execute(creditors.update().where(creditors.c.id == keep_id).values(parent_id=None))
        await audit.record_audit(
            db, at=now, actor_id=actor_id, subject_id=None, action="creditor_merge",
            kept_id=keep_id, kept_name=keep["name"], merged_id=duplicate_id, merged_name=duplicate["name"],
        )
        for watcher in watchers:
            await watcher(db, keep_id, duplicate_id)


async def _move_reference(db: Database, reference: CreditorReference, old: int, new: int) -> None:
    column = reference.column
    table = column.table
    if reference.unique_with:
        other = table.alias("kept")
        collides = sa.exists().where(
            other.c[column.name] == new, *(other.c[u.name] == table.c[u.name] for u in reference.unique_with)
        )
        await db.execute(table.delete().where(column == old, collides))
    await db.execute(table.update().where(column == old).values({column.name: new}))
