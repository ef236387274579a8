"""What "No, I stopped" leads to, for every debt the member was not paying: staying as counted, or
leaving the strike. All of the member's debts change together, or none does."""

from __future__ import annotations

import datetime as dt

from campaigns.counters import pledging
from server import crypto
from server.db import Database, Row


async def stay_counted(db: Database, keyring: crypto.Keyring, campaign_id: int, member_id: int,
                       striking: list[Row], now: dt.datetime) -> None:
    """Each pledged or striking debt becomes counted (solidarity); `pledging.PledgeRefused` when the
    campaign no longer takes the change."""
    async with db.writing():
        for pledge in striking:
            await pledging.pledge(db, keyring, campaign_id, member_id, pledge["debt_id"], "counted", 0, now)


async def leave(db: Database, campaign_id: int, member_id: int, striking: list[Row], now: dt.datetime) -> None:
    """Each pledged or striking debt leaves the campaign, counted as a departure."""
    async with db.writing():
        for pledge in striking:
            await pledging.withdraw(db, campaign_id, member_id, pledge["debt_id"], now)
