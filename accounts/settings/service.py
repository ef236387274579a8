"""The account page's writes that span several steps: a new password (the current one unlocks the
data key, the new one wraps it again, every session ends, the member is told) and a confirmed
email address (attached, and the member told)."""

from __future__ import annotations

from anyio import to_thread

from accounts import email_address
from accounts.membership.service import set_password, with_password
from accounts.notices import EMAIL_CONFIRMED, PASSWORD_CHANGED
from server import crypto, members
from server.db import Database
from server.notices.outbox import notify
from server.settings import Settings


async def change_password(db: Database, keyring: crypto.Keyring, member_id: int, current: str, new: str) -> bool:
    """False, and nothing changed, when `current` is not the member's password."""
    member = await with_password(db, member_id, current)
    if member is None:
        return False
    data_key = await to_thread.run_sync(crypto.unwrap_with_password, member["data_key_by_password"], current)
    await set_password(db, member_id, data_key, new)
    await members.delete_member_sessions(db, member_id)
    await notify(db, keyring, member_id, PASSWORD_CHANGED)
    return True


async def confirm_email(db: Database, settings: Settings, keyring: crypto.Keyring, member_id: int, email: str) -> bool:
    """False, and nothing changed, when another member confirmed the address first."""
    if not await email_address.confirm_email(db, settings, keyring, member_id, email):
        return False
    await notify(db, keyring, member_id, EMAIL_CONFIRMED)
    return True
