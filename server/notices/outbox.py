"""Notifying members, and the background sender of the email outbox.

`notify()` writes an in-app notification and, when the member has a confirmed email, queues a
message in their language; both happen in the caller's transaction, so nothing is sent for a
change that was rolled back and no request ever waits for a mail server. `run_outbox()` sends
queued messages with SMTP when `JUBILEE_SMTP_HOST` is set, and writes them to the log
otherwise; a failed send is retried with growing pauses, then given up after `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from email.message import EmailMessage
from typing import Any

import aiosmtplib

from server import crypto
from server.db import Database, Row, utcnow
from server.i18n import gettext as _
from server.i18n import using_language
from server.members import member_by_id
from server.notices import queries
from server.notices.kinds import Kind, words
from server.settings import Settings

log = logging.getLogger("jubilee.outbox")

MAX_ATTEMPTS = 8
LEASE = dt.timedelta(minutes=2)  # well over SEND_TIMEOUT
SEND_TIMEOUT = 30
POLL_SECONDS = 5.0
_wake = asyncio.Event()


async def notify(
    db: Database, keyring: crypto.Keyring, member_id: int, kind: Kind, *, link: str | None = None, **params: Any
) -> None:
    now = utcnow()
    await queries.add_notification(db, member_id, kind.name, params, link, now)
    member = await member_by_id(db, member_id)
    if member is None or not member["email_ciphertext"]:
        return
    with using_language(member["language"]):
        title, body = words(kind, params)
        footer = _("You receive this because you are a member of Jubilee. You can remove your email address in your account settings.")
    await send_email(db, keyring, member_id, keyring.decrypt(member["email_ciphertext"], crypto.EMAIL),
                     title, f"{body}\n\n{footer}\n")


async def send_email(
    db: Database, keyring: crypto.Keyring, member_id: int | None, recipient: str, subject: str, body: str
) -> None:
    """Queue one message; recipient, subject and body are stored encrypted until sent."""
    await queries.enqueue_email(
        db, member_id,
        keyring.encrypt(recipient, crypto.OUTBOX), keyring.encrypt(subject, crypto.OUTBOX),
        keyring.encrypt(body, crypto.OUTBOX), utcnow(),
    )
    _wake.set()


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes, at most 4 hours between tries."""
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 240))


async def _deliver(settings: Settings, recipient: str, subject: str, body: str, member_id: int | None) -> None:
    if not settings.smtp_host:
        log.info("email (no SMTP configured) to member %s: %s\n%s", member_id, subject, body)
        return
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = recipient
    message["Subject"] = subject
    message.set_content(body)
    await aiosmtplib.send(
        message,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_user or None,
        password=settings.smtp_password or None,
        start_tls=settings.smtp_tls == "starttls",
        use_tls=settings.smtp_tls == "ssl",
        timeout=SEND_TIMEOUT,
    )


async def send_due(db: Database, settings: Settings, keyring: crypto.Keyring, *, most: int = 100) -> int:
    """Send what is due now, one message at a time: each is leased (for longer than one send can
    take) just before it is sent, so a slow mail server never lets another sender take it too.
    Returns how many were sent."""
    sent = 0
    async with db.session():
        for _attempt in range(most):
            claimed = await queries.claim_due_emails(db, utcnow(), LEASE)
            if not claimed:
                break
            if await _send_one(db, settings, keyring, claimed[0]):
                sent += 1
    return sent


async def _send_one(db: Database, settings: Settings, keyring: crypto.Keyring, row: Row) -> bool:
    try:
        recipient, subject, body = (keyring.decrypt(row[f], crypto.OUTBOX) for f in ("recipient", "subject", "body"))
        await _deliver(settings, recipient, subject, body, row["member_id"])
    except Exception as error:  # a mail server can fail in many ways; all mean "try later"
        now = utcnow()
        gave_up = row["attempts"] >= MAX_ATTEMPTS
        log.warning("email %s not sent (attempt %s%s): %s", row["id"], row["attempts"],
                    ", giving up" if gave_up else "", type(error).__name__)
        await queries.postpone_email(db, row["id"], now + backoff(row["attempts"]), type(error).__name__,
                                     now if gave_up else None)
        return False
    await queries.delete_email(db, row["id"])
    return True


async def run_outbox(db: Database, settings: Settings, keyring: crypto.Keyring) -> None:
    while True:
        try:
            await send_due(db, settings, keyring)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the outbox sender failed; retrying shortly")
        _wake.clear()
        try:
            await asyncio.wait_for(_wake.wait(), timeout=POLL_SECONDS)
        except TimeoutError:
            pass
