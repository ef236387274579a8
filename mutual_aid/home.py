"""The pools' card on a member's home page: their pools, the requests waiting for their decision
and, for stewards, approved aid still to pay."""

from __future__ import annotations

import datetime as dt

from mutual_aid.aid_requests.queries import home_summary
from server.auth import CurrentMember
from server.db import Database
from server.domain import Card


async def pools_card(db: Database, member: CurrentMember, today: dt.date) -> Card | None:
    pools = await home_summary(db, member.id)
    return Card("mutual_aid/_home.html", {"pools": pools}) if pools else None
