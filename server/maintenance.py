"""Periodic clean-up: expired sessions, finished throttling windows, long-failed emails, and what
time does to campaigns (expiry at the deadline, "still on strike?" check-ins, announcements
delivered in batches)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from campaigns import announcements, lifecycle
from letters import reminders
from mutual_aid import reminders as pool_reminders
from mutual_aid import request_jobs
from server import crypto
from server.accounts import queries as account_queries
from server.db import Database, utcnow
from server.notifications import queries as notification_queries
from server.settings import Settings

log = logging.getLogger("jubilee.maintenance")
EVERY_SECONDS = 600
KEEP_FAILED_EMAILS = dt.timedelta(days=7)


async def clean_up(db: Database, settings: Settings, keyring: crypto.Keyring | None = None) -> None:
    now = utcnow()
    keyring = keyring or crypto.Keyring(settings.encryption_keys, settings.current_key_id)
    async with db.session():
        await account_queries.delete_expired_sessions(
            db, now, now - dt.timedelta(minutes=settings.session_idle_minutes)
        )
        # throttling rows hold keyed hashes of addresses: keep them no longer than their window
        await account_queries.delete_stale_throttles(db, now - dt.timedelta(minutes=settings.login_window_minutes))
        await notification_queries.delete_failed_emails(db, now - KEEP_FAILED_EMAILS)
    # each step on its own: a failed expiry must not hold back check-ins, nor the clean-up above
    for step in (lifecycle.expire_overdue, lifecycle.ask_strikers, announcements.deliver_announcements,
                 reminders.remind_deadlines, request_jobs.aid_requests_over_time,
                 pool_reminders.remind_contributions):
        try:
            async with db.session():
                await step(db, keyring, now)
        except Exception:
            log.exception("campaign step %s failed; trying again later", step.__name__)


async def run_maintenance(db: Database, settings: Settings) -> None:
    keyring = crypto.Keyring(settings.encryption_keys, settings.current_key_id)
    while True:
        try:
            await clean_up(db, settings, keyring)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("clean-up failed; trying again later")
        await asyncio.sleep(EVERY_SECONDS)
