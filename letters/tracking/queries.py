"""Every SQL statement of tracking letters: a member's letters, marked sent, delivered, their
responses, and the open deadlines (`letter_deadlines`) the home page lists and the reminders go
out for. Every function that reads or changes one member's letter takes the member's id and
matches on it."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from letters.tables import letter_deadlines, letters
from server.db import Database, Row

_JOINED = letter_deadlines.join(letters, letters.c.id == letter_deadlines.c.letter_id)


async def letters_of(db: Database, member_id: int) -> list[Row]:
    """The member's letters, newest first."""
    query = (letters.select().where(letters.c.member_id == member_id)
             .order_by(letters.c.created_at.desc(), letters.c.id.desc()))
    return await db.fetch_all(query)


async def deadlines_of_member(db: Database, member_id: int) -> list[Row]:
    """Every stored deadline of the member's letters (for their download)."""
    query = (sa.select(letter_deadlines).select_from(_JOINED).where(letters.c.member_id == member_id)
             .order_by(letter_deadlines.c.letter_id, letter_deadlines.c.rule))
    return await db.fetch_all(query)


async def mark_sent(
    db: Database, member_id: int, letter_id: int, *, sent_on: dt.date, method: str, tracking_sealed: str | None,
    now: dt.datetime,
) -> None:
    await db.execute(
        letters.update().where(letters.c.id == letter_id, letters.c.member_id == member_id)
        .values(sent_on=sent_on, sent_method=method, tracking_sealed=tracking_sealed, updated_at=now)
    )


async def record_dates(db: Database, member_id: int, letter_id: int, *, now: dt.datetime, **dates: dt.date) -> None:
    """The day it was delivered (`delivered_on`) or more information followed (`more_info_on`)."""
    await db.execute(letters.update().where(letters.c.id == letter_id, letters.c.member_id == member_id)
                     .values(**dates, updated_at=now))


async def record_response(
    db: Database, member_id: int, letter_id: int, *, response: str, response_on: dt.date, now: dt.datetime
) -> None:
    await db.execute(
        letters.update().where(letters.c.id == letter_id, letters.c.member_id == member_id)
        .values(response=response, response_on=response_on, updated_at=now)
    )


def _open_deadline() -> sa.ColumnElement[bool]:
    """A deadline still to act on or wait for, no response recorded: the member's own before the
    letter is sent (and a "must arrive by" after it too, until its delivery date is entered); the
    recipient's once it is sent."""
    d = letter_deadlines.c
    return sa.and_(
        letters.c.response.is_(None),
        sa.or_(
            sa.and_(d.who == "member", sa.or_(letters.c.sent_on.is_(None),
                                              sa.and_(d.meaning == "received", letters.c.delivered_on.is_(None)))),
            sa.and_(d.who == "recipient", letters.c.sent_on.is_not(None)),
        ),
    )


_DEADLINE_COLUMNS = (letter_deadlines.c.letter_id, letter_deadlines.c.rule, letter_deadlines.c.who,
                     letter_deadlines.c.meaning, letter_deadlines.c.due_on, letter_deadlines.c.act_by,
                     letter_deadlines.c.reminded_at, letters.c.member_id, letters.c.type, letters.c.sent_on)


async def upcoming_deadlines(db: Database, member_id: int, today: dt.date, *, most: int) -> list[Row]:
    """The member's open deadlines from today on, soonest first."""
    query = (
        sa.select(*_DEADLINE_COLUMNS).select_from(_JOINED)
        .where(letters.c.member_id == member_id, letter_deadlines.c.due_on >= today, _open_deadline())
        .order_by(letter_deadlines.c.act_by, letter_deadlines.c.letter_id, letter_deadlines.c.rule)
        .limit(most)
    )
    return await db.fetch_all(query)


async def deadlines_between(
    db: Database, first: dt.date, last: dt.date, *, after: tuple[int, str], most: int
) -> list[Row]:
    """Open deadlines whose day to act by is from `first` to `last` (every member's), by letter id
    and rule after `after`."""
    d = letter_deadlines.c
    query = (
        sa.select(*_DEADLINE_COLUMNS).select_from(_JOINED)
        .where(d.act_by >= first, d.act_by <= last, _open_deadline(),
               sa.or_(d.letter_id > after[0], sa.and_(d.letter_id == after[0], d.rule > after[1])))
        .order_by(d.letter_id, d.rule)
        .limit(most)
    )
    return await db.fetch_all(query)


async def mark_reminded(
    db: Database, letter_id: int, rule: str, act_by: dt.date, was: dt.datetime | None, now: dt.datetime
) -> bool:
    """Note a reminder, only if nobody noted one since `was` was read and the day to act by is the
    same (so two runs at once send it once)."""
    d = letter_deadlines.c
    unchanged = d.reminded_at.is_(None) if was is None else d.reminded_at == was
    query = (
        letter_deadlines.update()
        .where(d.letter_id == letter_id, d.rule == rule, d.act_by == act_by, unchanged)
        .values(reminded_at=now)
        .returning(d.letter_id)
    )
    return bool(await db.write_returning(query))
