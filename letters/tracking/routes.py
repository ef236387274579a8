"""The member's letters and their tracking: the list, each letter's page (its preview and PDF,
when and how it was sent, its deadline with the rule in words, the response), and the forms that
mark it sent and record the response. Every page is the member's own: another member's letter is
404 whatever the method. The PDF is rendered each time, never stored.
"""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from debts import api as vault
from letters.catalogue import CATALOGUE
from letters.catalogue.letter_type import LANGUAGE_NAMES, LetterType, deadline_of
from letters.catalogue.pdf import letter_html
from letters.sealing import letter_fields, open_fields, open_tracking, seal_tracking
from letters.tracking import queries
from letters.tracking.forms import METHODS, RESPONSES, response_form, sent_form
from letters.tracking.outcomes import RESPONSE, SENT
from letters.tracking.rules import (
    deadline_once_sent,
    deadline_view,
    in_listing_order,
    is_open,
    letter_date,
    may_record_response,
)
from letters.writing.forms import download_values, printed_values
from letters.writing.queries import letter_of
from server.auth import ANY_METHOD, FORM, POST, READ, me, member_required, owner_only
from server.db import Row, utcnow
from server.forms import Form
from server.i18n import gettext as _
from server.letter_layout import letter_title
from server.outcomes import see_other
from server.pdf import PdfUnavailable, render_pdf
from server.security import PREVIEW_HEADERS
from server.templating import render


def _debt_label(debt: Row | None) -> str:
    if debt is None:
        return ""
    creditor = debt["current_holder_name"] or debt["original_creditor_name"]
    kind = str(vault.DEBT_KINDS.get(debt["kind"], debt["kind"]))
    return f"{kind} · {creditor}" if creditor else kind


@member_required
async def letter_list(request: Request) -> Response:
    member, db, today = me(request), request.state.db, utcnow().date()
    debts = {d["id"]: d for d in await vault.debts_of(db, member.id)}
    entries: list[dict[str, Any]] = []
    for letter in await queries.letters_of(db, member.id):
        letter_type = CATALOGUE.get(letter["type"])
        rule = letter_type.deadline if letter_type is not None else None
        needs_fields = letter_type is not None and rule is not None and (
            rule.starts != "sent" or letter_type.deadline_applies is not None)
        fields = letter_fields(member, letter) if needs_fields else {}
        view = deadline_view(letter, _bound(letter_type, fields), fields, today)
        entries.append({"letter": letter, "title": letter_type.title if letter_type else letter["type"],
                        "debt": _debt_label(debts.get(letter["debt_id"])), "deadline": view,
                        "coming": view is not None and view.state == "open"})
    return render(request, "letters/tracking/list.html", {
        "entries": in_listing_order(entries), "languages": LANGUAGE_NAMES, "methods": METHODS, "responses": RESPONSES, "today": today})


def _bound(letter_type: LetterType | None, fields: dict[str, Any]) -> LetterType | None:
    """The letter's type when its deadline binds this letter; None when it does not (a borrower
    defense statement for loans first disbursed before July 1, 2020)."""
    return letter_type if deadline_of(letter_type, fields) is not None else None


async def _own_letter(request: Request) -> Row:
    """The letter in the URL if it is the member's; 404 otherwise (ids reveal nothing)."""
    letter = await letter_of(request.state.db, me(request).id, request.path_params["letter_id"])
    if letter is None:
        raise HTTPException(status_code=404)
    return letter


async def _printable(request: Request) -> tuple[Row, LetterType]:
    """The member's letter and its type, if the catalogue still has it (404 otherwise)."""
    letter = await _own_letter(request)
    if letter["type"] not in CATALOGUE:
        raise HTTPException(status_code=404)
    return letter, CATALOGUE[letter["type"]]


