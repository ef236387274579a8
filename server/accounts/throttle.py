"""Failed log-in throttling, per account and per address, kept in the database.

The rule is a pure function over a window (start, failures). Keys are keyed hashes, so the table
never holds a handle, an email or an IP address, and rows are deleted once their window is over.
An account that does not exist is throttled exactly like one that does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from server import crypto
from server.accounts import queries
from server.db import Database
from server.settings import Settings


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


@dataclass(frozen=True)
class Keys:
    account: str
    address: str


def keys_for(settings: Settings, login: str, address: str) -> Keys:
    return Keys(
        account="account:" + crypto.lookup_hash(settings.lookup_key, "login:" + login.strip().casefold())[:64],
        address="address:" + crypto.lookup_hash(settings.lookup_key, "address:" + address)[:64],
    )


class Throttle:
    """Reads and updates both windows for one log-in attempt."""

    def __init__(self, db: Database, settings: Settings, keys: Keys) -> None:
        self.db = db
        self.keys = keys
        self.length = dt.timedelta(minutes=settings.login_window_minutes)
        self.limits = {keys.account: settings.login_max_failures, keys.address: settings.address_max_failures}
        self.windows: dict[str, Window] = {}

    async def load(self) -> None:
        for row in await queries.throttle_rows(self.db, list(self.limits)):
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
            row = await queries.add_failure(self.db, key, now, now - self.length)
            self.windows[key] = Window(row["window_start"], row["failures"])

    async def record_success(self) -> None:
        await queries.clear_throttle(self.db, self.keys.account)
