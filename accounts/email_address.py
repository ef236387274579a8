"""A member's email address: stored only once confirmed, encrypted under the server's keys, found
at log-in through a keyed hash. Sign-up and the account page send the confirmation link; the
confirmation page attaches the address; the download and erasure read it."""

from __future__ import annotations

import json

from itsdangerous import BadSignature, URLSafeTimedSerializer

from accounts.rules import normalize_email
from server import crypto, members
from server.db import Database, Row
from server.i18n import gettext as _
from server.i18n import using_language
from server.notices.outbox import send_email
from server.settings import Settings

EMAIL_CONFIRM_MAX_AGE = 2 * 86400


def email_lookup(settings: Settings, email: str) -> str:
    return crypto.lookup_hash(settings.lookup_key, "email:" + normalize_email(email))


def member_email(keyring: crypto.Keyring, member: Row) -> str | None:
    ciphertext = member.get("email_ciphertext")
    return keyring.decrypt(ciphertext, crypto.EMAIL) if ciphertext else None


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
