"""Organizer pages for campaigns: list, create, edit, open for pledges, and close.

Only organizers and administrators get in, whatever the method; everyone else gets 403 and
visitors are sent to log in. Organizers never see any one member here: only the campaign itself
(not even a live count of pledges: the edit page says only whether anyone has joined).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from campaigns.counters import queries
from campaigns.counters.activation import Threshold, can_lower
from campaigns.lifecycle.jobs import is_past_deadline
from campaigns.organize import queries as organize_queries
from campaigns.organize.forms import CampaignForm, campaign_form, creditor_names, values_from_campaign
from debts import api as vault
from debts.api import CURRENCIES, DEBT_KINDS, US_REGIONS
from server.audit import record_audit
from server.auth import me, role_required
from server.db import Database, Row, utcnow
from server.i18n import format_date
from server.i18n import gettext as _
from server.i18n import lazy_gettext as _l
from server.security import LARGE_FORM_BYTES
from server.slugs import slug_base, unique_slug
from server.templating import render

ORGANIZING_ROLES = ("organizer", "administrator")
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
EDITABLE = ("draft", "open")
STATUS_NAMES = {
    "draft": _l("Draft"), "open": _l("Open for pledges"), "active": _l("Active: strike on"), "won": _l("Won"),
    "ended": _l("Ended"), "expired": _l("Expired"),
}
# what an organizer may do from each status: the new status, and the column that records when
TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "open"): "opened_at", ("open", "ended"): "closed_at",
    ("active", "won"): "closed_at", ("active", "ended"): "closed_at",
}
ACTIONS = {
    "open": _l("Open for pledges"), "won": _l("Mark as won"), "ended": _l("End the campaign"),
}
SLUG_ATTEMPTS = 20  # slugs tried when other organizers take them at the same moment

organizer_page = role_required(*ORGANIZING_ROLES, methods={"GET", "HEAD", "POST"})
organizer_view = role_required(*ORGANIZING_ROLES, methods={"GET", "HEAD"})
organizer_action = role_required(*ORGANIZING_ROLES, methods={"POST"})


async def _campaign(request: Request) -> Row:
    campaign = await queries.campaign_by_id(request.state.db, request.path_params["campaign_id"])
    if campaign is None:
        raise HTTPException(status_code=404)
    return campaign


def _actions(status: str) -> dict[str, Any]:
    return {new: ACTIONS[new] for (old, new) in TRANSITIONS if old == status}


def _context(form: CampaignForm, candidates: dict[str, list[Row]] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "form": form, "candidates": candidates or {}, "creditor_fields": creditor_names(form.values),
        "kinds": DEBT_KINDS, "regions": US_REGIONS, "currencies": {code: code for code in CURRENCIES},
        "statuses": STATUS_NAMES, **extra,
    }


async def resolve_creditors(db: Database, form: CampaignForm) -> dict[str, list[Row]]:
    """Fill `form.clean["creditor_ids"]`, or add an error and the matches to choose from: a name
    or alias typed exactly is taken; otherwise only a choice among the current matches is."""
    candidates: dict[str, list[Row]] = {}
    chosen: list[int] = []
    for name in creditor_names(form.values):
        typed = form.values.get(name, "")
        if not typed:
            continue
        matches = await vault.search_creditors(db, typed)
        choice = form.values.get(f"{name}_choice", "")
        exact = [m for m in matches if m["exact"]]
        if choice.isdigit() and any(m["id"] == int(choice) for m in matches):
            chosen.append(int(choice))
        elif len(exact) == 1:
            chosen.append(exact[0]["id"])
        elif not matches:
            form.errors[name] = _("No creditor in the registry goes by that name. Check the spelling, or add the "
                                  "creditor to the registry first.")
        else:
            candidates[name] = exact or matches
            form.errors[name] = (
                _("Several creditors go by that name. Choose one.") if len(exact) > 1
                else _("We did not find exactly that name. Choose one of these.")
            )
    form.clean["creditor_ids"] = list(dict.fromkeys(chosen))
    return candidates


async def _checked(request: Request) -> tuple[CampaignForm, dict[str, list[Row]]]:
    data = await request.form(max_part_size=LARGE_FORM_BYTES)
    form = campaign_form(data, utcnow().date())
    candidates = await resolve_creditors(request.state.db, form)
    return form, candidates


def _columns(form: CampaignForm) -> dict[str, Any]:
    names = ("title", "summary", "story", "demands", "currency", "threshold_members", "threshold_cents",
             "deadline", "start_delay_days")
    return {name: form.clean[name] for name in names}


async def _save_targets(db: Database, campaign_id: int, form: CampaignForm) -> None:
    await queries.replace_targets(db, campaign_id, form.clean["creditor_ids"], form.clean["kinds"],
                                  form.clean["regions"])


@organizer_view
async def campaign_list(request: Request) -> Response:
    rows = await queries.campaign_list(request.state.db)
    return render(request, "campaigns/organize/list.html", {
        "campaigns": rows, "statuses": STATUS_NAMES, "done": request.query_params.get("done", ""),
    })


@organizer_page
async def new_campaign(request: Request) -> Response:
    action = "/organize/campaigns/new"
    if request.method in ("GET", "HEAD"):
        form = CampaignForm({"currency": "USD", "start_delay_days": "0", "kinds": [], "regions": []})
        return render(request, "campaigns/organize/form.html", _context(form, action=action))
    form, candidates = await _checked(request)
    if not form.ok:
        return render(request, "campaigns/organize/form.html", _context(form, candidates, action=action),
                      status_code=400)
    db, now = request.state.db, utcnow()
    campaign_id, slug = await _create(db, slug_base(form.clean["title"], "campaign"), status="draft", created_by=me(request).id,
                                      created_at=now, **_columns(form))
    await _save_targets(db, campaign_id, form)
    await record_audit(db, at=now, actor_id=me(request).id, subject_id=None, action="campaign_created",
                       campaign_id=campaign_id, slug=slug)
    return RedirectResponse(f"/organize/campaigns/{campaign_id}/edit?done=created", status_code=303)


async def _create(db: Database, base: str, **values: Any) -> tuple[int, str]:
    """Create the campaign under the first free slug from `base`; another organizer may take a
    slug between our look-up and our insert, and then the next one is tried."""
    taken = await queries.slugs_starting(db, base)
    for _attempt in range(SLUG_ATTEMPTS):
        slug = unique_slug(base, taken)
        campaign_id = await organize_queries.create_campaign_unless_slug_taken(db, slug=slug, **values)
        if campaign_id is not None:
            return campaign_id, slug
        taken |= {slug} | await queries.slugs_starting(db, base)
    slug = f"{base}-{secrets.token_hex(4)}"
    return await queries.create_campaign(db, slug=slug, **values), slug


def _threshold(members: int | None, cents: int | None) -> Threshold:
    return Threshold(members=members, amount_cents=cents)


def _edit_context(request: Request, campaign: Row, has_pledges: bool, status_error: str = "") -> dict[str, Any]:
    return {"action": f"/organize/campaigns/{campaign['id']}/edit", "campaign": campaign, "has_pledges": has_pledges,
            "actions": _actions(campaign["status"]), "editable": campaign["status"] in EDITABLE,
            "done": request.query_params.get("done", ""), "status_error": status_error}


async def _saved_form(db: Database, campaign: Row) -> CampaignForm:
    targets = await queries.targets_of(db, campaign["id"])
    found = await vault.creditors_by_ids(db, [t["creditor_id"] for t in targets if t["creditor_id"]])
    return CampaignForm(values_from_campaign(campaign, targets, {i: r["name"] for i, r in found.items()}))


async def _edit_page(request: Request, campaign: Row, *, status_error: str = "", status_code: int = 200) -> Response:
    """The edit page as saved, with `status_error` next to the status actions."""
    db = request.state.db
    extra = _edit_context(request, campaign, await queries.pledge_count(db, campaign["id"]) > 0, status_error)
    form = await _saved_form(db, campaign)
    return render(request, "campaigns/organize/form.html", _context(form, **extra), status_code=status_code)


@organizer_page
async def edit_campaign(request: Request) -> Response:
    campaign = await _campaign(request)
    db = request.state.db
    if request.method in ("GET", "HEAD"):
        return await _edit_page(request, campaign)
    has_pledges = await queries.pledge_count(db, campaign["id"]) > 0
    extra = _edit_context(request, campaign, has_pledges)
    form, candidates = await _checked(request)
    if campaign["status"] not in EDITABLE:
        form.errors["status"] = _("This campaign's status is “%(status)s”, so it can no longer be changed.",
                                  status=STATUS_NAMES[campaign["status"]])
    if form.ok:
        old = _threshold(campaign["threshold_members"], campaign["threshold_cents"])
        new = _threshold(form.clean["threshold_members"], form.clean["threshold_cents"])
        if not can_lower(old, new, has_pledges):
            message = _("Members have already pledged, so the threshold can be raised but not lowered or removed.")
            if old.members is not None and (new.members is None or new.members < old.members):
                form.errors["threshold_members"] = message
            if old.amount_cents is not None and (new.amount_cents is None or new.amount_cents < old.amount_cents):
                form.errors["threshold_amount"] = message
    if not form.ok:
        return render(request, "campaigns/organize/form.html", _context(form, candidates, **extra), status_code=400)
    now, organizer = utcnow(), me(request)
    columns = _columns(form)
    await queries.update_campaign(db, campaign["id"], **columns)
    await _save_targets(db, campaign["id"], form)
    changed = {name: [_audit_value(campaign[name]), _audit_value(columns[name])]
               for name in ("threshold_members", "threshold_cents", "deadline", "start_delay_days")
               if campaign[name] != columns[name]}
    if changed:
        await record_audit(db, at=now, actor_id=organizer.id, subject_id=None, action="campaign_threshold_changed",
                           campaign_id=campaign["id"], **changed)
    return RedirectResponse(f"{extra['action']}?done=saved", status_code=303)


def _audit_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.datetime) else value


def _refusal(campaign: Row, new: str, now: dt.datetime) -> str:
    """Why the campaign cannot move to `new` now, in words; empty when it can."""
    if new not in ACTIONS:
        return _("That change of status is not possible. Choose one of the actions on this page.")
    if (campaign["status"], new) not in TRANSITIONS:
        return _("The campaign is now “%(status)s”, so it cannot become “%(new)s”. Someone may have changed it "
                 "a moment ago: check its status above.", status=STATUS_NAMES[campaign["status"]],
                 new=STATUS_NAMES[new])
    if new == "open" and campaign["threshold_members"] is None and campaign["threshold_cents"] is None:
        return _("Set a threshold (a number of members, a total amount, or both) before opening the campaign: "
                 "without one, the strike could never start.")
    if new == "open" and is_past_deadline(campaign["deadline"], now):
        return _("The deadline, %(date)s, has passed. Set a later deadline before opening the campaign.",
                 date=format_date(campaign["deadline"], "long"))
    return ""


@organizer_action
async def change_status(request: Request) -> Response:
    """Open, win or end a campaign. A refused change shows the edit page with the reason (409)."""
    campaign = await _campaign(request)
    data = await request.form()
    typed = data.get("status")
    new = typed if isinstance(typed, str) else ""
    db, now = request.state.db, utcnow()
    refusal = _refusal(campaign, new, now)
    if not refusal and not await queries.set_status(db, campaign["id"], campaign["status"], status=new,
                                                    **{TRANSITIONS[(campaign["status"], new)]: now}):
        campaign = await _campaign(request)  # someone else changed it first
        refusal = _refusal(campaign, new, now) or _("Someone else changed this campaign a moment ago. Try again.")
    if refusal:
        return await _edit_page(request, campaign, status_error=refusal, status_code=409)
    await record_audit(db, at=now, actor_id=me(request).id, subject_id=None, action=f"campaign_{new}",
                       campaign_id=campaign["id"], old_status=campaign["status"])
    return RedirectResponse(f"/organize/campaigns/{campaign['id']}/edit?done={new}", status_code=303)


routes = [
    Route("/organize/campaigns", campaign_list, methods=ANY_METHOD, name="organize_campaigns"),
    Route("/organize/campaigns/new", new_campaign, methods=ANY_METHOD, name="organize_campaign_new"),
    Route("/organize/campaigns/{campaign_id:int}/edit", edit_campaign, methods=ANY_METHOD,
          name="organize_campaign_edit"),
    Route("/organize/campaigns/{campaign_id:int}/status", change_status, methods=ANY_METHOD,
          name="organize_campaign_status"),
]
