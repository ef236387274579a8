"""The letters' card on a member's home page: their next open deadlines, soonest first, each with
its name when it is not the letter's main one (the records request)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from babel.support import LazyProxy

from letters.catalogue import CATALOGUE
from letters.tracking import queries
from letters.tracking.rules import labels
from server.auth import CurrentMember
from server.db import Database
from server.domain import Card


@dataclass(frozen=True)
class Upcoming:
    letter_id: int
    title: LazyProxy | str
    due: dt.date
    act_by: dt.date  # the member's safe day ("mail by"), or the recipient's due date
    who: str
    meaning: str
    label: Any = None  # the deadline's name when it is not the letter's main one


async def upcoming(db: Database, member_id: int, today: dt.date, *, most: int = 5) -> list[Upcoming]:
    """The member's next open deadlines, soonest first."""
    names = labels()
    found = []
    for row in await queries.upcoming_deadlines(db, member_id, today, most=most):
        letter_type = CATALOGUE.get(row["type"])
        found.append(Upcoming(row["letter_id"], letter_type.title if letter_type else row["type"], row["due_on"],
                              row["act_by"], row["who"], row["meaning"], names.get(row["rule"])))
    return found


async def deadlines_card(db: Database, member: CurrentMember, today: dt.date) -> Card | None:
    deadlines = await upcoming(db, member.id, today)
    return Card("letters/tracking/_home.html", {"deadlines": deadlines}) if deadlines else None
