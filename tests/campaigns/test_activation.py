"""Activation: who is in the active set, when a threshold is met, and when it may change."""

from __future__ import annotations

import datetime
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaigns.counters.activation import Pledge, Threshold, active_set, can_lower, is_met

NOW = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)

pledge_fields = st.tuples(
    st.integers(min_value=1, max_value=6),  # member: several pledges may share one
    st.sampled_from(["counted", "pledged", "striking"]),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=8),
)


def _pledges(fields: list[tuple[int, str, int, int]], first_id: int = 1) -> list[Pledge]:
    return [Pledge(first_id + i, member, level, amount, cond) for i, (member, level, amount, cond) in enumerate(fields)]  # type: ignore[arg-type]


pledge_lists = st.lists(pledge_fields, max_size=10).map(_pledges)
one_pledge = pledge_fields.map(lambda f: _pledges([f], first_id=1000)[0])


def _condition(p: Pledge) -> int:
    return 0 if p.level == "striking" else p.min_others


def _holds(chosen: set[Pledge] | frozenset[Pledge]) -> bool:
    """Every chosen pledge's condition holds, counting the distinct other members chosen."""
    members = {p.member_id for p in chosen}
    return all(_condition(p) <= len(members) - 1 for p in chosen)


def _by_id(pledges: list[Pledge], ids: frozenset[int]) -> set[Pledge]:
    return {p for p in pledges if p.id in ids}


@settings(max_examples=300)
@given(pledges=pledge_lists)
def test_the_active_set_is_the_largest_set_whose_conditions_all_hold(pledges: list[Pledge]) -> None:
    eligible = [p for p in pledges if p.level != "counted"]
    feasible = [
        frozenset(chosen)
        for size in range(len(eligible) + 1)
        for chosen in combinations(eligible, size)
        if _holds(set(chosen))
    ]
    largest = max(feasible, key=len)
    assert _by_id(pledges, active_set(pledges)) == largest
    assert all(chosen <= largest for chosen in feasible)  # the maximum is unique: it contains every feasible set


@given(pledges=pledge_lists)
def test_every_pledge_in_the_set_has_its_condition_met(pledges: list[Pledge]) -> None:
    assert _holds(_by_id(pledges, active_set(pledges)))


@given(pledges=pledge_lists)
def test_no_pledge_left_out_could_join(pledges: list[Pledge]) -> None:
    chosen = _by_id(pledges, active_set(pledges))
    for p in pledges:
        if p not in chosen and p.level != "counted":
            assert not _holds(chosen | {p})


@given(pledges=pledge_lists, extra=st.lists(pledge_fields, max_size=5))
def test_counted_pledges_never_activate_anything(pledges: list[Pledge], extra: list[tuple[int, str, int, int]]) -> None:
    solidarity = _pledges([(member, "counted", amount, cond) for member, _, amount, cond in extra], first_id=1000)
    assert active_set(pledges + solidarity) == active_set(pledges)


@given(pledges=pledge_lists)
def test_strikers_are_always_in(pledges: list[Pledge]) -> None:
    active = active_set(pledges)
    assert all(p.id in active for p in pledges if p.level == "striking")


@given(pledges=pledge_lists, extra=one_pledge)
def test_a_new_pledge_never_pushes_anyone_out(pledges: list[Pledge], extra: Pledge) -> None:
    assert active_set(pledges) <= active_set([*pledges, extra])


@given(pledges=pledge_lists, data=st.data())
def test_the_order_pledges_arrive_in_does_not_matter(pledges: list[Pledge], data: st.DataObject) -> None:
    assert active_set(data.draw(st.permutations(pledges))) == active_set(pledges)


def test_a_members_debts_are_in_each_when_its_own_condition_holds() -> None:
    # Member 1 strikes on one debt and waits for 2 others on another; only member 2 joins.
    pledges = [Pledge(1, 1, "striking", 500), Pledge(2, 1, "pledged", 700, 2), Pledge(3, 2, "pledged", 900, 1)]
    assert active_set(pledges) == {1, 3}
    assert active_set([*pledges, Pledge(4, 3, "pledged", 100, 2)]) == {1, 2, 3, 4}


