"""Storing the pool's book: entries are inserted, never updated or deleted.

`record` is the only way into the book. It applies the rules of `mutual_aid.ledger.book.apply` against
what is stored, with the database's unique keys doing the work under concurrency: the same
idempotency key twice, or a second reversal of one entry, collides on a UNIQUE constraint, and only
the first is kept (on PostgreSQL the second writer waits for the first to commit, then loses).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from mutual_aid.ledger import book as ledger
from mutual_aid.ledger.book import Entry, Posting, Refused
from mutual_aid.tables import ledger_entries, ledger_postings
from server.db import Database, Row


async def record(
    db: Database,
    pool_id: int,
    entry: Entry,
    *,
    kind: str,
    happened_on: dt.date,
    now: dt.datetime,
    category: str | None = None,
) -> bool:
    """Put `entry` in the pool's book. True when written; False when this very entry was already
    there (a form sent twice); `Refused` when the book cannot take it (see `book.apply`)."""
    if not ledger.balanced(entry):
        raise Refused("debits and credits must match, with at least two non-zero postings")
    if entry.reverses is not None:
        original = await entry_by_key(db, pool_id, entry.reverses)
        if original is None:
            raise Refused(f"there is no entry {entry.reverses!r} to reverse")
        ledger.reversal(entry.key, original)  # refuses reversing a reversal
        if entry.postings != ledger.reversal(entry.key, original).postings:
            raise Refused("a reversal must undo exactly the original postings")
    async with db.writing():
        entry_id = await db.insert_unless_duplicate(
            ledger_entries.insert().values(
                pool_id=pool_id,
                key=entry.key,
                reverses=entry.reverses,
                kind=kind,
                category=category,
                happened_on=happened_on,
                memo=entry.memo,
                recorded_at=now,
            )
        )
        if entry_id is None:
            existing = await entry_by_key(db, pool_id, entry.key)
            if existing is None:
                raise Refused(f"entry {entry.reverses!r} was already reversed")
            if existing == entry:
                return False
            raise Refused(f"key {entry.key!r} already records a different entry")
        await db.execute_many(
            ledger_postings.insert(),
            [{"entry_id": entry_id, "account": p.account, "cents": p.cents} for p in entry.postings],
        )
    return True


def _entries(rows: list[Row]) -> list[Entry]:
    entries: dict[int, tuple[Row, list[Posting]]] = {}
    for row in rows:
        entries.setdefault(row["id"], (row, []))[1].append(Posting(row["account"], int(row["cents"])))
    return [
        Entry(row["key"], tuple(postings), reverses=row["reverses"], memo=row["memo"])
        for row, postings in entries.values()
    ]


_WITH_POSTINGS = sa.select(
    ledger_entries.c.id,
    ledger_entries.c.key,
    ledger_entries.c.reverses,
    ledger_entries.c.memo,
    ledger_postings.c.account,
    ledger_postings.c.cents,
).join(ledger_postings, ledger_postings.c.entry_id == ledger_entries.c.id)


async def entry_by_key(db: Database, pool_id: int, key: str) -> Entry | None:
    query = _WITH_POSTINGS.where(ledger_entries.c.pool_id == pool_id, ledger_entries.c.key == key).order_by(
        ledger_postings.c.id
    )
    found = _entries(await db.fetch_all(query))
    return found[0] if found else None


async def entries_of(db: Database, pool_id: int) -> list[Entry]:
    """The whole book, oldest first, as the pure ledger's entries."""
    query = _WITH_POSTINGS.where(ledger_entries.c.pool_id == pool_id).order_by(
        ledger_entries.c.id, ledger_postings.c.id
    )
    return _entries(await db.fetch_all(query))


def cash_and_party() -> tuple[sa.Label[int], sa.Label[str]]:
    """Per entry (grouped by entry): its movement of the pool's cash, and its pseudonymous account."""
    cash = sa.func.sum(
        sa.case((ledger_postings.c.account == ledger.POOL_CASH, ledger_postings.c.cents), else_=0)
    ).label("cash_cents")
    party = sa.func.max(
        sa.case((ledger_postings.c.account.like(ledger.MEMBER_PREFIX + "%"), ledger_postings.c.account), else_=None)
    ).label("party")
    return cash, party


async def entry_rows(db: Database, pool_id: int) -> list[Row]:
    """The whole book: one row per entry (oldest first), with its amount in and out of the pool's
    cash and the pseudonymous account it moved against. The steward's page and CSV read it in
    pages instead (`entry_page`, `entry_batch`)."""
    cash, party = cash_and_party()
    query = (
        sa.select(ledger_entries, cash, party)
        .join(ledger_postings, ledger_postings.c.entry_id == ledger_entries.c.id)
        .where(ledger_entries.c.pool_id == pool_id)
        .group_by(*ledger_entries.c)
        .order_by(ledger_entries.c.id)
    )
    return await db.fetch_all(query)


def _lines(entries: sa.CTE) -> sa.Select[Any]:
    """The steward's lines of some entries (a CTE of `ledger_entries` rows), oldest first: the
    entry's id, key, reverses, kind, category, happened_on, cash_cents and party (as `entry_rows`).
    The postings are read by the range of entry ids (the postings' entry_id index), so a page
    costs the same anywhere in the book; only what a line shows is read back (every column costs
    time in the database driver)."""
    cash, party = cash_and_party()
    first = sa.select(sa.func.min(entries.c.id)).scalar_subquery()
    last = sa.select(sa.func.max(entries.c.id)).scalar_subquery()
    columns = [entries.c.id, entries.c.key, entries.c.reverses, entries.c.kind, entries.c.category,
               entries.c.happened_on]
    return (
        sa.select(*columns, cash, party)
        .select_from(entries)
        .join(ledger_postings, sa.and_(
            ledger_postings.c.entry_id == entries.c.id,
            ledger_postings.c.entry_id >= first, ledger_postings.c.entry_id <= last,
        ))
        .group_by(*columns)
        .order_by(entries.c.id)
    )


