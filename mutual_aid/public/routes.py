"""A pool's public page, and its stewards' ledger (a page and a CSV download).

The public page is for anyone, logged in or not: the pool's rules, its balance, how many members it
has (or "fewer than k"), and money in and out through `mutual_aid.public` (small groups hidden; no
recipient, pseudonym or explanation ever). The ledger is for the pool's stewards only: every entry
under its pseudonymous account ("M-…" for a contribution, "R-…" for aid), never a member's handle.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import AsyncIterator, Iterable

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools.access import pool_or_404, steward_or_404
from mutual_aid.public import queries as public_queries
from mutual_aid.public.figures import LedgerLine, all_hidden, is_shown, last_months, ledger_lines, publish
from mutual_aid.vocabulary import ALLOCATION_RULES, CATEGORIES
from server.auth import current_member, member_required
from server.db import Row, utcnow
from server.i18n import format_money, format_percent_value
from server.i18n import gettext as _
from server.spreadsheets import spreadsheet_safe
from server.templating import render

PER_PAGE = 200
CSV_BATCH = 2000  # entries fetched (and rows sent) at a time by the CSV download


def rule_lines(pool: Row) -> dict[str, list[str]]:
    """The pool's rules in plain words, by heading."""
    currency = pool["currency"]

    def money(cents: int) -> str:
        return format_money(cents, currency)

    if pool["contribution_kind"] == "fixed":
        contribution = [_("Each member puts in %(amount)s a month.", amount=money(pool["contribution_cents"]))]
    else:
        contribution = [_("Each member puts in %(percent)s of their monthly income.",
                          percent=format_percent_value(pool["share_basis_points"] / 10000))]
        if pool["floor_cents"]:
            contribution.append(_("At least %(amount)s a month.", amount=money(pool["floor_cents"])))
        if pool["cap_cents"] is not None:
            contribution.append(_("At most %(amount)s a month.", amount=money(pool["cap_cents"])))
        contribution.append(_("Each member's income stays private: only they can read it."))
    payouts = []
    if pool["requests_enabled"]:
        payouts.append(_("Members can ask for one-off aid."))
    if pool["hardship_enabled"]:
        payouts.append(_("A member in hardship can receive monthly support for up to %(months)s months.",
                         months=pool["hardship_max_months"] or 1))
    if not payouts:
        payouts.append(_("This pool pays no aid for now."))
    limits = []
    if pool["max_per_request_cents"] is not None:
        limits.append(_("At most %(amount)s per request.", amount=money(pool["max_per_request_cents"])))
    if pool["max_per_member_year_cents"] is not None:
        limits.append(_("At most %(amount)s per member in any 12 months.",
                        amount=money(pool["max_per_member_year_cents"])))
    if pool["waiting_days"]:
        limits.append(_("New members can ask for aid %(days)s days after joining.", days=pool["waiting_days"]))
    if pool["reserve_cents"]:
        limits.append(_("The pool always keeps a reserve of %(amount)s.", amount=money(pool["reserve_cents"])))
    if not limits:
        limits.append(_("No limits beyond what the pool holds."))
    if pool["decision_method"] == "stewards":
        decision = [_("Requests are decided by %(k)s of the stewards.", k=pool["stewards_k"])]
    else:
        decision = [_("Requests are decided by a vote of members: at least %(quorum)s of members must vote, "
                      "and more than %(majority)s of the votes must say yes.",
                      quorum=format_percent_value(pool["quorum_percent"] / 100),
                      majority=format_percent_value(pool["majority_percent"] / 100))]
    if pool["automatic_up_to_cents"] is not None:
        decision.append(_("Requests up to %(amount)s are approved without a decision.",
                          amount=money(pool["automatic_up_to_cents"])))
    decision.append(_("Nobody decides their own request."))
    allocation = [
        _("When approved requests add up to more than the pool can pay above its reserve:"),
        str(ALLOCATION_RULES[pool["allocation_rule"]]),
    ]
    return {
        _("Contributions"): contribution, _("Aid"): payouts, _("Limits"): limits,
        _("Decisions"): decision, _("Sharing out"): allocation,
    }


