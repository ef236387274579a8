"""One release of a campaign's (or a pool's) figures: every figure's running totals, with noise.

The caller gives, for each figure, its exact increment per ended period (internal, never shown)
and the noisy tree nodes stored so far; `release` draws the nodes missing (once: store them) and
returns every figure's released running totals and their margin. What to show is then decided by
`shaping` and worded by `wording`, neither of which spends ε.

    figures = {"members": Figure("members", weight=2), "level": Figure("level", 1, breakdown=True)}
    released = release(figures, increments, stored_nodes, budget)
    store(released.nodes)                        # the wiring's table
    members_now = released.latest("members")[0]  # noisy; shape it before showing
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from server.disclosure import noise as noise_module
from server.disclosure import tree
from server.disclosure.budget import Budget, Figure
from server.disclosure.noise import OPENDP_NOISE, NoiseSource


@dataclass(frozen=True)
class FigureScale:
    """How one figure is released: the ε of each of its tree's nodes and the noise scale."""

    epsilon_node: float
    scale: float


@dataclass(frozen=True)
class Released:
    """Every figure's noisy running totals after each ended period, and the nodes they came from."""

    periods: int
    totals: dict[str, list[tree.Cells]]
    nodes: dict[str, dict[tree.Node, tree.Cells]]
    scales: dict[str, FigureScale]
    periods_a_year: int

    def latest(self, name: str) -> tree.Cells:
        return self.totals[name][-1]

    def margin(self, name: str, period: int | None = None) -> int:
        """Half-width of the 95 % interval of each cell of the figure's running total."""
        terms = tree.noise_terms(self.periods if period is None else period, self.periods_a_year)
        return noise_module.margin(self.scales[name].scale, terms)


def scales(figures: Mapping[str, Figure], budget: Budget) -> dict[str, FigureScale]:
    """Each figure's share of the ε per release, and the scale that spends it at its sensitivity."""
    return {name: FigureScale(epsilon, noise_module.laplace_scale(epsilon, figures[name].sensitivity))
            for name, epsilon in budget.node_epsilons(figures).items()}


def release(figures: Mapping[str, Figure], increments: Mapping[str, Sequence[Sequence[int]]],
            stored: Mapping[str, Mapping[tree.Node, tree.Cells]], budget: Budget,
            noise: NoiseSource = OPENDP_NOISE) -> Released:
    """Release every figure for the periods ended so far (`increments[name][i]` is period i+1)."""
    if set(increments) != set(figures):
        raise ValueError("give increments for every figure, and only those")
    lengths = {len(periods) for periods in increments.values()}
    if len(lengths) > 1:
        raise ValueError("every figure must cover the same periods")
    periods = lengths.pop() if lengths else 0
    figure_scales = scales(figures, budget)
    nodes = {name: tree.grow(increments[name], stored.get(name, {}), figure_scales[name].scale,
                             budget.periods_a_year, noise) for name in figures}
    totals = {name: tree.running_totals(nodes[name], periods, budget.periods_a_year) for name in figures}
    return Released(periods, totals, nodes, figure_scales, budget.periods_a_year)
