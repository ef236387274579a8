"""Periodic clean-up, the releases of published figures due, and the domains' jobs: expired sessions, finished throttling windows and
long-failed emails (the shell's own), then each domain's jobs in the order of the domains (a
campaign's expiry and check-ins, announcements delivered in batches, letters' reminders, aid
requests' deadlines and contribution reminders)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from server import crypto, members, throttle
from server.db import Database, utcnow
from server.domain import Domains
from server.notices import queries as notice_queries
from server.settings import Settings

log = logging.getLogger("jubilee.maintenance")
EVERY_SECONDS = 600
KEEP_FAILED_EMAILS = dt.timedelta(days=7)


async def clean_up(db: Database, settings: Settings, keyring: crypto.Keyring, domains: Domains) -> None:
    now = utcnow()
    async with db.session():
        await members.delete_expired_sessions(db, now, now - dt.timedelta(minutes=settings.session_idle_minutes))
        # throttling rows hold keyed hashes of addresses: keep them no longer than their window
        await throttle.delete_stale_throttles(db, settings, now)
        await notice_queries.delete_failed_emails(db, now - KEEP_FAILED_EMAILS)
    # figures are released on the clock: a release due is made at the first pass after its instant
    for release in domains.releases:
        try:
            async with db.session():
                await release(db, settings, now)
        except Exception:
            log.exception("release %s failed; trying again later", release.__name__)
    # each job on its own: a failed expiry must not hold back check-ins, nor the clean-up above
    for job in domains.jobs:
        try:
            async with db.session():
                await job(db, keyring, now)
        except Exception:
            log.exception("maintenance job %s failed; trying again later", job.__name__)


async def run_maintenance(db: Database, settings: Settings, domains: Domains) -> None:
    keyring = crypto.Keyring(settings.encryption_keys, settings.current_key_id)
    while True:
        try:
            await clean_up(db, settings, keyring, domains)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("clean-up failed; trying again later")
        await asyncio.sleep(EVERY_SECONDS)
