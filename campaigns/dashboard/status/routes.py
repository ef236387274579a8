"""The confirmation page in front of every change of a campaign's status: open for pledges,
mark as won, end.

GET shows what will happen, and to how many members, in words; only a POST carrying
`confirm=yes` (and the form's CSRF token, like every form) makes the change. A POST without it,
such as the one-click buttons of older pages, changes nothing and shows the same confirmation.
How many members is the campaign's latest released figure ("about 9,100 (give or take 200)"),
never a live count: the page must not let an organizer watch one member join or leave. Opening
shows the public page as it will look, inside the confirmation.

Organizers and administrators only, whatever the method (`campaigns.organize.access`).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from campaigns.counters import released
from campaigns.organize import outcomes, service
from campaigns.organize.access import campaign_in_url, organizer_page
from campaigns.organize.routes import edit_page
from campaigns.organize.rules import refusal
from campaigns.public.figures import public_figures
from campaigns.public.routes import page_context
from campaigns.public.words import figure_words
from server.auth import ANY_METHOD, me
from server.db import Row, utcnow
from server.disclosure import wording
from server.i18n import gettext as _
from server.outcomes import see_other
from server.templating import render

CONFIRM = "yes"  # the value of the `confirm` field that the confirmation page's button sends


def what_happens(old: str, new: str, joined: str, url: str) -> list[str]:
    """What the change does, one sentence each. `joined` is the released number of members in
    words ("about 9,100 (give or take 200)"), or empty before the first release."""
    if new == "open":
        return [
            _("Its page becomes public at %(url)s: anyone can read it, and members whose debts match its targets "
              "can join.", url=url),
            _("No notice is sent to anyone."),
            _("It cannot go back to being a draft, and once a member has pledged its threshold can be raised but "
              "not lowered."),
        ]
    told = {"ended": _("that the campaign ended"), "won": _("that the campaign was won")}[new]
    sentences = [
        _("The members who have joined — %(members)s, as last published — will each be told %(told)s. Their "
          "pledges end with it.", members=joined, told=told) if joined else
        _("Every member who has joined will be told %(told)s. Their pledges end with it. No figures have been "
          "published yet, so this page cannot say how many members that is.", told=told),
        _("The strike will not start, even if the threshold is met later, and nobody can join any more.")
        if old == "open" else
        _("The strike is over for everyone in it: nobody is asked any more whether they are still on strike, "
          "and nobody can join."),
        _("The campaign's page stays public, with its final figures. This cannot be undone."),
    ]
    return sentences


def _wording(new: str) -> tuple[str, str]:
    """The page's question and its button."""
    return {
        "open": (_("Open this campaign for pledges?"), _("Yes, open it for pledges")),
        "won": (_("Mark this campaign as won?"), _("Yes, mark it as won")),
        "ended": (_("End this campaign?"), _("Yes, end the campaign")),
    }[new]


async def _confirmation(request: Request, campaign: Row, new: str) -> Response:
    settings = request.state.settings
    figures = public_figures(await released.latest(request.state.db, campaign["id"], settings.privacy_budget.period),
                             [], [], settings.suppression_k)
    joined = wording.members(figures.members) if figures.members is not None else ""
    url = f"{settings.base_url}/campaigns/{campaign['slug']}"
    question, button = _wording(new)
    context: dict[str, Any] = {}
    if new == "open":  # the public page as it will look once open, around the question
        context = await page_context(request, {**campaign, "status": "open"}, taking_part=False)
    return render(request, "campaigns/organize/confirm.html", {
        **context, "preview": new == "open", "campaign": campaign, "new": new, "question": question,
        "button": button, "happens": what_happens(campaign["status"], new, joined, url),
        "as_of": figure_words(figures, campaign["currency"], None).as_of if joined else "",
    })


async def _change(request: Request, new: str) -> Response:
    """The confirmation (GET, or a POST without `confirm`), or the change itself once confirmed.
    A change that cannot be made shows the edit page with the reason (409)."""
    campaign = await campaign_in_url(request)
    now = utcnow()
    why = refusal(campaign, new, now)
    if not why and request.method == "POST" and (await request.form()).get("confirm") == CONFIRM:
        why = await service.change_status(request.state.db, request.state.keyring, campaign, new, me(request).id, now)
        if not why:
            return see_other(request, f"/organize/campaigns/{campaign['id']}/edit",
                             outcomes.OPENED if new == "open" else outcomes.CLOSED)
        campaign = await campaign_in_url(request)
    if why:
        return await edit_page(request, campaign, status_error=why, status_code=409)
    return await _confirmation(request, campaign, new)


@organizer_page
async def open_campaign(request: Request) -> Response:
    """Open for pledges: a draft with a threshold and no past deadline."""
    return await _change(request, "open")


@organizer_page
async def mark_won(request: Request) -> Response:
    return await _change(request, "won")


@organizer_page
async def end_campaign(request: Request) -> Response:
    """End an open campaign, or an active one that was not won."""
    return await _change(request, "ended")


routes = [
    Route("/organize/campaigns/{campaign_id:int}/open", open_campaign, methods=ANY_METHOD,
          name="organize_campaign_open"),
    Route("/organize/campaigns/{campaign_id:int}/won", mark_won, methods=ANY_METHOD, name="organize_campaign_won"),
    Route("/organize/campaigns/{campaign_id:int}/end", end_campaign, methods=ANY_METHOD, name="organize_campaign_end"),
]
