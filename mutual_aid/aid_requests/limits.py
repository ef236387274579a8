"""How much a member may ask for, and how much the pool can pay now. Pure rules, in cents.

"The last 12 months" is the 365 days ending today, today included: one fixed length every member
can count on a calendar, with no question of what a month before 31 March or 29 February is. A leap
year makes the window one day shorter than a calendar year, never longer.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Literal

Reason = Literal["over_request_max", "over_yearly_max", "waiting_period"]
WINDOW = datetime.timedelta(days=365)


def paid_in_window(payments: Sequence[tuple[datetime.date, int]], today: datetime.date) -> int:
    """Aid paid in the 365 days ending today; a payment dated after today counts too."""
    start = today - WINDOW + datetime.timedelta(days=1)
    return sum(cents for day, cents in payments if day >= start)


def check_request(
    amount_cents: int,
    *,
    max_per_request: int | None,
    max_per_member_12_months: int | None,
    paid_to_member_last_12_months: Sequence[tuple[datetime.date, int]],
    joined_on: datetime.date,
    waiting_days: int,
    today: datetime.date,
) -> list[Reason]:
    """Why this aid request cannot be made now, in a fixed order; an empty list means it can.

    A limit of None means the pool set none. `waiting_days` after joining, the member may ask: who
    joined on 1 March with a 30-day wait may ask from 31 March.
    """
    if amount_cents <= 0:
        raise ValueError("a request is for at least one cent")
    if waiting_days < 0 or any(cents <= 0 for _, cents in paid_to_member_last_12_months):
        raise ValueError("waiting days cannot be negative and payments must be at least one cent")
    reasons: list[Reason] = []
    if max_per_request is not None and amount_cents > max_per_request:
        reasons.append("over_request_max")
    already = paid_in_window(paid_to_member_last_12_months, today)
    if max_per_member_12_months is not None and already + amount_cents > max_per_member_12_months:
        reasons.append("over_yearly_max")
    if today < joined_on + datetime.timedelta(days=waiting_days):
        reasons.append("waiting_period")
    return reasons


def payable_now(amount: int, balance: int, reserve: int) -> int:
    """What the pool can pay of `amount` now without going below its reserve (never less than 0)."""
    if amount < 0 or reserve < 0:
        raise ValueError("amount and reserve cannot be negative")
    return max(0, min(amount, balance - reserve))
