"""What the roles page's forms sent, checked: a member's id and one of the roles. These fields are
never typed (they are the forms' hidden fields and a list), so anything else was forged."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from server.fields import parse_id
from server.forms import text


def role_change(data: Mapping[str, Any], roles: Collection[str]) -> tuple[int, str] | None:
    """(member id, role), or None when either is not one."""
    member_id = parse_id(text(data, "member_id", 20))
    role = text(data, "role", 20)
    if member_id is None or role not in roles:
        return None
    return member_id, role
