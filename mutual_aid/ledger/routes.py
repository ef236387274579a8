"""The stewards' pages of the pool's book: every entry under its pseudonymous account ("M-…" for a
contribution, "R-…" for aid), never a member's handle, 200 a page; and the whole book as CSV. Plain
members and anyone outside the pool get "not found".
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.ledger.lines import LedgerLine, ledger_lines
from mutual_aid.ledger.spreadsheet import ledger_csv
from mutual_aid.pools.access import pool_or_404, steward_or_404
from mutual_aid.vocabulary import CATEGORIES
from server.auth import member_required
from server.db import utcnow
from server.fields import parse_whole
from server.i18n import gettext as _
from server.spreadsheets import BOM, MEDIA_TYPE, download_headers
from server.templating import render

PER_PAGE = 200
CSV_BATCH = 2000  # entries fetched (and rows sent) at a time by the CSV download


def _kind_name(line: LedgerLine) -> str:
    if line.kind == "contribution":
        return _("Contribution")
    if line.kind == "payout":
        return _("Aid: %(category)s", category=CATEGORIES[line.category or "other"])
    return _("Reversal")


def entry_name(key: str | None) -> str:
    """An entry's key ("contribution:77", "payout:5", "reversal:contribution:77") in words, for
    people; the CSV keeps the key itself, for spreadsheets."""
    if not key:
        return ""
    kind, _sep, number = key.rpartition(":")
    reversal = kind.startswith("reversal:")
    kind = kind.removeprefix("reversal:")
    if kind == "contribution" and number.isdigit():
        name = _("contribution no. %(number)s", number=number)
    elif kind == "payout" and number.isdigit():
        name = _("payout no. %(number)s", number=number)
    else:
        return key
    return _("reversal of %(entry)s", entry=name) if reversal else name


def _page_number(request: Request) -> int:
    """The page asked for; the first for anything that is not a page number."""
    return parse_whole(request.query_params.get("page", "1"), 1, 999_999) or 1


@member_required
async def ledger_page(request: Request) -> Response:
    pool = await pool_or_404(request)
    await steward_or_404(request, pool)
    db = request.state.db
    newest_first = request.query_params.get("order") != "oldest"
    count = await ledger_queries.entry_count(db, pool["id"])
    pages = max(1, -(-count // PER_PAGE))
    page = min(_page_number(request), pages)
    rows = await ledger_queries.entry_page(db, pool["id"], newest_first=newest_first,
                                          offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    # the running balance starts from what the pool held before the page's oldest entry
    opening = await ledger_queries.balance_before(db, pool["id"], int(rows[0]["id"])) if rows else 0
    lines = ledger_lines(rows, opening)
    shown = lines[::-1] if newest_first else lines
    return render(request, "mutual_aid/ledger/page.html", {
        "pool": pool,
        "balance": await ledger_queries.balance(db, pool["id"]),
        "lines": [(line, _kind_name(line)) for line in shown],
        "entry_name": entry_name,
        "count": count,
        "page": page,
        "pages": pages,
        "order": "newest" if newest_first else "oldest",
    })


@member_required
async def ledger_download(request: Request) -> Response:
    pool = await pool_or_404(request)
    await steward_or_404(request, pool)
    db = request.state.db
    pool_id, currency = int(pool["id"]), str(pool["currency"])
    upto = await ledger_queries.last_entry_id(db, pool_id)

    async def chunks() -> AsyncIterator[str]:
        """The book up to its last entry when the download began, `CSV_BATCH` entries at a time
        (keyset paging by entry id), so memory stays flat however long the book is."""
        yield BOM + ledger_csv([], currency)  # the byte-order mark: spreadsheets read the file as UTF-8
        after, balance = 0, 0
        while upto is not None:
            rows = await ledger_queries.entry_batch(db, pool_id, after_id=after, upto_id=upto, limit=CSV_BATCH)
            if not rows:
                return
            lines = ledger_lines(rows, balance)
            yield ledger_csv(lines, currency, header=False)
            after, balance = int(rows[-1]["id"]), lines[-1].balance_cents

    return StreamingResponse(chunks(), media_type=MEDIA_TYPE,
                             headers=download_headers(pool["slug"], "ledger", utcnow().date(), fallback="pool"))


routes: list[BaseRoute] = [
    Route("/pools/{slug}/steward/ledger", ledger_page, name="pool_ledger"),
    Route("/pools/{slug}/steward/ledger.csv", ledger_download, name="pool_ledger_csv"),
]
