"""A pool's public page, for anyone, logged in or not: the pool's rules, and its figures as last
released (`released`, shaped by `figures`, worded by `words`): approximate on purpose, the same
until the next scheduled release whatever anyone pays, receives, joins or leaves. No recipient,
pseudonym or explanation ever.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools import rule_words
from mutual_aid.pools.access import pool_or_404
from mutual_aid.public.shown import figures_context
from server.auth import current_member
from server.db import utcnow
from server.templating import render


async def public_page(request: Request) -> Response:
    pool = await pool_or_404(request)
    db = request.state.db
    member = current_member(request)
    membership = await pool_queries.membership(db, pool["id"], member.id) if member is not None else None
    return render(request, "mutual_aid/public/page.html", {
        "pool": pool,
        "rules": rule_words.sentences(pool_queries.rules_of(pool), pool["currency"]),
        **await figures_context(db, request.state.settings, pool, utcnow()),
        "membership": membership["status"] if membership is not None else None,
    })


routes: list[BaseRoute] = [
    Route("/pools/{slug}", public_page, name="pool_public"),
]