async def _with_reversals(db: Database, pool_id: int, rows: list[Row], upto_id: int | None = None) -> list[Row]:
    """`rows` (consecutive entries by id) with, for a reversal, the kind and category of what it
    undoes (`original_kind`, `original_category`) and, for an undone entry, the key of its reversal
    (`reversed_by`; only a reversal with an id up to `upto_id` when given). One small query for the
    reversal pairs that touch these entries, through the book's unique keys."""
    if not rows:
        return rows
    first, last = int(rows[0]["id"]), int(rows[-1]["id"])
    reversal, original = ledger_entries.alias("reversal"), ledger_entries.alias("original")
    pairs = sa.select(reversal.c.key, reversal.c.reverses, original.c.kind, original.c.category).join(
        original, sa.and_(original.c.pool_id == reversal.c.pool_id, original.c.key == reversal.c.reverses)
    ).where(reversal.c.pool_id == pool_id, *([reversal.c.id <= upto_id] if upto_id is not None else []))
    query = sa.union(
        pairs.where(reversal.c.id >= first, reversal.c.id <= last),
        pairs.where(original.c.id >= first, original.c.id <= last),
    )
    found = await db.fetch_all(query)
    reversed_by = {row["reverses"]: row["key"] for row in found}
    undoes = {row["key"]: row for row in found}
    result = []
    for row in rows:
        pair = undoes.get(row["key"])
        result.append({
            **row, "reversed_by": reversed_by.get(row["key"]),
            "original_kind": pair["kind"] if pair else None, "original_category": pair["category"] if pair else None,
        })
    return result


async def entry_count(db: Database, pool_id: int) -> int:
    query = sa.select(sa.func.count()).select_from(ledger_entries).where(ledger_entries.c.pool_id == pool_id)
    return int(await db.fetch_val(query))


async def entry_page(db: Database, pool_id: int, *, newest_first: bool, offset: int, limit: int) -> list[Row]:
    """One page of the steward's lines (see `_lines`, `_with_reversals`), `limit` entries from `offset` in the order
    asked, returned oldest first."""
    order = ledger_entries.c.id.desc() if newest_first else ledger_entries.c.id
    entries = (
        sa.select(ledger_entries).where(ledger_entries.c.pool_id == pool_id)
        .order_by(order).offset(offset).limit(limit).cte("entries")
    )
    return await _with_reversals(db, pool_id, await db.fetch_all(_lines(entries)))


async def last_entry_id(db: Database, pool_id: int) -> int | None:
    query = sa.select(sa.func.max(ledger_entries.c.id)).where(ledger_entries.c.pool_id == pool_id)
    found = await db.fetch_val(query)
    return None if found is None else int(found)


async def entry_batch(db: Database, pool_id: int, *, after_id: int, upto_id: int, limit: int) -> list[Row]:
    """The next `limit` steward's lines (see `_lines`, `_with_reversals`) after entry `after_id` and up to `upto_id`,
    oldest first: keyset paging, so every batch costs the same however far into the book."""
    entries = (
        sa.select(ledger_entries)
        .where(ledger_entries.c.pool_id == pool_id, ledger_entries.c.id > after_id, ledger_entries.c.id <= upto_id)
        .order_by(ledger_entries.c.id).limit(limit).cte("entries")
    )
    return await _with_reversals(db, pool_id, await db.fetch_all(_lines(entries)), upto_id)


async def balance_before(db: Database, pool_id: int, entry_id: int) -> int:
    """What the pool held just before entry `entry_id` (the sum of the entries before it, by id)."""
    query = (
        sa.select(sa.func.coalesce(sa.func.sum(ledger_postings.c.cents), 0))
        .join(ledger_entries, ledger_entries.c.id == ledger_postings.c.entry_id)
        .where(ledger_entries.c.pool_id == pool_id, ledger_entries.c.id < entry_id,
               ledger_postings.c.account == ledger.POOL_CASH)
    )
    return int(await db.fetch_val(query))


async def balance(db: Database, pool_id: int) -> int:
    """What the pool holds now, in cents: the balance of its `pool_cash` account."""
    query = (
        sa.select(sa.func.coalesce(sa.func.sum(ledger_postings.c.cents), 0))
        .join(ledger_entries, ledger_entries.c.id == ledger_postings.c.entry_id)
        .where(ledger_entries.c.pool_id == pool_id, ledger_postings.c.account == ledger.POOL_CASH)
    )
    return int(await db.fetch_val(query))


async def balances(db: Database, pool_id: int) -> dict[str, int]:
    """Each account's balance; accounts that net to zero are left out (as `book.balances`)."""
    query = (
        sa.select(ledger_postings.c.account, sa.func.sum(ledger_postings.c.cents).label("cents"))
        .join(ledger_entries, ledger_entries.c.id == ledger_postings.c.entry_id)
        .where(ledger_entries.c.pool_id == pool_id)
        .group_by(ledger_postings.c.account)
    )
    return {row["account"]: int(row["cents"]) for row in await db.fetch_all(query) if int(row["cents"]) != 0}


async def reversed_keys(db: Database, pool_id: int) -> set[str]:
    query = sa.select(ledger_entries.c.reverses).where(
        ledger_entries.c.pool_id == pool_id, ledger_entries.c.reverses.is_not(None)
    )
    return {row["reverses"] for row in await db.fetch_all(query)}
