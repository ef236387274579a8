"""When a campaign activates: personal conditions, the active set, and its threshold.

Pure rules with no I/O; `queries.py` loads the pledges and calls these on every change.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

Level = Literal["counted", "pledged", "striking"]
LEVELS: frozenset[str] = frozenset(get_args(Level))


@dataclass(frozen=True)
class Pledge:
    """One debt a member joined a campaign with.

    `min_others` is the personal condition "only if at least N other members pledge". Counted
    (solidarity) pledges never activate anything; striking ones have already stopped paying, so
    their condition is 0 whatever is stored.
    """

    id: int
    member_id: int
    level: Level
    amount_cents: int
    min_others: int = 0

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown pledge level {self.level!r}")
        if self.amount_cents < 0 or self.min_others < 0:
            raise ValueError("amount and condition cannot be negative")

    @property
    def condition(self) -> int:
        """The number of other members this pledge waits for."""
        return 0 if self.level == "striking" else self.min_others


def _active(pledges: Iterable[Pledge]) -> list[Pledge]:
    # Conditions are per pledge and count distinct other MEMBERS. A member is in the set when at
    # least one of their pledges' conditions holds, so a member waits for their smallest condition;
    # each of their debts is then in exactly when its own condition holds. A striker is always in.
    # Feasible sets are closed under union (a union has at least as many members as either part,
    # so every condition that held still holds); hence the maximum is unique and holds the most money.
    # Members' smallest conditions sorted c_1 <= ... <= c_n: the set has the largest m with
    # c_m <= m - 1, and is exactly {pledges with condition <= m - 1} (c_{m+1} <= m - 1 would make m+1 fit).
    candidates = [p for p in pledges if p.level != "counted"]
    waits: dict[int, int] = {}
    for p in candidates:
        waits[p.member_id] = min(p.condition, waits.get(p.member_id, p.condition))
    members = 0
    for m, wait in enumerate(sorted(waits.values()), start=1):
        if wait <= m - 1:
            members = m
    return [p for p in candidates if p.condition <= members - 1]


def active_set(pledges: Iterable[Pledge]) -> frozenset[int]:
    """Ids of the largest set of pledged/striking pledges whose conditions all hold among themselves.

    "Others" are other members: one member's several debts count once. O(n log n).
    """
    return frozenset(p.id for p in _active(pledges))


@dataclass(frozen=True)
class Threshold:
    """A campaign's goal: a number of members and/or a total amount, optionally by a deadline."""

    members: int | None
    amount_cents: int | None
    deadline: datetime.datetime | None = None

    def __post_init__(self) -> None:
        if self.members is None and self.amount_cents is None:
            raise ValueError("a threshold needs a number of members, an amount, or both")
        if (self.members is not None and self.members < 1) or (self.amount_cents is not None and self.amount_cents < 1):
            raise ValueError("threshold numbers must be positive")
        if self.deadline is not None and self.deadline.utcoffset() is None:
            raise ValueError("the deadline must carry a time zone")


def is_met(threshold: Threshold, pledges: Iterable[Pledge], now: datetime.datetime) -> bool:
    """Whether the active set reaches every number the threshold sets, no later than its deadline.

    Members are counted once however many debts they pledged; the deadline itself still counts.
    """
    if threshold.deadline is not None and now > threshold.deadline:
        return False
    active = _active(pledges)
    if threshold.members is not None and len({p.member_id for p in active}) < threshold.members:
        return False
    return threshold.amount_cents is None or sum(p.amount_cents for p in active) >= threshold.amount_cents


def can_lower(old: Threshold, new: Threshold, anyone_pledged: bool) -> bool:
    """Whether an organizer may change the threshold from `old` to `new`.

    Before anyone has pledged, any change is allowed. After, the member count and the amount may
    be raised or newly added but never lowered or removed. The deadline is not protected: moving,
    adding or removing it is allowed, since members may withdraw at any time before activation.
    """
    if not anyone_pledged:
        return True
    for before, after in ((old.members, new.members), (old.amount_cents, new.amount_cents)):
        if before is not None and (after is None or after < before):
            return False
    return True
