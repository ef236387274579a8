"""Every SQL statement about creditors: look-up, members' proposals, organizers' edits and the
steps of a merge (`debts.creditors.service` puts them together).

Creditors are public entities. Nothing here records which member proposed, searched for or owes
a creditor.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from debts.creditors.names import MAX_NAME, Spelling, name_key, rank
from debts.creditors.tables import creditor_aliases, creditors
from server.db import Database, Row, utcnow
from server.domain import CreditorReference
from server.fields import is_id

PARENT_DEPTH = 20  # how far up a chain of parent companies is followed

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
    alias that matched), score (0-100) and exact (the typed text is a name or alias).

    Every name and alias of the registry is read and ranked in Python on each call, and a debt
    form searches once per creditor field: fine for hundreds of creditors, to revisit before the
    registry holds tens of thousands."""
    matches = rank(text, await _spellings(db), limit=limit)
    found = await creditors_by_ids(db, [m.creditor_id for m in matches])
    return [
        {**found[m.creditor_id], "matched": m.matched, "score": m.score, "exact": m.exact}
        for m in matches if m.creditor_id in found
    ]


async def every_creditor(db: Database) -> list[Row]:
    """Every creditor's id, name and kind (the demo draws from them)."""
    return await db.fetch_all(sa.select(creditors.c.id, creditors.c.name, creditors.c.kind))


async def creditor_by_id(db: Database, creditor_id: int) -> Row | None:
    if not is_id(creditor_id):
        return None
    return await db.fetch_one(creditors.select().where(creditors.c.id == creditor_id))


async def creditors_by_ids(db: Database, ids: Sequence[int]) -> dict[int, Row]:
    wanted = sorted({i for i in ids if is_id(i)})
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


async def lock_key(db: Database, key: str) -> None:
    """PostgreSQL: one proposal per key at a time, until the transaction ends (SQLite has one
    writer already), so two members proposing the same new creditor at once make one."""
    if not db.is_sqlite:
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        await db.fetch_val(sa.select(sa.func.pg_advisory_xact_lock(number)))


async def add_unverified(db: Database, name: str, key: str, kind: str) -> int:
    """A member's new creditor. Who proposed it is never stored."""
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
        await delete_aliases(db, creditor_id)
        own = await db.fetch_val(sa.select(creditors.c.name_key).where(creditors.c.id == creditor_id))
        await add_aliases(db, creditor_id, aliases, taken={own})


async def add_aliases(db: Database, creditor_id: int, aliases: Sequence[str], *, taken: set[str]) -> None:
    """Add the names whose keys are not in `taken` (which grows with each one added)."""
    rows = []
    for alias in aliases:
        key = name_key(alias)
        if key and key not in taken:
            taken.add(key)
            rows.append({"creditor_id": creditor_id, "alias": alias[:MAX_NAME], "alias_key": key})
    if rows:
        await db.execute_many(creditor_aliases.insert(), rows)


async def delete_aliases(db: Database, creditor_id: int) -> None:
    await db.execute(creditor_aliases.delete().where(creditor_aliases.c.creditor_id == creditor_id))


async def set_verified(db: Database, creditor_id: int, verified: bool) -> None:
    await db.execute(creditors.update().where(creditors.c.id == creditor_id).values(verified=verified))


async def set_columns(db: Database, creditor_id: int, values: dict[str, Any]) -> None:
    await db.execute(creditors.update().where(creditors.c.id == creditor_id).values(**values))


async def drop_parent(db: Database, creditor_id: int, *, only_if: int | None = None) -> None:
    """Take away a creditor's parent company (with `only_if`, only when it is that creditor)."""
    query = creditors.update().where(creditors.c.id == creditor_id)
    if only_if is not None:
        query = query.where(creditors.c.parent_id == only_if)
    await db.execute(query.values(parent_id=None))


async def delete_creditor(db: Database, creditor_id: int) -> None:
    await db.execute(creditors.delete().where(creditors.c.id == creditor_id))


async def move_reference(db: Database, reference: CreditorReference, old: int, new: int) -> None:
    """Point every row of `reference` that names `old` at `new`; a row that would then repeat one
    already naming `new` (a reference with `unique_with`) is deleted instead."""
    column = reference.column
    table = column.table
    if reference.unique_with:
        other = table.alias("kept")
        collides = sa.exists().where(
            other.c[column.name] == new, *(other.c[u.name] == table.c[u.name] for u in reference.unique_with)
        )
        await db.execute(table.delete().where(column == old, collides))
    await db.execute(table.update().where(column == old).values({column.name: new}))
