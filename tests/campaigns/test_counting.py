"""Activation read from the condition histograms agrees with the rule itself."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from campaigns.counters.activation import Pledge, active_set
from campaigns.counters.counting import active_from_histograms, cells_of, histograms

pledge_lists = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=12),  # member
        st.sampled_from(["counted", "pledged", "striking"]),
        st.integers(min_value=0, max_value=15),  # min_others
        st.integers(min_value=0, max_value=10_000_00),  # amount
    ),
    max_size=40,
)


@given(pledge_lists)
def test_histograms_give_the_same_active_set_as_the_rule(rows):
    pledges = [Pledge(i, member, level, amount, others) for i, (member, level, others, amount) in enumerate(rows)]
    chosen = active_set(pledges)
    expected_members = len({p.member_id for p in pledges if p.id in chosen})
    expected_amount = sum(p.amount_cents for p in pledges if p.id in chosen)
    members, amounts = histograms(
        {"member_id": m, "level": level, "min_others": o, "balance_cents": a} for m, level, o, a in rows
    )
    active = active_from_histograms(members, amounts)
    assert (active.members, active.amount_cents) == (expected_members, expected_amount)


def test_a_debt_is_counted_under_both_its_creditors_once_each():
    debt = {"kind": "medical", "region": None, "original_creditor_id": 7, "current_holder_id": 9}
    assert cells_of("pledged", debt) == [
        ("total", "all"), ("level", "pledged"), ("kind", "medical"), ("region", "unknown"),
        ("creditor", "7"), ("creditor", "9"),
    ]
    same = {**debt, "current_holder_id": 7}
    assert cells_of("counted", same)[-1] == ("creditor", "7") and len(cells_of("counted", same)) == 5