# Member 1: two debts (100.00 unconditional, 40.00 if 1 other); member 2: 200.00 if 2 others;
# member 3: striking 300.00 (stored condition 9 is ignored); member 4: counted 1,000.00;
# member 5: 50.00 if 5 others. Sorted waits 0, 0, 2, 5 -> members 1, 2, 3 are in: 3 members, 640.00.
HAND_PLEDGES = [
    Pledge(1, 1, "pledged", 100_00),
    Pledge(2, 1, "pledged", 40_00, 1),
    Pledge(3, 2, "pledged", 200_00, 2),
    Pledge(4, 3, "striking", 300_00, 9),
    Pledge(5, 4, "counted", 1000_00),
    Pledge(6, 5, "pledged", 50_00, 5),
]


@pytest.mark.parametrize(
    ("threshold", "met"),
    [
        pytest.param(Threshold(3, None), True, id="members-only-exactly-reached"),
        pytest.param(Threshold(4, None), False, id="members-counted-once-not-per-debt"),
        pytest.param(Threshold(None, 640_00), True, id="amount-only-exactly-reached"),
        pytest.param(Threshold(None, 640_01), False, id="amount-only-one-cent-short"),
        pytest.param(Threshold(3, 640_00), True, id="both-reached"),
        pytest.param(Threshold(3, 1000_00), False, id="both-amount-short-counted-money-excluded"),
        pytest.param(Threshold(3, None, NOW), True, id="deadline-is-now"),
        pytest.param(Threshold(3, None, NOW - SECOND), False, id="deadline-passed"),
        pytest.param(Threshold(None, 500_00, NOW + SECOND), True, id="amount-before-deadline"),
    ],
)
def test_is_met_by_hand(threshold: Threshold, met: bool) -> None:
    assert is_met(threshold, HAND_PLEDGES, NOW) is met


@pytest.mark.parametrize(
    ("old", "new", "anyone_pledged", "allowed"),
    [
        pytest.param(Threshold(100, None), Threshold(50, None), False, True, id="anything-before-any-pledge"),
        pytest.param(Threshold(100, None), Threshold(150, None), True, True, id="raise-members"),
        pytest.param(Threshold(100, 5000), Threshold(100, 9000), True, True, id="raise-amount"),
        pytest.param(Threshold(100, None), Threshold(100, 5000), True, True, id="add-amount"),
        pytest.param(Threshold(100, None), Threshold(100, None), True, True, id="unchanged"),
        pytest.param(Threshold(100, None), Threshold(99, None), True, False, id="lower-members"),
        pytest.param(Threshold(100, 5000), Threshold(100, 4999), True, False, id="lower-amount"),
        pytest.param(Threshold(100, 5000), Threshold(None, 5000), True, False, id="remove-members"),
        pytest.param(Threshold(100, 5000), Threshold(100, None), True, False, id="remove-amount"),
        pytest.param(Threshold(100, 5000), Threshold(200, 4000), True, False, id="raise-one-lower-other"),
        pytest.param(Threshold(100, None, NOW), Threshold(100, None, NOW + SECOND), True, True, id="extend-deadline"),
        pytest.param(Threshold(100, None, NOW), Threshold(100, None, NOW - SECOND), True, True, id="shorten-deadline"),
        pytest.param(Threshold(100, None, NOW), Threshold(100, None), True, True, id="remove-deadline"),
    ],
)
def test_a_threshold_is_never_lowered_once_anyone_pledged(
    old: Threshold, new: Threshold, anyone_pledged: bool, allowed: bool
) -> None:
    assert can_lower(old, new, anyone_pledged) is allowed


@pytest.mark.parametrize(
    ("members", "amount", "deadline"),
    [
        pytest.param(None, None, None, id="no-numbers"),
        pytest.param(0, None, None, id="zero-members"),
        pytest.param(None, -5, None, id="negative-amount"),
        pytest.param(10, None, datetime.datetime(2026, 3, 1), id="deadline-without-time-zone"),
    ],
)
def test_a_meaningless_threshold_is_refused(
    members: int | None, amount: int | None, deadline: datetime.datetime | None
) -> None:
    with pytest.raises(ValueError):
        Threshold(members, amount, deadline)


@pytest.mark.parametrize(
    ("level", "amount", "condition"),
    [("boycott", 100, 0), ("pledged", -1, 0), ("pledged", 100, -1)],
)
def test_a_malformed_pledge_is_refused(level: str, amount: int, condition: int) -> None:
    with pytest.raises(ValueError):
        Pledge(1, 1, level, amount, condition)  # type: ignore[arg-type]
