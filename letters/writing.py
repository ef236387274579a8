"""Writing a letter from a debt: what the form starts with, and the letter's sealed record.

Everything a member types into a letter (names, addresses, account numbers) is sealed with their
own data key before it is stored; it is opened only in their session, to prefill, preview and
render the PDF again. Fields marked `never_stored` (an SSN) are typed at download time only.
"""

from __future__ import annotations

import json
from typing import Any

from debts import api as vault
from debts.api import opened_fields
from letters.catalogue import LetterType
from server.auth import CurrentMember
from server.db import Database, Row
from server.sealing import open_sealed, seal

FIELDS = "letter.fields"
TRACKING = "letter.tracking"


def seal_fields(member: CurrentMember, values: dict[str, Any]) -> str:
    sealed = seal(member.data_key(), member.id, FIELDS, json.dumps(values, ensure_ascii=False, sort_keys=True))
    assert sealed is not None  # never empty: the letter's language at least
    return sealed


def open_fields(member: CurrentMember, letter: Row) -> dict[str, Any]:
    opened = open_sealed(member.data_key(), member.id, FIELDS, letter["fields_sealed"])
    values = json.loads(opened) if opened else {}
    return values if isinstance(values, dict) else {}


def _cents(cents: int | None) -> str:
    return "" if cents is None else f"{cents / 100:,.2f}"


async def prefill(db: Database, member: CurrentMember, debt: Row, last_letter: Row | None) -> dict[str, str]:
    """What the vault (and the member's previous letter) can fill in, by PREFILLS name."""
    account_number, _notes = opened_fields(debt, member)
    creditors = await vault.creditors_by_ids(
        db, [i for i in (debt["original_creditor_id"], debt["current_holder_id"]) if i])
    values = {
        "original_creditor": str(creditors[debt["original_creditor_id"]]["name"])
        if debt["original_creditor_id"] in creditors else "",
        "current_holder": str(creditors[debt["current_holder_id"]]["name"])
        if debt["current_holder_id"] in creditors else "",
        "account_number": account_number,
        "balance": _cents(debt["balance_cents"]),
        "original_amount": _cents(debt["original_cents"]),
        "region": debt["region"] or "",
        **{name: debt[name].isoformat() if debt[name] else ""
           for name in ("first_delinquency_on", "first_collection_notice_on", "last_payment_on", "opened_on")},
    }
    if last_letter is not None:
        previous = open_fields(member, last_letter)
        values["sender_name"] = str(previous.get("sender_name", ""))
        values["sender_address"] = str(previous.get("sender_address", ""))
    return values


def starting_values(letter_type: LetterType, known: dict[str, str], language: str) -> dict[str, Any]:
    """The form as it opens: each field's prefill, the page's language for the letter."""
    values: dict[str, Any] = {"letter_language": language if language in ("en", "es") else "en"}
    for item in letter_type.fields:
        if item.kind == "choices":
            values[item.name] = []
        elif item.prefill:
            values[item.name] = known.get(item.prefill, "")
        else:
            values[item.name] = ""
    return values
