"""What a pledge adds to a campaign's counters, and activation read from the histograms.

Pure functions: the counters in `campaign_cells` and `campaign_conditions` are kept by
`campaigns.counters.pledging` with these, and `campaigns.counters.recount` recomputes them from the pledges with
the same functions, so the two can only differ if an update went missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

TOTAL = ("total", "all")
ACTIVATING = frozenset({"pledged", "striking"})


def cells_of(level: str, debt: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (dimension, label) cells one pledged debt is counted in."""
    cells = [TOTAL, ("level", level), ("kind", debt["kind"]), ("region", debt["region"] or "unknown")]
    creditors = {debt["original_creditor_id"], debt["current_holder_id"]} - {None}
    cells += [("creditor", str(creditor)) for creditor in sorted(creditors)]
    return cells


def condition_of(level: str, min_others: int) -> int | None:
    """A pledge's condition for activation: None when it never activates anything (counted)."""
    if level not in ACTIVATING:
        return None
    return 0 if level == "striking" else min_others


@dataclass(frozen=True)
class Active:
    members: int
    amount_cents: int


def active_from_histograms(members_by_condition: Mapping[int, int], amount_by_condition: Mapping[int, int]) -> Active:
    """The active set's size and amount from the histograms (see campaigns.counters.activation).

    With members' smallest conditions sorted c1 <= ... <= cn, the set has the largest m with
    c_m <= m - 1, and holds exactly the members with a condition <= m - 1; its amount is every
    pledged debt whose own condition is <= m - 1 (such a debt's member is in: their smallest
    condition is no larger)."""
    size = 0
    seen = 0
    for condition in sorted(c for c, n in members_by_condition.items() if n > 0):
        # members with this condition are the (seen+1)-th .. (seen+n)-th smallest
        count = members_by_condition[condition]
        # the largest j in (seen, seen+count] with condition <= j - 1, if any
        if condition <= seen + count - 1:
            size = seen + count
        seen += count
    amount = sum(v for c, v in amount_by_condition.items() if c <= size - 1)
    return Active(size, amount)


def histograms(pledges: Iterable[Mapping[str, Any]]) -> tuple[dict[int, int], dict[int, int]]:
    """The two histograms from pledge rows (member_id, level, min_others, balance_cents)."""
    smallest: dict[int, int] = {}
    amounts: dict[int, int] = {}
    for pledge in pledges:
        condition = condition_of(pledge["level"], pledge["min_others"])
        if condition is None:
            continue
        member = pledge["member_id"]
        smallest[member] = min(condition, smallest.get(member, condition))
        amounts[condition] = amounts.get(condition, 0) + pledge["balance_cents"]
    members: dict[int, int] = {}
    for condition in smallest.values():
        members[condition] = members.get(condition, 0) + 1
    return members, amounts
