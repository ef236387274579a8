"""Which of a member's debts fit a campaign: a pure rule, with no I/O.

A campaign lists targets of three kinds: creditors, kinds of debt and regions. A debt fits when
it matches every kind of target the campaign lists: one of its creditors (the original creditor
or the current holder) is a target creditor, if the campaign lists creditors; its kind is a target
kind, if it lists kinds; its region is a target region, if it lists regions. A kind of target the
campaign does not list restricts nothing, so a campaign without targets takes every debt. A debt
in another currency than the campaign's never fits: its amount could not be added to the totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

Debt = TypeVar("Debt", bound=Mapping[str, Any])


@dataclass(frozen=True)
class Targets:
    """What a campaign targets; an empty set does not restrict."""

    currency: str
    creditor_ids: frozenset[int] = frozenset()
    kinds: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()


def targets_of(currency: str, rows: Iterable[Mapping[str, Any]]) -> Targets:
    """From `campaign_targets` rows (each sets one of creditor_id, debt_kind, region)."""
    rows = list(rows)
    return Targets(
        currency=currency,
        creditor_ids=frozenset(r["creditor_id"] for r in rows if r["creditor_id"] is not None),
        kinds=frozenset(r["debt_kind"] for r in rows if r["debt_kind"] is not None),
        regions=frozenset(r["region"] for r in rows if r["region"] is not None),
    )


def fits(targets: Targets, debt: Mapping[str, Any]) -> bool:
    """Whether the debt (kind, region, currency, original_creditor_id, current_holder_id) fits."""
    if debt["currency"] != targets.currency:
        return False
    if targets.creditor_ids:
        creditors = {debt["original_creditor_id"], debt["current_holder_id"]} - {None}
        if not creditors & targets.creditor_ids:
            return False
    if targets.kinds and debt["kind"] not in targets.kinds:
        return False
    return not targets.regions or debt["region"] in targets.regions


def fitting(targets: Targets, debts: Iterable[Debt]) -> list[Debt]:
    """The debts that fit, in their order."""
    return [debt for debt in debts if fits(targets, debt)]
