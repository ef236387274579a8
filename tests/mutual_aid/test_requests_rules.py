"""The glue rules of aid requests: outcomes from tallies, and this month's payout plan."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mutual_aid.aid_requests.rules import method_for, status_from_tallies
from mutual_aid.payouts.rules import Owed, plan
from mutual_aid.pools.rules import PoolRules


def test_two_of_three_stewards_approve_and_two_noes_decline():
    rules = PoolRules(decision_method="stewards", stewards_k=2)
    assert status_from_tallies(rules, "stewards", 1, 0, 3) == "pending"
    assert status_from_tallies(rules, "stewards", 2, 0, 3) == "approved"
    assert status_from_tallies(rules, "stewards", 0, 2, 3) == "declined"
    assert status_from_tallies(rules, "stewards", 1, 0, 3, closed=True) == "declined"


def test_a_vote_without_quorum_is_declined_only_when_it_closes():
    rules = PoolRules(decision_method="vote", quorum_percent=60)
    assert status_from_tallies(rules, "vote", 2, 0, 5) == "pending"
    assert status_from_tallies(rules, "vote", 2, 0, 5, closed=True) == "declined"
    assert status_from_tallies(rules, "vote", 3, 0, 5) == "approved"


def test_the_only_steward_asking_goes_to_a_vote_and_small_amounts_are_automatic():
    rules = PoolRules(decision_method="stewards", automatic_up_to_cents=50_00)
    assert method_for(rules, 40_00, 0) == ("automatic", False)
    assert method_for(rules, 400_00, 0) == ("vote", True)
    assert method_for(rules, 400_00, 1) == ("stewards", False)


def test_hardship_comes_first_and_one_off_aid_shares_the_rest():
    owed = [Owed(1, "hardship", 500_00), Owed(2, "one_off", 300_00), Owed(3, "one_off", 900_00)]
    assert plan(owed, 900_00, "pro_rata") == {1: 500_00, 2: 100_00, 3: 300_00}


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 10**7)), max_size=8), st.integers(-10**6, 10**8),
       st.sampled_from(["pro_rata", "needs_first"]))
def test_nobody_is_planned_more_than_they_need_nor_more_than_is_available(claims, available, rule):
    owed = [Owed(i, "hardship" if hardship else "one_off", cents) for i, (hardship, cents) in enumerate(claims)]
    planned = plan(owed, available, rule)
    assert sum(planned.values()) <= max(available, 0)
    assert all(0 < planned[o.request_id] <= o.remaining_cents for o in owed if o.request_id in planned)
