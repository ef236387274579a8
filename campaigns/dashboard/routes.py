"""An organizer's view of a campaign: its figures (a page and a CSV download) and announcements
to its members.

Organizers and administrators only, whatever the method (the guards of `organize_routes`). The
figures are the published counters through suppression (`campaigns.dashboard.figures`), never the live
ones, so reloading the page or the CSV shows no member joining, leaving or changing level.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from campaigns.announcements.service import (
    ANNOUNCEABLE,
    BODY_MAX,
    SUBJECT_MAX,
    announce,
    may_announce,
    next_allowed,
)
from campaigns.chart import growth_chart
from campaigns.counters import queries
from campaigns.counters.published import published_cells
from campaigns.dashboard.figures import (
    PUBLIC_SECTIONS,
    OrganizerFigures,
    figure_rows,
    figures_csv,
    organizer_figures,
)
from campaigns.organize import queries as organize_queries
from campaigns.organize.forms import AnnouncementForm, announcement_form
from campaigns.organize.routes import ANY_METHOD, STATUS_NAMES, organizer_page, organizer_view
from campaigns.public.figures import all_hidden, is_shown, progress
from debts import api as vault
from debts.api import DEBT_KINDS, US_REGIONS
from server.audit import record_audit
from server.auth import me
from server.db import Row, utcnow
from server.disclosure.suppression import Shown
from server.i18n import format_date, format_datetime, format_number
from server.i18n import gettext as _
from server.templating import render


async def _campaign(request: Request) -> Row:
    campaign = await queries.campaign_by_id(request.state.db, request.path_params["campaign_id"])
    if campaign is None:
        raise HTTPException(status_code=404)
    return campaign


async def _figures(request: Request, campaign: Row) -> tuple[OrganizerFigures, dict[str, str]]:
    """The campaign's figures from its published counters, and its target creditors' names."""
    db = request.state.db
    creditor_ids = [t["creditor_id"] for t in await queries.targets(db, campaign["id"]) if t["creditor_id"]]
    k = request.state.settings.suppression_k
    published = await published_cells(db, campaign, k, utcnow())
    figures = organizer_figures(published, await queries.daily_series(db, campaign["id"]), creditor_ids, k)
    creditors = await vault.creditors_by_ids(db, creditor_ids)
    return figures, {str(i): str(row["name"]) for i, row in creditors.items()}


def _names(creditor_names: dict[str, str]) -> dict[str, dict[str, str]]:
    """Every section's labels in the reader's language."""
    return {
        "level": {"counted": _("Counted (solidarity)"), "pledged": _("Pledged"), "striking": _("Striking")},
        "kind": {code: str(name) for code, name in DEBT_KINDS.items()},
        "creditor": creditor_names,
        "region": {**US_REGIONS, "unknown": _("State not given")},
        "joined": {
            "counted_converted": _("Joined as counted, and have pledged since"),
            "counted_not_converted": _("Joined as counted, and have not pledged"),
            "pledged": _("Joined as pledged"), "striking": _("Joined as striking"),
        },
        "confirmed": {"in": _("Confirmed “I am in” after the threshold was met")},
        "departures": {"left": _("Left after the threshold was met")},
        "retaliation": {
            "calls": _("Calls"), "threats": _("Threats"), "lawsuit": _("Lawsuits"),
            "garnishment": _("Wage or bank garnishment"), "credit": _("Damage to credit reports"), "other": _("Other"),
            "any": _("Any of these (members who reported at least one)"),
        },
    }


def _table(figures: OrganizerFigures, names: dict[str, dict[str, str]], section: str, caption: str) -> dict[str, Any]:
    cells = figures.breakdown(section)
    rows = [(names[section].get(label, label), cell) for label, cell in cells.items()]
    if section == "region":  # 57 places: leave out the empty ones (they describe no one)
        rows = [(name, cell) for name, cell in rows if not (isinstance(cell, Shown) and cell.members == 0)]
    return {"dimension": section, "caption": caption, "rows": rows, "all_hidden": all_hidden(cells)}


@organizer_view
async def dashboard(request: Request) -> Response:
    campaign = await _campaign(request)
    figures, creditor_names = await _figures(request, campaign)
    names = _names(creditor_names)
    captions = {
        "level": _("Members by level of commitment"), "kind": _("Members and debt by kind of debt"),
        "creditor": _("Members and debt by creditor"), "region": _("Members and debt by state"),
    }
    levels = {point.day: point for point in figures.levels}
    return render(request, "campaigns/organize/dashboard.html", {
        "campaign": campaign,
        "status_name": STATUS_NAMES[campaign["status"]],
        "figures": figures,
        "progress": progress(figures.total, campaign["threshold_members"], campaign["threshold_cents"]),
        "chart": growth_chart([(day, cell.members) for day, cell in figures.public.series],
                              title=_("Members who have joined, over time"), number=format_number, day=format_date),
        "growth": [(day, cell, levels.get(day)) for day, cell in figures.public.series],
        "breakdowns": [_table(figures, names, section, captions[section]) for section in PUBLIC_SECTIONS
                       if figures.breakdown(section)],
        "joined": _table(figures, names, "joined", _("How members first joined")),
        "confirmed": _table(figures, names, "confirmed", _("Members who confirmed they are in")),
        "departures": _table(figures, names, "departures", _("Departures after the threshold was met")),
        "retaliation": _table(figures, names, "retaliation", _("Members who reported retaliation, by kind")),
        "is_shown": is_shown,
        "k": request.state.settings.suppression_k,
    })


def _filename(campaign: Row, today: dt.date) -> str:
    slug = re.sub(r"[^a-z0-9-]", "", campaign["slug"]) or "campaign"
    return f"{slug}-figures-{today.isoformat()}.csv"


@organizer_view
async def figures_download(request: Request) -> Response:
    """The dashboard's figures as CSV: one row per section and label, and per point of the series."""
    campaign = await _campaign(request)
    figures, creditor_names = await _figures(request, campaign)
    rows = figure_rows(figures, _names(creditor_names), total_name=_("All members"))
    # the byte-order mark lets spreadsheets read accented creditor names as UTF-8
    return Response("\ufeff" + figures_csv(rows, campaign["currency"]), media_type="text/csv; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="{_filename(campaign, utcnow().date())}"',
        "cache-control": "no-store",
    })


