"""Contributions: what each member pays into a pool every month."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutual_aid.contributions.rules import (
    INCOME_BRACKETS_DOLLARS,
    ContributionRule,
    fixed,
    income_bracket,
    income_share,
    monthly_contribution,
)

incomes = st.none() | st.integers(min_value=0, max_value=10**9)


@st.composite
def share_rules(draw: st.DrawFn) -> ContributionRule:
    """Any valid income-share rule, with or without a cap."""
    floor = draw(st.integers(min_value=0, max_value=10**6))
    cap = draw(st.none() | st.integers(min_value=floor, max_value=10**7))
    return income_share(draw(st.integers(min_value=0, max_value=100_00)), floor, cap)


def test_a_fixed_contribution_is_the_same_whatever_a_member_earns() -> None:
    rule = fixed(25_00)
    assert [monthly_contribution(rule, income) for income in (None, 0, 500_00, 10_000_00)] == [25_00] * 4


THREE_PERCENT = income_share(300, floor_cents=20_00, cap_cents=100_00)


@pytest.mark.parametrize(
    ("rule", "income", "paid"),
    [
        pytest.param(THREE_PERCENT, 2_000_00, 60_00, id="share-between-floor-and-cap"),
        pytest.param(THREE_PERCENT, 500_00, 20_00, id="raised-to-the-floor"),
        pytest.param(THREE_PERCENT, 5_000_00, 100_00, id="lowered-to-the-cap"),
        pytest.param(THREE_PERCENT, 3_333_33, 90_00, id="the-share-of-the-bracket-from-3000"),
        pytest.param(THREE_PERCENT, 2_345_67, 67_50, id="the-share-of-the-bracket-from-2250"),
        pytest.param(income_share(333), 2_345_67, 74_92, id="rounded-down-to-the-cent"),
        pytest.param(THREE_PERCENT, 1_234_56, 30_00, id="the-share-of-the-bracket-from-1000"),
        pytest.param(THREE_PERCENT, None, 20_00, id="no-declared-income-pays-the-floor"),
        pytest.param(THREE_PERCENT, 0, 20_00, id="no-income-pays-the-floor"),
        pytest.param(income_share(1000), 10_000_00, 1_000_00, id="no-cap"),
        pytest.param(income_share(1000), None, 0, id="no-floor-no-declared-income"),
        pytest.param(income_share(0, floor_cents=5_00), 10_000_00, 5_00, id="zero-share-is-the-floor"),
        pytest.param(income_share(100_00), 1_234_56, 1_000_00, id="whole-income-of-the-bracket"),
        pytest.param(income_share(100), 250_000_00, 1_000_00, id="the-last-bracket"),
        pytest.param(income_share(250, 10_00, 10_00), 9_000_00, 10_00, id="floor-equals-cap"),
    ],
)
def test_income_share_by_hand(rule: ContributionRule, income: int | None, paid: int) -> None:
    assert monthly_contribution(rule, income) == paid


@given(rule=share_rules(), income=incomes)
def test_an_income_share_stays_between_the_floor_and_the_cap(rule: ContributionRule, income: int | None) -> None:
    paid = monthly_contribution(rule, income)
    assert paid >= rule.floor_cents
    assert rule.cap_cents is None or paid <= rule.cap_cents


@given(rule=share_rules(), income=st.integers(min_value=0, max_value=10**9))
def test_nobody_pays_more_than_their_share_unless_the_floor_asks_it(rule: ContributionRule, income: int) -> None:
    paid = monthly_contribution(rule, income)
    assert paid == rule.floor_cents or paid * 100_00 <= income * rule.share_basis_points


@given(rule=share_rules(), income=st.integers(min_value=0, max_value=10**9))
def test_between_floor_and_cap_the_share_of_the_bracket_is_exact_to_the_cent(rule: ContributionRule, income: int) -> None:
    paid = monthly_contribution(rule, income)
    counted, _upper = income_bracket(income)
    if rule.floor_cents < paid and (rule.cap_cents is None or paid < rule.cap_cents):
        assert 0 <= counted * rule.share_basis_points - paid * 100_00 < 100_00  # under a cent short


@given(
    rule=share_rules(), lower=st.integers(min_value=0, max_value=10**9), more=st.integers(min_value=0, max_value=10**9)
)
def test_earning_more_never_means_paying_less(rule: ContributionRule, lower: int, more: int) -> None:
    assert monthly_contribution(rule, lower) <= monthly_contribution(rule, lower + more)


@given(rule=share_rules(), income=st.integers(min_value=0, max_value=10**9))
def test_not_declaring_never_costs_less_than_declaring(rule: ContributionRule, income: int) -> None:
    assert monthly_contribution(rule, None) <= monthly_contribution(rule, income)


@given(amount=st.integers(min_value=0, max_value=10**7), income=incomes)
def test_a_fixed_rule_ignores_income(amount: int, income: int | None) -> None:
    assert monthly_contribution(fixed(amount), income) == amount


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"kind": "solidarity_tax"}, id="unknown-kind"),
        pytest.param({"kind": "fixed", "amount_cents": -1}, id="negative-fixed-amount"),
        pytest.param({"kind": "fixed", "amount_cents": 10_00, "share_basis_points": 300}, id="fixed-with-a-share"),
        pytest.param({"kind": "fixed", "amount_cents": 10_00, "floor_cents": 5_00}, id="fixed-with-a-floor"),
        pytest.param({"kind": "fixed", "amount_cents": 10_00, "cap_cents": 50_00}, id="fixed-with-a-cap"),
        pytest.param({"kind": "income_share", "share_basis_points": -1}, id="negative-share"),
        pytest.param({"kind": "income_share", "share_basis_points": 100_01}, id="share-above-whole-income"),
        pytest.param({"kind": "income_share", "share_basis_points": 300, "floor_cents": -1}, id="negative-floor"),
        pytest.param({"kind": "income_share", "share_basis_points": 300, "cap_cents": -1}, id="negative-cap"),
        pytest.param(
            {"kind": "income_share", "share_basis_points": 300, "floor_cents": 50_00, "cap_cents": 49_99},
            id="floor-above-cap",
        ),
        pytest.param(
            {"kind": "income_share", "share_basis_points": 300, "amount_cents": 10_00}, id="share-with-amount"
        ),
    ],
)
def test_a_rule_that_makes_no_sense_is_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ContributionRule(**fields)  # type: ignore[arg-type]


def test_a_negative_declared_income_is_refused() -> None:
    with pytest.raises(ValueError):
        monthly_contribution(THREE_PERCENT, -1)


def test_stewards_cannot_tell_apart_two_incomes_in_one_bracket() -> None:
    """The attack of issue 12: 3% and an amount owed of $70.37 gave an income between $2,345.67 and
    $2,346.00. Now every income from $2,250.00 to $2,499.99 owes the same, and the next cent does not."""
    three = income_share(300)
    owed = {monthly_contribution(three, income) for income in range(2_250_00, 2_500_00, 7)}
    assert owed == {monthly_contribution(three, 2_345_67)} == {67_50}
    assert monthly_contribution(three, 2_249_99) < 67_50 < monthly_contribution(three, 2_500_00)


@given(rule=share_rules(), income=st.integers(min_value=0, max_value=10**9))
def test_the_amount_owed_reveals_no_more_than_the_bracket(rule: ContributionRule, income: int) -> None:
    """Whatever the rule, every income of a member's bracket owes what they owe: from the amount,
    stewards can narrow the income down to the bracket at best."""
    low, high = income_bracket(income)
    paid = monthly_contribution(rule, income)
    assert monthly_contribution(rule, low) == paid
    if high is not None:
        assert monthly_contribution(rule, high - 1) == paid


@given(income=st.integers(min_value=0, max_value=10**9))
def test_a_bracket_holds_the_income_and_is_at_least_a_tenth_of_it_wide(income: int) -> None:
    low, high = income_bracket(income)
    assert low <= income and (high is None or income < high)
    assert low in [dollars * 100 for dollars in INCOME_BRACKETS_DOLLARS]
    if high is not None and low >= 2_500_00:
        assert high - low >= low // 10
