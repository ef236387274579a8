"""Fields sealed under a member's own data key: account numbers, notes, a letter's details, the
explanation of an aid request, a declared income.

The key is available only during the member's session (see server.auth), so the server, an
organizer, an administrator or a copy of the database cannot read these fields. The purpose bound
to each ciphertext names the field and the member, so a sealed value cannot be moved to another
field or another member's row.
"""

from __future__ import annotations

from server import crypto


def _purpose(field: str, member_id: int) -> str:
    return f"{field}:{member_id}"


def seal(key: bytes, member_id: int, field: str, plaintext: str) -> str | None:
    return crypto.encrypt_with(key, plaintext, _purpose(field, member_id)) if plaintext else None


def open_sealed(key: bytes, member_id: int, field: str, sealed: str | None) -> str:
    return crypto.decrypt_with(key, sealed, _purpose(field, member_id)) if sealed else ""
