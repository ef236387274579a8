"""The public page's figures: exact to the cent, small groups hidden, nothing derivable."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from mutual_aid.ledger.lines import ledger_lines
from mutual_aid.public.figures import Fact, flows, last_months, public_flows
from server.disclosure.suppression import Hidden, Shown

MONTHS = last_months(dt.date(2026, 11, 22))
K = 3


def contribution(key: str, day: dt.date, cents: int, person: str) -> Fact:
    return Fact(key, "contribution", day, cents, person)


def payout(key: str, day: dt.date, cents: int, person: str, category: str = "rent") -> Fact:
    return Fact(key, "payout", day, -cents, person, category=category)


def reversal(key: str, day: dt.date, original: Fact) -> Fact:
    return Fact(key, "reversal", day, -original.cash_cents, original.person, reverses=original.key)


def test_the_last_twelve_months_end_with_this_one():
    assert MONTHS[0] == "2025-12" and MONTHS[-1] == "2026-11" and len(MONTHS) == 12
    assert last_months(dt.date(2026, 1, 5), 3) == ["2025-11", "2025-12", "2026-01"]


def test_a_month_with_fewer_than_k_contributors_is_hidden_with_another():
    facts = [contribution(f"a{i}", dt.date(2026, 9, 2), 25_00, f"m{i}") for i in range(5)]
    facts += [contribution(f"b{i}", dt.date(2026, 10, 2), 25_00, f"m{i}") for i in range(4)]
    facts += [contribution("c0", dt.date(2026, 11, 2), 40_00, "m0")]  # one contributor in November
    figures = public_flows(facts, MONTHS, K)

    assert figures.money_in["2026-11"] == Hidden()
    # the total is shown, so one more month is hidden: November cannot be total minus the rest
    assert figures.total_in == Shown(5, 5 * 25_00 + 4 * 25_00 + 40_00)
    assert figures.money_in["2026-10"] == Hidden() and figures.money_in["2026-09"] == Shown(5, 125_00)
    hidden = [m for m, cell in figures.money_in.items() if isinstance(cell, Hidden)]
    assert len(hidden) >= 2


def test_a_category_with_one_recipient_is_hidden_and_another_with_it():
    day = dt.date(2026, 10, 20)
    facts = [payout(f"r{i}", day, 100_00, f"p{i}", "rent") for i in range(4)]
    facts += [payout(f"u{i}", day, 50_00, f"q{i}", "utilities") for i in range(3)]
    facts += [payout("m0", day, 600_00, "lonely", "medical")]
    figures = public_flows(facts, MONTHS, K)

    assert figures.out_by_category["medical"] == Hidden()
    assert figures.out_by_category["utilities"] == Hidden()  # the smallest shown one hides too
    assert figures.out_by_category["rent"] == Shown(4, 400_00)
    assert figures.out_by_category["food"] == Shown(0, 0)  # empty: describes no one
    assert figures.money_out["2026-10"] == Shown(8, 400_00 + 150_00 + 600_00)


def test_fewer_than_k_recipients_in_all_hides_every_figure_of_money_out():
    facts = [payout("p", dt.date(2026, 10, 1), 300_00, "one"), payout("q", dt.date(2026, 11, 1), 200_00, "two")]
    figures = public_flows(facts, MONTHS, K)
    assert figures.total_out == Hidden()
    assert all(cell == Hidden() for cell in figures.money_out.values())
    assert all(cell == Hidden() for cell in figures.out_by_category.values())


def test_a_reversal_counts_against_its_original_month_and_category():
    facts = [contribution(f"a{i}", dt.date(2026, 9, 2), 25_00, f"m{i}") for i in range(4)]
    mistake = contribution("dup", dt.date(2026, 9, 3), 25_00, "m0")
    paid = payout("p1", dt.date(2026, 9, 20), 80_00, "r1", "food")
    facts += [mistake, reversal("undo-dup", dt.date(2026, 10, 5), mistake), paid,
              reversal("undo-p1", dt.date(2026, 11, 1), paid)]
    result = flows(facts, MONTHS)
    assert result.money_in["2026-09"].amount_cents == 100_00
    assert result.money_in["2026-10"].amount_cents == 0
    assert result.money_out["2026-09"].amount_cents == 0 and result.money_out["2026-09"].members == 0
    assert result.out_by_category["food"].amount_cents == 0


def test_recipients_are_counted_once_across_their_payouts():
    facts = [payout(f"h{i}", dt.date(2026, 10, 1 + i), 150_00, "same person", "rent") for i in range(3)]
    result = flows(facts, MONTHS)
    assert result.money_out["2026-10"].members == 1
    assert result.total_out.members == 1 and result.total_out.amount_cents == 450_00


facts_strategy = st.lists(
    st.tuples(
        st.sampled_from(["contribution", "payout"]),
        st.integers(0, 400),  # days before 2026-11-22
        st.integers(1, 500_00),
        st.integers(0, 9),  # who
        st.sampled_from(["rent", "food", "medical", "other"]),
        st.booleans(),  # reversed later
    ),
    max_size=60,
)


def build(raw: list[tuple[str, int, int, int, str, bool]]) -> list[Fact]:
    facts: list[Fact] = []
    today = dt.date(2026, 11, 22)
    for index, (kind, ago, cents, who, category, undone) in enumerate(raw):
        day = today - dt.timedelta(days=ago)
        fact = (contribution(f"e{index}", day, cents, f"m{who}") if kind == "contribution"
                else payout(f"e{index}", day, cents, f"r{who}", category))
        facts.append(fact)
        if undone:
            facts.append(reversal(f"u{index}", min(today, day + dt.timedelta(days=3)), fact))
    return facts


@settings(max_examples=200, deadline=None)
@given(facts_strategy, st.integers(2, 6))
def test_shown_figures_are_exact_and_hidden_ones_stay_hidden(raw, k):
    facts = build(raw)
    exact = flows(facts, MONTHS)
    published = public_flows(facts, MONTHS, k)
    by_key = {f.key: f for f in facts}

    def original(fact: Fact) -> Fact:
        return by_key[fact.reverses] if fact.reverses else fact

    # the exact figures are the ledger's own sums, reversals in their original's month
    for month in MONTHS:
        ledger_in = sum(f.cash_cents for f in facts
                        if original(f).kind == "contribution" and f"{original(f).happened_on:%Y-%m}" == month)
        ledger_out = -sum(f.cash_cents for f in facts
                          if original(f).kind == "payout" and f"{original(f).happened_on:%Y-%m}" == month)
        assert exact.money_in[month].amount_cents == ledger_in
        assert exact.money_out[month].amount_cents == ledger_out
    assert exact.total_in.amount_cents == sum(exact.money_in[m].amount_cents for m in MONTHS)
    assert sum(c.amount_cents for c in exact.out_by_category.values()) == exact.total_out.amount_cents
    for table, truth, total in (
        (published.money_in, exact.money_in, published.total_in),
        (published.money_out, exact.money_out, published.total_out),
        (published.out_by_category, exact.out_by_category, published.total_out),
    ):
        for label, cell in table.items():
            if isinstance(cell, Shown):  # shown: exact, and at least k people (or nobody)
                assert cell.amount_cents == truth[label].amount_cents
                assert cell.members == 0 or cell.members >= k
        hidden = [label for label, cell in table.items() if isinstance(cell, Hidden)]
        small = [label for label in truth if 0 < truth[label].members < k]
        assert set(small) <= set(hidden)
        if hidden and isinstance(total, Shown):
            # never one hidden amount next to a shown total: it would be the total minus the rest
            assert len([label for label in hidden if truth[label].members > 0]) >= 2
    if isinstance(published.total_in, Shown):
        assert published.total_in.amount_cents == exact.total_in.amount_cents


def test_the_stewards_lines_keep_a_running_balance_and_mark_reversals():
    rows = [
        {"key": "contribution:1", "kind": "contribution", "category": None, "happened_on": dt.date(2026, 9, 1),
         "party": "member:M-AAAA", "cash_cents": 25_00, "reverses": None},
        {"key": "payout:1", "kind": "payout", "category": "rent", "happened_on": dt.date(2026, 9, 9),
         "party": "member:R-CCCC", "cash_cents": -10_00, "reverses": None},
        {"key": "reversal:payout:1", "kind": "reversal", "category": None, "happened_on": dt.date(2026, 9, 10),
         "party": "member:R-CCCC", "cash_cents": 10_00, "reverses": "payout:1"},
    ]
    lines = ledger_lines(rows)
    assert [line.balance_cents for line in lines] == [25_00, 15_00, 25_00]
    assert [line.account for line in lines] == ["M-AAAA", "R-CCCC", "R-CCCC"]
    assert lines[1].reversed_by == "reversal:payout:1" and lines[2].reverses == "payout:1"
    assert lines[2].category == "rent" and lines[2].in_cents == 10_00 and lines[1].out_cents == 10_00
