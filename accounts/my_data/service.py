"""Erasure: every domain's rows about a member and the shell's, in one transaction, all or nothing
(DESIGN.md, privacy model 5). Each domain adds its part through its `Domain` (erasers), so this
module never needs to know the domains' tables."""

from __future__ import annotations

import logging

from accounts.admin.service import is_last_administrator
from accounts.audit_words import ACTOR_ERASED, SUBJECT_ERASED
from accounts.email_address import member_email
from accounts.my_data import queries
from accounts.rules import normalize_email
from server import audit, crypto, members
from server.db import Database, utcnow
from server.domain import Domains

log = logging.getLogger("jubilee.my_data")


async def _forget_queued_emails_to(db: Database, keyring: crypto.Keyring, email: str) -> None:
    """Emails queued under another member may be addressed to this one (the warning sent when
    someone else tries to use their address): their rows go too."""
    doomed = []
    for row in await queries.queued_email_recipients(db):
        try:
            recipient = keyring.decrypt(row["recipient"], crypto.OUTBOX)
        except crypto.DecryptionError:
            continue
        if normalize_email(recipient) == email:
            doomed.append(row["id"])
    await queries.delete_queued_emails(db, doomed)


async def erase(db: Database, keyring: crypto.Keyring, member_id: int, domains: Domains) -> bool:
    """Erase a member in one transaction: every domain's eraser (debts, counts, ...), then the
    shell's rows. What remains is anonymous: audit entries lose their actor or subject, and one
    entry without actor, subject or detail records that a member erased their account.
    False, and nothing erased, when the member is the last administrator."""
    async with db.writing():
        member = await members.member_by_id(db, member_id)
        if member is None:
            raise LookupError(member_id)
        if await is_last_administrator(db, member_id):
            return False
        for eraser in domains.erasers:
            await eraser(db, member_id, domains)
        email = member_email(keyring, member)
        if email:
            await _forget_queued_emails_to(db, keyring, normalize_email(email))
        await audit.mark_audit_erased(db, member_id, actor_marker=ACTOR_ERASED, subject_marker=SUBJECT_ERASED)
        await audit.record_audit(db, at=utcnow(), actor_id=None, subject_id=None, action="member_erased")
        await members.delete_member(db, member_id)
    return True


async def forget_on_disk(db: Database) -> None:
    """After the erasure has answered: the deleted rows are already zeroed (`secure_delete`) and
    the log checkpointed before the answer (`server.db.forget_after_commit`); this rewrites the
    SQLite file without its free pages (PostgreSQL's pg_dump never shows deleted rows)."""
    try:
        if not await queries.compact_sqlite(db):
            log.warning("after an erasure the SQLite log was busy; old pages go at its next checkpoint")
    except Exception:  # the erasure itself is done; compaction is retried by the next one
        log.exception("compacting SQLite after an erasure failed")
