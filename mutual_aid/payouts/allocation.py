"""Sharing out a pool's money when approved requests ask for more than it can pay.

Pure rules with no I/O: the pool's queries load the approved, still unpaid requests and the
balance, and call these. All amounts are whole cents. Whatever the rule, nobody is paid more than
they asked, the pool never pays more than it has above its reserve, and when the money does not
cover everyone every cent of it is handed out.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

Rule = Literal["pro_rata", "needs_first"]
RULES: frozenset[str] = frozenset(get_args(Rule))


@dataclass(frozen=True)
class Claim:
    """One approved aid request, with the part of it not yet paid.

    `submitted_at` only decides who gets a leftover cent first: earlier requests before later
    ones, requests without a time after those with one, then the smaller id.
    """

    id: int
    asked_cents: int
    submitted_at: datetime.datetime | None = None

    def __post_init__(self) -> None:
        if self.asked_cents < 0:
            raise ValueError("an amount asked cannot be negative")
        if self.submitted_at is not None and self.submitted_at.utcoffset() is None:
            raise ValueError("the submission time must carry a time zone")


def _queue_order(claim: Claim) -> tuple[bool, datetime.datetime, int]:
    # Earliest first, untimed last, then smallest id; the datetime.min stand-in is never compared
    # against a real time because the boolean before it already differs.
    when = claim.submitted_at or datetime.datetime.min.replace(tzinfo=datetime.UTC)
    return (claim.submitted_at is None, when, claim.id)


def available_above_reserve(balance_cents: int, reserve_cents: int) -> int:
    """What the pool may pay out: its balance minus the reserve it keeps, and never below zero."""
    if reserve_cents < 0:
        raise ValueError("a reserve cannot be negative")
    return max(balance_cents - reserve_cents, 0)


def allocate(requests: Sequence[Claim], available_cents: int, rule: str) -> dict[int, int]:
    """How many cents each request (by id) is paid from `available_cents`, under the pool's rule.

    When the money covers every request, everyone gets exactly what they asked, whatever the rule.
    Otherwise all of the money is paid out, and:

    - "pro_rata": everyone gets the same share of what they asked. With $600 for requests of
      $300, $600 and $900 ($1,800 in all), everyone gets a third: $100, $200 and $300. Shares are
      rounded down to the cent, and the few cents left by rounding go one each to the requests that
      lost the most to rounding (then the earliest, then the smallest id).
    - "needs_first": the smallest needs are met first. Everyone is paid up to the same level, and
      requests below that level are paid in full. With $600 for requests of $100, $300 and $900,
      the $100 request is paid in full and the other two get $250 each. A cent too few to raise
      everyone evenly goes to the smallest requests still short (then the earliest, then the
      smallest id), so a smaller request is never paid less than a larger one unless it is paid in
      full.
    """
    if rule not in RULES:
        raise ValueError(f"unknown allocation rule {rule!r}")
    if available_cents < 0:
        raise ValueError("the money available cannot be negative")
    if len({claim.id for claim in requests}) != len(requests):
        raise ValueError("each request may appear only once")
    if sum(claim.asked_cents for claim in requests) <= available_cents:
        return {claim.id: claim.asked_cents for claim in requests}
    if rule == "pro_rata":
        return _pro_rata(requests, available_cents)
    return _needs_first(requests, available_cents)


def _pro_rata(requests: Sequence[Claim], available_cents: int) -> dict[int, int]:
    # Exact share = asked * available / total; pay its floor, then one cent each to the largest
    # remainders. The remainders add up to (leftover * total) and each is below total, so more
    # claims have a remainder than there are cents left over, and a claim with a remainder was
    # paid below what it asked: no one is paid past their ask.
    total = sum(claim.asked_cents for claim in requests)
    paid: dict[int, int] = {}
    remainders: list[tuple[int, Claim]] = []
    for claim in requests:
        share, remainder = divmod(claim.asked_cents * available_cents, total)
        paid[claim.id] = share
        remainders.append((remainder, claim))
    leftover = available_cents - sum(paid.values())
    remainders.sort(key=lambda pair: (-pair[0], _queue_order(pair[1])))
    for _, claim in remainders[:leftover]:
        paid[claim.id] += 1
    return paid


def _needs_first(requests: Sequence[Claim], available_cents: int) -> dict[int, int]:
    # Water-filling: the level is the largest whole number of cents L with sum(min(asked, L)) within
    # the money. Walking up the sorted asks, each ask that fits in full for everyone still waiting
    # is paid in full; the first that does not sets the level for the rest. The cents left over are
    # fewer than the claims above the level (one more cent each would not fit), and those claims
    # asked at least L + 1, so one more cent each never passes an ask.
    by_need = sorted(requests, key=lambda claim: (claim.asked_cents, _queue_order(claim)))
    spent = 0
    level = 0
    for position, claim in enumerate(by_need):
        waiting = len(by_need) - position
        if spent + claim.asked_cents * waiting > available_cents:
            level = (available_cents - spent) // waiting
            break
        spent += claim.asked_cents
    paid = {claim.id: min(claim.asked_cents, level) for claim in requests}
    leftover = available_cents - sum(paid.values())
    short = [claim for claim in by_need if claim.asked_cents > level]
    for claim in short[:leftover]:
        paid[claim.id] += 1
    return paid


def hardship_payments(claims: Sequence[tuple[int, int]], budget_cents: int) -> dict[int, int]:
    """This month's payment to each member on hardship leave (Broodfonds-style), by member id.

    `claims` are (member id, monthly amount) pairs. When the month's contributions cover every
    claim, each member receives their full amount. When they do not, everyone is cut by the same
    proportion, as in "pro_rata": with $2,000 for claims of $1,500 and $1,000, each receives 80%,
    $1,200 and $800. No member is favoured by when they fell ill: a cent left by rounding goes to
    whoever lost most to rounding, then to the smaller member id.
    """
    return allocate([Claim(member, monthly) for member, monthly in claims], budget_cents, "pro_rata")
