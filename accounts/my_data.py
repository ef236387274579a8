"""A member's control over their data: the download of everything Jubilee holds about them, the
log of what others did to their account, and erasure (DESIGN.md, privacy model 5).

The shell's own tables are read here; each domain adds its part through its `Domain` (exporters
for the download, erasers for erasure), so this module never needs to know the domains' tables.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from accounts import membership, queries
from accounts.audit_words import ACTOR_ERASED, SUBJECT_ERASED, describe
from accounts.forms import normalize_email
from server import audit, crypto, members
from server.auth import describe_device
from server.db import Database, utcnow
from server.domain import Domains
from server.i18n import gettext as _
from server.notices import queries as notice_queries
from server.notices.kinds import Kind, words_of

log = logging.getLogger("jubilee.my_data")

FORMAT = "jubilee-export-1"
# The shell's sections of the download; an exporter may not take one of these names.
SHELL_SECTIONS = ("format", "exported_at", "about", "account", "roles", "sessions", "notifications", "access_log")
NOTIFICATION_BATCH = 500
ACCESS_LOG_SHOWN = 100


async def access_log(db: Database, member_id: int, *, limit: int | None = ACCESS_LOG_SHOWN) -> list[dict[str, Any]]:
    """What others (administrators, organizers, the server's terminal) did to this member's
    account or data, newest first, each with a sentence in the reader's language."""
    entries = await audit.audit_entries(db, about=member_id, limit=limit)
    return [{"at": e["at"], "by": e["actor"], "description": describe(e)} for e in entries]


async def _notifications(db: Database, member_id: int, kinds: Mapping[str, Kind]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        rows = await notice_queries.notifications_of(
            db, member_id, limit=NOTIFICATION_BATCH, offset=len(found)
        )
        for row in rows:
            title, body = words_of(kinds, row["kind"], row["params"])
            found.append({"created_at": row["created_at"], "title": title, "text": body, "link": row["link"],
                          "read_at": row["read_at"]})
        if len(rows) < NOTIFICATION_BATCH:
            return found


async def build_export(
    db: Database, keyring: crypto.Keyring, member_id: int, data_key: bytes, domains: Domains
) -> dict[str, Any]:
    """Everything Jubilee holds about the member, decrypted, as one JSON-ready structure, in the
    current language. Never a password hash, a wrapped key, a session id or a look-up hash."""
    member = await members.member_by_id(db, member_id)
    if member is None:
        raise LookupError(member_id)
    export: dict[str, Any] = {
        "format": FORMAT,
        "exported_at": utcnow(),
        "about": _(
            "Everything Jubilee holds about you, decrypted. Your password and your recovery code are not "
            "here: Jubilee never keeps them in a form anyone can read. Keep this file private."
        ),
        "account": {
            "handle": member["handle"],
            "email": membership.member_email(keyring, member),
            "language": member["language"],
            "created_at": member["created_at"],
            "password_changed_at": member["password_changed_at"],
        },
        "roles": [{"role": g["role"], "since": g["granted_at"]} for g in await members.role_grants_of(db, member_id)],
        "sessions": [
            {"device": describe_device(s["device"]), "logged_in_at": s["created_at"], "last_used_at": s["last_seen_at"]}
            for s in await members.member_sessions(db, member_id)
        ],
        "notifications": await _notifications(db, member_id, domains.notices),
        "access_log": await access_log(db, member_id, limit=None),
    }
    for section, exporter in sorted(domains.exporters.items()):
        if section in SHELL_SECTIONS:
            raise ValueError(f"an exporter may not use the section name {section!r}")
        export[section] = await exporter(db, member_id, data_key, keyring)
    return export


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON-ready")


def export_json(export: dict[str, Any]) -> bytes:
    return json.dumps(export, default=_json_value, ensure_ascii=False, indent=2).encode()


def export_disposition(handle: str, day: dt.date) -> str:
    """`attachment` with filename jubilee-<handle>-<date>.json; handles may hold any letter, so
    an ASCII fallback plus the UTF-8 name (RFC 6266)."""
    name = f"jubilee-{handle}-{day.isoformat()}.json"
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in ".-_") else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


async def is_last_administrator(db: Database, member_id: int) -> bool:
    """Jubilee needs an administrator: the last one cannot erase their account. (The count locks
    the grants until the transaction ends, so two administrators cannot both leave at once.)"""
    if "administrator" not in await members.roles_of(db, member_id):
        return False
    return await members.count_with_role(db, "administrator") <= 1


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
        email = membership.member_email(keyring, member)
        if email:
            await _forget_queued_emails_to(db, keyring, normalize_email(email))
        await audit.mark_audit_erased(db, member_id, actor_marker=ACTOR_ERASED, subject_marker=SUBJECT_ERASED)
        await audit.record_audit(db, at=utcnow(), actor_id=None, subject_id=None, action="member_erased")
        await members.delete_member(db, member_id)
    return True


async def forget_on_disk(db: Database) -> None:
    """After the erasure is committed: SQLite would otherwise keep the deleted rows' bytes in its
    file's free space and its write-ahead log (PostgreSQL's pg_dump never shows deleted rows)."""
    try:
        if not await queries.compact_sqlite(db):
            log.warning("after an erasure the SQLite log was busy; old pages go at its next checkpoint")
    except Exception:  # the erasure itself is done; compaction is retried by the next one
        log.exception("compacting SQLite after an erasure failed")