def _month_day(month: str) -> dt.date:
    year, number = month.split("-")
    return dt.date(int(year), int(number), 1)


async def public_page(request: Request) -> Response:
    pool = await pool_or_404(request)
    db = request.state.db
    k = request.state.settings.suppression_k
    months = last_months(utcnow().date())
    figures = publish(await public_queries.flows(db, pool["id"], months), months, k)
    member = current_member(request)
    membership = await pool_queries.membership(db, pool["id"], member.id) if member is not None else None
    members = await pool_queries.count_members(db, pool["id"])
    return render(request, "mutual_aid/public/page.html", {
        "pool": pool,
        "rules": rule_lines(pool),
        "balance": await ledger_queries.balance(db, pool["id"]),
        "members": members if members >= k else None,
        "k": k,
        "figures": figures,
        "months": [(month, _month_day(month)) for month in months],
        "categories": [(code, CATEGORIES[code]) for code in figures.out_by_category],
        "categories_hidden": all_hidden(figures.out_by_category),
        "funded": await public_queries.requests_funded(db, pool["id"]),
        "is_shown": is_shown,
        "membership": membership["status"] if membership is not None else None,
    })


def _kind_name(line: LedgerLine) -> str:
    if line.kind == "contribution":
        return _("Contribution")
    if line.kind == "payout":
        return _("Aid: %(category)s", category=CATEGORIES[line.category or "other"])
    return _("Reversal")


def _page_number(request: Request) -> int:
    text = request.query_params.get("page", "1")
    if not text.isdigit() or len(text) > 6 or int(text) < 1:
        return 1
    return int(text)


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
        "count": count,
        "page": page,
        "pages": pages,
        "order": "newest" if newest_first else "oldest",
    })


CSV_HEADER = ("date", "key", "kind", "category", "account", "in", "out", "balance", "currency", "reverses",
              "reversed_by")


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}" if cents else ""


def ledger_csv(lines: Iterable[LedgerLine], currency: str, *, header: bool = True) -> str:
    """The ledger as CSV text: codes in English for formulas and scripts, every text cell guarded
    against spreadsheet formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(CSV_HEADER)
    for line in lines:
        balance = f"{'-' if line.balance_cents < 0 else ''}{_amount(abs(line.balance_cents)) or '0.00'}"
        writer.writerow([
            line.happened_on.isoformat(), spreadsheet_safe(line.key), line.kind, line.category or "",
            spreadsheet_safe(line.account), _amount(line.in_cents), _amount(line.out_cents),
            spreadsheet_safe(balance), currency, spreadsheet_safe(line.reverses or ""),
            spreadsheet_safe(line.reversed_by or ""),
        ])
    return out.getvalue()


def _filename(pool: Row, today: dt.date) -> str:
    slug = re.sub(r"[^a-z0-9-]", "", pool["slug"]) or "pool"
    return f"{slug}-ledger-{today.isoformat()}.csv"


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
        # the byte-order mark lets spreadsheets read the file as UTF-8
        yield "\ufeff" + ledger_csv([], currency)
        after, balance = 0, 0
        while upto is not None:
            rows = await ledger_queries.entry_batch(db, pool_id, after_id=after, upto_id=upto, limit=CSV_BATCH)
            if not rows:
                return
            lines = ledger_lines(rows, balance)
            yield ledger_csv(lines, currency, header=False)
            after, balance = int(rows[-1]["id"]), lines[-1].balance_cents

    return StreamingResponse(chunks(), media_type="text/csv; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="{_filename(pool, utcnow().date())}"',
        "cache-control": "no-store",
    })


routes = [
    Route("/pools/{slug}", public_page, name="pool_public"),
    Route("/pools/{slug}/steward/ledger", ledger_page, name="pool_ledger"),
    Route("/pools/{slug}/steward/ledger.csv", ledger_download, name="pool_ledger_csv"),
]
