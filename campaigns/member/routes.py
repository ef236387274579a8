"""Campaigns as members see them: the list of campaigns taking pledges, joining one with debts
from the vault, and the member's own page, `/campaigns/{slug}/me`, with what they change there: a
debt's level or condition, withdrawing a debt (leaving the strike, after activation), muting
announcements, and signing the campaign's letter. What they answer once the strike is on is
`campaigns.strike`.

Eligibility is `campaigns.counters.eligibility`; the pledges go through
`campaigns.counters.pledging`, which keeps the counters and activation in step. A member sees and
changes only their own rows: ids of anyone else's debts are refused like any debt that does not
fit, and a debt of someone else, or one not in the campaign, is 404 whatever the method.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from campaigns.collective_letter import queries as letter_queries
from campaigns.collective_letter.contents import precise_now, sealed_signature
from campaigns.collective_letter.rules import signature_form
from campaigns.counters import pledging, queries
from campaigns.counters.eligibility import Targets, fits
from campaigns.member import outcomes
from campaigns.member import queries as member_queries
from campaigns.member.consequences import consequences_for, leaves_strike
from campaigns.member.forms import change_form, join_form
from campaigns.member.membership import campaign_or_404, debt_id_param
from campaigns.member.page import conflict, own_pledge, render_page
from campaigns.vocabulary import JOINABLE, LEVEL_HINTS, LEVEL_NAMES, STATUS_NAMES
from debts import api as vault
from debts.api import DEBT_KINDS, US_REGIONS
from server.auth import ANY_METHOD, FORM, POST, current_member, me, member_required, owner_only
from server.db import Row, utcnow
from server.forms import Form
from server.i18n import format_date
from server.i18n import gettext as _
from server.outcomes import see_other
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
    return see_other(request, _page(campaign), outcomes.JOINED)


def _page(campaign: Row, anchor: str = "") -> str:
    """The member's page of the campaign, at `anchor` if given."""
    return f"/campaigns/{campaign['slug']}/me" + (f"#{anchor}" if anchor else "")


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
    return see_other(request, _page(campaign, f"debt-{pledge['debt_id']}"), outcomes.DEBT_CHANGED)


async def withdraw_debt(request: Request) -> Response:
    campaign = await campaign_or_404(request)
    pledge = await own_pledge(request, campaign, debt_id_param(request))
    if campaign["status"] not in JOINABLE:
        return conflict(request, campaign)
    leaving = leaves_strike(campaign["status"], pledge["level"])
    if request.method == "GET":
        debt = await vault.debt_of(request.state.db, me(request).id, pledge["debt_id"])
        return render(request, "campaigns/member/withdraw.html", {
            "campaign": campaign, "pledge": pledge, "debt": debt, "leaving": leaving, "kinds": DEBT_KINDS,
            "levels": LEVEL_NAMES,
        })
    await pledging.withdraw(request.state.db, campaign["id"], me(request).id, pledge["debt_id"], utcnow())
    return see_other(request, _page(campaign), outcomes.LEFT_STRIKE if leaving else outcomes.DEBT_WITHDRAWN)


async def _set_muted(request: Request, muted: bool) -> Row:
    campaign = await campaign_or_404(request)
    if not await member_queries.set_participation(request.state.db, campaign["id"], me(request).id, muted=muted):
        raise HTTPException(status_code=404)
    return campaign


@member_required
async def mute(request: Request) -> Response:
    campaign = await _set_muted(request, True)
    return see_other(request, _page(campaign, "announcements"), outcomes.MUTED)


@member_required
async def unmute(request: Request) -> Response:
    campaign = await _set_muted(request, False)
    return see_other(request, _page(campaign, "announcements"), outcomes.UNMUTED)


# --- the campaign's letter ----------------------------------------------------------------------


async def _member_refusal(request: Request, campaign: Row, refusal: str, status_code: int) -> Response:
    request.state.letter_refusal = refusal
    return await render_page(request, campaign, status_code=status_code)


@member_required
async def sign(request: Request) -> Response:
    """Sign, or change how one signed: with name and city, or as a member not named."""
    campaign = await campaign_or_404(request)
    db, member = request.state.db, me(request)
    letter = await letter_queries.letter_for_update(db, campaign["id"])
    if letter is None:
        raise HTTPException(status_code=404)
    form = signature_form(await request.form())
    if letter["status"] == "sent":
        request.state.letter_form = form
        return await _member_refusal(request, campaign, _(
            "The letter was sent on %(date)s: signatures can no longer be added or changed.",
            date=format_date(letter["sent_at"], "long")), 409)
    if await queries.participation(db, campaign["id"], member.id) is None:
        return await _member_refusal(request, campaign, _(
            "Only members taking part in the campaign can sign its letter. Join the campaign first."), 403)
    if not form.ok:
        request.state.letter_form = form
        return await render_page(request, campaign, status_code=400)
    await letter_queries.sign(db, campaign["id"], member.id, **sealed_signature(request.state.keyring, form.clean),
                              signed_at=precise_now())
    return see_other(request, _page(campaign, "letter"), outcomes.LETTER_SIGNED)


@member_required
async def withdraw_signature(request: Request) -> Response:
    campaign = await campaign_or_404(request)
    db, member = request.state.db, me(request)
    letter = await letter_queries.letter_for_update(db, campaign["id"])
    if letter is None or await letter_queries.signature_of(db, campaign["id"], member.id) is None:
        raise HTTPException(status_code=404)
    if letter["status"] == "sent":
        return await _member_refusal(request, campaign, _(
            "The letter was sent on %(date)s with your signature: it can no longer be withdrawn.",
            date=format_date(letter["sent_at"], "long")), 409)
    await letter_queries.withdraw(db, campaign["id"], member.id)
    return see_other(request, _page(campaign, "letter"), outcomes.LETTER_SIGNATURE_WITHDRAWN)


async def _own_debt(request: Request) -> None:
    await own_pledge(request, await campaign_or_404(request), debt_id_param(request))


routes = [
    Route("/campaigns", campaign_list, methods=["GET"], name="campaigns"),
    Route("/campaigns/{slug}/join", join, methods=["GET", "POST"], name="campaign_join"),
    Route("/campaigns/{slug}/me", my_part, methods=["GET"], name="campaign_me"),
    Route("/campaigns/{slug}/me/debts/{debt_id:int}", owner_only(POST, _own_debt, change_debt), methods=ANY_METHOD,
          name="campaign_me_debt"),
    Route("/campaigns/{slug}/me/debts/{debt_id:int}/withdraw", owner_only(FORM, _own_debt, withdraw_debt),
          methods=ANY_METHOD, name="campaign_me_withdraw"),
    Route("/campaigns/{slug}/me/announcements/mute", mute, methods=["POST"], name="campaign_me_mute"),
    Route("/campaigns/{slug}/me/announcements/unmute", unmute, methods=["POST"], name="campaign_me_unmute"),
    Route("/campaigns/{slug}/me/letter", sign, methods=["POST"], name="campaign_me_letter"),
    Route("/campaigns/{slug}/me/letter/withdraw", withdraw_signature, methods=["POST"]),
]
