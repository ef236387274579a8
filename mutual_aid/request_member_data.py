"""The aid requests' part of a member's download (see `mutual_aid.domain`): their requests with the
explanation opened, the requests they voted on (never how: that is not stored), and the payouts
made on their requests.

The explanation is sealed with the server keys, which the export hook passes. Erasure needs nothing here: requests, ballots and payouts cascade with the
member's row, and the book names only pseudonyms.
"""

from __future__ import annotations

from typing import Any

from mutual_aid import payout_queries, request_queries
from mutual_aid.deciding import open_explanation
from server.crypto import Keyring
from server.db import Database


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def export_aid(db: Database, member_id: int, data_key: bytes, keyring: Keyring) -> dict[str, Any]:
    requests = await request_queries.requests_everywhere(db, member_id)
    return {
        "requests": [{
            "pool": r["pool"], "address": f"/pools/{r['slug']}/requests/{r['id']}",
            "pseudonym_in_the_book": r["recipient_pseudonym"], "kind": r["kind"], "category": r["category"],
            "amount_cents": r["amount_cents"], "months": r["months"], "currency": r["currency"],
            "needed_by": _when(r["needed_by"]),
            "explanation": open_explanation(keyring, r),
            "debt_id": r["debt_id"], "status": r["status"], "decision_method": r["decision_method"],
            "submitted_at": _when(r["submitted_at"]), "decided_at": _when(r["decided_at"]),
            "received_cents": r["received_cents"],
        } for r in requests],
        "votes": [{
            "pool": b["pool"], "request": b["request_id"], "voted_on": _when(b["voted_on"]),
        } for b in await request_queries.ballots_of_member(db, member_id)],
        "payouts": [{
            "pool": p["pool"], "request": p["request_id"], "amount_cents": p["amount_cents"],
            "currency": p["currency"], "method": p["method"], "status": p["status"], "sent_on": _when(p["sent_on"]),
            "received_at": _when(p["received_at"]),
        } for p in await payout_queries.received_everywhere(db, member_id)],
    }

