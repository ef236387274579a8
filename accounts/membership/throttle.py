"""Failed log-ins, throttled per account and per address (the shell's `server.throttle`). The
recovery page and erasure, which also take a secret, count their failures in the same windows.

An account that does not exist is throttled exactly like one that does, and the keys are keyed
hashes of what was typed and of the address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from server import crypto, members
from server.db import Database
from server.settings import Settings
from server.throttle import Throttle, clear_throttle


@dataclass(frozen=True)
class Keys:
    account: str
    address: str


def keys_for(settings: Settings, login: str, address: str) -> Keys:
    """Every spelling that finds the same account (`members.normalize_handle`: NFKC, then
    casefold) counts in the same window."""
    account = members.normalize_handle(login.strip())
    return Keys(
        account="account:" + crypto.lookup_hash(settings.lookup_key, "login:" + account)[:64],
        address="address:" + crypto.lookup_hash(settings.lookup_key, "address:" + address)[:64],
    )


class LoginThrottle(Throttle):
    """Both windows of one log-in attempt: the account's and the address's."""

    def __init__(self, db: Database, settings: Settings, keys: Keys) -> None:
        limits = {keys.account: settings.login_max_failures, keys.address: settings.address_max_failures}
        super().__init__(db, limits, dt.timedelta(minutes=settings.login_window_minutes))
        self.keys = keys

    async def record_success(self) -> None:
        await self.clear(self.keys.account)


async def throttle_for(db: Database, settings: Settings, login: str, address: str) -> LoginThrottle:
    """The failed-attempt windows of this account name and this client address, loaded."""
    throttle = LoginThrottle(db, settings, keys_for(settings, login, address))
    await throttle.load()
    return throttle


async def forget_failures(db: Database, settings: Settings, logins: Iterable[str | None], address: str) -> None:
    """After an erasure: the counters keyed by the member's name or email would outlive them by
    minutes."""
    for login in filter(None, logins):
        await clear_throttle(db, keys_for(settings, login, address).account)
