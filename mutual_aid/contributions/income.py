"""A member's declared monthly income, sealed with their own key: only they can read it back.
Stewards see only the monthly contribution it results in (`pool_members.monthly_cents`)."""

from __future__ import annotations

from server import crypto

INCOME = "pool.income"


def _purpose(pool_id: int, member_id: int) -> str:
    return f"{INCOME}:{pool_id}:{member_id}"


def seal_income(key: bytes, pool_id: int, member_id: int, cents: int) -> str:
    return crypto.encrypt_with(key, str(cents), _purpose(pool_id, member_id))


def open_income(key: bytes, pool_id: int, member_id: int, sealed: str | None) -> int | None:
    """The member's declared income in cents; None when none was declared, or it cannot be opened
    (the member lost their key with their password)."""
    if not sealed:
        return None
    try:
        return int(crypto.decrypt_with(key, sealed, _purpose(pool_id, member_id)))
    except (crypto.DecryptionError, ValueError):
        return None
