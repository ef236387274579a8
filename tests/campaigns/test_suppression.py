"""Small groups stay hidden: no published campaign figure describes fewer than k members, directly
or by subtracting shown figures from the total; amounts are rounded; the growth series is coarsened."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.disclosure.suppression import (
    Cell,
    Hidden,
    PublicTotals,
    Shown,
    Tally,
    round_public_amount,
    suppress,
    suppress_series,
)

LEVELS = ("counted", "pledged", "striking")
STATES = ("AZ", "CA", "NM", "TX")
KINDS = ("court", "medical", "payday", "student")
CREDITORS = ("Acme Hospital", "Bolt Servicing", "Crown Collections", "Dune Bank", "Echo Payday")
PARTITIONS = ("level", "state")  # one cell per member
OVERLAPPING = ("kind", "creditor")  # a member with two debts may sit in two cells


@dataclass(frozen=True)
class Debt:
    kind: str
    creditor: str
    amount_cents: int


@dataclass(frozen=True)
class Member:
    level: str
    state: str
    debts: tuple[Debt, ...]


debts = st.builds(
    Debt, st.sampled_from(KINDS), st.sampled_from(CREDITORS), st.integers(min_value=1, max_value=20_000_000)
)
members = st.builds(
    Member, st.sampled_from(LEVELS), st.sampled_from(STATES), st.lists(debts, min_size=1, max_size=3).map(tuple)
)
campaigns = st.lists(members, max_size=40)
ks = st.integers(min_value=2, max_value=10)


def member_label(member: Member, breakdown: str) -> set[str]:
    if breakdown in PARTITIONS:
        return {getattr(member, breakdown)}
    return {getattr(debt, breakdown) for debt in member.debts}


def who_is_in(campaign: list[Member], breakdown: str, label: str) -> set[int]:
    return {i for i, member in enumerate(campaign) if label in member_label(member, breakdown)}


def aggregate(campaign: list[Member]) -> tuple[Tally, dict[str, dict[str, Tally]]]:
    """The counters: every label of the vocabulary, empty ones included."""
    vocabulary = {"level": LEVELS, "state": STATES, "kind": KINDS, "creditor": CREDITORS}
    breakdowns: dict[str, dict[str, Tally]] = {}
    for name, labels in vocabulary.items():
        breakdowns[name] = {}
        for label in labels:
            inside = [campaign[i] for i in who_is_in(campaign, name, label)]
            if name in PARTITIONS:
                amount = sum(debt.amount_cents for member in inside for debt in member.debts)
            else:
                amount = sum(debt.amount_cents for m in inside for debt in m.debts if getattr(debt, name) == label)
            breakdowns[name][label] = Tally(len(inside), amount)
    total = Tally(len(campaign), sum(debt.amount_cents for member in campaign for debt in member.debts))
    return total, breakdowns


def hidden_labels(cells: dict[str, Cell]) -> set[str]:
    return {label for label, cell in cells.items() if isinstance(cell, Hidden)}


def cells_of(published: PublicTotals) -> Iterator[tuple[str, str, Cell]]:
    for name, cells in published.breakdowns.items():
        for label, cell in cells.items():
            yield name, label, cell


# Hand-worked examples, k = 5. Cells are member counts; None is hidden.
EXAMPLES = [
    pytest.param(
        55,
        {"counted": 40, "pledged": 12, "striking": 3},
        {"counted": 40, "pledged": None, "striking": None},
        id="one small cell takes the next smallest with it",
    ),
    pytest.param(
        52,
        {"counted": 40, "pledged": 12, "striking": 0},
        {"counted": 40, "pledged": 12, "striking": 0},
        id="an empty cell describes no one and is shown",
    ),
    pytest.param(
        44,
        {"TX": 30, "CA": 9, "NM": 3, "AZ": 2},
        {"TX": 30, "CA": None, "NM": None, "AZ": None},
        id="small cells adding up to k still take a cell of k or more with them",
    ),
    pytest.param(
        12,
        {"counted": 10, "pledged": 2, "striking": 0},
        {"counted": None, "pledged": None, "striking": None},
        id="when no cell with members is left shown, the whole breakdown is hidden",
    ),
    pytest.param(
        20,
        {"medical": 18, "student": 6, "payday": 1, "court": 0},
        {"medical": 18, "student": None, "payday": None, "court": 0},
        id="overlapping kinds: the cells add up to more than the total",
    ),
    pytest.param(
        66,
        {"Zenith": 7, "Acme": 7, "Bolt": 2, "Dune": 50},
        {"Zenith": 7, "Acme": None, "Bolt": None, "Dune": 50},
        id="a tie between the next smallest cells goes to the first label",
    ),
    pytest.param(
        4,
        {"counted": 4, "pledged": 0, "striking": 0},
        {"counted": None, "pledged": None, "striking": None},
        id="a campaign of fewer than k members shows nothing",
    ),
]


@pytest.mark.parametrize(("total", "cells", "expected"), EXAMPLES)
def test_hand_worked_examples(total: int, cells: dict[str, int], expected: dict[str, int | None]) -> None:
    published = suppress(
        Tally(total, total * 100_000), {"b": {label: Tally(n, n * 100_000) for label, n in cells.items()}}
    )
    assert published.total == (Hidden() if total < 5 else Shown(total, round_public_amount(total * 100_000)))
    shown = {
        label: cell.members if isinstance(cell, Shown) else None for label, cell in published.breakdowns["b"].items()
    }
    assert shown == expected


def test_shown_amounts_are_rounded_and_members_exact() -> None:
    published = suppress(
        Tally(57, 123_456_789), {"level": {"counted": Tally(50, 100_000_000), "pledged": Tally(7, 23_456_789)}}
    )
    assert published.total == Shown(57, 120_000_000)
    assert published.breakdowns["level"] == {"counted": Shown(50, 100_000_000), "pledged": Shown(7, 23_000_000)}


def test_k_is_the_smallest_group_that_may_be_shown() -> None:
    cells = {"counted": Tally(6, 600), "pledged": Tally(6, 600)}
    assert hidden_labels(suppress(Tally(12, 1200), {"level": cells}, k=5).breakdowns["level"]) == set()
    assert hidden_labels(suppress(Tally(12, 1200), {"level": cells}, k=7).breakdowns["level"]) == {"counted", "pledged"}
    with pytest.raises(ValueError):
        suppress(Tally(12, 1200), {"level": cells}, k=1)


@given(campaigns, ks)
def test_every_shown_cell_describes_k_members_or_none(campaign: list[Member], k: int) -> None:
    total, breakdowns = aggregate(campaign)
    for name, label, cell in cells_of(suppress(total, breakdowns, k)):
        if isinstance(cell, Shown):
            assert len(who_is_in(campaign, name, label)) in {0, *range(k, len(campaign) + 1)}


@given(campaigns, ks)
def test_nothing_shown_is_altered_except_amount_rounding(campaign: list[Member], k: int) -> None:
    """Every figure is either hidden or exactly the counter with its amount rounded; the total of a
    campaign of k members or more is always shown, so the comparison is always made there."""
    total, breakdowns = aggregate(campaign)
    published = suppress(total, breakdowns, k)
    shown_total = Shown(total.members, round_public_amount(total.amount_cents))
    assert published.total == (shown_total if total.members >= k else Hidden())
    assert {name: set(cells) for name, cells in published.breakdowns.items()} == {
        name: set(cells) for name, cells in breakdowns.items()}
    for name, label, cell in cells_of(published):
        tally = breakdowns[name][label]
        assert cell in (Shown(tally.members, round_public_amount(tally.amount_cents)), Hidden()), (name, label)


@given(campaigns, ks)
def test_a_campaign_below_k_shows_nothing(campaign: list[Member], k: int) -> None:
    total, breakdowns = aggregate(campaign)
    published = suppress(total, breakdowns, k)
    everything_hidden = isinstance(published.total, Hidden) and all(
        isinstance(cell, Hidden) for _, _, cell in cells_of(published)
    )
    assert everything_hidden == (len(campaign) < k)


@given(campaigns, ks)
def test_partition_hidden_cells_cannot_be_recovered_by_subtraction(campaign: list[Member], k: int) -> None:
    total, breakdowns = aggregate(campaign)
    published = suppress(total, breakdowns, k)
    for name in PARTITIONS:
        assert_not_recoverable(total.members, breakdowns[name], published.breakdowns[name], k)


@given(campaigns, ks)
def test_overlapping_hidden_cells_together_cover_k_distinct_members(campaign: list[Member], k: int) -> None:
    """Cell amounts add up to the total amount even when members overlap, so the hidden cells' combined
    amount is derivable: it must describe at least k different people, whoever has several debts."""
    total, breakdowns = aggregate(campaign)
    published = suppress(total, breakdowns, k)
    for name in OVERLAPPING:
        hidden = hidden_labels(published.breakdowns[name])
        if hidden and isinstance(published.total, Shown):
            assert len({label for label in hidden if breakdowns[name][label].members}) >= 2
            assert len(set().union(*(who_is_in(campaign, name, label) for label in hidden))) >= k


@given(campaigns, ks, st.randoms(use_true_random=False))
def test_which_cells_hide_never_depends_on_amounts(campaign: list[Member], k: int, rng: random.Random) -> None:
    """So a hidden cell's amount can be anything that keeps the hidden sum: no reader can pin it down."""
    total, breakdowns = aggregate(campaign)
    other_amounts = {
        name: {label: Tally(tally.members, rng.randrange(10**9)) for label, tally in cells.items()}
        for name, cells in breakdowns.items()
    }
    first, second = suppress(total, breakdowns, k), suppress(total, other_amounts, k)
    for name in breakdowns:
        assert hidden_labels(first.breakdowns[name]) == hidden_labels(second.breakdowns[name])


