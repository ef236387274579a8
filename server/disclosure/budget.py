"""How much privacy a campaign's published figures spend, and how it is shared out.

The unit protected is one member event: joining, leaving, changing level, or changing the debt
counted (its amount, kind, creditor or state). Every figure is a running total released through a
tree (`tree`); within a campaign-year, any one event sits in at most one node per level of the tree,
so the year's ε is spent as `levels` equal parts, and each part is shared between the figures of
the campaign by weight. One release, taken alone, reveals at most ε_year / levels about an event
(each released running total holds the event in exactly one node): that is the ε per release.

Both ε are settings (JUBILEE_DP_EPSILON_YEAR, JUBILEE_DP_EPSILON_RELEASE) and both are ceilings:
the ε per release actually spent is the smaller of the setting and ε_year / levels, so that
neither is exceeded. A member with several events in a year (joins, then leaves) is protected at
the sum of their events' ε.

Sensitivity, per event (what one event can change in a figure, in L1):
- a total count (members): 1; a total of amounts clipped per member at `clip`: clip;
- a breakdown where each member is in at most `cells_per_member` cells (1 for level or state;
  a cap the caller enforces for kinds or creditors): twice that, times the unit, since a change
  takes the member out of their cells and into others in the same period.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Period = Literal["hourly", "daily"]
PERIODS: tuple[Period, ...] = ("hourly", "daily")
PERIODS_A_YEAR: dict[Period, int] = {"hourly": 24 * 365, "daily": 365}

DEFAULT_EPSILON_YEAR = 1.0
DEFAULT_EPSILON_RELEASE = 0.25
DEFAULT_PERIOD: Period = "daily"
DEFAULT_CLIP_DOLLARS = 50_000


def tree_levels(periods: int) -> int:
    """Levels of a binary tree over `periods` leaves: how many nodes one leaf is in."""
    if periods < 1:
        raise ValueError("a year has at least one period")
    return math.floor(math.log2(periods)) + 1


@dataclass(frozen=True)
class Figure:
    """One released figure of a campaign: a total (one cell) or a breakdown (several cells).

    `unit` is 1 for a count of members, the clip bound for a sum of clipped amounts.
    """

    name: str
    weight: float
    unit: int = 1
    cells_per_member: int = 1
    breakdown: bool = False

    @property
    def sensitivity(self) -> int:
        if self.unit < 1 or self.cells_per_member < 1:
            raise ValueError("a figure's unit and cells per member are at least 1")
        return self.unit * self.cells_per_member * (2 if self.breakdown else 1)


@dataclass(frozen=True)
class Budget:
    """The ε a campaign spends, per year and per release, for releases every `period`."""

    epsilon_year: float = DEFAULT_EPSILON_YEAR
    epsilon_release_cap: float = DEFAULT_EPSILON_RELEASE
    period: Period = DEFAULT_PERIOD

    def __post_init__(self) -> None:
        if not (0 < self.epsilon_year <= 10 and 0 < self.epsilon_release_cap <= 10):
            raise ValueError("ε must be above 0 and at most 10")
        if self.period not in PERIODS:
            raise ValueError(f"the release period is one of {PERIODS}")

    @property
    def periods_a_year(self) -> int:
        return PERIODS_A_YEAR[self.period]

    @property
    def levels(self) -> int:
        return tree_levels(self.periods_a_year)

    @property
    def epsilon_release(self) -> float:
        """What one release, taken alone, may reveal about one event, all figures together."""
        return min(self.epsilon_release_cap, self.epsilon_year / self.levels)

    @property
    def epsilon_spent_a_year(self) -> float:
        """At most ε_year; less when the cap per release is the tighter of the two."""
        return self.epsilon_release * self.levels

    def node_epsilons(self, figures: Mapping[str, Figure]) -> dict[str, float]:
        """The ε of one node of each figure's tree: the release's ε shared by weight."""
        total = sum(figure.weight for figure in figures.values())
        if not figures or total <= 0 or any(figure.weight <= 0 for figure in figures.values()):
            raise ValueError("every figure needs a positive weight")
        return {name: self.epsilon_release * figure.weight / total for name, figure in figures.items()}


def clip_member_amount(cents: int, clip_cents: int) -> int:
    """A member's debt as counted in sums: never negative, never above the bound."""
    if clip_cents < 1:
        raise ValueError("the clip bound must be positive")
    return min(max(cents, 0), clip_cents)


def clip_in_dollars(cents: int, clip_dollars: int) -> int:
    """A member's debt in whole dollars (rounded down), clipped: the unit of released sums."""
    return clip_member_amount(cents, clip_dollars * 100) // 100
