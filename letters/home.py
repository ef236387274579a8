"""The letters' card on a member's home page: their next deadlines."""

from __future__ import annotations

import datetime as dt

from letters.reminders import upcoming
from server.auth import CurrentMember
from server.db import Database
from server.domain import Card


async def deadlines_card(db: Database, member: CurrentMember, today: dt.date) -> Card | None:
    deadlines = await upcoming(db, member.id, today)
    return Card("letters/_home.html", {"deadlines": deadlines}) if deadlines else None
