"""Changing the password from the account page: the current one unlocks the data key, the new
one wraps it again, and every session ends."""

from __future__ import annotations

from anyio import to_thread

from accounts.membership.service import set_password, with_password
from server import crypto, members
from server.db import Database


async def change_password(db: Database, member_id: int, current: str, new: str) -> bool:
    """False, and nothing changed, when `current` is not the member's password."""
    member = await with_password(db, member_id, current)
    if member is None:
        return False
    data_key = await to_thread.run_sync(crypto.unwrap_with_password, member["data_key_by_password"], current)
    await set_password(db, member_id, data_key, new)
    await members.delete_member_sessions(db, member_id)
    return True
