"""Who decides an aid request, and when it is decided. Pure rules with no I/O.

Nobody ever decides their own request: a ballot from the requester is refused (ValueError), and the
requester is never counted among those who may decide.

Until the decision closes (`closed=False`), a request is approved or declined only once no ballot
still to come could change that; otherwise it is pending. When it closes (its deadline passed),
the ballots in hand decide and nothing stays pending.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Outcome = Literal["approved", "declined", "pending"]


class NobodyCanDecide(ValueError):
    """The requester is the pool's only steward: the request must go to a member vote instead."""


@dataclass(frozen=True)
class Stewards:
    """Approved when `k` stewards say yes.

    A steward who asks for aid cannot vote on it, so `k` is capped at the stewards left: with three
    stewards and k = 3, a request from one of them needs both others. A sole steward's own request
    cannot be decided by stewards at all (`NobodyCanDecide`).
    """

    k: int

    def __post_init__(self) -> None:
        if self.k < 1:
            raise ValueError("at least one steward must approve")


@dataclass(frozen=True)
class Vote:
    """Members vote yes or no.

    Quorum: at least this share of the members who may vote must have voted. Majority: more than
    this share of the votes cast must be yes, so the default one half is a simple majority and a
    tie declines.
    """

    quorum: Fraction
    majority: Fraction = Fraction(1, 2)

    def __post_init__(self) -> None:
        if not (0 <= self.quorum <= 1 and 0 <= self.majority < 1):
            raise ValueError("quorum must be within 0..1 and majority within 0..1 (1 excluded)")


@dataclass(frozen=True)
class Automatic:
    """Approved without a vote when the amount is at most `limit` cents; declined above it."""

    limit: int

    def __post_init__(self) -> None:
        if self.limit < 0:
            raise ValueError("the limit cannot be negative")


Method = Stewards | Vote | Automatic


def outcome(
    method: Method,
    ballots: Mapping[str, bool],
    eligible: Collection[str],
    requester: str,
    amount: int,
    *,
    closed: bool = False,
) -> Outcome:
    """The state of one aid request.

    `ballots` maps each voter's pseudonym to yes (True) or no (False); `eligible` is the pool's
    stewards (for `Stewards`) or members (for `Vote`). A ballot from the requester, or from someone
    not eligible, is refused with ValueError.
    """
    if amount <= 0:
        raise ValueError("a request is for at least one cent")
    if requester in ballots:
        raise ValueError("nobody decides their own request")
    voters = set(eligible) - {requester}
    strangers = set(ballots) - voters
    if strangers:
        raise ValueError(f"ballots from people who may not vote: {sorted(strangers)}")
    if isinstance(method, Automatic):
        return "approved" if amount <= method.limit else "declined"
    yes = sum(1 for vote in ballots.values() if vote)
    no = len(ballots) - yes
    if isinstance(method, Stewards):
        return _stewards(method, yes, no, len(voters), closed)
    return _vote(method, yes, no, len(voters), closed)


def _stewards(method: Stewards, yes: int, no: int, stewards: int, closed: bool) -> Outcome:
    if stewards == 0:
        raise NobodyCanDecide("the requester is the only steward")
    needed = min(method.k, stewards)
    if yes >= needed:
        return "approved"
    if closed or no > stewards - needed:
        return "declined"
    return "pending"


def _passes(method: Vote, yes: int, votes: int, voters: int) -> bool:
    return votes > 0 and Fraction(votes, voters) >= method.quorum and Fraction(yes, votes) > method.majority


def _vote(method: Vote, yes: int, no: int, voters: int, closed: bool) -> Outcome:
    votes = yes + no
    if voters == 0:
        return "declined" if closed else "pending"
    if closed:
        return "approved" if _passes(method, yes, votes, voters) else "declined"
    # Ballots still to come can only add votes. The worst case for approval is everyone left voting
    # no; the best is everyone left voting yes (the yes share and the turnout both only grow).
    left = voters - votes
    if _passes(method, yes, votes, voters) and Fraction(yes, voters) > method.majority:
        return "approved"
    if not _passes(method, yes + left, voters, voters):
        return "declined"
    return "pending"
