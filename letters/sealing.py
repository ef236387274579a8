"""What a member typed into a letter, and its tracking number, sealed with the member's own data
key (`server.sealing`): opened only in their session, to prefill, show and print the letter again."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from server import crypto
from server.auth import CurrentMember
from server.sealing import open_sealed, seal

FIELDS = "letter.fields"
TRACKING = "letter.tracking"


def seal_fields(member: CurrentMember, values: dict[str, Any]) -> str:
    sealed = seal(member.data_key(), member.id, FIELDS, json.dumps(values, ensure_ascii=False, sort_keys=True))
    assert sealed is not None  # never empty: the letter's language at least
    return sealed


def open_fields(member: CurrentMember, letter: Mapping[str, Any]) -> dict[str, Any]:
    opened = open_sealed(member.data_key(), member.id, FIELDS, letter["fields_sealed"])
    values = json.loads(opened) if opened else {}
    return values if isinstance(values, dict) else {}


def letter_fields(member: CurrentMember, letter: Mapping[str, Any]) -> dict[str, Any]:
    """What the member typed into the letter; empty if it cannot be opened (a lost key)."""
    try:
        return open_fields(member, letter)
    except (crypto.DecryptionError, ValueError):
        return {}


def seal_tracking(member: CurrentMember, tracking_number: str) -> str | None:
    return seal(member.data_key(), member.id, TRACKING, tracking_number)


def open_tracking(key: bytes, member_id: int, sealed: str | None) -> str:
    try:
        return open_sealed(key, member_id, TRACKING, sealed)
    except crypto.DecryptionError:
        return ""
