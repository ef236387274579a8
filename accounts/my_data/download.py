"""The download of everything Jubilee holds about a member, as one JSON file.

The shell's own tables are read here; each domain adds its part through its `Domain` (exporters),
so this module never needs to know the domains' tables.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from accounts.email_address import member_email
from accounts.my_data.access_log import access_log
from server import crypto, members
from server.auth import describe_device
from server.db import Database, utcnow
from server.domain import Domains
from server.i18n import gettext as _
from server.notices import queries as notice_queries
from server.notices.kinds import Kind, words_of

FORMAT = "jubilee-export-1"
# The shell's sections of the download; an exporter may not take one of these names.
SHELL_SECTIONS = ("format", "exported_at", "about", "account", "roles", "sessions", "notifications", "access_log")
NOTIFICATION_BATCH = 500


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
            "email": member_email(keyring, member),
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
