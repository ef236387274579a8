"""Pages of the shell that belong to no account: home, privacy, language switch, health."""

from __future__ import annotations

import logging
from decimal import Decimal

import sqlalchemy as sa
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from server import i18n, members
from server.auth import current_member, safe_next
from server.cookies import cookie_header
from server.db import Database, utcnow
from server.domain import Card
from server.templating import render

log = logging.getLogger("jubilee.health")


async def home(request: Request) -> Response:
    """Jubilee in a few lines; for a member, each domain's card (their deadlines, their pools, the
    campaigns that target their creditors), in the order of the domains."""
    member = current_member(request)
    cards: list[Card] = []
    if member is not None:
        today = utcnow().date()
        for home_card in request.state.domains.home_cards:
            if (card := await home_card(request.state.db, member, today)) is not None:
                cards.append(card)
    return render(request, "home.html", {"cards": cards})


async def privacy(request: Request) -> Response:
    settings = request.state.settings
    budget = settings.privacy_budget
    hourly = budget.period == "hourly"
    return render(request, "privacy.html", {
        "period_words": i18n.gettext("Figures are published once an hour, on the hour.") if hourly
        else i18n.gettext("Figures are published once a day, at midnight (UTC)."),
        "epsilon_year": i18n.format_number(Decimal(str(round(budget.epsilon_spent_a_year, 3)))),
        "epsilon_release": i18n.format_number(Decimal(str(round(budget.epsilon_release, 3)))),
        "clip": i18n.format_whole_money(settings.dp_clip_dollars),
    })


async def switch_language(request: Request) -> Response:
    """Remember the chosen language in a cookie, and in the member's settings when logged in."""
    form = await request.form()
    language = form.get("language")
    target = safe_next(form.get("next"))
    response = RedirectResponse(target, status_code=303)
    if language in i18n.FORMAT_LOCALES:
        assert isinstance(language, str)
        response.headers.append(
            "set-cookie", cookie_header(i18n.COOKIE, language, request.scope, max_age=365 * 86400)
        )
        member = current_member(request)
        if member is not None:
            await members.update_member(request.state.db, member.id, language=language)
    return response


async def healthz(request: Request) -> Response:
    db: Database = request.state.db
    try:
        await db.fetch_val(sa.text("SELECT 1"))
    except Exception as error:  # any failure to reach the database means "unavailable"
        log.warning("health check: database unreachable (%s)", type(error).__name__)
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": db.dialect})


routes = [
    Route("/", home, name="home"),
    Route("/privacy", privacy, name="privacy"),
    Route("/language", switch_language, methods=["POST"], name="language"),
    Route("/healthz", healthz, name="healthz"),
]
