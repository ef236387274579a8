"""The collective letters a member signed, for their download (see `campaigns.domain`): each
letter, how and when they signed it, and its status; the name and city they signed with are
opened with the server keys. Erasure: signatures cascade with the member's row, so every copy of
a letter made afterwards leaves them out."""

from __future__ import annotations

from typing import Any

from campaigns.collective_letter import queries
from campaigns.collective_letter.contents import opened_signer
from server.crypto import Keyring
from server.db import Database


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def export_signatures(db: Database, member_id: int, data_key: bytes, keyring: Keyring) -> list[dict[str, Any]]:
    exported = []
    for row in await queries.signatures_of_member(db, member_id):
        signer = opened_signer(keyring, row) if row["named"] else None
        exported.append({
            "campaign": row["title"],
            "address": f"/campaigns/{row['slug']}/me",
            "signed_at": _when(row["signed_at"]),
            "named": bool(row["named"]),
            "name": signer.name if signer else None,
            "city": signer.city if signer else None,
            "letter_status": row["status"],
            "letter_sent_at": _when(row["sent_at"]),
        })
    return exported
