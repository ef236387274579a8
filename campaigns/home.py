"""The campaigns' card on a member's home page: how many campaigns target their creditors."""

from __future__ import annotations

import datetime as dt

from campaigns.member.queries import fitting_campaign_count
from server.auth import CurrentMember
from server.db import Database
from server.domain import Card


async def fitting_card(db: Database, member: CurrentMember, today: dt.date) -> Card | None:
    fitting = await fitting_campaign_count(db, member.id)
    return Card("campaigns/member/_home.html", {"fitting": fitting}) if fitting else None
