"""The member's own page for a campaign and what they change there: a debt's level or condition,
withdrawing a debt (leaving the strike, after activation), and muting announcements.

Every route reads only the member's own rows. A debt of someone else, or one not in the
campaign, is 404 whatever the method, like the vault's pages.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from campaigns import member_queries, pledging
from campaigns.consequences import NOT_PAYING
from campaigns.member_forms import change_form
from campaigns.member_page import conflict, own_pledge, render_page
from campaigns.membership import JOINABLE, LEVEL_NAMES, campaign_or_404, debt_id_param
from debts import api as vault
from debts.api import DEBT_KINDS
from server.auth import Endpoint, me, member_required
from server.db import utcnow
from server.templating import render

ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


def _page_url(slug: str, done: str, anchor: str = "") -> str:
    return f"/campaigns/{slug}/me?done={done}" + (f"#{anchor}" if anchor else "")


@member_required
async def my_part(request: Request) -> Response:
    return await render_page(request, await campaign_or_404(request))


async def change_debt(request: Request) -> Response:
    campaign = await campaign_or_404(request)
    pledge = await own_pledge(request, campaign, debt_id_param(request))
    if campaign["status"] not in JOINABLE:
        return conflict(request, campaign)
    form = change_form(await request.form(), pledge["level"])
    if not form.ok:
        return await render_page(request, campaign, change=(pledge["debt_id"], form), status_code=400)
    try:
        await pledging.pledge(request.state.db, request.state.keyring, campaign["id"], me(request).id,
                              pledge["debt_id"], form.clean["level"], form.clean["min_others"], utcnow())
    except pledging.PledgeRefused:
        return conflict(request, campaign)
    return RedirectResponse(_page_url(campaign["slug"], "changed", f"debt-{pledge['debt_id']}"), status_code=303)


async def withdraw_debt(request: Request) -> Response:
    campaign = await campaign_or_404(request)
    pledge = await own_pledge(request, campaign, debt_id_param(request))
    if campaign["status"] not in JOINABLE:
        return conflict(request, campaign)
    leaving = campaign["status"] == "active" and pledge["level"] in NOT_PAYING
    if request.method == "GET":
        debt = await vault.debt_of(request.state.db, me(request).id, pledge["debt_id"])
        return render(request, "campaigns/member/withdraw.html", {
            "campaign": campaign, "pledge": pledge, "debt": debt, "leaving": leaving, "kinds": DEBT_KINDS,
            "levels": LEVEL_NAMES,
        })
    await pledging.withdraw(request.state.db, campaign["id"], me(request).id, pledge["debt_id"], utcnow())
    return RedirectResponse(_page_url(campaign["slug"], "left" if leaving else "withdrawn"), status_code=303)


@member_required
async def mute(request: Request) -> Response:
    campaign = await campaign_or_404(request)
    muted = (await request.form()).get("muted")
    if muted not in ("yes", "no"):
        raise HTTPException(status_code=400)
    if not await member_queries.set_participation(request.state.db, campaign["id"], me(request).id,
                                                  muted=muted == "yes"):
        raise HTTPException(status_code=404)
    done = "muted" if muted == "yes" else "unmuted"
    return RedirectResponse(_page_url(campaign["slug"], done, "announcements"), status_code=303)


def _own_debt_route(methods: set[str], endpoint: Endpoint) -> Endpoint:
    """Someone else's debt is 404 whatever the method; the owner gets 405 for a method the page lacks."""

    async def guarded(request: Request) -> Response:
        await own_pledge(request, await campaign_or_404(request), debt_id_param(request))
        if request.method not in methods:
            raise HTTPException(status_code=405, headers={"allow": ", ".join(sorted(methods))})
        return await endpoint(request)

    return member_required(guarded)


routes = [
    Route("/campaigns/{slug}/me", my_part, methods=["GET"], name="campaign_me"),
    Route("/campaigns/{slug}/me/debts/{debt_id:int}", _own_debt_route({"POST"}, change_debt), methods=ANY_METHOD,
          name="campaign_me_debt"),
    Route("/campaigns/{slug}/me/debts/{debt_id:int}/withdraw", _own_debt_route({"GET", "HEAD", "POST"}, withdraw_debt),
          methods=ANY_METHOD, name="campaign_me_withdraw"),
    Route("/campaigns/{slug}/me/mute", mute, methods=["POST"], name="campaign_me_mute"),
]
