"""The pools' section of a member's own debt page: the pools in the debt's currency that take
requests for aid, those the member is in (to ask for help) and the open ones they could ask to
join. Only what a pool's public page shows: its name and description. A pool does not choose the
debts it helps with: any member in it may ask, under its rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from mutual_aid.pools.queries import open_pools, pools_of
from server.auth import CurrentMember
from server.db import Database
from server.domain import Card


async def debt_section(db: Database, member: CurrentMember, debt: Mapping[str, Any], today: dt.date) -> Card:
    def helps(pool: Mapping[str, Any]) -> bool:
        return bool(pool["requests_enabled"]) and pool["currency"] == debt["currency"] and pool["status"] == "open"

    mine = [pool for pool in await pools_of(db, member.id) if helps(pool)]
    taken = {pool["id"] for pool in mine}
    others = [pool for pool in await open_pools(db) if helps(pool) and pool["id"] not in taken]
    return Card("mutual_aid/_debt.html", {"mine": mine, "others": others})
