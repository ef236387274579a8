"""Every SQL statement of writing a letter: its record, made and changed, and the letters a member
wrote before. Every function that reads or changes one member's letter takes the member's id and
matches on it, so a letter id guessed from another account finds nothing."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from letters.tables import letters
from server.db import Database, Row
from server.fields import is_id


async def create_letter(db: Database, **values: Any) -> int:
    return int(await db.insert(letters.insert().values(**values)))


async def letter_of(db: Database, member_id: int, letter_id: int) -> Row | None:
    if not is_id(letter_id):
        return None
    return await db.fetch_one(letters.select().where(letters.c.id == letter_id, letters.c.member_id == member_id))


async def update_letter(db: Database, member_id: int, letter_id: int, **values: Any) -> None:
    await db.execute(letters.update().where(letters.c.id == letter_id, letters.c.member_id == member_id)
                     .values(**values))


async def last_letter(db: Database, member_id: int) -> Row | None:
    """The member's most recent letter, whose name and address start the next one."""
    query = (letters.select().where(letters.c.member_id == member_id)
             .order_by(letters.c.created_at.desc(), letters.c.id.desc()).limit(1))
    return await db.fetch_one(query)


async def letters_of_debt(db: Database, member_id: int, debt_id: int) -> list[Row]:
    query = (sa.select(letters.c.id, letters.c.type, letters.c.created_at, letters.c.sent_on)
             .where(letters.c.member_id == member_id, letters.c.debt_id == debt_id)
             .order_by(letters.c.created_at.desc()))
    return await db.fetch_all(query)
