"""The stewards' lines of the pool's book: each entry with its pseudonymous account, money in and
out of the pool's cash, the running balance, and which entry reverses which. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LedgerLine:
    """One line of the steward's ledger: an entry with its running balance and its markers."""

    key: str
    kind: str
    category: str | None
    happened_on: dt.date
    account: str  # the pseudonym ("M-7K2P", "R-4M9T"), never a member's handle
    in_cents: int
    out_cents: int
    balance_cents: int  # the pool's balance after this entry
    reverses: str | None
    reversed_by: str | None
    original_kind: str  # for a reversal: what it undoes (contribution or payout)


def ledger_lines(rows: Sequence[Mapping[str, object]], opening_cents: int = 0) -> list[LedgerLine]:
    """Consecutive entries of the book (oldest first, as `queries.entry_rows`) as the
    steward's lines, the running balance starting from `opening_cents` (what the pool held before
    the first of them). A row may carry what lies outside `rows` (`reversed_by`, `original_kind`,
    `original_category`, as `queries.entry_page` gives); otherwise they are found among `rows`."""
    reversed_by = {str(row["reverses"]): str(row["key"]) for row in rows if row["reverses"]}
    kinds = {str(row["key"]): str(row["kind"]) for row in rows}
    categories = {str(row["key"]): str(row["category"]) for row in rows if row["category"]}
    lines = []
    balance = opening_cents
    for row in rows:
        cash = int(row["cash_cents"])  # type: ignore[call-overload]
        balance += cash
        party = str(row["party"] or "")
        reverses = str(row["reverses"]) if row["reverses"] else None
        key = str(row["key"])
        happened_on = row["happened_on"]
        assert isinstance(happened_on, dt.date)
        if "reversed_by" in row:
            undone_by = str(row["reversed_by"]) if row["reversed_by"] else None
            original_kind = str(row["original_kind"] or "")
            original_category = str(row["original_category"]) if row["original_category"] else None
        else:
            undone_by = reversed_by.get(key)
            original_kind = kinds.get(reverses, "") if reverses else ""
            original_category = categories.get(reverses or "")
        lines.append(LedgerLine(
            key=key, kind=str(row["kind"]),
            category=str(row["category"]) if row["category"] else original_category,
            happened_on=happened_on, account=party.removeprefix("member:"),
            in_cents=max(cash, 0), out_cents=max(-cash, 0), balance_cents=balance, reverses=reverses,
            reversed_by=undone_by,
            original_kind=original_kind if reverses else str(row["kind"]),
        ))
    return lines
