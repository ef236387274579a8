"""Campaigns as members see them: the list of campaigns taking pledges, and joining one with debts
from the vault. Eligibility is `campaigns.eligibility`; the pledges go through
`campaigns.pledging`, which keeps the counters and activation in step.

A member sees only their own debts here; ids of anyone else's debts are refused like any debt
that does not fit, and nothing changes.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from campaigns import member_page_routes, member_queries, pledging, queries, strike_routes
from campaigns.consequences import consequences_for
from campaigns.eligibility import Targets, fits
from campaigns.member_forms import join_form
from campaigns.membership import JOINABLE, LEVEL_HINTS, LEVEL_NAMES, STATUS_NAMES, campaign_or_404
from debts import api as vault
from debts.api import DEBT_KINDS, US_REGIONS
from server.auth import current_member, me, member_required
from server.db import Row, utcnow
from server.forms import Form
from server.i18n import gettext as _
from server.templating import render


async def campaign_list(request: Request) -> Response:
    """Open and active campaigns for anyone; a member also sees which ones their debts fit."""
    db = request.state.db
    rows = await member_queries.joinable_campaigns(db)
    member = current_member(request)
    fitting: set[int] = set()
    taking_part: set[int] = set()
    if member is not None:
        debts = await vault.debts_of(db, member.id)
        targets = await member_queries.targets_by_campaign(db, rows)
        fitting = {i for i, target in targets.items() if any(fits(target, debt) for debt in debts)}
        taking_part = await member_queries.campaigns_taken_part_in(db, member.id)
    return render(request, "campaigns/member/list.html", {
        "campaigns": rows, "statuses": STATUS_NAMES, "fitting": fitting, "taking_part": taking_part,
    })


async def _targets_in_words(request: Request, targets: Targets) -> list[str]:
    """"Owed to Navient or Nelnet", "Medical", "In Texas": what a debt needs to fit, in words."""
    parts = []
    if targets.creditor_ids:
        names = await vault.creditors_by_ids(request.state.db, sorted(targets.creditor_ids))
        parts.append(_("Owed to: %(creditors)s", creditors=", ".join(sorted(str(r["name"]) for r in names.values()))))
    if targets.kinds:
        parts.append(_("Kinds of debt: %(kinds)s", kinds=", ".join(
            str(name) for code, name in DEBT_KINDS.items() if code in targets.kinds)))
    if targets.regions:
        parts.append(_("In: %(places)s", places=", ".join(
            name for code, name in US_REGIONS.items() if code in targets.regions)))
    return parts


async def _join_page(
    request: Request, campaign: Row, form: Form | None = None, *, refused: str = "", status_code: int = 200,
) -> Response:
    db, member = request.state.db, me(request)
    targets = await member_queries.campaign_targets_of(db, campaign)
    debts = await vault.debts_of(db, member.id)
    pledged = {p["debt_id"] for p in await queries.pledges_of_member(db, campaign["id"], member.id)}
    choices = [d for d in debts if fits(targets, d) and d["id"] not in pledged]
    form = form or Form({"debts": [], "level": "", "min_others": "", "understood": ""})
    chosen = [d for d in choices if str(d["id"]) in form.values.get("debts", [])]
    return render(request, "campaigns/member/join.html", {
        "campaign": campaign, "form": form, "choices": choices, "already_in": len(pledged),
        "not_fitting": sum(1 for d in debts if not fits(targets, d)),
        "targets": await _targets_in_words(request, targets), "kinds": DEBT_KINDS,
        "levels": LEVEL_NAMES, "level_hints": LEVEL_HINTS,
        "consequences": consequences_for([d["kind"] for d in (chosen or choices)]),
        "refused": refused,
    }, status_code=status_code)


def _closed_page(request: Request, campaign: Row, *, status_code: int) -> Response:
    return render(request, "campaigns/member/closed.html", {
        "campaign": campaign, "status_name": STATUS_NAMES[campaign["status"]],
    }, status_code=status_code)


@member_required
async def join(request: Request) -> Response:
    campaign = await campaign_or_404(request)
    if campaign["status"] not in JOINABLE:
        return _closed_page(request, campaign, status_code=200 if request.method == "GET" else 409)
    if request.method == "GET":
        return await _join_page(request, campaign)
    db, member = request.state.db, me(request)
    targets = await member_queries.campaign_targets_of(db, campaign)
    pledged = {p["debt_id"] for p in await queries.pledges_of_member(db, campaign["id"], member.id)}
    allowed = {d["id"] for d in await vault.debts_of(db, member.id) if fits(targets, d) and d["id"] not in pledged}
    form = join_form(await request.form(), allowed)
    if not form.ok:
        return await _join_page(request, campaign, form, status_code=400)
    now = utcnow()
    try:
        async with db.writing():  # every debt or none
            for debt_id in form.clean["debt_ids"]:
                await pledging.pledge(db, request.state.keyring, campaign["id"], member.id, debt_id,
                                      form.clean["level"], form.clean["min_others"], now)
    except pledging.PledgeRefused:
        return await _join_page(request, campaign, form, status_code=409, refused=_(
            "The campaign could not take your pledge just now: it may have closed. Nothing was saved."))
    return RedirectResponse(f"/campaigns/{campaign['slug']}/me?done=joined", status_code=303)


routes = [
    Route("/campaigns", campaign_list, methods=["GET"], name="campaigns"),
    Route("/campaigns/{slug}/join", join, methods=["GET", "POST"], name="campaign_join"),
    *member_page_routes.routes,
    *strike_routes.routes,
]
