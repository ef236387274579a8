"""The rules that tie an aid request to the pool's pure rules: how it is decided, its state from
its running tallies, what is left to pay on it, and this month's payout plan. Pure: no I/O.

A ballot row says only who voted; the choices are the request's `yes_votes` and `no_votes`. To ask
`decisions.outcome`, the tallies are turned back into anonymous ballots ("yes-0", "no-0", ...)
among as many eligible names as there are members who may decide.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mutual_aid import allocation, decisions
from mutual_aid.rules import PoolRules

OPEN_FOR_DECISION = ("submitted", "under_decision")
TO_PAY = ("approved", "partly_funded")
WITHDRAWABLE = ("submitted", "under_decision", "approved", "partly_funded")
_REQUESTER = "requester"


def total_asked(kind: str, amount_cents: int, months: int | None) -> int:
    """What a request asks for in all: the amount, or for hardship support the monthly amount times
    the months."""
    return amount_cents * (months or 1) if kind == "hardship" else amount_cents


def method_for(rules: PoolRules, total_cents: int, other_stewards: int) -> tuple[str, bool]:
    """How a new request is decided, and whether the pool's stewards method had to give way to a
    vote because the requester is the only steward (nobody else could decide)."""
    if rules.decided_automatically(total_cents):
        return "automatic", False
    if rules.decision_method == "stewards" and other_stewards == 0:
        return "vote", True
    return rules.decision_method, False


def _method(rules: PoolRules, decision_method: str) -> decisions.Method:
    if decision_method == "vote":
        return dataclasses.replace(rules, decision_method="vote").decision()
    return decisions.Stewards(rules.stewards_k)


def status_from_tallies(
    rules: PoolRules, decision_method: str, yes: int, no: int, eligible: int, *, closed: bool = False
) -> decisions.Outcome:
    """The request's state from its tallies; `eligible` counts who may decide, requester excluded.

    Someone who voted and left the pool since still counts: the eligible are never fewer than the
    votes cast."""
    if decision_method == "automatic":
        return "approved"
    ballots = {f"yes-{i}": True for i in range(yes)} | {f"no-{i}": False for i in range(no)}
    others = [f"other-{i}" for i in range(max(eligible - yes - no, 0))]
    try:
        return decisions.outcome(_method(rules, decision_method), ballots, [*ballots, *others], _REQUESTER, 1,
                                 closed=closed)
    except decisions.NobodyCanDecide:
        return "declined" if closed else "pending"


@dataclass(frozen=True)
class Owed:
    """One approved request as the payout plan sees it: what is left to pay on it now."""

    request_id: int
    kind: str
    remaining_cents: int  # one-off: asked minus received and sent; hardship: this month's amount
    submitted_at: dt.datetime | None = None


def remaining_one_off(amount_cents: int, received_cents: int, sent_cents: int) -> int:
    return max(amount_cents - received_cents - sent_cents, 0)


def hardship_due(months: int, monthly_cents: int, months_paid: Sequence[str], month: str) -> int:
    """This month's hardship payment still to make: none once this month was paid (or sent), or
    once every month was."""
    if month in months_paid or len(set(months_paid)) >= months:
        return 0
    return monthly_cents


def plan(owed: Sequence[Owed], available_cents: int, rule: str) -> dict[int, int]:
    """How much to send on each request now, by request id.

    Hardship support for this month comes first, cut pro rata for everyone when the money does not
    cover it (the Broodfonds rule); one-off aid shares what is left under the pool's allocation
    rule. Nobody is planned more than they still need, and the plan never passes `available_cents`.
    """
    available = max(available_cents, 0)
    hardship = [o for o in owed if o.kind == "hardship" and o.remaining_cents > 0]
    one_off = [o for o in owed if o.kind != "hardship" and o.remaining_cents > 0]
    planned = allocation.hardship_payments([(o.request_id, o.remaining_cents) for o in hardship], available)
    left = available - sum(planned.values())
    claims = [allocation.Claim(o.request_id, o.remaining_cents, o.submitted_at) for o in one_off]
    planned.update(allocation.allocate(claims, left, rule))
    return {request_id: cents for request_id, cents in planned.items() if cents > 0}


def status_after_payout(kind: str, amount_cents: int, months: int | None, received_cents: int,
                        sent_cents: int, months_received: int) -> str:
    """A request's status from what was received and sent on it: paid when the amount (or every
    month) is received; a one-off request is partly funded while what was sent and received is
    more than nothing but less than it asked; otherwise approved (still to pay)."""
    if kind == "hardship":
        return "paid" if months_received >= (months or 1) else "approved"
    if received_cents >= amount_cents:
        return "paid"
    return "partly_funded" if 0 < received_cents + sent_cents < amount_cents else "approved"


def reasons_text(reasons: Sequence[str], words: Mapping[str, str]) -> str:
    """The limits a request breaks, in words, one sentence after the other."""
    return " ".join(words[reason] for reason in reasons)
