"""Joining, logging in, changing a password and recovering an account.

Argon2 work (about 100 ms each) runs in a thread so the event loop keeps serving other members.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from anyio import to_thread
from itsdangerous import BadSignature, URLSafeTimedSerializer

from accounts.forms import normalize_email
from server import crypto, members
from server.db import Database, Row, utcnow
from server.i18n import gettext as _
from server.i18n import using_language
from server.notices.outbox import send_email
from server.passwords import hash_password, needs_rehash, verify_password
from server.settings import Settings

EMAIL_CONFIRM_MAX_AGE = 2 * 86400


@dataclass(frozen=True)
class NewMember:
    id: int
    recovery_code: str
    data_key: bytes


def _seal_keys(data_key: bytes, password: str, recovery_code: str) -> tuple[str, str, str]:
    return (
        hash_password(password),
        crypto.wrap_with_password(data_key, password),
        crypto.wrap_with_secret(data_key, recovery_code, crypto.RECOVERY),
    )


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


async def find_member(db: Database, settings: Settings, login: str) -> Row | None:
    """By handle, or by a confirmed email through its keyed hash."""
    if "@" in login:
        return await members.member_by_email_lookup(db, email_lookup(settings, login))
    return await members.member_by_handle_key(db, members.normalize_handle(login))


def email_lookup(settings: Settings, email: str) -> str:
    return crypto.lookup_hash(settings.lookup_key, "email:" + normalize_email(email))


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


async def set_password(db: Database, member_id: int, data_key: bytes, password: str) -> None:
    """A new password re-wraps the same data key, so nothing private is lost."""

    def work() -> tuple[str, str]:
        return hash_password(password), crypto.wrap_with_password(data_key, password)

    password_hash, by_password = await to_thread.run_sync(work)
    await members.update_member(
        db, member_id, password_hash=password_hash, data_key_by_password=by_password, password_changed_at=utcnow()
    )


async def change_password(db: Database, member_id: int, current: str, new: str) -> bool:
    member = await members.member_by_id(db, member_id)
    if member is None or not await to_thread.run_sync(verify_password, member["password_hash"], current):
        return False
    data_key = await to_thread.run_sync(crypto.unwrap_with_password, member["data_key_by_password"], current)
    await set_password(db, member_id, data_key, new)
    await members.delete_member_sessions(db, member_id)
    return True


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


# --- email: stored only once confirmed -----------------------------------------------------------


def _email_serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="jubilee.email-confirm")


def email_confirmation_token(settings: Settings, keyring: crypto.Keyring, member_id: int, email: str) -> str:
    """A signed, expiring token carrying the new address encrypted (it is not stored until confirmed)."""
    sealed = keyring.encrypt(json.dumps([member_id, normalize_email(email)]), "email.confirm")
    return _email_serializer(settings).dumps(sealed)


def read_confirmation_token(settings: Settings, keyring: crypto.Keyring, token: str) -> tuple[int, str] | None:
    try:
        sealed = _email_serializer(settings).loads(token, max_age=EMAIL_CONFIRM_MAX_AGE)
        member_id, email = json.loads(keyring.decrypt(sealed, "email.confirm"))
    except (BadSignature, crypto.DecryptionError, ValueError, TypeError):
        return None
    return int(member_id), str(email)


async def confirm_email(db: Database, settings: Settings, keyring: crypto.Keyring, member_id: int, email: str) -> bool:
    """Attach a confirmed address; False when another member confirmed it first."""
    lookup = email_lookup(settings, email)
    if await members.email_taken(db, lookup, except_member=member_id):
        return False
    await members.update_member(
        db, member_id, email_ciphertext=keyring.encrypt(normalize_email(email), crypto.EMAIL), email_lookup=lookup
    )
    return True


async def remove_email(db: Database, member_id: int) -> None:
    await members.update_member(db, member_id, email_ciphertext=None, email_lookup=None)


def member_email(keyring: crypto.Keyring, member: Row) -> str | None:
    ciphertext = member.get("email_ciphertext")
    return keyring.decrypt(ciphertext, crypto.EMAIL) if ciphertext else None


async def send_email_confirmation(
    db: Database, settings: Settings, keyring: crypto.Keyring, member_id: int, email: str, language: str
) -> None:
    """Mail a confirmation link. An address already in use gets a warning instead, and the page
    says the same thing either way, so nobody learns from Jubilee whether an address is a member's."""
    with using_language(language):
        if await members.email_taken(db, email_lookup(settings, email), except_member=member_id):
            subject = _("Someone tried to use your address on Jubilee")
            body = _(
                "Someone asked to add this email address to a new Jubilee account. It already belongs "
                "to an account, so nothing was changed. If this was you, log in with your existing "
                "account. If not, you can ignore this message."
            )
        else:
            token = email_confirmation_token(settings, keyring, member_id, email)
            subject = _("Confirm your email address for Jubilee")
            body = _(
                "To receive Jubilee notices at this address, open this link within two days:\n\n%(link)s\n\n"
                "If you did not ask for this, ignore this message and nothing will change.",
                link=f"{settings.base_url}/email/confirm?token={token}",
            )
    await send_email(db, keyring, member_id, normalize_email(email), subject, body)
