"""Every SQL statement of writing a letter: its record, made and changed, and the letters a member
wrote before. Every function that reads or changes one member's letter takes the member's id and
matches on it, so a letter id guessed from another account finds nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from letters.tables import letter_deadlines, letters
from letters.writing.rules import Counted
from server.db import Database, Row
from server.fields import is_id


async def create_letter(db: Database, **values: Any) -> int:
    return int(await db.insert(letters.insert().values(**values)))


async def save_deadlines(db: Database, letter_id: int, counted: Sequence[Counted]) -> None:
    """Store the letter's deadlines as just counted: a rule no longer counted goes, a new one comes,
    one whose dates changed is changed (its last reminder kept: `reminder_due` reminds again when
    the day to act by moved later)."""
    async with db.writing():
        stored = {row["rule"]: row for row in await db.fetch_all(
            letter_deadlines.select().where(letter_deadlines.c.letter_id == letter_id))}
        wanted = {item.rule.code: item for item in counted}
        gone = [code for code in stored if code not in wanted]
        if gone:
            await db.execute(letter_deadlines.delete().where(letter_deadlines.c.letter_id == letter_id,
                                                             letter_deadlines.c.rule.in_(gone)))
        for code, item in wanted.items():
            values = {"who": item.rule.who, "meaning": item.rule.meaning, "due_on": item.due, "act_by": item.act_by}
            row = stored.get(code)
            if row is None:
                await db.execute(letter_deadlines.insert().values(letter_id=letter_id, rule=code, **values))
            elif any(row[name] != value for name, value in values.items()):
                await db.execute(letter_deadlines.update().where(letter_deadlines.c.letter_id == letter_id,
                                                                 letter_deadlines.c.rule == code).values(**values))


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
