"""What a member answers once the strike is on: "I am in", the 30-day "still on strike?", what to
do after stopping, and reports of retaliation (with their deletion).

"No, I stopped" leads to a page with two choices for the member's pledged and striking debts:
stay as counted (solidarity: still in the totals, no longer on strike) or leave the strike
(counted as leaving). Either is one button; nothing is changed by the answer alone.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from campaigns.counters import pledging, queries
from campaigns.member import queries as member_queries
from campaigns.member import retaliation
from campaigns.member.membership import campaign_or_404
from campaigns.member.outcomes import LEFT_STRIKE
from campaigns.member.page import conflict, pledged_creditors, render_page
from campaigns.strike import outcomes, service
from campaigns.strike.forms import report_form
from campaigns.vocabulary import LEVEL_NAMES, NOT_PAYING
from debts import api as vault
from debts.api import DEBT_KINDS
from server.auth import ANY_METHOD, POST, me, member_required, owner_only
from server.db import Row, utcnow
from server.outcomes import Outcome, see_other
from server.templating import render


def _back(request: Request, campaign: Row, outcome: Outcome, anchor: str = "") -> Response:
    """Back to the member's page of the campaign (at `anchor`), which says `outcome` once."""
    return see_other(request, f"/campaigns/{campaign['slug']}/me" + (f"#{anchor}" if anchor else ""), outcome)


async def _taking_part(request: Request, campaign: Row) -> Row:
    row = await queries.participation(request.state.db, campaign["id"], me(request).id)
    if row is None:
        raise HTTPException(status_code=404)
    return row


@member_required
async def confirm(request: Request) -> Response:
    campaign = await campaign_or_404(request)
    taking_part = await _taking_part(request, campaign)
    if campaign["status"] != "active":
        return conflict(request, campaign)
    db = request.state.db
    if taking_part["confirmed_at"] is None and await member_queries.confirm(db, campaign["id"], me(request).id,
                                                                            utcnow()):
        await queries.add_cell(db, campaign["id"], "confirmed", "in", 1, 0)
    return _back(request, campaign, outcomes.CONFIRMED, "strike")


@member_required
async def still_on_strike(request: Request) -> Response:
    """"Yes, I am still on strike": asked again in 30 days."""
    campaign = await campaign_or_404(request)
    await _taking_part(request, campaign)
    if campaign["status"] != "active":
        return conflict(request, campaign)
    await member_queries.set_participation(request.state.db, campaign["id"], me(request).id, checked_in_at=utcnow())
    return _back(request, campaign, outcomes.CHECKED_IN, "strike")


@member_required
async def stopped_striking(request: Request) -> Response:
    """"No, I stopped": nothing changes yet; the next page asks what to do with the debts."""
    campaign = await campaign_or_404(request)
    await _taking_part(request, campaign)
    if campaign["status"] != "active":
        return conflict(request, campaign)
    return see_other(request, f"/campaigns/{campaign['slug']}/me/stopped")


async def _striking_pledges(request: Request, campaign: Row) -> list[Row]:
    pledges = await queries.pledges_of_member(request.state.db, campaign["id"], me(request).id)
    return [p for p in pledges if p["level"] in NOT_PAYING]


async def _stopping(request: Request) -> tuple[Row, list[Row]] | Response:
    """The campaign and the member's pledged and striking debts in it, or the page saying the
    campaign's strike is not on."""
    campaign = await campaign_or_404(request)
    await _taking_part(request, campaign)
    if campaign["status"] != "active":
        return conflict(request, campaign)
    return campaign, await _striking_pledges(request, campaign)


@member_required
async def stopped(request: Request) -> Response:
    """After "No, I stopped": stay as counted, or leave the strike."""
    found = await _stopping(request)
    if isinstance(found, Response):
        return found
    campaign, striking = found
    debts = {d["id"]: d for d in await vault.debts_of(request.state.db, me(request).id)}
    return render(request, "campaigns/member/stopped.html", {
        "campaign": campaign, "debts": [(p, debts[p["debt_id"]]) for p in striking if p["debt_id"] in debts],
        "kinds": DEBT_KINDS, "levels": LEVEL_NAMES,
    })


@member_required
async def stay_counted(request: Request) -> Response:
    found = await _stopping(request)
    if isinstance(found, Response):
        return found
    campaign, striking = found
    try:
        await service.stay_counted(request.state.db, request.state.keyring, campaign["id"], me(request).id,
                                   striking, utcnow())
    except pledging.PledgeRefused:
        return conflict(request, campaign)
    return _back(request, campaign, outcomes.COUNTED)


@member_required
async def leave_strike(request: Request) -> Response:
    found = await _stopping(request)
    if isinstance(found, Response):
        return found
    campaign, striking = found
    await service.leave(request.state.db, campaign["id"], me(request).id, striking, utcnow())
    return _back(request, campaign, LEFT_STRIKE)


@member_required
async def report(request: Request) -> Response:
    campaign = await campaign_or_404(request)
    await _taking_part(request, campaign)
    if campaign["activated_at"] is None:
        return conflict(request, campaign)
    form = report_form(await request.form(), await pledged_creditors(request, campaign), utcnow().date())
    if not form.ok:
        return await render_page(request, campaign, report_form=form, status_code=400)
    member = me(request)
    try:
        await retaliation.report(
            request.state.db, campaign["id"], member.id, form.clean["kind"], happened_on=form.clean["happened_on"],
            creditor_id=form.clean["creditor_id"],
            note_sealed=retaliation.seal_note(member.data_key(), member.id, form.clean["note"]), now=utcnow())
    except retaliation.NotTaken:
        return conflict(request, campaign)
    return _back(request, campaign, outcomes.REPORTED, "reports")


async def _own_report(request: Request) -> tuple[Row, Row]:
    campaign = await campaign_or_404(request)
    report_id: int = request.path_params["report_id"]
    row = await member_queries.report_of(request.state.db, campaign["id"], me(request).id, report_id)
    if row is None:
        raise HTTPException(status_code=404)
    return campaign, row


async def delete_report(request: Request) -> Response:
    campaign, row = await _own_report(request)
    await retaliation.delete(request.state.db, row)
    return _back(request, campaign, outcomes.REPORT_DELETED, "reports")


routes = [
    Route("/campaigns/{slug}/me/confirm", confirm, methods=["POST"], name="campaign_me_confirm"),
    Route("/campaigns/{slug}/me/checkin/still", still_on_strike, methods=["POST"], name="campaign_me_still_on_strike"),
    Route("/campaigns/{slug}/me/checkin/stopped", stopped_striking, methods=["POST"], name="campaign_me_stopped_striking"),
    Route("/campaigns/{slug}/me/stopped", stopped, methods=["GET", "HEAD"], name="campaign_me_stopped"),
    Route("/campaigns/{slug}/me/stopped/counted", stay_counted, methods=["POST"], name="campaign_me_stay_counted"),
    Route("/campaigns/{slug}/me/stopped/leave", leave_strike, methods=["POST"], name="campaign_me_leave_strike"),
    Route("/campaigns/{slug}/me/reports", report, methods=["POST"], name="campaign_me_report"),
    Route("/campaigns/{slug}/me/reports/{report_id:int}/delete", owner_only(POST, _own_report, delete_report),
          methods=ANY_METHOD, name="campaign_me_report_delete"),
]
