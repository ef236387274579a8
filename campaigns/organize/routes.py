"""Organizer pages for campaigns: list, create and edit. Each change of status (open for pledges,
won, ended) has an address of its own and a confirmation page first: `campaigns.dashboard.status.routes`.

Only organizers and administrators get in, whatever the method (`campaigns.organize.access`).
Organizers never see any one member here: only the campaign itself (not even a live count of
pledges: the edit page says only whether anyone has joined).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from campaigns.counters import queries
from campaigns.counters.activation import Threshold
from campaigns.organize import outcomes
from campaigns.organize import queries as organize_queries
from campaigns.organize.access import campaign_in_url, organizer_page, organizer_view
from campaigns.organize.forms import CampaignForm, campaign_form, creditor_names, values_from_campaign
from campaigns.organize.rules import EDITABLE, STATUS_NAMES, actions_from, threshold_errors
from debts import api as vault
from debts.api import CURRENCIES, DEBT_KINDS, US_REGIONS
from server.audit import record_audit
from server.auth import ANY_METHOD, me
from server.db import Database, Row, utcnow
from server.fields import parse_id
from server.i18n import gettext as _
from server.outcomes import see_other
from server.security import LARGE_FORM_BYTES
from server.slugs import slug_base, unique_slug
from server.templating import render

SLUG_ATTEMPTS = 20  # slugs tried when other organizers take them at the same moment


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
        choice_id = parse_id(choice)
        if choice_id is not None and any(m["id"] == choice_id for m in matches):
            chosen.append(choice_id)
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
        "campaigns": rows, "statuses": STATUS_NAMES,
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
    return see_other(request, f"/organize/campaigns/{campaign_id}/edit", outcomes.CREATED)


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


def _edit_context(campaign: Row, has_pledges: bool, status_error: str = "") -> dict[str, Any]:
    return {"action": f"/organize/campaigns/{campaign['id']}/edit", "campaign": campaign, "has_pledges": has_pledges,
            "actions": actions_from(campaign["status"]), "editable": campaign["status"] in EDITABLE,
            "status_error": status_error}


async def _saved_form(db: Database, campaign: Row) -> CampaignForm:
    targets = await queries.targets_of(db, campaign["id"])
    found = await vault.creditors_by_ids(db, [t["creditor_id"] for t in targets if t["creditor_id"]])
    return CampaignForm(values_from_campaign(campaign, targets, {i: r["name"] for i, r in found.items()}))


async def edit_page(request: Request, campaign: Row, *, status_error: str = "", status_code: int = 200) -> Response:
    """The edit page as saved, with `status_error` next to the status actions."""
    db = request.state.db
    extra = _edit_context(campaign, await queries.pledge_count(db, campaign["id"]) > 0, status_error)
    form = await _saved_form(db, campaign)
    return render(request, "campaigns/organize/form.html", _context(form, **extra), status_code=status_code)


@organizer_page
async def edit_campaign(request: Request) -> Response:
    campaign = await campaign_in_url(request)
    db = request.state.db
    if request.method in ("GET", "HEAD"):
        return await edit_page(request, campaign)
    has_pledges = await queries.pledge_count(db, campaign["id"]) > 0
    extra = _edit_context(campaign, has_pledges)
    form, candidates = await _checked(request)
    if campaign["status"] not in EDITABLE:
        form.errors["status"] = _("This campaign's status is “%(status)s”, so it can no longer be changed.",
                                  status=STATUS_NAMES[campaign["status"]])
    if form.ok:
        old = _threshold(campaign["threshold_members"], campaign["threshold_cents"])
        new = _threshold(form.clean["threshold_members"], form.clean["threshold_cents"])
        form.errors.update(threshold_errors(old, new, has_pledges))
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
    return see_other(request, extra["action"], outcomes.SAVED)


def _audit_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.datetime) else value


routes = [
    Route("/organize/campaigns", campaign_list, methods=ANY_METHOD, name="organize_campaigns"),
    Route("/organize/campaigns/new", new_campaign, methods=ANY_METHOD, name="organize_campaign_new"),
    Route("/organize/campaigns/{campaign_id:int}/edit", edit_campaign, methods=ANY_METHOD,
          name="organize_campaign_edit"),
]
