"""Throttling failures per key, kept in the database: failed log-ins per account and per address.

The rule is a pure function over a window (start, failures). Keys are keyed hashes, so the table
never holds a handle, an email or an IP address, and rows are deleted once their window is over
(`delete_stale_throttles`, run by the maintenance loop).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from server.db import Database, Row, upsert_insert
from server.tables import login_throttle


@dataclass(frozen=True)
class Window:
    start: dt.datetime
    failures: int


def current(window: Window | None, now: dt.datetime, length: dt.timedelta) -> Window | None:
    """The window still in force at `now`, if any."""
    if window is None or now - window.start >= length:
        return None
    return window


def is_blocked(window: Window | None, now: dt.datetime, length: dt.timedelta, limit: int) -> bool:
    live = current(window, now, length)
    return live is not None and live.failures >= limit


def retry_after(window: Window | None, now: dt.datetime, length: dt.timedelta) -> int:
    """Seconds until the window ends."""
    live = current(window, now, length)
    return 0 if live is None else max(1, int((live.start + length - now).total_seconds()))


class Throttle:
    """Reads and updates the windows of one attempt: each key with its limit (for a log-in, the
    account's and the address's), all windows of the same length."""

    def __init__(self, db: Database, limits: dict[str, int], length: dt.timedelta) -> None:
        self.db = db
        self.limits = limits
        self.length = length
        self.windows: dict[str, Window] = {}

    async def load(self) -> None:
        for row in await throttle_rows(self.db, list(self.limits)):
            self.windows[row["key"]] = Window(row["window_start"], row["failures"])

    def blocked(self, now: dt.datetime) -> int:
        """Seconds to wait when either window is full, else 0."""
        waits = [
            retry_after(self.windows.get(key), now, self.length)
            for key, limit in self.limits.items()
            if is_blocked(self.windows.get(key), now, self.length, limit)
        ]
        return max(waits, default=0)

    async def record_failure(self, now: dt.datetime) -> None:
        for key in self.limits:
            row = await add_failure(self.db, key, now, now - self.length)
            self.windows[key] = Window(row["window_start"], row["failures"])

    async def clear(self, key: str) -> None:
        await clear_throttle(self.db, key)


# --- storage ----------------------------------------------------------------------------------


async def throttle_rows(db: Database, keys: list[str]) -> list[Row]:
    return await db.fetch_all(login_throttle.select().where(login_throttle.c.key.in_(keys)))


async def add_failure(db: Database, key: str, now: dt.datetime, window_cutoff: dt.datetime) -> Row:
    """Count one failure atomically (concurrent attempts each count): a window that began before
    `window_cutoff` starts over at `now`."""
    insert = upsert_insert(db)(login_throttle).values(key=key, window_start=now, failures=1)
    expired = login_throttle.c.window_start < window_cutoff
    query = insert.on_conflict_do_update(
        index_elements=[login_throttle.c.key],
        set_={
            "failures": sa.case((expired, 1), else_=login_throttle.c.failures + 1),
            "window_start": sa.case((expired, insert.excluded.window_start), else_=login_throttle.c.window_start),
        },
    ).returning(login_throttle.c.window_start, login_throttle.c.failures)
    rows = await db.write_returning(query)
    return rows[0]


async def clear_throttle(db: Database, key: str) -> None:
    await db.execute(login_throttle.delete().where(login_throttle.c.key == key))


async def delete_stale_throttles(db: Database, before: dt.datetime) -> None:
    await db.execute(login_throttle.delete().where(login_throttle.c.window_start < before))