def _when(announced_at: dt.datetime | None) -> str:
    """When the next announcement may go out, in words (with the time zone: organizers may be anywhere)."""
    after = next_allowed(announced_at)
    return format_datetime(after, "long") if after is not None else ""


def _announcements_page(
    request: Request, campaign: Row, sent: list[Row], form: AnnouncementForm | None, *, refusal: str = "",
    status_code: int = 200,
) -> Response:
    now = utcnow()
    open_for_announcements = campaign["status"] in ANNOUNCEABLE
    allowed = may_announce(campaign["announced_at"], now)
    return render(request, "campaigns/organize/announcements.html", {
        "campaign": campaign, "announcements": sent, "refusal": refusal,
        "form": form or AnnouncementForm({"subject": "", "body": ""}),
        "show_form": open_for_announcements and (allowed or form is not None),
        "open_for_announcements": open_for_announcements,
        "next_time": _when(campaign["announced_at"]) if not allowed else "",
        "subject_max": SUBJECT_MAX, "body_max": BODY_MAX, "done": request.query_params.get("done", ""),
    }, status_code=status_code)


@organizer_page
async def announcements(request: Request) -> Response:
    """The campaign's announcements, and a form to send one (open or active campaigns, one a day)."""
    campaign = await _campaign(request)
    db = request.state.db
    if request.method in ("GET", "HEAD"):
        return _announcements_page(request, campaign, await organize_queries.announcements_of(db, campaign["id"]), None)
    form = announcement_form(await request.form(), SUBJECT_MAX, BODY_MAX)
    now = utcnow()
    announcement_id = None
    if form.ok:
        announcement_id = await announce(db, campaign["id"], me(request).id, form.clean["subject"], form.clean["body"],
                                         now)
    if announcement_id is not None:
        await record_audit(db, at=now, actor_id=me(request).id, subject_id=None, action="campaign_announcement",
                           campaign_id=campaign["id"], announcement_id=announcement_id)
        return RedirectResponse(f"/organize/campaigns/{campaign['id']}/announcements?done=sent", status_code=303)
    campaign = await _campaign(request)  # as it is now: another organizer may have just sent one
    sent = await organize_queries.announcements_of(db, campaign["id"])
    if campaign["status"] not in ANNOUNCEABLE:
        refusal, status_code = _("Announcements can be sent only while the campaign is open or active."), 409
    elif not may_announce(campaign["announced_at"], now):
        refusal = _("This campaign already had an announcement in the last 24 hours. You can send the next one "
                    "after %(when)s. Your message is kept below.", when=_when(campaign["announced_at"]))
        status_code = 429
    elif not form.ok:
        refusal, status_code = "", 400
    else:
        refusal, status_code = _("Someone else changed this campaign a moment ago. Try again."), 409
    return _announcements_page(request, campaign, sent, form, refusal=refusal, status_code=status_code)


routes = [
    Route("/organize/campaigns/{campaign_id:int}", dashboard, methods=ANY_METHOD, name="organize_campaign_dashboard"),
    Route("/organize/campaigns/{campaign_id:int}/figures.csv", figures_download, methods=ANY_METHOD,
          name="organize_campaign_figures"),
    Route("/organize/campaigns/{campaign_id:int}/announcements", announcements, methods=ANY_METHOD,
          name="organize_campaign_announcements"),
]