async def _detail(request: Request, letter: Row, *, sent: Form | None = None, response: Form | None = None,
                  download_errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    member, db, today = me(request), request.state.db, utcnow().date()
    letter_type = CATALOGUE.get(letter["type"])
    fields = letter_fields(member, letter)
    debt = await vault.debt_of(db, member.id, letter["debt_id"]) if letter["debt_id"] else None
    tracking_number = open_tracking(member.data_key(), member.id, letter["tracking_sealed"])
    sent = sent or Form({"sent_on": (letter["sent_on"] or today).isoformat(),
                         "method": letter["sent_method"] or "certified", "tracking_number": tracking_number})
    response = response or Form({"response": letter["response"] or "",
                                 "response_on": (letter["response_on"] or today).isoformat()})
    download_errors = download_errors or {}
    return render(request, "letters/tracking/detail.html", {
        "letter": letter, "letter_type": letter_type, "title": letter_type.title if letter_type else letter["type"],
        "fields": fields, "debt": debt, "kinds": vault.DEBT_KINDS,
        "debt_label": _debt_label(debt), "tracking_number": tracking_number,
        "deadline": deadline_view(letter, _bound(letter_type, fields), fields, today), "open": is_open(
            letter, deadline_of(letter_type, fields)), "deadline_binds": deadline_of(letter_type, fields) is not None,
        "sent_form": sent, "response_form": response, "download_errors": download_errors,
        "errors": {**sent.errors, **response.errors, **download_errors},
        "methods": METHODS, "responses": RESPONSES, "languages": LANGUAGE_NAMES, "today": today,
    }, status_code=status_code)


async def show_letter(request: Request) -> Response:
    return await _detail(request, await _own_letter(request))


async def preview(request: Request) -> Response:
    letter, letter_type = await _printable(request)
    values = printed_values(letter_type, open_fields(me(request), letter), letter["created_at"].date(), {})
    html = letter_html(letter_type, letter["language"], values, letter_date(letter, utcnow().date()))
    return HTMLResponse(html, headers=PREVIEW_HEADERS)


async def download(request: Request) -> Response:
    """The PDF, rendered now. Fields never stored (an SSN) come with the request, if asked; one
    missing brings the letter's page back with a message next to it."""
    letter, letter_type = await _printable(request)
    extra, errors = download_values(letter_type, await request.form() if request.method == "POST" else {})
    if errors:
        return await _detail(request, letter, download_errors=errors, status_code=400)
    values = printed_values(letter_type, open_fields(me(request), letter), letter["created_at"].date(), extra)
    # the template, too, is rendered off the event loop: pages stay quick while letters are made
    html = await to_thread.run_sync(letter_html, letter_type, letter["language"], values,
                                    letter_date(letter, utcnow().date()))
    try:
        pdf = await render_pdf(html, title=letter_title(letter_type, letter["language"]), language=letter["language"])
    except PdfUnavailable:
        return render(request, "error.html", {"status": 503, "title": _("The PDF could not be made"), "explanation": _(
            "Letters cannot be made into PDFs on this server right now. Try again later.")}, status_code=503)
    filename = f"{letter_type.code}-{letter['id']}.pdf"
    return Response(pdf, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="{filename}"', "cache-control": "no-store"})


async def mark_sent(request: Request) -> Response:
    letter = await _own_letter(request)
    member, today = me(request), utcnow().date()
    form = sent_form(await request.form(), letter["created_at"].date(), today)
    if not form.ok:
        return await _detail(request, letter, sent=form, status_code=400)
    sent_on = form.clean["sent_on"]
    fields = letter_fields(member, letter)
    letter_type = CATALOGUE.get(letter["type"])
    deadline_on = (deadline_once_sent(letter, letter_type, sent_on, fields)
                   if deadline_of(letter_type, fields) is not None or letter_type is None else None)
    await queries.mark_sent(
        request.state.db, member.id, letter["id"], sent_on=sent_on, method=form.clean["method"],
        tracking_sealed=seal_tracking(member, form.clean["tracking_number"]), deadline_on=deadline_on, now=utcnow())
    return see_other(request, f"/letters/{letter['id']}#deadline", SENT)


async def record_response(request: Request) -> Response:
    letter = await _own_letter(request)
    if not may_record_response(letter):
        raise HTTPException(status_code=409)  # the form shows only once the letter is marked sent
    form = response_form(await request.form(), letter["sent_on"], utcnow().date())
    if not form.ok:
        return await _detail(request, letter, response=form, status_code=400)
    await queries.record_response(request.state.db, me(request).id, letter["id"], response=form.clean["response"],
                                  response_on=form.clean["response_on"], now=utcnow())
    return see_other(request, f"/letters/{letter['id']}#deadline", RESPONSE)


routes = [
    Route("/letters", letter_list, name="letters"),
    Route("/letters/{letter_id:int}", owner_only(READ, _own_letter, show_letter), methods=ANY_METHOD, name="letter"),
    Route("/letters/{letter_id:int}/preview", owner_only(READ, _printable, preview), methods=ANY_METHOD),
    Route("/letters/{letter_id:int}/pdf", owner_only(FORM, _printable, download), methods=ANY_METHOD),
    Route("/letters/{letter_id:int}/sent", owner_only(POST, _own_letter, mark_sent), methods=ANY_METHOD, name="letter_sent"),
    Route("/letters/{letter_id:int}/response", owner_only(POST, _own_letter, record_response), methods=ANY_METHOD,
          name="letter_response"),
]
