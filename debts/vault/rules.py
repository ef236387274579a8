"""The vault's rules, as plain functions: totals of a member's debts, and what a payment does to one."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any


def totals_by_kind(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Balance per kind of debt and currency, largest first."""
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        entry = sums[(row["kind"], row["currency"])]
        entry[0] += row["balance_cents"]
        entry[1] += 1
    return [
        {"kind": kind, "currency": currency, "cents": cents, "count": count}
        for (kind, currency), (cents, count) in sorted(sums.items(), key=lambda item: -item[1][0])
    ]


def after_payment(debt: Mapping[str, Any], cents: int, on: dt.date) -> tuple[int, dt.date]:
    """(balance, last payment day) once `cents` are paid on `on`: the balance never goes below
    zero, and an earlier payment recorded late leaves the last payment day as it was."""
    balance = max(int(debt["balance_cents"]) - cents, 0)
    last = debt["last_payment_on"]
    return balance, on if last is None or on > last else last
