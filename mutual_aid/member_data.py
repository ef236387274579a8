"""The pools' part of a member's download, and of their erasure (see `mutual_aid.domain`).

Export: each pool the member is or was in (role, pseudonym, dates, their declared income opened
with their own key, their monthly amount) and every contribution they reported.

Erasure: their `pool_members` and `contributions` rows go with the member (ON DELETE CASCADE).
The ledger stays as it is: it names only the pseudonym, which nothing links to anyone once the
membership is gone. Before that, a pool in which the member is the only steward gets the
longest-standing other active member as its steward, so no pool is left without one.
"""

from __future__ import annotations

from typing import Any

from mutual_aid import contribution_queries, pool_queries
from mutual_aid.income import open_income
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


async def hand_over_stewardship(db: Database, member_id: int, domains: Domains) -> None:
    """Erasure: a pool whose only steward leaves gets its longest-standing other member as steward."""
    for pool_id in await pool_queries.pools_where_sole_steward(db, member_id):
        for other in await pool_queries.members_of(db, pool_id):
            if other["member_id"] != member_id:
                await pool_queries.set_membership(db, pool_id, other["member_id"], expect={"status": "active"},
                                                  role="steward")
                break

