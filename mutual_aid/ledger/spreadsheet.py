"""The stewards' lines of the book as CSV (`server.spreadsheets`): codes in English for formulas
and scripts, amounts as plain decimals, every cell guarded against spreadsheet formulas. Pure."""

from __future__ import annotations

from collections.abc import Iterable

from mutual_aid.ledger.lines import LedgerLine
from server.spreadsheets import amount_text, csv_rows

CSV_HEADER = ("date", "key", "kind", "category", "account", "in", "out", "balance", "currency", "reverses",
              "reversed_by")


def _amount(cents: int) -> str:
    return amount_text(cents) if cents else ""


def ledger_csv(lines: Iterable[LedgerLine], currency: str, *, header: bool = True) -> str:
    """The lines as CSV text, the header first unless `header` is false."""
    rows: list[tuple[str, ...]] = [CSV_HEADER] if header else []
    rows += [(
        line.happened_on.isoformat(), line.key, line.kind, line.category or "", line.account,
        _amount(line.in_cents), _amount(line.out_cents), amount_text(line.balance_cents), currency,
        line.reverses or "", line.reversed_by or "",
    ) for line in lines]
    return csv_rows(rows)
