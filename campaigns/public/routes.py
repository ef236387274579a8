"""A campaign's public pages: the campaign page, the embeddable counter (JSON, with CORS) and
the page that gives other sites an HTML snippet to paste.

Anyone may read them, logged in or not. They show only what `campaigns.public.figures` lets through
suppression: no member, no small group, amounts rounded. Drafts and unknown slugs are 404.
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from campaigns.chart import growth_chart
from campaigns.counters import queries
from campaigns.counters.published import published_cells
from campaigns.markdown import markdown_to_html, paragraphs
from campaigns.member.queries import taking_part
from campaigns.public.figures import (
    PublicFigures,
    all_hidden,
    breakdown_labels,
    counter_document,
    is_shown,
    progress,
    public_figures,
)
from debts import api as vault
from debts.api import DEBT_KINDS, US_REGIONS
from server.auth import current_member
from server.db import Row, utcnow
from server.disclosure.suppression import Shown
from server.i18n import format_date, format_money, format_number
from server.i18n import gettext as _
from server.templating import render

COUNTER_HEADERS = {
    "access-control-allow-origin": "*",
    "cache-control": "public, max-age=60",
    "cross-origin-resource-policy": "cross-origin",
}


async def _campaign(request: Request) -> Row:
    campaign = await queries.public_campaign(request.state.db, request.path_params["slug"])
    if campaign is None:
        raise HTTPException(status_code=404)
    return campaign


def _url(request: Request, campaign: Row) -> str:
    return f"{request.state.settings.base_url}/campaigns/{campaign['slug']}"


async def _figures(request: Request, campaign: Row) -> tuple[PublicFigures, dict[str, str]]:
    """The campaign's public figures, and the names of its target creditors by label."""
    db = request.state.db
    creditor_ids = [t["creditor_id"] for t in await queries.targets(db, campaign["id"]) if t["creditor_id"]]
    labels = breakdown_labels(creditor_ids)
    k = request.state.settings.suppression_k
    published = await published_cells(db, campaign, k, utcnow())
    figures = public_figures(published, await queries.daily_series(db, campaign["id"]), labels, k)
    creditors = await vault.creditors_by_ids(db, creditor_ids)
    names = {str(i): str(row["name"]) for i, row in creditors.items()}
    return figures, names


def _status_names() -> dict[str, str]:
    return {
        "open": _("Open for pledges"), "active": _("Active: the strike is on"), "won": _("Won"),
        "ended": _("Ended"), "expired": _("Expired: the threshold was not met in time"),
    }


def _breakdowns(figures: PublicFigures, creditor_names: dict[str, str]) -> list[dict[str, Any]]:
    """The breakdown tables, in page order, with each label's name in the reader's language."""
    names = {
        "level": {"counted": _("Counted (solidarity)"), "pledged": _("Pledged"), "striking": _("Striking")},
        "kind": {code: str(name) for code, name in DEBT_KINDS.items()},
        "creditor": creditor_names,
        "region": {**US_REGIONS, "unknown": _("State not given")},
    }
    captions = {
        "level": _("Members by level of commitment"), "kind": _("Members and debt by kind of debt"),
        "creditor": _("Members and debt by creditor"), "region": _("Members and debt by state"),
    }
    tables = []
    for dimension in ("level", "kind", "creditor", "region"):
        cells = figures.breakdowns[dimension]
        if not cells:
            continue
        rows = [(names[dimension].get(label, label), cell) for label, cell in cells.items()]
        if dimension == "region":  # 57 places: leave out the empty ones (they describe no one)
            rows = [(name, cell) for name, cell in rows if not (isinstance(cell, Shown) and cell.members == 0)]
        tables.append({"dimension": dimension, "caption": captions[dimension], "rows": rows,
                       "all_hidden": all_hidden(cells)})
    return tables


async def campaign_page(request: Request) -> Response:
    campaign = await _campaign(request)
    figures, creditor_names = await _figures(request, campaign)
    chart = growth_chart(
        [(day, cell.members) for day, cell in figures.series],
        title=_("Members who have joined, over time"), number=format_number, day=format_date,
    )
    return render(request, "campaigns/public/campaign.html", {
        "campaign": campaign,
        "url": _url(request, campaign),
        "status_name": _status_names()[campaign["status"]],
        "summary": paragraphs(campaign["summary"]),
        "story": markdown_to_html(campaign["story"]),
        "demands": markdown_to_html(campaign["demands"]),
        "figures": figures,
        "progress": progress(figures.total, campaign["threshold_members"], campaign["threshold_cents"]),
        "breakdowns": _breakdowns(figures, creditor_names),
        "chart": chart,
        "is_shown": is_shown,
        "k": request.state.settings.suppression_k,
        "taking_part": await taking_part(request.state.db, campaign["id"], getattr(current_member(request), "id", None)),
    })


async def counter_json(request: Request) -> Response:
    campaign = await _campaign(request)
    figures, _names = await _figures(request, campaign)
    return JSONResponse(counter_document(campaign, figures, _url(request, campaign)), headers=COUNTER_HEADERS)


def _snippet(campaign: Row, figures: PublicFigures, url: str) -> str:
    """The HTML another site pastes: a link and the numbers as they are now, no script."""
    total = figures.total
    if isinstance(total, Shown):
        figures_text = _("%(members)s members, %(amount)s of debt", members=format_number(total.members),
                         amount=format_money(total.amount_cents, campaign["currency"]))
    else:
        figures_text = _("Join the campaign")
    return (f'<p class="jubilee-counter"><a href="{escape(url)}">{escape(campaign["title"])}</a>: '
            f"{escape(figures_text)}</p>")


async def embed_page(request: Request) -> Response:
    campaign = await _campaign(request)
    figures, _names = await _figures(request, campaign)
    url = _url(request, campaign)
    return render(request, "campaigns/public/embed.html", {
        "campaign": campaign, "url": url, "snippet": _snippet(campaign, figures, url),
        "counter_url": f"{url}/counter.json", "k": request.state.settings.suppression_k,
    })


routes = [
    Route("/campaigns/{slug}", campaign_page, methods=["GET"]),
    Route("/campaigns/{slug}/counter.json", counter_json, methods=["GET"]),
    Route("/campaigns/{slug}/embed", embed_page, methods=["GET"]),
]
