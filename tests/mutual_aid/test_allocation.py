"""Allocation: how a pool shares out money that does not cover every approved request."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutual_aid.payouts.allocation import Claim, allocate, available_above_reserve, hardship_payments

MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)

claim_fields = st.tuples(
    st.integers(min_value=0, max_value=10**7),
    st.none() | st.integers(min_value=0, max_value=5).map(lambda hours: MONDAY + hours * HOUR),
)


def _claims(fields: list[tuple[int, datetime.datetime | None]]) -> list[Claim]:
    return [Claim(i + 1, asked, when) for i, (asked, when) in enumerate(fields)]


claim_lists = st.lists(claim_fields, max_size=12).map(_claims)
rules = st.sampled_from(["pro_rata", "needs_first"])


@st.composite
def shortfalls(draw: st.DrawFn) -> tuple[list[Claim], int, str]:
    """Requests, money from nothing to more than enough, and a rule."""
    claims = draw(claim_lists)
    total = sum(claim.asked_cents for claim in claims)
    return claims, draw(st.integers(min_value=0, max_value=total + total // 5 + 1)), draw(rules)


def _asked(claims: list[Claim]) -> dict[int, int]:
    return {claim.id: claim.asked_cents for claim in claims}


# Invariants of both rules


@settings(max_examples=300)
@given(case=shortfalls())
def test_nobody_is_paid_more_than_they_asked_nor_less_than_nothing(case: tuple[list[Claim], int, str]) -> None:
    claims, available, rule = case
    paid = allocate(claims, available, rule)
    assert paid.keys() == _asked(claims).keys()
    assert all(0 <= paid[claim.id] <= claim.asked_cents for claim in claims)


@settings(max_examples=300)
@given(case=shortfalls())
def test_the_pool_never_pays_more_than_it_has(case: tuple[list[Claim], int, str]) -> None:
    claims, available, rule = case
    assert sum(allocate(claims, available, rule).values()) <= available


@given(claims=claim_lists, extra=st.integers(min_value=0, max_value=10**6), rule=rules)
def test_when_the_money_covers_everyone_everyone_gets_what_they_asked(
    claims: list[Claim], extra: int, rule: str
) -> None:
    available = sum(claim.asked_cents for claim in claims) + extra
    assert allocate(claims, available, rule) == _asked(claims)


@settings(max_examples=300)
@given(case=shortfalls())
def test_when_the_money_falls_short_every_cent_is_paid_out(case: tuple[list[Claim], int, str]) -> None:
    claims, available, rule = case
    if available < sum(claim.asked_cents for claim in claims):
        assert sum(allocate(claims, available, rule).values()) == available


@given(case=shortfalls(), data=st.data())
def test_the_order_requests_are_listed_in_does_not_matter(
    case: tuple[list[Claim], int, str], data: st.DataObject
) -> None:
    claims, available, rule = case
    assert allocate(data.draw(st.permutations(claims)), available, rule) == allocate(claims, available, rule)


# Pro rata


@given(case=shortfalls())
def test_pro_rata_never_pays_a_larger_request_less_than_a_smaller_one(case: tuple[list[Claim], int, str]) -> None:
    # Needs-first may: with 1 cent for requests of 1 and 2 cents, the smaller need is met first.
    claims, available, _ = case
    paid = allocate(claims, available, "pro_rata")
    for small in claims:
        for large in claims:
            if small.asked_cents < large.asked_cents:
                assert paid[small.id] <= paid[large.id]


@settings(max_examples=300)
@given(case=shortfalls())
def test_pro_rata_pays_everyone_the_same_share_within_a_cent(case: tuple[list[Claim], int, str]) -> None:
    claims, available, _ = case
    total = sum(claim.asked_cents for claim in claims)
    paid = allocate(claims, available, "pro_rata")
    if available < total:
        for claim in claims:  # |paid - asked * available / total| < 1, without fractions
            assert abs(paid[claim.id] * total - claim.asked_cents * available) < total


@pytest.mark.parametrize(
    ("asked", "available", "paid"),
    [
        pytest.param([300_00, 600_00, 900_00], 600_00, [100_00, 200_00, 300_00], id="a-third-each"),
        pytest.param([7, 3, 5], 10, [5, 2, 3], id="leftover-cent-to-largest-rounding-loss"),
        pytest.param([100, 100, 100], 100, [34, 33, 33], id="equal-losses-smallest-id-first"),
        pytest.param([100, 100, 100], 200, [67, 67, 66], id="two-leftover-cents"),
        pytest.param([0, 500, 1500], 1000, [0, 250, 750], id="a-request-for-nothing-gets-nothing"),
        pytest.param([500, 1500], 0, [0, 0], id="an-empty-pool-pays-nothing"),
        pytest.param([500, 1500], 5000, [500, 1500], id="enough-for-all"),
    ],
)
def test_pro_rata_by_hand(asked: list[int], available: int, paid: list[int]) -> None:
    claims = [Claim(i + 1, cents) for i, cents in enumerate(asked)]
    assert allocate(claims, available, "pro_rata") == {
        claim.id: cents for claim, cents in zip(claims, paid, strict=True)
    }


def test_pro_rata_leftover_cents_go_to_the_earliest_request_when_losses_tie() -> None:
    claims = [Claim(1, 100, MONDAY + 2 * HOUR), Claim(2, 100), Claim(3, 100, MONDAY)]
    assert allocate(claims, 200, "pro_rata") == {1: 67, 2: 66, 3: 67}
    assert allocate(claims, 100, "pro_rata") == {1: 33, 2: 33, 3: 34}


# Needs first


@settings(max_examples=300)
@given(case=shortfalls())
def test_needs_first_never_leaves_a_smaller_request_behind_a_larger_unless_paid_in_full(
    case: tuple[list[Claim], int, str],
) -> None:
    claims, available, _ = case
    paid = allocate(claims, available, "needs_first")
    for small in claims:
        for large in claims:
            if small.asked_cents < large.asked_cents and paid[small.id] < paid[large.id]:
                assert paid[small.id] == small.asked_cents


@settings(max_examples=300)
@given(case=shortfalls())
def test_needs_first_raises_everyone_still_short_to_one_level_within_a_cent(case: tuple[list[Claim], int, str]) -> None:
    # Water-filling: a request not paid in full is at most one cent behind anyone, so no other
    # split could pay the least-served request more.
    claims, available, _ = case
    paid = allocate(claims, available, "needs_first")
    for short in claims:
        if paid[short.id] < short.asked_cents:
            assert all(paid[other.id] <= paid[short.id] + 1 for other in claims)


@pytest.mark.parametrize(
    ("asked", "available", "paid"),
    [
        pytest.param([100_00, 300_00, 900_00], 600_00, [100_00, 250_00, 250_00], id="smallest-in-full-rest-level"),
        pytest.param([100, 200, 300, 800], 1000, [100, 200, 300, 400], id="three-in-full-largest-gets-the-rest"),
        pytest.param([1, 4, 6, 9], 10, [1, 3, 3, 3], id="level-three-no-leftover"),
        pytest.param([9, 6, 4, 1], 11, [3, 3, 4, 1], id="leftover-cent-to-smallest-still-short"),
        pytest.param([3, 3], 5, [3, 2], id="equal-requests-smallest-id-first"),
        pytest.param([500, 1500], 0, [0, 0], id="an-empty-pool-pays-nothing"),
        pytest.param([500, 1500], 2000, [500, 1500], id="exactly-enough"),
    ],
)
def test_needs_first_by_hand(asked: list[int], available: int, paid: list[int]) -> None:
    claims = [Claim(i + 1, cents) for i, cents in enumerate(asked)]
    assert allocate(claims, available, "needs_first") == {
        claim.id: cents for claim, cents in zip(claims, paid, strict=True)
    }


def test_needs_first_leftover_cent_goes_to_the_earliest_of_equal_requests() -> None:
    claims = [Claim(1, 3), Claim(2, 3, MONDAY + HOUR), Claim(3, 3, MONDAY)]
    assert allocate(claims, 7, "needs_first") == {1: 2, 2: 2, 3: 3}


# The reserve


@pytest.mark.parametrize(
    ("balance", "reserve", "available"),
    [(1000_00, 300_00, 700_00), (300_00, 300_00, 0), (200_00, 300_00, 0), (-50_00, 0, 0), (500, 0, 500)],
)
def test_only_money_above_the_reserve_can_be_paid_out(balance: int, reserve: int, available: int) -> None:
    assert available_above_reserve(balance, reserve) == available


@given(
    balance=st.integers(min_value=-(10**8), max_value=10**8),
    reserve=st.integers(min_value=0, max_value=10**8),
    case=shortfalls(),
)
def test_paying_out_what_is_available_never_dips_into_the_reserve(
    balance: int, reserve: int, case: tuple[list[Claim], int, str]
) -> None:
    claims, _, rule = case
    available = available_above_reserve(balance, reserve)
    assert available >= 0
    paid = sum(allocate(claims, available, rule).values())
    assert paid == 0 or balance - paid >= reserve


# Hardship payments (Broodfonds)


def test_hardship_payments_cut_everyone_by_the_same_proportion() -> None:
    assert hardship_payments([(1, 1500_00), (2, 1000_00)], 2000_00) == {1: 1200_00, 2: 800_00}


def test_hardship_payments_are_paid_in_full_when_the_month_covers_them() -> None:
    assert hardship_payments([(1, 1500_00), (2, 1000_00)], 3000_00) == {1: 1500_00, 2: 1000_00}


@given(
    claims=st.dictionaries(
        st.integers(min_value=1, max_value=500), st.integers(min_value=0, max_value=10**6), max_size=12
    ),
    budget=st.integers(min_value=0, max_value=10**7),
)
def test_hardship_payments_are_the_same_proportion_for_everyone_within_a_cent(
    claims: dict[int, int], budget: int
) -> None:
    paid = hardship_payments(list(claims.items()), budget)
    total = sum(claims.values())
    assert sum(paid.values()) == min(budget, total)
    for member, monthly in claims.items():
        assert paid[member] <= monthly
        if budget < total:
            assert abs(paid[member] * total - monthly * budget) < total


# Refusals


@pytest.mark.parametrize(
    ("claims", "available", "rule"),
    [
        pytest.param([Claim(1, 100)], 100, "first_come", id="unknown-rule"),
        pytest.param([Claim(1, 100)], -1, "pro_rata", id="negative-money"),
        pytest.param([Claim(1, 100), Claim(1, 200)], 100, "needs_first", id="same-request-twice"),
    ],
)
def test_a_malformed_allocation_is_refused(claims: list[Claim], available: int, rule: str) -> None:
    with pytest.raises(ValueError):
        allocate(claims, available, rule)


def test_a_malformed_claim_or_reserve_is_refused() -> None:
    with pytest.raises(ValueError):
        Claim(1, -1)
    with pytest.raises(ValueError):
        Claim(1, 100, datetime.datetime(2026, 3, 2, 9, 0))
    with pytest.raises(ValueError):
        available_above_reserve(100, -1)
