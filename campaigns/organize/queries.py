"""The SQL of the organizer's pages beyond `campaigns.counters.queries`: creating a campaign under a
slug that another organizer may be taking at the same moment."""

from __future__ import annotations

import sqlite3
from typing import Any

import asyncpg

from campaigns.counters import queries
from server.db import Database, is_unique_violation


async def create_campaign_unless_slug_taken(db: Database, **values: Any) -> int | None:
    """Insert the campaign, or return None if its slug was taken meanwhile. The insert runs in a
    savepoint, so the caller's transaction goes on after a collision."""
    try:
        async with db.writing():
            return await queries.create_campaign(db, **values)
    except (asyncpg.exceptions.UniqueViolationError, sqlite3.IntegrityError) as error:
        if not is_unique_violation(error):
            raise
        return None
