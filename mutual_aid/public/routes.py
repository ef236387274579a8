"""A pool's public page, for anyone, logged in or not: the pool's rules, its balance, how many
members it has (or "fewer than k"), and money in and out through `figures` (small groups hidden; no
recipient, pseudonym or explanation ever).
"""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools import rule_words
from mutual_aid.pools.access import pool_or_404
from mutual_aid.public import queries as public_queries
from mutual_aid.public.figures import all_hidden, is_shown, last_months, publish
from mutual_aid.vocabulary import CATEGORIES
from server.auth import current_member
from server.db import utcnow
from server.disclosure.suppression import count_to_show
from server.templating import render


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
    funded, recipients = await public_queries.requests_funded(db, pool["id"])
    return render(request, "mutual_aid/public/page.html", {
        "pool": pool,
        "rules": rule_words.sentences(pool_queries.rules_of(pool), pool["currency"]),
        "balance": await ledger_queries.balance(db, pool["id"]),
        "members": count_to_show(members, members, k),
        "k": k,
        "figures": figures,
        "months": [(month, _month_day(month)) for month in months],
        "categories": [(code, CATEGORIES[code]) for code in figures.out_by_category],
        "categories_hidden": all_hidden(figures.out_by_category),
        "funded": count_to_show(funded, recipients, k),
        "is_shown": is_shown,
        "membership": membership["status"] if membership is not None else None,
    })


routes: list[BaseRoute] = [
    Route("/pools/{slug}", public_page, name="pool_public"),
]
