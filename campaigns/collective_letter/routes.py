"""A campaign's collective letter, as organizers see it: they write it, preview it, download its PDF
and mark it sent. Members taking part sign it from their page of the campaign (with their name and
city, or without their name) and may withdraw until it is sent: `campaigns.member.routes`.

Organizer pages are for organizers and administrators only, whatever the method (visitors are
sent to log in, other members get 403). Marking the letter sent freezes it: its SHA-256 is kept,
and from then on nothing about it changes and signing or withdrawing answers 409, in words.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from campaigns.collective_letter import outcomes, queries
from campaigns.collective_letter.contents import (
    collective_html,
    collective_letter,
    contact_of,
    matches_hash,
    pdf_title,
    precise_now,
)
from campaigns.collective_letter.rules import (
    LANGUAGE_NAMES,
    content_hash,
    draw_not_named,
    letter_form,
    signer_counts,
)
from campaigns.counters import queries as campaign_queries
from campaigns.organize.access import campaign_in_url, organizer_action, organizer_page, organizer_view
from debts import api as vault
from server.audit import record_audit
from server.auth import ANY_METHOD, me
from server.db import Row, utcnow
from server.forms import Form
from server.i18n import format_date
from server.i18n import gettext as _
from server.outcomes import see_other
from server.pdf import PdfUnavailable, render_pdf
from server.security import PREVIEW_HEADERS
from server.templating import render


async def _saved_letter(request: Request, campaign: Row) -> Row:
    letter = await queries.letter_of(request.state.db, campaign["id"])
    if letter is None:
        raise HTTPException(status_code=404)
    return letter


def _sent_refusal(letter: Row) -> str:
    return _("This letter was marked as sent on %(date)s: it can no longer change.",
             date=format_date(letter["sent_at"], "long"))


async def _starting_form(request: Request, campaign: Row) -> Form:
    """A new letter starts with the campaign's demands, addressed to its first target creditor."""
    db = request.state.db
    creditor_ids = [t["creditor_id"] for t in await campaign_queries.targets(db, campaign["id"]) if t["creditor_id"]]
    creditors = await vault.creditors_by_ids(db, creditor_ids[:1])
    recipient = f"{creditors[creditor_ids[0]]['name']}\n" if creditor_ids and creditor_ids[0] in creditors else ""
    return Form({"recipient": recipient, "body": campaign["demands"], "language": "en"})


async def _letter_page(request: Request, campaign: Row, *, form: Form | None = None, refusal: str = "",
                       confirm_error: str = "", status_code: int = 200) -> Response:
    db, k = request.state.db, request.state.settings.suppression_k
    letter = await queries.letter_of(db, campaign["id"])
    sent = letter is not None and letter["status"] == "sent"
    if form is None:
        form = (Form({name: letter[name] for name in ("recipient", "body", "language")}) if letter is not None
                else await _starting_form(request, campaign))
    named, _not_named = await queries.signer_numbers(db, campaign["id"], taking_part_only=not sent)
    matches = None
    if sent and letter is not None:
        contents = await collective_letter(db, request.state.keyring, campaign, letter, k=k,
                                           contact=contact_of(request.state.settings.base_url, campaign),
                                           period=request.state.settings.privacy_budget.period)
        matches = matches_hash(contents, letter["content_hash"])
    return render(request, "campaigns/collective_letter/organize.html", {
        "campaign": campaign, "letter": letter, "sent": sent, "form": form, "languages": LANGUAGE_NAMES,
        "counts": signer_counts(named, letter["not_named_released"] if letter else None,
                                letter["not_named_margin"] if letter else None), "k": k, "matches": matches, "refusal": refusal,
        "confirm_error": confirm_error,
    }, status_code=status_code)


