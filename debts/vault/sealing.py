"""A debt's account number and notes, sealed under the member's own data key (`server.sealing`)."""

from __future__ import annotations

from typing import Any

from debts.vault.forms import DebtForm
from server.auth import CurrentMember
from server.db import Row
from server.sealing import open_sealed, seal

ACCOUNT_NUMBER = "debt.account_number"
NOTES = "debt.notes"


def sealed_values(form: DebtForm, member: CurrentMember) -> dict[str, Any]:
    """The form's clean values, with the private fields sealed for the vault."""
    key = member.data_key()
    values = dict(form.clean)
    values["account_number_sealed"] = seal(key, member.id, ACCOUNT_NUMBER, form.values["account_number"])
    values["notes_sealed"] = seal(key, member.id, NOTES, form.values["notes"])
    return values


def opened_fields(debt: Row, member: CurrentMember) -> tuple[str, str]:
    key = member.data_key()
    return (
        open_sealed(key, member.id, ACCOUNT_NUMBER, debt["account_number_sealed"]),
        open_sealed(key, member.id, NOTES, debt["notes_sealed"]),
    )
