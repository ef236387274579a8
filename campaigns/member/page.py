"""The member's own page for a campaign, `/campaigns/{slug}/me`, put together for the routes that
show it (and show it again, with messages next to the fields, when a form there was wrong).

Only the member's own rows are read: their pledges, their debts, their reports (notes opened with
their own key) and their row in the campaign; the announcements are the campaign's.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from campaigns.collective_letter.contents import member_part
from campaigns.counters import queries
from campaigns.markdown import paragraphs
from campaigns.member import queries as member_queries
from campaigns.member import retaliation
from campaigns.member.consequences import consequences_of
from campaigns.vocabulary import JOINABLE, LEVEL_HINTS, LEVEL_NAMES, NOT_PAYING, STATUS_NAMES
from debts import api as vault
from debts.api import DEBT_KINDS
from server.auth import me
from server.db import Row, utcnow
from server.forms import Form
from server.templating import render


def conflict(request: Request, campaign: Row) -> Response:
    """A change the campaign no longer takes (it closed, or is not active yet): 409, in words."""
    return render(request, "campaigns/member/closed.html", {
        "campaign": campaign, "status_name": STATUS_NAMES[campaign["status"]],
    }, status_code=409)


async def own_pledge(request: Request, campaign: Row, debt_id: int | None) -> Row:
    """The member's pledge of this debt in this campaign; 404 for anything else."""
    pledge = await queries.pledge_of(request.state.db, campaign["id"], debt_id) if debt_id else None
    if pledge is None or pledge["member_id"] != me(request).id:
        raise HTTPException(status_code=404)
    return pledge


def _change_form(pledge: Row) -> Form:
    return Form({"level": pledge["level"], "min_others": str(pledge["min_others"] or ""), "understood": ""})


async def pledged_creditors(request: Request, campaign: Row) -> dict[int, str]:
    """The creditors of the member's debts in the campaign, by id: those a report may name."""
    db, member = request.state.db, me(request)
    pledged = {p["debt_id"] for p in await queries.pledges_of_member(db, campaign["id"], member.id)}
    names: dict[int, str] = {}
    for debt in await vault.debts_of(db, member.id):
        if debt["id"] in pledged:
            for role in ("original_creditor", "current_holder"):
                if debt[f"{role}_id"] is not None:
                    names[debt[f"{role}_id"]] = debt[f"{role}_name"]
    return dict(sorted(names.items(), key=lambda item: item[1].casefold()))


async def render_page(
    request: Request, campaign: Row, *, change: tuple[int, Form] | None = None, report_form: Form | None = None,
    status_code: int = 200,
) -> Response:
    db, member = request.state.db, me(request)
    debts = {d["id"]: d for d in await vault.debts_of(db, member.id)}
    mine: list[dict[str, Any]] = []
    for pledge in await queries.pledges_of_member(db, campaign["id"], member.id):
        debt = debts.get(pledge["debt_id"])
        if debt is None:
            continue
        form = change[1] if change and change[0] == pledge["debt_id"] else _change_form(pledge)
        mine.append({"pledge": pledge, "debt": debt, "form": form,
                     "consequences": consequences_of(debt["kind"])})
    taking_part = await queries.participation(db, campaign["id"], member.id)
    key = member.data_key()
    reports = [{"report": r, "note": retaliation.open_note(key, member.id, r["note_sealed"])}
               for r in await member_queries.reports_of(db, campaign["id"], member.id)]
    announcements = [{"row": a, "paragraphs": paragraphs(a["body"])}
                     for a in await member_queries.announcements_of(db, campaign["id"])] if taking_part else []
    context: dict[str, Any] = {
        "campaign": campaign, "status_name": STATUS_NAMES[campaign["status"]], "mine": mine,
        "taking_part": taking_part, "on_strike": any(p["pledge"]["level"] in NOT_PAYING for p in mine),
        "joinable": campaign["status"] in JOINABLE, "today": utcnow().date(),
        "reports": reports, "announcements": announcements,
        "report_form": report_form or Form({"kind": "", "happened_on": "", "creditor": "", "note": ""}),
        "report_kinds": retaliation.KINDS, "creditors": {str(i): name for i, name in (await pledged_creditors(request, campaign)).items()},
        "kinds": DEBT_KINDS, "levels": LEVEL_NAMES, "level_hints": LEVEL_HINTS, "not_paying": NOT_PAYING,
        "collective": await member_part(request, campaign),
    }
    return render(request, "campaigns/member/me.html", context, status_code=status_code)
