"""Throttling per key, kept in the database: failed log-ins per account and per address, and how
often one address may do something cheap to repeat (`Rate`: sign-ups, names checked, creditor
look-ups).

The rule is a pure function over a window (start, failures). Keys are keyed hashes, so the table
never holds a handle, an email or an IP address, and rows are deleted once their window is over
(`delete_stale_throttles`, run by the maintenance loop).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from server import crypto
from server.db import Database, Row, upsert_insert
from server.settings import Settings
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


def minutes_to_wait(seconds: int) -> int:
    """A pause in whole minutes, as the pages say it: never "0 minutes"."""
    return max(1, (seconds + 59) // 60)


@dataclass(frozen=True)
class Rate:
    """How often one address may do something: `limit` times in each `window`. `name` is the
    prefix of its keys (at most 15 characters)."""

    name: str
    limit: int
    window: dt.timedelta


def sign_ups(settings: Settings) -> Rate:
    """Accounts made from one address."""
    return Rate("signups", settings.signup_max_per_address, dt.timedelta(minutes=settings.signup_window_minutes))


def name_checks(settings: Settings) -> Rate:
    """Sign-up forms whose name was looked up (taken or not) from one address."""
    return Rate("names", settings.name_checks_per_address, dt.timedelta(minutes=settings.signup_window_minutes))


def lookups(settings: Settings) -> Rate:
    """Creditor look-ups (the search page and the suggestions) from one address."""
    return Rate("lookups", settings.lookups_per_address, dt.timedelta(minutes=settings.lookup_window_minutes))


def rates(settings: Settings) -> list[Rate]:
    return [sign_ups(settings), name_checks(settings), lookups(settings)]


def rate_key(settings: Settings, rate: Rate, address: str) -> str:
    return rate.name + ":" + crypto.lookup_hash(settings.lookup_key, rate.name + ":" + address)[:64]


async def take_one(db: Database, settings: Settings, rate: Rate, address: str, now: dt.datetime) -> int:
    """Count one use by `address`: 0, or the seconds to wait when its window is already full (the
    refused use is not counted)."""
    throttle = Throttle(db, {rate_key(settings, rate, address): rate.limit}, rate.window)
    await throttle.load()
    if wait := throttle.blocked(now):
        return wait
    await throttle.record_failure(now)
    return 0


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


async def delete_stale_throttles(db: Database, settings: Settings, now: dt.datetime) -> None:
    """Each row once its own window is over: a rate's rows after the rate's window, the log-in
    windows' rows after theirs."""
    ours = []
    for rate in rates(settings):
        mine = sa.func.substr(login_throttle.c.key, 1, len(rate.name) + 1) == rate.name + ":"
        ours.append(mine)
        await db.execute(login_throttle.delete().where(mine, login_throttle.c.window_start < now - rate.window))
    login_window = dt.timedelta(minutes=settings.login_window_minutes)
    await db.execute(
        login_throttle.delete().where(~sa.or_(*ours), login_throttle.c.window_start < now - login_window)
    )
