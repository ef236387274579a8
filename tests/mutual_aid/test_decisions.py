"""Deciding aid requests: k of n stewards, a member vote, or automatically under a cap; never by the requester."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutual_aid.aid_requests.decisions import Automatic, Method, NobodyCanDecide, Stewards, Vote, outcome

STEWARDS = ["ana", "bo", "chen"]
MEMBERS = ["ana", "bo", "chen", "dee", "eli", "fay", "gus"]  # gus asks for aid below


@pytest.mark.parametrize(
    ("ballots", "expected"),
    [
        pytest.param({}, "pending", id="no-ballots-yet"),
        pytest.param({"ana": True}, "pending", id="one-of-two"),
        pytest.param({"ana": True, "bo": True}, "approved", id="two-of-two"),
        pytest.param({"ana": False}, "pending", id="one-no-two-can-still-approve"),
        pytest.param({"ana": False, "bo": False}, "declined", id="two-no-approval-out-of-reach"),
        pytest.param({"ana": True, "bo": False, "chen": True}, "approved", id="two-yes-one-no"),
    ],
)
def test_two_of_three_stewards(ballots: dict[str, bool], expected: str) -> None:
    assert outcome(Stewards(2), ballots, STEWARDS, "gus", 100_00) == expected


def test_a_steward_who_asks_for_aid_cannot_vote_and_k_is_capped_at_those_left() -> None:
    # Three stewards, k = 3; chen asks, so ana and bo must both approve.
    assert outcome(Stewards(3), {"ana": True}, STEWARDS, "chen", 100_00) == "pending"
    assert outcome(Stewards(3), {"ana": True, "bo": True}, STEWARDS, "chen", 100_00) == "approved"
    assert outcome(Stewards(3), {"ana": True, "bo": False}, STEWARDS, "chen", 100_00) == "declined"


def test_a_sole_stewards_own_request_cannot_be_decided_by_stewards() -> None:
    with pytest.raises(NobodyCanDecide):
        outcome(Stewards(1), {}, ["ana"], "ana", 100_00)


@pytest.mark.parametrize("method", [Stewards(1), Vote(Fraction(1, 2)), Automatic(10**6)])
def test_nobody_decides_their_own_request(method: Method) -> None:
    with pytest.raises(ValueError, match="own request"):
        outcome(method, {"ana": True}, MEMBERS, "ana", 100_00)


def test_a_ballot_from_someone_who_may_not_vote_is_refused() -> None:
    with pytest.raises(ValueError, match="may not vote"):
        outcome(Stewards(1), {"dee": True}, STEWARDS, "gus", 100_00)


def test_when_stewards_close_without_enough_yes_the_request_is_declined() -> None:
    assert outcome(Stewards(2), {"ana": True}, STEWARDS, "gus", 100_00, closed=True) == "declined"
    assert outcome(Stewards(2), {"ana": True, "bo": True}, STEWARDS, "gus", 100_00, closed=True) == "approved"


# Vote: gus asks, so 6 members may vote. Quorum one half: 3 must vote; majority: more than half yes.
HALF = Vote(quorum=Fraction(1, 2))


def _ballots(yes: str, no: str = "") -> dict[str, bool]:
    return {**{m: True for m in yes.split()}, **{m: False for m in no.split()}}


@pytest.mark.parametrize(
    ("ballots", "closed", "expected"),
    [
        pytest.param(_ballots("ana bo"), True, "declined", id="closed-below-quorum"),
        pytest.param(_ballots("ana bo", "chen"), True, "approved", id="closed-quorum-and-majority"),
        pytest.param(_ballots("ana", "bo chen"), True, "declined", id="closed-quorum-minority"),
        pytest.param(_ballots("ana bo", "chen dee"), True, "declined", id="closed-tie-declines"),
        pytest.param(_ballots("ana bo", "chen"), False, "pending", id="open-three-no-could-still-come"),
        pytest.param(_ballots("ana bo chen dee"), False, "approved", id="open-four-of-six-yes-is-certain"),
        pytest.param(_ballots("", "ana bo chen"), False, "declined", id="open-three-no-is-certain"),
        pytest.param(_ballots("ana", "bo chen"), False, "pending", id="open-three-yes-could-still-come"),
    ],
)
def test_a_member_vote(ballots: dict[str, bool], closed: bool, expected: str) -> None:
    assert outcome(HALF, ballots, MEMBERS, "gus", 100_00, closed=closed) == expected


def test_the_requester_is_not_counted_toward_the_quorum() -> None:
    # 6 of 7 members may vote; with a two-thirds quorum, 4 votes are needed, not 5.
    two_thirds = Vote(quorum=Fraction(2, 3))
    assert outcome(two_thirds, _ballots("ana bo chen dee"), MEMBERS, "gus", 100_00, closed=True) == "approved"
    assert outcome(two_thirds, _ballots("ana bo chen"), MEMBERS, "gus", 100_00, closed=True) == "declined"


@pytest.mark.parametrize(("amount", "expected"), [(50_00, "approved"), (50_01, "declined"), (1, "approved")])
def test_automatic_approval_up_to_the_cap(amount: int, expected: str) -> None:
    assert outcome(Automatic(50_00), {}, MEMBERS, "gus", amount) == expected


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: Stewards(0), id="no-stewards-needed"),
        pytest.param(lambda: Vote(Fraction(3, 2)), id="quorum-over-everyone"),
        pytest.param(lambda: Vote(Fraction(1, 2), Fraction(1)), id="majority-beyond-reach"),
        pytest.param(lambda: Automatic(-1), id="negative-cap"),
    ],
)
def test_a_meaningless_method_is_refused(make: object) -> None:
    with pytest.raises(ValueError):
        make()  # type: ignore[operator]


def test_a_request_for_nothing_is_refused() -> None:
    with pytest.raises(ValueError):
        outcome(Automatic(10), {}, MEMBERS, "gus", 0)


# Properties over small pools: voters v0..v(n-1), the requester "req" is always among the eligible.
shares = st.fractions(min_value=0, max_value=1, max_denominator=6)
methods = st.one_of(
    st.builds(Stewards, st.integers(min_value=1, max_value=6)),
    st.builds(Vote, shares, shares.filter(lambda f: f < 1)),
)


@st.composite
def requests(draw: st.DrawFn) -> tuple[Method, list[str], dict[str, bool]]:
    method = draw(methods)
    voters = [f"v{i}" for i in range(draw(st.integers(min_value=1, max_value=6)))]
    cast = draw(st.lists(st.sampled_from(voters), unique=True))
    return method, voters, {v: draw(st.booleans()) for v in cast}


def _completions(voters: list[str], ballots: dict[str, bool]) -> list[dict[str, bool]]:
    """Every way the ballots still to come could go, including members who never vote."""
    left = [v for v in voters if v not in ballots]
    return [
        {**ballots, **{v: choice for v, choice in zip(left, choices, strict=True) if choice is not None}}
        for choices in product([True, False, None], repeat=len(left))
    ]


@settings(max_examples=300)
@given(request=requests())
def test_a_decision_before_closing_is_one_no_later_ballot_can_change(
    request: tuple[Method, list[str], dict[str, bool]],
) -> None:
    method, voters, ballots = request
    eligible = [*voters, "req"]
    now = outcome(method, ballots, eligible, "req", 100)
    finals = {outcome(method, later, eligible, "req", 100, closed=True) for later in _completions(voters, ballots)}
    if now == "pending":
        assert finals == {"approved", "declined"}  # pending only while either is still possible
    else:
        assert finals == {now}


@given(request=requests(), closed=st.booleans())
def test_one_more_yes_never_hurts(request: tuple[Method, list[str], dict[str, bool]], closed: bool) -> None:
    method, voters, ballots = request
    rank = {"declined": 0, "pending": 1, "approved": 2}
    before = outcome(method, ballots, [*voters, "req"], "req", 100, closed=closed)
    for voter in voters:
        if not ballots.get(voter, False):
            after = outcome(method, {**ballots, voter: True}, [*voters, "req"], "req", 100, closed=closed)
            assert rank[after] >= rank[before]


@given(request=requests(), amount=st.integers(min_value=1, max_value=10**6))
def test_the_requester_ballot_is_always_refused(
    request: tuple[Method, list[str], dict[str, bool]], amount: int
) -> None:
    method, voters, ballots = request
    with pytest.raises(ValueError):
        outcome(method, {**ballots, "req": True}, [*voters, "req"], "req", amount)


@given(limit=st.integers(min_value=0, max_value=10**6), amount=st.integers(min_value=1, max_value=10**6))
def test_automatic_approval_is_exactly_the_cap(limit: int, amount: int) -> None:
    assert (outcome(Automatic(limit), {}, [], "req", amount) == "approved") is (amount <= limit)
