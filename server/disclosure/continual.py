"""One release of a subject's figures (a campaign, a pool) from its exact figures now, and what to
keep for the next: the binary mechanism of `tree`, run one period at a time.

The exact figures are taken once per period, as running totals (members in each cell now), and
kept only as long as a node of the tree still needs them as its start (`needed`): at most one
per level of the tree, so what is stored exactly is a handful of points, never a history. A node's
exact value is the difference of its end and start points; it gets its noise once, and is stored
noisy for good. When releases were missed (the server was down), the periods in between are taken
to have no change, and the whole change falls in the period released now: each event is still in
one node per level, so nothing more is spent.

A label absent from a point counts 0 there: a cell that appears later (a creditor added to a
campaign's targets) starts from nothing, and its members are counted in the period it appears. A
node of the current tiling that lacks a label gets that label's noise now, drawn once and kept.

Pure: the store (`store`) reads and writes what this returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from server.disclosure import noise as noise_module
from server.disclosure import release as release_module
from server.disclosure import tree
from server.disclosure.budget import Budget, Figure, tree_levels
from server.disclosure.noise import OPENDP_NOISE, NoiseSource

# figure -> label -> value
Cells = dict[str, dict[str, int]]


@dataclass(frozen=True)
class State:
    """What is kept of a subject between releases."""

    last_period: int  # 0 before the first release
    points: Mapping[int, Cells]  # exact running totals at the periods still needed
    nodes: Mapping[str, Mapping[tree.Node, Mapping[str, int]]]  # figure -> node -> noisy cells


@dataclass(frozen=True)
class Advance:
    """One release and what changed in the state."""

    period: int
    totals: Cells  # noisy running totals after `period`
    margins: dict[str, int]  # each figure's margin (95 %), per cell
    new_nodes: dict[str, dict[tree.Node, dict[str, int]]]  # nodes or labels drawn now, to store
    points: dict[int, Cells]  # the exact points to keep (all others may be deleted)


def node_start(node: tree.Node, periods_a_year: int) -> int:
    """The period just before the node's first one (0 for the very first)."""
    year, level, index = node
    return year * periods_a_year + (index - 1) * (1 << level)


def needed(point: int, now: int, periods_a_year: int) -> bool:
    """Whether the exact point after period `point` is still the start of a node not yet ended."""
    if point == now:
        return True
    local = point % periods_a_year
    for level in range(tree_levels(periods_a_year)):
        width = 1 << level
        if local % width == 0 and local + width <= periods_a_year and point + width > now:
            return True
    return False


def advance(state: State, period: int, exact: Cells, figures: Mapping[str, Figure],
            labels: Mapping[str, Sequence[str]], budget: Budget, noise: NoiseSource = OPENDP_NOISE) -> Advance:
    """The release after `period` (counted from 1), from `exact` taken at its end."""
    if period <= state.last_period:
        raise ValueError("a period is released once")
    if set(labels) != set(figures):
        raise ValueError("give the labels of every figure, and only those")
    per_year = budget.periods_a_year
    scales = release_module.scales(figures, budget)
    # only the labels released: a label added later then starts from nothing (module docstring)
    exact = {name: {label: exact.get(name, {}).get(label, 0) for label in labels[name]} for name in figures}

    def point(at: int) -> Cells:
        if at == period:
            return exact
        kept = [p for p in state.points if p <= at]
        return dict(state.points[max(kept)]) if kept else {}  # missed periods: no change

    wanted: dict[str, list[tuple[tree.Node, str, int]]] = {name: [] for name in figures}
    for ended in range(state.last_period + 1, period + 1):
        for node in tree.completed_nodes(ended, per_year):
            start, end = point(node_start(node, per_year)), point(ended)
            for name in figures:
                for label in labels[name]:
                    value = end.get(name, {}).get(label, 0) - start.get(name, {}).get(label, 0)
                    wanted[name].append((node, label, value))
    for name in figures:
        drawing = {(node, label) for node, label, _value in wanted[name]}
        for node in tree.tiling(period, per_year):
            for label in labels[name]:
                if label not in state.nodes.get(name, {}).get(node, {}) and (node, label) not in drawing:
                    wanted[name].append((node, label, 0))  # a label new since the node ended

    new_nodes: dict[str, dict[tree.Node, dict[str, int]]] = {}
    for name, pieces in wanted.items():
        drawn = noise.add_noise([value for _node, _label, value in pieces], scales[name].scale)
        for (node, label, _value), noisy in zip(pieces, drawn, strict=True):
            new_nodes.setdefault(name, {}).setdefault(node, {})[label] = noisy

    totals: Cells = {}
    for name in figures:
        def cell(node: tree.Node, label: str, name: str = name) -> int:
            fresh = new_nodes.get(name, {}).get(node, {})
            return fresh[label] if label in fresh else state.nodes[name][node][label]
        tiles = tree.tiling(period, per_year)
        totals[name] = {label: sum(cell(node, label) for node in tiles) for label in labels[name]}
    terms = tree.noise_terms(period, per_year)
    margins = {name: noise_module.margin(scales[name].scale, terms) for name in figures}
    candidates = {*state.points, *range(state.last_period + 1, period + 1)}
    points = {at: point(at) for at in sorted(candidates) if needed(at, period, per_year)}
    return Advance(period, totals, margins, new_nodes, points)
