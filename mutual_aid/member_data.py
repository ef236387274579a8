"""Mutual aid's part of a member's download and of their erasure (see `mutual_aid.domain`).

Export, "pools": each pool the member is or was in (role, pseudonym, dates, their declared income
opened with their own key, their monthly amount) and every contribution they reported.
Export, "mutual_aid_requests": their requests with the explanation opened (it is sealed with the
server keys, which the export hook passes), the requests they voted on (never how: that is not
stored), and the payouts made on their requests.

Erasure: their `pool_members`, `contributions`, requests, ballots and payouts go with the member
(ON DELETE CASCADE). The ledger stays as it is: it names only pseudonyms, which nothing links to
anyone once the rows are gone. Before that, a pool in which the member is the only steward gets the
longest-standing other active member as its steward, so no pool is left without one.
"""

from __future__ import annotations

from typing import Any

from mutual_aid.aid_requests import queries as request_queries
from mutual_aid.aid_requests.service import open_explanation
from mutual_aid.contributions import queries as contribution_queries
from mutual_aid.contributions.income import open_income
from mutual_aid.payouts import queries as payout_queries
from mutual_aid.pools import service as pool_service
from server.crypto import Keyring
from server.db import Database
from server.domain import Domains


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def export_pools(db: Database, member_id: int, data_key: bytes, keyring: Keyring) -> list[dict[str, Any]]:
    contributions = await contribution_queries.contributions_everywhere(db, member_id)
    exported = []
    for row in await contribution_queries.memberships_everywhere(db, member_id):
        exported.append({
            "pool": row["name"],
            "address": f"/pools/{row['slug']}",
            "currency": row["currency"],
            "role": row["role"],
            "status": row["status"],
            "pseudonym": row["pseudonym"],
            "asked_at": _when(row["requested_at"]),
            "joined_at": _when(row["joined_at"]),
            "left_at": _when(row["left_at"]),
            "declared_monthly_income_cents": open_income(data_key, row["pool_id"], member_id, row["income_sealed"]),
            "income_declared_at": _when(row["income_declared_at"]),
            "monthly_contribution_cents": row["monthly_cents"],
            "contributions": [{
                "month": c["month"],
                "amount_cents": c["amount_cents"],
                "method": c["method"],
                "paid_on": _when(c["paid_on"]),
                "status": c["status"],
                "reported_at": _when(c["claimed_at"]),
                "decided_at": _when(c["decided_at"]),
            } for c in contributions if c["pool_id"] == row["pool_id"]],
        })
    return exported


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


async def hand_over_stewardship(db: Database, member_id: int, domains: Domains) -> None:
    """Erasure: a pool whose only steward leaves gets its longest-standing other member as steward."""
    await pool_service.hand_over_stewardship(db, member_id)
