"""What people type into forms and URLs, turned into values: money, dates, ids and whole numbers.

Each parser takes whatever a form or a URL gave (a string, a file, nothing) and returns the value,
or None when it is not one; the form then says next to the field what to fix, and keeps what was
typed. Nothing here raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

# ten million dollars: more than any one person's debt or aid we expect, less than absurd
MAX_CENTS = 10_000_000_00
# ids are PostgreSQL integers: a larger one cannot name a row (and would overflow the column)
MAX_ID = 2**31 - 1


def parse_money(typed: str) -> int | None:
    """Cents from what a person types: "1,234.56", "$1234", "1234,56". None if it is not money."""
    cleaned = typed.replace("$", "").replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d+,\d{2}", cleaned):
        cleaned = cleaned.replace(",", ".")
    cleaned = cleaned.replace(",", "")
    if not re.fullmatch(r"\d{1,12}(\.\d{1,2})?", cleaned):
        return None
    try:
        return int(Decimal(cleaned) * 100)
    except InvalidOperation:
        return None


def parse_date(typed: str) -> dt.date | None:
    """ISO dates from date pickers, and the US month/day/year people type."""
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(typed, pattern).date()
        except ValueError:
            continue
    return None


def month_of(day: dt.date) -> str:
    """The month a day is in, as forms and figures name it: "2026-03"."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_whole(typed: Any, low: int, high: int) -> int | None:
    """A whole number from `low` to `high` typed in digits (surrounding spaces allowed)."""
    if not isinstance(typed, str) or not re.fullmatch(r"[0-9]{1,18}", typed.strip()):
        return None
    value = int(typed)
    return value if low <= value <= high else None


def parse_id(typed: Any) -> int | None:
    """A row's id from a form field: digits that can name a row, else None."""
    return parse_whole(typed, 1, MAX_ID)


def is_id(value: int) -> bool:
    """Whether a number taken from a URL (an `int` path parameter) can name a row."""
    return 0 < value <= MAX_ID
