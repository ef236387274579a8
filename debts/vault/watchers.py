"""The watchers' mechanism: telling other domains that a debt is about to change or go, inside
the same transaction.

Campaigns keep counters of pledged debts; when a member edits or deletes a debt, those counters
must change in the same transaction. The vault does not know who counts its debts: domains
declare watchers in their `Domain` (each an async context manager entered before the change and
left after it), and whoever changes a debt passes them in (`request.state.domains.debt_watchers`);
`debts.vault.service` does, for every change.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager

from server.crypto import Keyring
from server.db import Database
from server.domain import DebtWatcher


@asynccontextmanager
async def changing(
    db: Database, debt_id: int, keyring: Keyring | None, watchers: Sequence[DebtWatcher]
) -> AsyncIterator[None]:
    """Wrap any change to one debt (edit or delete) in every watcher."""
    async with AsyncExitStack() as stack:
        for watcher in watchers:
            await stack.enter_async_context(watcher(db, debt_id, keyring))
        yield
