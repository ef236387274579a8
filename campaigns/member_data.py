"""The campaigns' part of a member's download, and of their erasure (see `campaigns.domain`).

Erasure: the member's debts go first (debts.member_data), which takes their pledges out of every
campaign's counters; here their retaliation reports go, each leaving the "retaliation" cells.
Their row in each campaign and the per-member counts cascade with the member. The history cells
("joined_as", "converted", "departures") keep what happened: they hold no member id.
"""

from __future__ import annotations

from typing import Any

from campaigns.member import queries as member_queries
from campaigns.member import retaliation
from debts import api as vault
from server.crypto import Keyring
from server.db import Database


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def export_campaigns(db: Database, member_id: int, data_key: bytes, keyring: Keyring) -> list[dict[str, Any]]:
    """Each campaign the member takes or took part in: when they joined, their debts and levels,
    their answers, and their retaliation reports with the notes opened."""
    participations = {r["campaign_id"]: r for r in await member_queries.participations_of(db, member_id)}
    pledges = await member_queries.pledges_everywhere(db, member_id)
    reports = await member_queries.all_reports_of(db, member_id)
    campaign_ids = set(participations) | {p["campaign_id"] for p in pledges} | {r["campaign_id"] for r in reports}
    campaigns = await member_queries.campaign_titles(db, campaign_ids)
    debts = {d["id"]: d for d in await vault.debts_of(db, member_id)}
    exported = []
    for campaign_id in sorted(campaign_ids):
        campaign = campaigns[campaign_id]
        taking_part = participations.get(campaign_id)
        exported.append({
            "campaign": campaign["title"],
            "address": f"/campaigns/{campaign['slug']}",
            "status": campaign["status"],
            "joined_at": _when(taking_part["joined_at"]) if taking_part else None,
            "first_level": taking_part["first_level"] if taking_part else None,
            "confirmed_at": _when(taking_part["confirmed_at"]) if taking_part else None,
            "checked_in_at": _when(taking_part["checked_in_at"]) if taking_part else None,
            "announcements_muted": bool(taking_part["muted"]) if taking_part else None,
            "debts": [{
                "debt_id": p["debt_id"],
                "kind": debts[p["debt_id"]]["kind"] if p["debt_id"] in debts else None,
                "creditor": (debts[p["debt_id"]]["current_holder_name"] or debts[p["debt_id"]]["original_creditor_name"])
                if p["debt_id"] in debts else None,
                "level": p["level"],
                "only_if_at_least_others": p["min_others"] or None,
                "since": _when(p["created_at"]),
                "changed_at": _when(p["updated_at"]),
            } for p in pledges if p["campaign_id"] == campaign_id],
            "retaliation_reports": [{
                "kind": r["kind"],
                "happened_on": _when(r["happened_on"]),
                "creditor": r["creditor_name"],
                "note": retaliation.open_note(data_key, member_id, r["note_sealed"]),
                "reported_at": _when(r["created_at"]),
            } for r in reports if r["campaign_id"] == campaign_id],
        })
    return exported

