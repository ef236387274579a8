"""Telling other packages that a debt is about to change or go, inside the same transaction.

Campaigns keep counters of pledged debts; when a member edits or deletes a debt, those counters
must change in the same transaction. The vault does not know who counts its debts: packages
register a watcher here, an async context manager entered before the change and left after it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager

from server.crypto import Keyring
from server.db import Database

# (db, debt_id, keyring) -> context manager; the keyring lets a watcher notify members by email
DebtWatcher = Callable[[Database, int, Keyring | None], AbstractAsyncContextManager[None]]
WATCHERS: list[DebtWatcher] = []


@asynccontextmanager
async def changing(db: Database, debt_id: int, keyring: Keyring | None = None) -> AsyncIterator[None]:
    """Wrap any change to one debt (edit or delete) in every registered watcher."""
    async with AsyncExitStack() as stack:
        for watcher in WATCHERS:
            await stack.enter_async_context(watcher(db, debt_id, keyring))
        yield
