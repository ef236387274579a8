"""The rules of an aid request: what may be asked, what it asks in all, who decides it and how, its
state from its running tallies, and when it can be withdrawn. Pure: no I/O.

A ballot row says only who voted; the choices are the request's `yes_votes` and `no_votes`. To ask
`decisions.outcome`, the tallies are turned back into anonymous ballots ("yes-0", "no-0", ...)
among as many eligible names as there are members who may decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from mutual_aid.aid_requests import decisions
from mutual_aid.pools.rules import PoolRules

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


def decision(rules: PoolRules, decision_method: str) -> decisions.Method:
    """How a request above the automatic limit is decided: by a vote of members with the pool's
    quorum and majority, or by k of its stewards."""
    if decision_method == "vote":
        return decisions.Vote(Fraction(rules.quorum_percent, 100), Fraction(rules.majority_percent, 100))
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
        return decisions.outcome(decision(rules, decision_method), ballots, [*ballots, *others], _REQUESTER, 1,
                                 closed=closed)
    except decisions.NobodyCanDecide:
        return "declined" if closed else "pending"


def may_vote(voter_id: int, requester_id: int) -> bool:
    """Nobody decides their own request."""
    return voter_id != requester_id


def decided_by(role: str) -> list[str]:
    """The decision methods of the requests a member of the pool decides (and sees): every member
    votes when members vote; stewards also decide when stewards do, and pay what was approved
    automatically."""
    return ["vote", "stewards", "automatic"] if role == "steward" else ["vote"]


def kinds_asked_now(pool_open: bool, rules: PoolRules) -> list[str]:
    """The kinds of aid a member may ask the pool for now: those its rules offer, while it is open."""
    if not pool_open:
        return []
    return [kind for kind, on in (("one_off", rules.requests_enabled), ("hardship", rules.hardship_enabled)) if on]


def may_withdraw(status: str, payout_statuses: Sequence[str]) -> bool:
    """A request can be withdrawn until it is closed or money was sent on it."""
    return status in WITHDRAWABLE and not any(s in ("sent", "received") for s in payout_statuses)
