"""An organizer's view of a campaign: its figures, as a page and as a CSV download.

Organizers and administrators only, whatever the method (`campaigns.organize.access`). The
figures are the campaign's latest release (`campaigns.dashboard.figures`), never the live counters,
so reloading the page or the CSV shows no member joining, leaving or changing level.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from campaigns.chart import growth_chart
from campaigns.counters import queries, released
from campaigns.dashboard.figures import OrganizerFigures, figure_rows, figures_csv, organizer_figures
from campaigns.organize.access import campaign_in_url, organizer_view
from campaigns.organize.rules import STATUS_NAMES
from campaigns.public.figures import PUBLIC_SECTIONS, all_hidden, progress
from campaigns.public.words import figure_words
from debts import api as vault
from debts.api import DEBT_KINDS, US_REGIONS
from server.auth import ANY_METHOD
from server.db import Row, utcnow
from server.i18n import format_date, format_number
from server.i18n import gettext as _
from server.spreadsheets import BOM, MEDIA_TYPE, download_headers
from server.templating import render


async def _figures(request: Request, campaign: Row) -> tuple[OrganizerFigures, dict[str, str]]:
    """The campaign's figures from its latest release, and its target creditors' names."""
    db = request.state.db
    creditor_ids = [t["creditor_id"] for t in await queries.targets(db, campaign["id"]) if t["creditor_id"]]
    period = request.state.settings.privacy_budget.period
    figures = organizer_figures(await released.latest(db, campaign["id"], period), await released.series(db, campaign["id"], period),
                                creditor_ids, request.state.settings.suppression_k)
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
        "confirmed": {"all": _("Confirmed “I am in” after the threshold was met")},
        "departures": {"all": _("Left after the threshold was met")},
        "retaliation": {
            "calls": _("Calls"), "threats": _("Threats"), "lawsuit": _("Lawsuits"),
            "garnishment": _("Wage or bank garnishment"), "credit": _("Damage to credit reports"), "other": _("Other"),
            "any": _("Any of these (members who reported at least one)"),
        },
    }


def _table(figures: OrganizerFigures, names: dict[str, dict[str, str]], section: str, caption: str) -> dict[str, Any]:
    cells = figures.breakdown(section)
    rows = [(names[section].get(label, label), value) for label, value in cells.items()]
    if section == "region":  # 57 places: the hidden ones are left out (the table says so)
        rows = [(name, value) for name, value in rows if value is not None]
    return {"dimension": section, "caption": caption, "rows": rows, "all_hidden": all_hidden(cells)}


@organizer_view
async def dashboard(request: Request) -> Response:
    campaign = await campaign_in_url(request)
    figures, creditor_names = await _figures(request, campaign)
    names = _names(creditor_names)
    captions = {
        "level": _("Members by level of commitment"), "kind": _("Members by kind of debt"),
        "creditor": _("Members by creditor"), "region": _("Members by state"),
    }
    levels = {point.day: point for point in figures.levels}
    public = figures.public
    return render(request, "campaigns/organize/dashboard.html", {
        "campaign": campaign,
        "status_name": STATUS_NAMES[campaign["status"]],
        "figures": figures,
        "progress": progress(public, campaign["threshold_members"], campaign["threshold_cents"]),
        "chart": growth_chart([(day, members) for day, members, _amount in public.series],
                              title=_("Members who have joined, over time"), number=format_number, day=format_date),
        "growth": [(day, members, amount, levels.get(day)) for day, members, amount in reversed(public.series)],
        "breakdowns": [_table(figures, names, section, captions[section]) for section in PUBLIC_SECTIONS
                       if figures.breakdown(section)],
        "joined": _table(figures, names, "joined", _("How members first joined")),
        "confirmed": _table(figures, names, "confirmed", _("Members who confirmed they are in")),
        "departures": _table(figures, names, "departures", _("Departures after the threshold was met")),
        "retaliation": _table(figures, names, "retaliation", _("Members who reported retaliation, by kind")),
        "words": figure_words(public, campaign["currency"], request.state.settings),
    })


@organizer_view
async def figures_download(request: Request) -> Response:
    """The dashboard's figures as CSV: one row per section and label, and per point of the series."""
    campaign = await campaign_in_url(request)
    figures, creditor_names = await _figures(request, campaign)
    rows = figure_rows(figures, _names(creditor_names), total_name=_("All members"), amount_name=_("All debt"))
    return Response(BOM + figures_csv(rows, campaign["currency"]), media_type=MEDIA_TYPE,
                    headers=download_headers(campaign["slug"], "figures", utcnow().date(), fallback="campaign"))


routes = [
    Route("/organize/campaigns/{campaign_id:int}", dashboard, methods=ANY_METHOD, name="organize_campaign_dashboard"),
    Route("/organize/campaigns/{campaign_id:int}/figures.csv", figures_download, methods=ANY_METHOD,
          name="organize_campaign_figures"),
]
