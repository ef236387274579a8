"""What is published of a campaign's counters: a copy taken only when the total has moved by at
least k members since the last one.

Live counters would let anyone who reloads a page see one member join, leave or change level, and
which breakdown cells moved with them: a group of one. The copy (`campaign_snapshot_cells`, and a
point of the growth series) is refreshed by the first reader after the live total has moved by k
or more, so two successive publications always differ by at least k members. Published figures
lag the live ones by fewer than k members; activation always uses the live ones.
"""

from __future__ import annotations

import datetime as dt

from campaigns.counters import queries
from server.db import Database, Row
from server.disclosure import publication


def is_stale(campaign: Row, live_members: int, k: int) -> bool:
    return publication.is_stale(campaign["snapshot_at"], campaign["snapshot_members"], live_members, k)


async def published_cells(db: Database, campaign: Row, k: int, now: dt.datetime) -> list[Row]:
    """The campaign's published counters, refreshed first when they are k or more members behind."""
    if is_stale(campaign, await queries.live_total_members(db, campaign["id"]), k):
        async with db.writing():
            locked = await queries.campaign_for_update(db, campaign["id"])
            if locked is not None and is_stale(locked, await queries.live_total_members(db, campaign["id"]), k):
                await queries.take_snapshot(db, campaign["id"], now)
    return await queries.snapshot_cells(db, campaign["id"])
