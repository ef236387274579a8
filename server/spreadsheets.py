"""CSV downloads that spreadsheet programs open safely: UTF-8 with a byte-order mark, CRLF lines,
and no cell that a spreadsheet would run as a formula (a leading ' is added before =, +, -, @,
tab or carriage return)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence

# first in a download, so spreadsheet programs read the file as UTF-8
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MEDIA_TYPE = "text/csv; charset=utf-8"


def spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet shows as text: a leading ' before anything it would run as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_rows(rows: Iterable[Sequence[str]]) -> str:
    """Rows as CSV text, every cell made spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return out.getvalue()


def amount_text(cents: int) -> str:
    """Cents as a plain decimal a spreadsheet reads as a number: -1234 -> "-12.34"."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def download_headers(slug: str, what: str, today: dt.date, *, fallback: str) -> dict[str, str]:
    """The headers of a CSV download named `<slug>-<what>-<date>.csv`, kept from every cache; only
    a-z, 0-9 and - of the slug go into the name (`fallback` when none is left)."""
    name = re.sub(r"[^a-z0-9-]", "", slug) or fallback
    return {
        "content-disposition": f'attachment; filename="{name}-{what}-{today.isoformat()}.csv"',
        "cache-control": "no-store",
    }
