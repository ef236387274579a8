"""Failed log-ins, throttled per account and per address (the shell's `server.throttle`).

An account that does not exist is throttled exactly like one that does, and the keys are keyed
hashes of what was typed and of the address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from server import crypto
from server.db import Database
from server.settings import Settings
from server.throttle import Throttle


@dataclass(frozen=True)
class Keys:
    account: str
    address: str


def keys_for(settings: Settings, login: str, address: str) -> Keys:
    return Keys(
        account="account:" + crypto.lookup_hash(settings.lookup_key, "login:" + login.strip().casefold())[:64],
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
