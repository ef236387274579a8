"""What each member pays into a pool every month, and who confirms that they did.

Pure rules with no I/O. A pool declares one contribution rule: a fixed monthly amount for
everyone, or a share of each member's declared monthly income kept between a floor and a cap.
All amounts are whole cents; shares are in basis points (1% = 100 basis points).

An income share is taken from the lower edge of the member's income bracket, not from the income
itself: stewards see the amount a member owes, and from it, with the pool's rule, they could
otherwise work the income back to the dollar. Now the amount tells them only the bracket.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from mutual_aid.pools.rules import PoolRules

Kind = Literal["fixed", "income_share"]
KINDS: frozenset[str] = frozenset(get_args(Kind))
WHOLE_INCOME_BASIS_POINTS = 100_00
# The lower edges of the monthly income brackets, in dollars; the last one has no upper edge.
# Each bracket is a tenth to a fifth of its lower edge wide from $2,500 up (wider below), so the
# amount owed says little more than "about this much", wherever the income is.
INCOME_BRACKETS_DOLLARS = (
    0, 250, 500, 750, 1_000, 1_250, 1_500, 1_750, 2_000, 2_250, 2_500, 3_000, 3_500, 4_000, 4_500,
    5_000, 6_000, 7_000, 8_000, 9_000, 10_000, 12_500, 15_000, 17_500, 20_000, 25_000, 30_000,
    40_000, 50_000, 75_000, 100_000,
)


@dataclass(frozen=True)
class ContributionRule:
    """A pool's contribution rule; a rule that makes no sense is refused when it is made.

    - "fixed": everyone pays `amount_cents` a month; the share, floor and cap are not used and
      must be left at zero / unset.
    - "income_share": everyone pays `share_basis_points` of the monthly income they declared,
      but never less than `floor_cents` and never more than `cap_cents` (no cap when unset).
      `amount_cents` is not used and must be left at zero.
    """

    kind: Kind
    amount_cents: int = 0
    share_basis_points: int = 0
    floor_cents: int = 0
    cap_cents: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown contribution rule {self.kind!r}")
        if self.amount_cents < 0 or self.share_basis_points < 0 or self.floor_cents < 0:
            raise ValueError("amounts and shares cannot be negative")
        if self.cap_cents is not None and self.cap_cents < 0:
            raise ValueError("a cap cannot be negative")
        if self.share_basis_points > WHOLE_INCOME_BASIS_POINTS:
            raise ValueError("a share cannot be more than the whole income")
        if self.cap_cents is not None and self.floor_cents > self.cap_cents:
            raise ValueError("the floor cannot be above the cap")
        if self.kind == "fixed" and (self.share_basis_points or self.floor_cents or self.cap_cents is not None):
            raise ValueError("a fixed contribution has no share, floor or cap")
        if self.kind == "income_share" and self.amount_cents:
            raise ValueError("an income share has no fixed amount; use the floor for a minimum")


def contribution_rule(rules: PoolRules) -> ContributionRule:
    """The contribution rule of a pool's rules."""
    if rules.contribution_kind == "fixed":
        return ContributionRule("fixed", amount_cents=rules.contribution_cents)
    return ContributionRule(
        "income_share",
        share_basis_points=rules.share_basis_points,
        floor_cents=rules.floor_cents,
        cap_cents=rules.cap_cents,
    )


def fixed(amount_cents: int) -> ContributionRule:
    """Everyone pays the same amount each month."""
    return ContributionRule("fixed", amount_cents=amount_cents)


def income_share(share_basis_points: int, floor_cents: int = 0, cap_cents: int | None = None) -> ContributionRule:
    """Everyone pays a share of their declared monthly income, between a floor and a cap."""
    return ContributionRule(
        "income_share", share_basis_points=share_basis_points, floor_cents=floor_cents, cap_cents=cap_cents
    )


def income_bracket(income_cents: int) -> tuple[int, int | None]:
    """The bracket a monthly income falls in: (its lower edge, its upper edge, excluded), in
    cents; no upper edge for the last bracket. $2,345.67 is in ($2,250.00, $2,500.00)."""
    if income_cents < 0:
        raise ValueError("a declared income cannot be negative")
    edges = [dollars * 100 for dollars in INCOME_BRACKETS_DOLLARS]
    low = max(edge for edge in edges if edge <= income_cents)
    return low, next((edge for edge in edges if edge > income_cents), None)


def monthly_contribution(rule: ContributionRule, declared_income_cents: int | None) -> int:
    """What one member pays this month under the pool's rule, in cents.

    A fixed rule asks the same of everyone, whatever they earn. An income share is the share of
    the lower edge of the member's income bracket, rounded down to the cent, both in the member's
    favour: with 3%, $2,345.67 is in the bracket from $2,250, so the share is $67.50, as for
    every income from $2,250.00 to $2,499.99. It is then raised to the floor or lowered to the
    cap: with a $20 floor and a $100 cap, a member who declared $500 pays $20 and one who
    declared $5,000 pays $100. A member who has not declared an income pays the floor.
    """
    if declared_income_cents is not None and declared_income_cents < 0:
        raise ValueError("a declared income cannot be negative")
    if rule.kind == "fixed":
        return rule.amount_cents
    if declared_income_cents is None:
        return rule.floor_cents
    counted, _upper = income_bracket(declared_income_cents)
    share = counted * rule.share_basis_points // WHOLE_INCOME_BASIS_POINTS
    if rule.cap_cents is not None:
        share = min(share, rule.cap_cents)
    return max(share, rule.floor_cents)


def monthly_owed(rules: PoolRules, monthly_cents: int | None) -> int:
    """What a member pays each month as the stewards see it: the fixed amount, or what the
    member's last declared income gives (the floor when they declared none)."""
    if rules.contribution_kind == "fixed":
        return rules.contribution_cents
    return monthly_cents if monthly_cents is not None else rules.floor_cents


def may_decide(steward_id: int, contributor_id: int, stewards: int) -> bool:
    """A steward does not confirm (or decline) their own contribution, unless they are the pool's
    only steward: another steward checks that the money arrived."""
    return steward_id != contributor_id or stewards <= 1


def entry_key(contribution_id: int) -> str:
    """The key of a confirmed contribution's entry in the pool's book."""
    return f"contribution:{contribution_id}"


def reversal_key(contribution_id: int) -> str:
    """The key of the entry that reverses it."""
    return f"reversal:contribution:{contribution_id}"
