"""Every SQL statement of tracking letters: a member's letters, marked sent, their responses, and
the open deadlines the home page lists and the reminders go out for. Every function that reads or
changes one member's letter takes the member's id and matches on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import sqlalchemy as sa

from letters.tables import letters
from server.db import Database, Row


async def letters_of(db: Database, member_id: int) -> list[Row]:
    """The member's letters, newest first."""
    query = (letters.select().where(letters.c.member_id == member_id)
             .order_by(letters.c.created_at.desc(), letters.c.id.desc()))
    return await db.fetch_all(query)


async def mark_sent(
    db: Database, member_id: int, letter_id: int, *, sent_on: dt.date, method: str, tracking_sealed: str | None,
    deadline_on: dt.date | None, now: dt.datetime,
) -> None:
    await db.execute(
        letters.update().where(letters.c.id == letter_id, letters.c.member_id == member_id)
        .values(sent_on=sent_on, sent_method=method, tracking_sealed=tracking_sealed, deadline_on=deadline_on,
                updated_at=now)
    )


async def record_response(
    db: Database, member_id: int, letter_id: int, *, response: str, response_on: dt.date, now: dt.datetime
) -> None:
    await db.execute(
        letters.update().where(letters.c.id == letter_id, letters.c.member_id == member_id)
        .values(response=response, response_on=response_on, updated_at=now)
    )


def _open_deadline(member_types: Collection[str], recipient_types: Collection[str]) -> sa.ColumnElement[bool]:
    """A deadline still to act on or wait for: before sending for the member's own deadlines,
    after it for the recipient's, and no response recorded."""
    return sa.and_(
        letters.c.deadline_on.is_not(None),
        letters.c.response.is_(None),
        sa.or_(
            sa.and_(letters.c.type.in_(list(member_types)), letters.c.sent_on.is_(None)),
            sa.and_(letters.c.type.in_(list(recipient_types)), letters.c.sent_on.is_not(None)),
        ),
    )


async def upcoming_deadlines(
    db: Database, member_id: int, today: dt.date, member_types: Collection[str], recipient_types: Collection[str],
    *, most: int,
) -> list[Row]:
    """The member's open deadlines from today on, soonest first."""
    query = (
        sa.select(letters.c.id, letters.c.type, letters.c.deadline_on, letters.c.sent_on)
        .where(letters.c.member_id == member_id, letters.c.deadline_on >= today,
               _open_deadline(member_types, recipient_types))
        .order_by(letters.c.deadline_on, letters.c.id)
        .limit(most)
    )
    return await db.fetch_all(query)


async def deadlines_between(
    db: Database, first: dt.date, last: dt.date, member_types: Collection[str], recipient_types: Collection[str],
    *, after_id: int, most: int,
) -> list[Row]:
    """Open deadlines from `first` to `last` (every member's), by letter id after `after_id`."""
    query = (
        sa.select(letters.c.id, letters.c.member_id, letters.c.type, letters.c.deadline_on, letters.c.sent_on,
                  letters.c.reminded_at)
        .where(letters.c.deadline_on >= first, letters.c.deadline_on <= last, letters.c.id > after_id,
               _open_deadline(member_types, recipient_types))
        .order_by(letters.c.id)
        .limit(most)
    )
    return await db.fetch_all(query)


async def mark_reminded(
    db: Database, letter_id: int, deadline_on: dt.date, was: dt.datetime | None, now: dt.datetime
) -> bool:
    """Note a reminder, only if nobody noted one since `was` was read and the deadline is the same
    (so two runs at once send it once)."""
    unchanged = letters.c.reminded_at.is_(None) if was is None else letters.c.reminded_at == was
    query = (
        letters.update()
        .where(letters.c.id == letter_id, letters.c.deadline_on == deadline_on, letters.c.response.is_(None), unchanged)
        .values(reminded_at=now)
        .returning(letters.c.id)
    )
    return bool(await db.write_returning(query))
