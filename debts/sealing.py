"""Account numbers and notes, sealed under the member's own data key.

The key is available only during the member's session (see server.auth), so the server, an
organizer, an administrator or a copy of the database cannot read these fields. The purpose bound
to each ciphertext names the field and the member, so a sealed value cannot be moved to another
field or another member's row.
"""

from __future__ import annotations

from typing import Any

from debts.forms import DebtForm
from server import crypto
from server.auth import CurrentMember
from server.db import Row

ACCOUNT_NUMBER = "debt.account_number"
NOTES = "debt.notes"


def _purpose(field: str, member_id: int) -> str:
    return f"{field}:{member_id}"


def seal(key: bytes, member_id: int, field: str, plaintext: str) -> str | None:
    return crypto.encrypt_with(key, plaintext, _purpose(field, member_id)) if plaintext else None


def open_sealed(key: bytes, member_id: int, field: str, sealed: str | None) -> str:
    return crypto.decrypt_with(key, sealed, _purpose(field, member_id)) if sealed else ""


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
