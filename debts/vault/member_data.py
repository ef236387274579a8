"""The vault's part of a member's download, and of their erasure."""

from __future__ import annotations

from typing import Any

from debts.vault import queries, service
from debts.vault.sealing import ACCOUNT_NUMBER, NOTES
from server.crypto import Keyring
from server.db import Database
from server.domain import Domains
from server.sealing import open_sealed


async def export_debts(db: Database, member_id: int, data_key: bytes, keyring: Keyring) -> list[dict[str, Any]]:
    """Every debt, with its account number and notes opened and its history."""
    history: dict[int, list[dict[str, Any]]] = {}
    for entry in await queries.histories_of(db, member_id):
        history.setdefault(entry["debt_id"], []).append(
            {"at": entry["at"].isoformat(), "change": entry["change"],
             "balance_cents": entry["balance_cents"], "status": entry["status"]}
        )
    exported = []
    for debt in await queries.debts_of(db, member_id):
        exported.append({
            "id": debt["id"],
            "kind": debt["kind"],
            "original_creditor": debt["original_creditor_name"],
            "current_holder": debt["current_holder_name"],
            "balance_cents": debt["balance_cents"],
            "original_cents": debt["original_cents"],
            "currency": debt["currency"],
            "interest_rate_percent": None if debt["interest_rate_bp"] is None else debt["interest_rate_bp"] / 100,
            "status": debt["status"],
            **{name: debt[name].isoformat() if debt[name] else None
               for name in ("opened_on", "last_payment_on", "first_delinquency_on", "first_collection_notice_on")},
            "region": debt["region"],
            "experiences": [e for e in debt["experiences"].split(",") if e],
            "account_number": open_sealed(data_key, member_id, ACCOUNT_NUMBER, debt["account_number_sealed"]),
            "notes": open_sealed(data_key, member_id, NOTES, debt["notes_sealed"]),
            "created_at": debt["created_at"].isoformat(),
            "updated_at": debt["updated_at"].isoformat(),
            "history": history.get(debt["id"], []),
        })
    return exported


async def erase_debts(db: Database, member_id: int, domains: Domains) -> None:
    """Each debt goes through `watchers.changing`, so every campaign that counted it stops counting it."""
    for debt in await queries.debts_of(db, member_id):
        await service.delete(db, member_id, debt["id"], None, domains.debt_watchers)

