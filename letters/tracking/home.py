"""The letters' card on a member's home page: their next open deadlines, soonest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.support import LazyProxy

from letters.catalogue import CATALOGUE
from letters.deadlines import safe_day
from letters.tracking import queries
from letters.tracking.rules import rule_of, types_by_who
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


async def upcoming(db: Database, member_id: int, today: dt.date, *, most: int = 5) -> list[Upcoming]:
    """The member's next open deadlines, soonest first."""
    member_types, recipient_types = types_by_who()
    rows = await queries.upcoming_deadlines(db, member_id, today, member_types, recipient_types, most=most)
    found = []
    for row in rows:
        letter_type, rule = CATALOGUE[row["type"]], rule_of(row["type"])
        assert rule is not None  # only types with a rule were asked for
        found.append(Upcoming(row["id"], letter_type.title, row["deadline_on"], safe_day(rule, row["deadline_on"]),
                              rule.who, rule.meaning))
    return found


async def deadlines_card(db: Database, member: CurrentMember, today: dt.date) -> Card | None:
    deadlines = await upcoming(db, member.id, today)
    return Card("letters/tracking/_home.html", {"deadlines": deadlines}) if deadlines else None
