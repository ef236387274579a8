"""Small groups stay hidden: the one rule every public campaign figure goes through.

Pages, CSV, JSON and charts publish what these functions return and nothing else, so a group of
fewer than k members (JUBILEE_SUPPRESSION_K, default 5) is never shown, directly or by subtraction.
Member counts are shown exactly; amounts are rounded (`round_public_amount`). A `Hidden` cell must be
rendered as hidden ("hidden to protect small groups"), not as "fewer than k": a cell hidden only
to protect another one usually holds more than k members.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

DEFAULT_K = 5
MIN_ROUNDING_STEP_CENTS = 100_00


class Tally(NamedTuple):
    """How many members a figure describes, and their debt in cents."""

    members: int
    amount_cents: int


@dataclass(frozen=True)
class Shown:
    """A figure that may be published: exact members, amount already rounded for the public."""

    members: int
    amount_cents: int


@dataclass(frozen=True)
class Hidden:
    """A figure withheld: it describes too few members, or would reveal one that does."""


Cell = Shown | Hidden


@dataclass(frozen=True)
class PublicTotals:
    """A campaign's total and breakdowns (name -> label -> cell), as they may be published."""

    total: Cell
    breakdowns: dict[str, dict[str, Cell]]


def round_public_amount(cents: int) -> int:
    """Round an amount for publication: two significant figures, never finer than $100, halves up.

    $49.99 -> $0, $850 -> $900, $12,345 -> $12,000, $1,234,567 -> $1,200,000. The step grows with
    the amount, so one member joining rarely moves a large total, and the error is at most 5% from
    $1,000 up. A reader subtracting rounded figures gets a range, never a hidden amount.
    """
    if cents < 0:
        raise ValueError("an amount cannot be negative")
    two_figures: int = 10 ** max(len(str(cents)) - 2, 0)
    step = max(MIN_ROUNDING_STEP_CENTS, two_figures)
    return (cents + step // 2) // step * step


def suppress(total: Tally, breakdowns: Mapping[str, Mapping[str, Tally]], k: int = DEFAULT_K) -> PublicTotals:
    """What may be published of a campaign's total and its breakdowns (by level, kind, creditor, state...).

    When the total has fewer than k members, everything is hidden. Otherwise, in each breakdown:
    1. every cell of 1 to k-1 members is hidden; empty cells (0 members) are shown: they describe
       no one;
    2. if any cell is hidden, the smallest cell of k or more members (fewest members, then label)
       is hidden too;
    3. if no cell with members is left shown, the whole breakdown is hidden, empty cells included.

    Rule 2 leaves at least two hidden cells, one of them with at least k members. In a breakdown
    that partitions the members (level; state when one state per member) the hidden cells then sum
    to k or more, so no single hidden count or amount follows by subtraction. In an overlapping
    breakdown (kind, creditor: one member may sit in several cells) member counts cannot be added,
    but amounts still are (each debt sits in one cell), so the hidden amounts' sum is derivable; it
    then covers at least the k distinct members of that one large cell, or everyone when all is
    hidden. One rule for both kinds, so a breakdown cannot be put under the wrong one; it costs at
    most one cell more than the smallest rule for partitions. Which cells hide depends on member
    counts and labels only, never on amounts, so hidden amounts can be moved between hidden cells
    without changing the output. A reader who knows this rule can sometimes still tell a small
    cell's exact count (cells of 5, 5 and 1 members, one 5 and the 1 hidden: the pair is 5 + 1),
    never its amount. Pass every label a page names, empty ones included: a label listed only when
    it has members tells the reader that someone is in it.
    """
    if k < 2:
        raise ValueError("k must be at least 2")
    tallies = [total, *(tally for cells in breakdowns.values() for tally in cells.values())]
    if any(tally.members < 0 or tally.amount_cents < 0 for tally in tallies):
        raise ValueError("members and amounts cannot be negative")
    if total.members < k:
        return PublicTotals(Hidden(), {name: dict.fromkeys(cells, Hidden()) for name, cells in breakdowns.items()})
    return PublicTotals(_shown(total), {name: _suppress_breakdown(cells, k) for name, cells in breakdowns.items()})


def count_to_show(count: int, people: int, k: int = DEFAULT_K) -> int | None:
    """A lone count to publish (members of a pool, requests funded), or None (hidden) when fewer
    than k people stand behind it."""
    return count if people >= k else None


def _suppress_breakdown(cells: Mapping[str, Tally], k: int) -> dict[str, Cell]:
    hidden = {label for label, tally in cells.items() if 0 < tally.members < k}
    large = sorted((tally.members, label) for label, tally in cells.items() if tally.members >= k)
    if hidden and large:
        hidden.add(large[0][1])
    if hidden and all(label in hidden for label, tally in cells.items() if tally.members > 0):
        hidden = set(cells)
    return {label: Hidden() if label in hidden else _shown(tally) for label, tally in cells.items()}


def _shown(tally: Tally) -> Shown:
    return Shown(tally.members, round_public_amount(tally.amount_cents))


def suppress_series(points: Sequence[tuple[date, int, int]], k: int = DEFAULT_K) -> list[tuple[date, Cell]]:
    """What may be published of the growth series: (day, members so far, amount so far) per point.

    The series is a breakdown by day of joining: the difference between two published points is
    the group that joined (or left) in between, and its amount is their debt. One person joining on
    a given day does not say who, but it does say "someone who owes about $X joined on 3 March", and
    a creditor who received a dispute letter or a missed payment that day can connect the two. So
    a day with fewer than k joiners is as much a small group as any breakdown cell.

    Fixed weekly (or monthly) points would not fix this: a slow week still has one joiner. Instead
    the series is coarsened as it grows: a point is shown only when it has at least k members and
    differs by at least k members from the last point shown (from zero for the first); the others
    are hidden, and a chart draws its line between shown points. A fast campaign keeps daily
    points; a slow one gets a point each time k more members have joined. A change in amount with
    fewer than k members moving (a member adding a debt) is hidden the same way. Amounts are
    rounded. A live total published next to the chart reveals the same difference again, against
    the last shown point; publish that point as the latest total, or accept the difference.
    """
    if k < 2:
        raise ValueError("k must be at least 2")
    published: list[tuple[date, Cell]] = []
    last_shown = 0
    for day, members, amount_cents in sorted(points, key=lambda point: point[0]):
        if members < 0 or amount_cents < 0:
            raise ValueError("members and amounts cannot be negative")
        if members >= k and abs(members - last_shown) >= k:
            published.append((day, _shown(Tally(members, amount_cents))))
            last_shown = members
        else:
            published.append((day, Hidden()))
    return published
