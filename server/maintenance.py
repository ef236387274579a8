"""Periodic clean-up: expired sessions, finished throttling windows, long-failed emails."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from server.accounts import queries as account_queries
from server.db import Database, utcnow
from server.notifications import queries as notification_queries
from server.settings import Settings

log = logging.getLogger("jubilee.maintenance")
EVERY_SECONDS = 600
KEEP_FAILED_EMAILS = dt.timedelta(days=7)


async def clean_up(db: Database, settings: Settings) -> None:
    now = utcnow()
    async with db.session():
        await account_queries.delete_expired_sessions(
            db, now, now - dt.timedelta(minutes=settings.session_idle_minutes)
        )
        # throttling rows hold keyed hashes of addresses: keep them no longer than their window
        await account_queries.delete_stale_throttles(db, now - dt.timedelta(minutes=settings.login_window_minutes))
        await notification_queries.delete_failed_emails(db, now - KEEP_FAILED_EMAILS)


async def run_maintenance(db: Database, settings: Settings) -> None:
    while True:
        try:
            await clean_up(db, settings)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("clean-up failed; trying again later")
        await asyncio.sleep(EVERY_SECONDS)
