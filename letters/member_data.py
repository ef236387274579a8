"""The letters' part of a member's download: their own letters, opened with their key (see
`letters.domain`). Erasure needs nothing of its own: letters cascade with the member's row."""

from __future__ import annotations

import json
from typing import Any

from letters.sealing import FIELDS, TRACKING
from letters.tracking import queries as letter_queries
from server.crypto import Keyring
from server.db import Database
from server.sealing import open_sealed


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def export_letters(db: Database, member_id: int, data_key: bytes, keyring: Keyring) -> list[dict[str, Any]]:
    """The member's own letters: their record, what they typed (opened with their key), tracking."""
    exported = []
    deadlines = await letter_queries.deadlines_of_member(db, member_id)
    for row in await letter_queries.letters_of(db, member_id):
        fields = open_sealed(data_key, member_id, FIELDS, row["fields_sealed"])
        exported.append({
            "type": row["type"], "language": row["language"], "debt_id": row["debt_id"],
            "written_at": _when(row["created_at"]), "fields": json.loads(fields) if fields else {},
            "sent_on": _when(row["sent_on"]), "sent_method": row["sent_method"],
            "tracking_number": open_sealed(data_key, member_id, TRACKING, row["tracking_sealed"]) or None,
            "delivered_on": _when(row["delivered_on"]), "more_info_on": _when(row["more_info_on"]),
            "deadlines": [{"rule": d["rule"], "due_on": _when(d["due_on"]), "act_by": _when(d["act_by"])}
                          for d in deadlines if d["letter_id"] == row["id"]],
            "response": row["response"],
            "response_on": _when(row["response_on"]),
        })
    return exported

