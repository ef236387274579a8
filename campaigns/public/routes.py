"""A campaign's public pages: the campaign page, the embeddable counter (JSON, with CORS) and
the page that gives other sites an HTML snippet to paste.

Anyone may read them, logged in or not. They show only the campaign's latest release of figures
(`campaigns.counters.released`, shaped by `campaigns.public.figures`): approximate on purpose,
the same until the next scheduled release whatever members do. Drafts and unknown slugs are 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import escape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from campaigns.chart import growth_chart
from campaigns.counters import queries, released
from campaigns.markdown import markdown_to_html, paragraphs
from campaigns.member.queries import taking_part as taking_part_in
from campaigns.public.figures import PublicFigures, all_hidden, counter_document, progress, public_figures
from campaigns.public.words import figure_words
from debts import api as vault
from debts.api import DEBT_KINDS, US_REGIONS
from server.auth import current_member
from server.db import Row
from server.i18n import format_date, format_number
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


def _url(request: Request, campaign: Mapping[str, Any]) -> str:
    return f"{request.state.settings.base_url}/campaigns/{campaign['slug']}"


async def _figures(request: Request, campaign: Mapping[str, Any]) -> tuple[PublicFigures, dict[str, str]]:
    """The campaign's released figures, and the names of its target creditors by label."""
    db = request.state.db
    creditor_ids = [t["creditor_id"] for t in await queries.targets(db, campaign["id"]) if t["creditor_id"]]
    period = request.state.settings.privacy_budget.period
    figures = public_figures(await released.latest(db, campaign["id"], period), await released.series(db, campaign["id"], period),
                             creditor_ids, request.state.settings.suppression_k)
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
        "level": _("Members by level of commitment"), "kind": _("Members by kind of debt"),
        "creditor": _("Members by creditor"), "region": _("Members by state"),
    }
    tables = []
    for dimension in ("level", "kind", "creditor", "region"):
        cells = figures.breakdowns[dimension]
        if not cells:
            continue
        rows = [(names[dimension].get(label, label), cell) for label, cell in cells.items()]
        if dimension == "region":  # 57 places: the hidden ones go in one line (see the template)
            rows = [(name, cell) for name, cell in rows if cell is not None]
        tables.append({"dimension": dimension, "caption": captions[dimension], "rows": rows,
                       "all_hidden": all_hidden(cells)})
    return tables


async def page_context(request: Request, campaign: Mapping[str, Any], taking_part: bool) -> dict[str, Any]:
    """What the campaign's public page shows; also the preview an organizer sees before opening it."""
    figures, creditor_names = await _figures(request, campaign)
    chart = growth_chart(
        [(day, members) for day, members, _amount in figures.series],
        title=_("Members who have joined, over time"), number=format_number, day=format_date,
    )
    return {
        "campaign": campaign,
        "url": _url(request, campaign),
        "status_name": _status_names()[campaign["status"]],
        "summary": paragraphs(campaign["summary"]),
        "story": markdown_to_html(campaign["story"]),
        "demands": markdown_to_html(campaign["demands"]),
        "figures": figures,
        "progress": progress(figures, campaign["threshold_members"], campaign["threshold_cents"]),
        "breakdowns": _breakdowns(figures, creditor_names),
        "chart": chart,
        "words": figure_words(figures, campaign["currency"], request.state.settings),
        "taking_part": taking_part,
    }


async def campaign_page(request: Request) -> Response:
    campaign = await _campaign(request)
    member_id = getattr(current_member(request), "id", None)
    taking_part = await taking_part_in(request.state.db, campaign["id"], member_id)
    return render(request, "campaigns/public/campaign.html", await page_context(request, campaign, taking_part))


async def counter_json(request: Request) -> Response:
    campaign = await _campaign(request)
    figures, _names = await _figures(request, campaign)
    return JSONResponse(counter_document(campaign, figures, _url(request, campaign)), headers=COUNTER_HEADERS)


def _snippet(campaign: Row, figures: PublicFigures, url: str, currency: str) -> str:
    """The HTML another site pastes: a link and the figures of the latest release, no script."""
    words = figure_words(figures, currency, None)
    figures_text = words.headline if figures.released else _("Join the campaign")
    return (f'<p class="jubilee-counter"><a href="{escape(url)}">{escape(campaign["title"])}</a>: '
            f"{escape(figures_text)}</p>")


async def embed_page(request: Request) -> Response:
    campaign = await _campaign(request)
    figures, _names = await _figures(request, campaign)
    url = _url(request, campaign)
    return render(request, "campaigns/public/embed.html", {
        "campaign": campaign, "url": url, "snippet": _snippet(campaign, figures, url, campaign["currency"]),
        "counter_url": f"{url}/counter.json",
    })


routes = [
    Route("/campaigns/{slug}", campaign_page, methods=["GET"]),
    Route("/campaigns/{slug}/counter.json", counter_json, methods=["GET"]),
    Route("/campaigns/{slug}/embed", embed_page, methods=["GET"]),
]
