"""Running totals released every period with an error that grows slowly: the binary mechanism.

Internally, the exact change of each figure during each period is known (its increment: members
who joined minus those who left, per cell). Adding fresh noise to each running total would spend ε
at every release; adding noise to each increment and summing would let the error grow like the
number of periods. Instead, within a campaign-year of T periods, the periods are the leaves of a
binary tree: a node covers 2^level consecutive periods, and when its last period has ended it gets
its exact sum plus noise, once, and keeps that noisy value for good (`grow`). The running total
after period t is the sum of the noisy nodes that tile 1..t, at most one per level (`running_totals`):
its error is a sum of at most `levels` noises of scale levels/ε, O(log² T) in all, against O(T).

One event changes one period, so one node per level: with `levels` levels per year, each node
spends ε_year / levels (the `budget` module), and one release uses one of them. After a year, a new
tree starts; earlier years contribute their final released total, unchanged.

Noisy nodes must be stored with the figures (the wiring's table): drawing them again would let a
reader average the noise away. Only the nodes missing are ever drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from server.disclosure.budget import tree_levels
from server.disclosure.noise import OPENDP_NOISE, NoiseSource

# (year from 0, level from 0, index from 1): the node covers periods (index-1)*2^level+1 .. index*2^level
Node = tuple[int, int, int]
Cells = tuple[int, ...]


def completed_nodes(period: int, periods_a_year: int) -> list[Node]:
    """The nodes whose last period is `period` (from 1, counted since the series began)."""
    year, local = divmod(period - 1, periods_a_year)
    local += 1
    return [(year, level, local >> level) for level in range(tree_levels(periods_a_year))
            if local % (1 << level) == 0]


def tiling(period: int, periods_a_year: int) -> list[Node]:
    """The nodes whose sum is the running total after `period`: whole earlier years, then the
    dyadic pieces of this year, largest first."""
    if period < 1:
        return []
    year, local = divmod(period - 1, periods_a_year)
    local += 1
    nodes = [node for earlier in range(year) for node in _year_tiling(earlier, periods_a_year, periods_a_year)]
    return nodes + _year_tiling(year, local, periods_a_year)


def _year_tiling(year: int, local: int, periods_a_year: int) -> list[Node]:
    nodes: list[Node] = []
    covered = 0
    for level in reversed(range(tree_levels(periods_a_year))):
        if covered + (1 << level) <= local:
            covered += 1 << level
            nodes.append((year, level, covered >> level))
    return nodes


def grow(increments: Sequence[Sequence[int]], noisy: Mapping[Node, Cells], scale: float, periods_a_year: int,
         noise: NoiseSource = OPENDP_NOISE) -> dict[Node, Cells]:
    """Every noisy node of the periods ended so far (`increments[i]` is period i+1): the stored
    ones as they are, and the missing ones drawn now, each once, at `scale`."""
    width = len(increments[0]) if increments else 0
    if any(len(cells) != width for cells in increments):
        raise ValueError("every period must have the same cells")
    missing = [node for period in range(1, len(increments) + 1)
               for node in completed_nodes(period, periods_a_year) if node not in noisy]
    exact = [_exact(node, increments, periods_a_year) for node in missing]
    drawn = noise.add_noise([value for cells in exact for value in cells], scale)
    grown = dict(noisy)
    for position, node in enumerate(missing):
        grown[node] = tuple(drawn[position * width:(position + 1) * width])
    return grown


def _exact(node: Node, increments: Sequence[Sequence[int]], periods_a_year: int) -> Cells:
    year, level, index = node
    first = year * periods_a_year + (index - 1) * (1 << level)
    block = increments[first:first + (1 << level)]
    return tuple(sum(column) for column in zip(*block, strict=True))


def running_totals(noisy: Mapping[Node, Cells], periods: int, periods_a_year: int) -> list[Cells]:
    """The released running total after each period 1..periods, from the noisy nodes only."""
    return [running_total(noisy, period, periods_a_year) for period in range(1, periods + 1)]


def running_total(noisy: Mapping[Node, Cells], period: int, periods_a_year: int) -> Cells:
    nodes = [noisy[node] for node in tiling(period, periods_a_year)]
    if not nodes:
        raise ValueError("no period has ended yet")
    return tuple(sum(column) for column in zip(*nodes, strict=True))


def noise_terms(period: int, periods_a_year: int) -> int:
    """How many independent noises the running total after `period` carries (for its margin)."""
    return len(tiling(period, periods_a_year))
