"""Releases one period at a time (`server.disclosure.continual`): with no noise they give the exact
running totals back, whatever periods were missed and whenever a label appears; every node is
drawn once; and only a handful of exact points is ever kept."""

from __future__ import annotations

import random

from server.disclosure import continual, tree
from server.disclosure.budget import Budget, Figure
from tests.factories.noise import OffsetNoise

BUDGET = Budget(period="daily")
FIGURES = {"members": Figure("members", 2), "level": Figure("level", 1, breakdown=True)}


def run(periods: list[int], exact_at: dict[int, continual.Cells], labels: dict[str, list[str]],
        noise: OffsetNoise) -> tuple[list[continual.Advance], int]:
    state = continual.State(0, {}, {})
    steps = []
    most_points = 0
    for period in periods:
        step = continual.advance(state, period, exact_at[period], FIGURES, labels, BUDGET, noise)
        nodes = {name: {node: dict(cells) for node, cells in state.nodes.get(name, {}).items()} for name in FIGURES}
        for name, fresh in step.new_nodes.items():
            for node, cells in fresh.items():
                assert not set(cells) & set(nodes[name].get(node, {})), "a node's cell is drawn once"
                nodes[name].setdefault(node, {}).update(cells)
        state = continual.State(period, step.points, nodes)
        most_points = max(most_points, len(step.points))
        steps.append(step)
    return steps, most_points


def test_without_noise_every_release_is_the_exact_running_total_across_years_and_missed_periods() -> None:
    rng = random.Random(7)
    members, counted = 0, 0
    exact_at: dict[int, continual.Cells] = {}
    for period in range(1, 900):
        members += rng.randint(-2, 9)
        members = max(members, 0)
        counted = min(members, max(0, counted + rng.randint(-1, 3)))
        exact_at[period] = {"members": {"all": members}, "level": {"counted": counted, "pledged": members - counted}}
    released = sorted(rng.sample(range(1, 900), 500))  # many periods missed on the way
    steps, most_points = run(released, exact_at, {"members": ["all"], "level": ["counted", "pledged"]}, OffsetNoise(0))
    for step in steps:
        assert step.totals == exact_at[step.period]
    assert most_points <= tree.tree_levels(BUDGET.periods_a_year) + 1


def test_a_label_that_appears_later_counts_its_members_from_then_on() -> None:
    exact_at = {period: {"members": {"all": period}, "level": {"counted": period, "pledged": 0}} for period in range(1, 40)}
    for period in range(20, 40):
        exact_at[period]["level"]["pledged"] = 5 + period
    labels_then = {"members": ["all"], "level": ["counted"]}
    labels_now = {"members": ["all"], "level": ["counted", "pledged"]}
    state = continual.State(0, {}, {})
    for period in range(1, 40):
        step = continual.advance(state, period, exact_at[period], FIGURES, labels_then if period < 25 else labels_now,
                                 BUDGET, OffsetNoise(0))
        nodes = {name: {node: dict(cells) for node, cells in state.nodes.get(name, {}).items()} for name in FIGURES}
        for name, fresh in step.new_nodes.items():
            for node, cells in fresh.items():
                nodes[name].setdefault(node, {}).update(cells)
        state = continual.State(period, step.points, nodes)
        if period >= 25:
            assert step.totals["level"]["pledged"] == 5 + period


def test_one_release_draws_only_the_nodes_that_ended_in_it() -> None:
    exact_at = {period: {"members": {"all": period}, "level": {"counted": period, "pledged": 0}} for period in range(1, 9)}
    noise = OffsetNoise(3)
    steps, _points = run(list(range(1, 9)), exact_at, {"members": ["all"], "level": ["counted", "pledged"]}, noise)
    # 8 periods: 8 + 4 + 2 + 1 nodes ended, each with 1 + 2 cells
    assert noise.drawn == 15 * 3
    # with an offset of 3 on each node, a total carries 3 times the number of its nodes
    assert steps[-1].totals["members"]["all"] == 8 + 3 * len(tree.tiling(8, BUDGET.periods_a_year))
    assert steps[6].totals["members"]["all"] == 7 + 3 * len(tree.tiling(7, BUDGET.periods_a_year))
