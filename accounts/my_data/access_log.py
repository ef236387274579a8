"""What others (administrators, organizers, the server's terminal) did to a member's account or
data: shown on their data page and part of their download."""

from __future__ import annotations

from typing import Any

from accounts.audit_words import describe
from server import audit
from server.db import Database

ACCESS_LOG_SHOWN = 100


async def access_log(db: Database, member_id: int, *, limit: int | None = ACCESS_LOG_SHOWN) -> list[dict[str, Any]]:
    """Newest first, each entry with a sentence in the reader's language."""
    entries = await audit.audit_entries(db, about=member_id, limit=limit)
    return [{"at": e["at"], "by": e["actor"], "description": describe(e)} for e in entries]
