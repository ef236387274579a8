"""Request limits (per request, per 12 months, waiting period) and what the pool can pay above its reserve."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutual_aid.aid_requests.limits import check_request, paid_in_window, payable_now

TODAY = datetime.date(2026, 3, 31)
DAY = datetime.timedelta(days=1)


def _check(
    amount: int,
    paid: list[tuple[datetime.date, int]] | None = None,
    *,
    per_request: int | None = 500_00,
    yearly: int | None = 1_000_00,
    joined_on: datetime.date = datetime.date(2025, 1, 1),
    waiting_days: int = 30,
    today: datetime.date = TODAY,
) -> list[str]:
    return list(
        check_request(
            amount,
            max_per_request=per_request,
            max_per_member_12_months=yearly,
            paid_to_member_last_12_months=paid or [],
            joined_on=joined_on,
            waiting_days=waiting_days,
            today=today,
        )
    )


@pytest.mark.parametrize(
    ("amount", "reasons"),
    [
        pytest.param(500_00, [], id="exactly-the-request-max"),
        pytest.param(500_01, ["over_request_max"], id="one-cent-over-the-request-max"),
        pytest.param(1, [], id="one-cent"),
    ],
)
def test_the_request_maximum(amount: int, reasons: list[str]) -> None:
    assert _check(amount) == reasons


def test_aid_paid_within_the_last_365_days_counts_toward_the_yearly_maximum() -> None:
    first_day = TODAY - 364 * DAY  # 2025-04-01: the window's first day
    paid = [(first_day, 700_00)]
    assert _check(300_00, paid) == []
    assert _check(300_01, paid) == ["over_yearly_max"]


def test_aid_paid_366_days_ago_no_longer_counts() -> None:
    assert _check(500_00, [(TODAY - 365 * DAY, 1_000_00)]) == []


def test_aid_paid_today_counts() -> None:
    assert _check(1, [(TODAY, 1_000_00)]) == ["over_yearly_max"]


def test_the_waiting_period_ends_on_the_day_it_says() -> None:
    joined = datetime.date(2026, 3, 1)
    assert _check(10_00, joined_on=joined, waiting_days=30, today=datetime.date(2026, 3, 30)) == ["waiting_period"]
    assert _check(10_00, joined_on=joined, waiting_days=30, today=datetime.date(2026, 3, 31)) == []
    assert _check(10_00, joined_on=TODAY, waiting_days=0) == []


def test_every_reason_is_given_at_once_in_a_fixed_order() -> None:
    reasons = _check(600_00, [(TODAY, 900_00)], joined_on=TODAY, waiting_days=1)
    assert reasons == ["over_request_max", "over_yearly_max", "waiting_period"]


def test_a_pool_without_limits_only_checks_the_waiting_period() -> None:
    assert _check(10**9, [(TODAY, 10**9)], per_request=None, yearly=None) == []


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"amount": 0}, id="zero-request"),
        pytest.param({"amount": -5}, id="negative-request"),
        pytest.param({"amount": 5, "waiting_days": -1}, id="negative-wait"),
        pytest.param({"amount": 5, "paid": [(TODAY, -1)]}, id="negative-payment"),
    ],
)
def test_a_meaningless_request_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        _check(**kwargs)  # type: ignore[arg-type]


dates = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 12, 31))
payments = st.lists(st.tuples(dates, st.integers(min_value=1, max_value=10**6)), max_size=10)


@given(amount=st.integers(min_value=1, max_value=10**6), paid=payments, today=dates)
def test_over_the_yearly_maximum_exactly_when_the_window_plus_request_exceeds_it(
    amount: int, paid: list[tuple[datetime.date, int]], today: datetime.date
) -> None:
    in_window = sum(c for d, c in paid if (today - d).days < 365)
    over = "over_yearly_max" in _check(amount, paid, per_request=None, today=today, joined_on=today, waiting_days=0)
    assert over is (in_window + amount > 1_000_00)


@given(paid=payments, today=dates, extra=st.tuples(dates, st.integers(min_value=1, max_value=10**6)))
def test_more_aid_paid_never_lowers_what_counts(
    paid: list[tuple[datetime.date, int]], today: datetime.date, extra: tuple[datetime.date, int]
) -> None:
    assert paid_in_window([*paid, extra], today) >= paid_in_window(paid, today)


@given(paid=payments, today=dates)
def test_the_window_only_forgets_as_days_pass(paid: list[tuple[datetime.date, int]], today: datetime.date) -> None:
    # Payments dated before today: tomorrow's window holds no more of them than today's.
    past = [(d, c) for d, c in paid if d <= today]
    assert paid_in_window(past, today + DAY) <= paid_in_window(past, today)


def test_payable_now_by_hand() -> None:
    assert payable_now(300_00, balance=1_000_00, reserve=200_00) == 300_00
    assert payable_now(900_00, balance=1_000_00, reserve=200_00) == 800_00
    assert payable_now(100_00, balance=200_00, reserve=200_00) == 0
    assert payable_now(100_00, balance=-50_00, reserve=0) == 0


@given(
    amount=st.integers(min_value=0, max_value=10**8),
    balance=st.integers(min_value=-(10**8), max_value=10**8),
    reserve=st.integers(min_value=0, max_value=10**8),
)
def test_payable_now_never_pays_more_than_asked_nor_below_the_reserve(amount: int, balance: int, reserve: int) -> None:
    paid = payable_now(amount, balance, reserve)
    assert 0 <= paid <= amount
    assert paid == 0 or balance - paid >= reserve
    assert paid == amount or balance - paid <= reserve  # it pays all it can


@pytest.mark.parametrize(("amount", "reserve"), [(-1, 0), (0, -1)])
def test_payable_now_refuses_negative_amounts_or_reserves(amount: int, reserve: int) -> None:
    with pytest.raises(ValueError):
        payable_now(amount, 100, reserve)
