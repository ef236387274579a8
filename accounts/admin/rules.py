"""The rule about administrators: Jubilee always keeps one."""

from __future__ import annotations

from collections.abc import Collection

ADMINISTRATOR = "administrator"


def is_last_administrator(roles: Collection[str], administrators: int) -> bool:
    """Whether a member holding `roles` is the last of the `administrators`: they may neither lose
    the role nor erase their account."""
    return ADMINISTRATOR in roles and administrators <= 1