@given(campaigns, ks, st.randoms(use_true_random=False))
def test_the_same_counters_always_give_the_same_figures(campaign: list[Member], k: int, rng: random.Random) -> None:
    total, breakdowns = aggregate(campaign)
    shuffled = {}
    for name, cells in breakdowns.items():
        labels = list(cells)
        rng.shuffle(labels)
        shuffled[name] = {label: cells[label] for label in labels}
    assert suppress(total, breakdowns, k) == suppress(total, breakdowns, k) == suppress(total, shuffled, k)


def assert_not_recoverable(total: int, cells: dict[str, Tally], published: dict[str, Cell], k: int) -> None:
    """A reader knows the total, the shown cells, that the cells add up to the total, and that a hidden
    cell holds at least one member unless the whole breakdown is hidden (then empty cells hide too)."""
    hidden = hidden_labels(published)
    if not hidden or total < k:
        return
    assert len(hidden) >= 2
    assert len([label for label in hidden if cells[label].members]) >= 2  # so amounts can move between them
    remainder = total - sum(cell.members for cell in published.values() if isinstance(cell, Shown))
    assert remainder >= k
    # a hidden cell holds at least `least` and at most what the others leave: more than one possibility
    least = 0 if hidden == set(published) else 1
    assert remainder - (len(hidden) - 1) * least > least


def compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    for cuts in itertools.combinations(range(total + parts - 1), parts - 1):
        bounds = (-1, *cuts, total + parts - 1)
        yield tuple(bounds[i + 1] - bounds[i] - 1 for i in range(parts))


def test_every_small_partition_is_protected_against_subtraction() -> None:
    """All ways of spreading up to 12 members over up to 5 cells, for k from 2 to 6."""
    for k, parts, total in itertools.product(range(2, 7), range(1, 6), range(13)):
        for split in compositions(total, parts):
            cells = {f"cell {i}": Tally(n, n * 1_000) for i, n in enumerate(split)}
            published = suppress(Tally(total, total * 1_000), {"b": cells}, k)
            assert_not_recoverable(total, cells, published.breakdowns["b"], k)


@pytest.mark.parametrize(
    ("cents", "rounded"),
    [
        (0, 0),
        (4_999, 0),  # $49.99
        (5_000, 10_000),  # $50 -> $100, halves up
        (85_000, 90_000),  # $850 -> $900: never finer than $100
        (1_234_500, 1_200_000),  # $12,345 -> $12,000
        (9_999_999, 10_000_000),  # $99,999.99 -> $100,000
        (123_456_789, 120_000_000),  # $1,234,567.89 -> $1,200,000
    ],
)
def test_public_amounts_are_rounded_to_two_significant_figures(cents: int, rounded: int) -> None:
    assert round_public_amount(cents) == rounded


@given(st.integers(min_value=0, max_value=10**13), st.integers(min_value=0, max_value=10**13))
def test_rounding_keeps_order_and_stays_close(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert round_public_amount(low) <= round_public_amount(high)
    assert round_public_amount(round_public_amount(a)) == round_public_amount(a)
    assert abs(round_public_amount(a) - a) <= max(5_000, a // 20)  # $50, or 5% from $1,000 up


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError):
        round_public_amount(-1)


def test_growth_series_shows_a_point_only_after_k_members_moved() -> None:
    day = date(2026, 3, 1)
    members = [2, 6, 8, 11, 11, 30, 27, 24, 3]
    points = [(day + timedelta(days=i), n, n * 250_000 + i) for i, n in enumerate(members)]
    published = suppress_series(points, k=5)
    assert [cell.members if isinstance(cell, Shown) else None for _, cell in published] == [
        None,  # 2: fewer than k so far
        6,
        None,  # 2 joined
        11,
        None,  # an amount changed with nobody joining
        30,
        None,  # 3 left
        24,  # 6 left since the last point shown
        None,  # 21 left, but 3 members remain
    ]
    assert published[1] == (day + timedelta(days=1), Shown(6, round_public_amount(6 * 250_000 + 1)))


series = st.lists(
    st.tuples(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=10**9)), max_size=60
).map(lambda values: [(date(2026, 1, 1) + timedelta(days=i), n, cents) for i, (n, cents) in enumerate(values)])


@given(series, ks)
def test_between_two_shown_points_at_least_k_members_moved(points: list[tuple[date, int, int]], k: int) -> None:
    last_shown = 0
    for (day, members, cents), (published_day, cell) in zip(points, suppress_series(points, k), strict=True):
        assert published_day == day
        if isinstance(cell, Shown):
            assert cell == Shown(members, round_public_amount(cents))
            assert members >= k and abs(members - last_shown) >= k
            last_shown = members
        else:  # hidden only when it had to be
            assert members < k or abs(members - last_shown) < k


@given(series, ks)
def test_the_growth_series_does_not_depend_on_the_order_points_arrive_in(
    points: list[tuple[date, int, int]], k: int
) -> None:
    assert suppress_series(points, k) == suppress_series(list(reversed(points)), k)
