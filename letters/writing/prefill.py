"""What a letter's form starts with, from the member's vault (opened for them) and from their
previous letter (their name and address)."""

from __future__ import annotations

import datetime as dt

from debts import api as vault
from letters.catalogue.student import first_disbursed_from_start
from letters.sealing import open_fields
from server.auth import CurrentMember
from server.db import Database, Row


def _cents(cents: int | None) -> str:
    return "" if cents is None else f"{cents / 100:,.2f}"


def _later_of(*days: dt.date | None) -> str:
    known = [day for day in days if day is not None]
    return max(known).isoformat() if known else ""


async def prefill(db: Database, member: CurrentMember, debt: Row, last_letter: Row | None) -> dict[str, str]:
    """What the vault (and the member's previous letter) can fill in, by PREFILLS name."""
    account_number, _notes = vault.opened_fields(debt, member)
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
        "first_disbursed": first_disbursed_from_start(debt["opened_on"]),
        **{name: debt[name].isoformat() if debt[name] else ""
           for name in ("first_delinquency_on", "first_collection_notice_on", "last_payment_on", "opened_on")},
        # when the limitation clock may have started: the later of the last payment and the first
        # missed one (the later day is the safe side for a member asking whether a debt is too old)
        "last_activity_on": _later_of(debt["last_payment_on"], debt["first_delinquency_on"]),
    }
    if last_letter is not None:
        previous = open_fields(member, last_letter)
        values["sender_name"] = str(previous.get("sender_name", ""))
        values["sender_address"] = str(previous.get("sender_address", ""))
    return values
