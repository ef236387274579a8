"""Joining, logging in and recovering an account, and the password that, with the recovery code,
wraps the member's data key.

Argon2 work (about 100 ms each) runs in a thread so the event loop keeps serving other members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from anyio import to_thread

from accounts.email_address import email_lookup, send_email_confirmation
from accounts.membership.throttle import throttle_for
from accounts.notices import PASSWORD_CHANGED
from server import crypto, members
from server.db import Database, Row, utcnow
from server.notices.outbox import notify
from server.passwords import hash_password, needs_rehash, verify_password
from server.settings import Settings


@dataclass(frozen=True)
class NewMember:
    id: int
    recovery_code: str
    data_key: bytes


@dataclass(frozen=True)
class Refused:
    """A secret that did not match, or was not even tried: `wait` seconds before the next attempt
    is heard (too many failed ones), or 0."""

    wait: int = 0


def _seal_keys(data_key: bytes, password: str, recovery_code: str) -> tuple[str, str, str]:
    return (
        hash_password(password),
        crypto.wrap_with_password(data_key, password),
        crypto.wrap_with_secret(data_key, recovery_code, crypto.RECOVERY),
    )


async def handle_taken(db: Database, handle: str) -> bool:
    """Whether another member has this name, whatever its case."""
    return await members.handle_taken(db, members.normalize_handle(handle))


async def sign_up(db: Database, handle: str, password: str, language: str) -> NewMember:
    """Create a member with a fresh data key wrapped by the password and a new recovery code."""
    data_key = crypto.new_data_key()
    recovery_code = crypto.new_recovery_code()
    password_hash, by_password, by_recovery = await to_thread.run_sync(_seal_keys, data_key, password, recovery_code)
    now = utcnow()
    member_id = await members.create_member(
        db,
        handle=handle,
        handle_key=members.normalize_handle(handle),
        password_hash=password_hash,
        language=language,
        data_key_by_password=by_password,
        data_key_by_recovery=by_recovery,
        created_at=now,
        password_changed_at=now,
    )
    return NewMember(member_id, recovery_code, data_key)


async def join(
    db: Database, settings: Settings, keyring: crypto.Keyring, handle: str, password: str, language: str, email: str
) -> NewMember:
    """Sign-up from the page: the new member, and the confirmation link mailed to the address
    they gave, if any (it is attached only once they open the link)."""
    new = await sign_up(db, handle, password, language)
    if email:
        await send_email_confirmation(db, settings, keyring, new.id, email, language)
    return new


async def find_member(db: Database, settings: Settings, login: str) -> Row | None:
    """By handle, or by a confirmed email through its keyed hash."""
    if "@" in login:
        return await members.member_by_email_lookup(db, email_lookup(settings, login))
    return await members.member_by_handle_key(db, members.normalize_handle(login))


async def authenticate(db: Database, settings: Settings, login: str, password: str) -> tuple[Row, bytes] | None:
    """The member and their data key when the password is right; the same work when it is not."""
    member = await find_member(db, settings, login)
    password_hash = member["password_hash"] if member else None
    if not await to_thread.run_sync(verify_password, password_hash, password):
        return None
    assert member is not None
    data_key = await to_thread.run_sync(crypto.unwrap_with_password, member["data_key_by_password"], password)
    if needs_rehash(member["password_hash"]):
        await members.update_member(db, member["id"], password_hash=await to_thread.run_sync(hash_password, password))
    return member, data_key


async def log_in(
    db: Database, settings: Settings, login: str, password: str, address: str, now: dt.datetime
) -> tuple[Row, bytes] | Refused:
    """The member and their data key, or why not. The attempt that fills a throttle's window is
    already answered with the pause; a success clears the account's count."""
    throttle = await throttle_for(db, settings, login, address)
    if wait := throttle.blocked(now):
        return Refused(wait)
    found = await authenticate(db, settings, login, password)
    if found is None:
        await throttle.record_failure(now)
        return Refused(throttle.blocked(now))
    await throttle.record_success()
    return found


async def with_password(db: Database, member_id: int, password: str) -> Row | None:
    """The logged-in member's row when `password` is theirs (changing the password, erasure)."""
    member = await members.member_by_id(db, member_id)
    if member is None or not await to_thread.run_sync(verify_password, member["password_hash"], password):
        return None
    return member


async def confirm_password(
    db: Database, settings: Settings, member_id: int, handle: str, password: str, address: str, now: dt.datetime
) -> Row | Refused:
    """A logged-in member typing their password again (before erasure): their row, or why not,
    counted in the log-in's throttle under their name."""
    throttle = await throttle_for(db, settings, handle, address)
    if wait := throttle.blocked(now):
        return Refused(wait)
    member = await with_password(db, member_id, password)
    if member is None:
        await throttle.record_failure(now)
        return Refused(throttle.blocked(now))
    return member


async def set_password(db: Database, member_id: int, data_key: bytes, password: str) -> None:
    """A new password re-wraps the same data key, so nothing private is lost."""

    def work() -> tuple[str, str]:
        return hash_password(password), crypto.wrap_with_password(data_key, password)

    password_hash, by_password = await to_thread.run_sync(work)
    await members.update_member(
        db, member_id, password_hash=password_hash, data_key_by_password=by_password, password_changed_at=utcnow()
    )


async def recover(db: Database, settings: Settings, login: str, recovery_code: str, password: str) -> Row | None:
    """Set a new password with the recovery code. Every other session is ended."""
    member = await find_member(db, settings, login)
    if member is None:
        return None
    code = crypto.normalize_recovery_code(recovery_code)
    try:
        data_key = crypto.unwrap_with_secret(member["data_key_by_recovery"], code, crypto.RECOVERY)
    except crypto.DecryptionError:
        return None
    await set_password(db, member["id"], data_key, password)
    await members.delete_member_sessions(db, member["id"])
    return member


async def recover_account(
    db: Database, settings: Settings, keyring: crypto.Keyring, login: str, recovery_code: str, password: str,
    address: str, now: dt.datetime,
) -> Row | Refused:
    """`recover`, counted in the log-in's throttle; the member is told their password changed."""
    throttle = await throttle_for(db, settings, login, address)
    if wait := throttle.blocked(now):
        return Refused(wait)
    member = await recover(db, settings, login, recovery_code, password)
    if member is None:
        await throttle.record_failure(now)
        return Refused()
    await throttle.record_success()
    await notify(db, keyring, member["id"], PASSWORD_CHANGED)
    return member