@organizer_page
async def letter_page(request: Request) -> Response:
    """The letter's page: GET shows it, POST saves the recipient, body and language of a draft."""
    campaign = await campaign_in_url(request)
    if request.method in ("GET", "HEAD"):
        return await _letter_page(request, campaign)
    db = request.state.db
    form = letter_form(await request.form())
    letter = await queries.letter_for_update(db, campaign["id"])
    if letter is not None and letter["status"] == "sent":
        return await _letter_page(request, campaign, form=form, refusal=_sent_refusal(letter), status_code=409)
    if not form.ok:
        return await _letter_page(request, campaign, form=form, status_code=400)
    if letter is None or any(letter[name] != form.clean[name] for name in form.clean):
        # `updated_at` moves only when the words do: members who signed earlier are told it changed
        await queries.save_draft(db, campaign["id"], **form.clean, updated_by=me(request).id, updated_at=precise_now())
    return see_other(request, f"/organize/campaigns/{campaign['id']}/letter", outcomes.LETTER_SAVED)


async def _contents(request: Request, campaign: Row, letter: Row) -> Any:
    return await collective_letter(request.state.db, request.state.keyring, campaign, letter,
                                   k=request.state.settings.suppression_k,
                                   contact=contact_of(request.state.settings.base_url, campaign),
                                   period=request.state.settings.privacy_budget.period)


@organizer_view
async def preview(request: Request) -> Response:
    campaign = await campaign_in_url(request)
    contents = await _contents(request, campaign, await _saved_letter(request, campaign))
    return HTMLResponse(collective_html(contents), headers=PREVIEW_HEADERS)


@organizer_view
async def download(request: Request) -> Response:
    """The PDF, rendered now in the worker pool; never stored."""
    campaign = await campaign_in_url(request)
    contents = await _contents(request, campaign, await _saved_letter(request, campaign))
    try:
        pdf = await render_pdf(collective_html(contents), title=pdf_title(contents), language=contents.language)
    except PdfUnavailable:
        return render(request, "error.html", {"status": 503, "title": _("The PDF could not be made"), "explanation": _(
            "Letters cannot be made into PDFs on this server right now. Try again later.")}, status_code=503)
    return Response(pdf, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="letter-{campaign["slug"]}.pdf"', "cache-control": "no-store"})


@organizer_action
async def mark_sent(request: Request) -> Response:
    """Freeze the letter as it reads now. Signatures of members who have left the campaign go
    first (the draft already left them out), so the letter sent is the one last previewed."""
    campaign = await campaign_in_url(request)
    db, now = request.state.db, utcnow()
    letter = await queries.letter_for_update(db, campaign["id"])
    if letter is None:
        raise HTTPException(status_code=404)
    if letter["status"] == "sent":
        return await _letter_page(request, campaign, refusal=_sent_refusal(letter), status_code=409)
    if (await request.form()).get("confirm") != "yes":
        return await _letter_page(request, campaign, status_code=400, confirm_error=_(
            "Tick the box to say you have read the letter as it will be sent."))
    await queries.drop_departed(db, campaign["id"])
    _named, not_named = await queries.signer_numbers(db, campaign["id"], taking_part_only=False)
    released, margin = draw_not_named(not_named, request.state.settings.privacy_budget.epsilon_release)
    await queries.release_not_named(db, campaign["id"], released, margin)
    contents = await _contents(request, campaign, {**letter, "status": "sent", "sent_at": now,
                                                   "not_named_released": released, "not_named_margin": margin})
    digest = content_hash(contents)
    await queries.mark_sent(db, campaign["id"], now, digest)
    await record_audit(db, at=now, actor_id=me(request).id, subject_id=None, action="campaign_letter_sent",
                       campaign_id=campaign["id"], content_hash=digest)
    return see_other(request, f"/organize/campaigns/{campaign['id']}/letter", outcomes.LETTER_SENT)


routes = [
    Route("/organize/campaigns/{campaign_id:int}/letter", letter_page, methods=ANY_METHOD,
          name="organize_campaign_letter"),
    Route("/organize/campaigns/{campaign_id:int}/letter/preview", preview, methods=ANY_METHOD),
    Route("/organize/campaigns/{campaign_id:int}/letter.pdf", download, methods=ANY_METHOD),
    Route("/organize/campaigns/{campaign_id:int}/letter/sent", mark_sent, methods=ANY_METHOD),
]
