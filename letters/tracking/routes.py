"""The member's letters and their tracking: the list, each letter's page (its preview and PDF,
when and how it was sent, each of its deadlines with the rule in words, the response), and the
forms that mark it sent, record when it was delivered and when more information followed it, and
record the response. Every page is the member's own: another member's letter is 404 whatever the
method. The PDF is rendered each time, never stored. Whatever changes a deadline counts the
letter's deadlines again and stores them for the home page and the reminders.
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
from letters.catalogue.letter_type import (
    LANGUAGE_NAMES,
    LetterType,
    deadline_of,
    deadlines_of,
    follow_ups,
    notes_of,
)
from letters.catalogue.pdf import letter_html
from letters.sealing import letter_fields, open_fields, open_tracking, seal_tracking
from letters.tracking import queries
from letters.tracking.forms import METHODS, RESPONSES, delivered_form, more_info_form, response_form, sent_form
from letters.tracking.outcomes import DELIVERED, MORE_INFO, RESPONSE, SENT
from letters.tracking.rules import (
    deadline_views,
    has_extension,
    in_listing_order,
    letter_date,
    may_record_response,
)
from letters.writing.forms import download_values, preview_values, printed_values
from letters.writing.queries import letter_of, save_deadlines
from letters.writing.rules import counted_deadlines
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
        fields = letter_fields(member, letter) if letter_type is not None else {}
        entries.append({"letter": letter, "title": letter_type.title if letter_type else letter["type"],
                        "debt": _debt_label(debts.get(letter["debt_id"])),
                        "deadlines": deadline_views(letter, letter_type, fields, today)})
    return render(request, "letters/tracking/list.html", {
        "entries": in_listing_order(entries), "languages": LANGUAGE_NAMES, "methods": METHODS, "responses": RESPONSES, "today": today})


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
                  delivered: Form | None = None, more_info: Form | None = None,
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
    delivered = delivered or Form({"delivered_on": (letter["delivered_on"] or today).isoformat()})
    more_info = more_info or Form({"more_info_on": (letter["more_info_on"] or today).isoformat()})
    download_errors = download_errors or {}
    return render(request, "letters/tracking/detail.html", {
        "letter": letter, "letter_type": letter_type, "title": letter_type.title if letter_type else letter["type"],
        "fields": fields, "debt": debt, "kinds": vault.DEBT_KINDS,
        "debt_label": _debt_label(debt), "tracking_number": tracking_number,
        "deadlines": deadline_views(letter, letter_type, fields, today),
        "deadline_binds": deadline_of(letter_type, fields) is not None,
        "waiting_rules": [rule for rule in deadlines_of(letter_type, fields) if rule.who == "recipient"],
        "has_extension": has_extension(letter_type, fields), "notes": notes_of(letter_type, fields, today),
        "follow_ups": follow_ups(CATALOGUE, letter["type"], debt["kind"]) if debt is not None else [],
        "sent_form": sent, "response_form": response, "delivered_form": delivered, "more_info_form": more_info,
        "download_errors": download_errors,
        "errors": {**sent.errors, **response.errors, **delivered.errors, **more_info.errors, **download_errors},
        "methods": METHODS, "responses": RESPONSES, "languages": LANGUAGE_NAMES, "today": today,
    }, status_code=status_code)


async def show_letter(request: Request) -> Response:
    return await _detail(request, await _own_letter(request))


async def preview(request: Request) -> Response:
    letter, letter_type = await _printable(request)
    values = preview_values(letter_type, open_fields(me(request), letter), letter["created_at"].date())
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


async def _count_again(request: Request, letter_id: int) -> None:
    """Count the letter's deadlines again from what it now holds, and store them."""
    member, db = me(request), request.state.db
    letter = await letter_of(db, member.id, letter_id)
    if letter is None:
        return
    fields = letter_fields(member, letter)
    await save_deadlines(db, letter_id, counted_deadlines(
        CATALOGUE.get(letter["type"]), fields, sent_on=letter["sent_on"], delivered_on=letter["delivered_on"],
        more_info_on=letter["more_info_on"]))


async def mark_sent(request: Request) -> Response:
    letter = await _own_letter(request)
    member, today = me(request), utcnow().date()
    form = sent_form(await request.form(), letter["created_at"].date(), today, letter["delivered_on"])
    if not form.ok:
        return await _detail(request, letter, sent=form, status_code=400)
    async with request.state.db.writing():
        await queries.mark_sent(
            request.state.db, member.id, letter["id"], sent_on=form.clean["sent_on"], method=form.clean["method"],
            tracking_sealed=seal_tracking(member, form.clean["tracking_number"]), now=utcnow())
        await _count_again(request, letter["id"])
    return see_other(request, f"/letters/{letter['id']}#deadline", SENT)


async def mark_delivered(request: Request) -> Response:
    letter = await _own_letter(request)
    if letter["sent_on"] is None:
        raise HTTPException(status_code=409)  # the form shows only once the letter is marked sent
    form = delivered_form(await request.form(), letter["sent_on"], utcnow().date())
    if not form.ok:
        return await _detail(request, letter, delivered=form, status_code=400)
    async with request.state.db.writing():
        await queries.record_dates(request.state.db, me(request).id, letter["id"],
                                   delivered_on=form.clean["delivered_on"], now=utcnow())
        await _count_again(request, letter["id"])
    return see_other(request, f"/letters/{letter['id']}#deadline", DELIVERED)


async def record_more_info(request: Request) -> Response:
    letter = await _own_letter(request)
    if letter["sent_on"] is None or not has_extension(CATALOGUE.get(letter["type"]), letter_fields(me(request), letter)):
        raise HTTPException(status_code=409)  # the form shows only on a sent letter whose recipient's time extends
    form = more_info_form(await request.form(), letter["sent_on"], utcnow().date())
    if not form.ok:
        return await _detail(request, letter, more_info=form, status_code=400)
    async with request.state.db.writing():
        await queries.record_dates(request.state.db, me(request).id, letter["id"],
                                   more_info_on=form.clean["more_info_on"], now=utcnow())
        await _count_again(request, letter["id"])
    return see_other(request, f"/letters/{letter['id']}#deadline", MORE_INFO)


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
    Route("/letters/{letter_id:int}/delivered", owner_only(POST, _own_letter, mark_delivered), methods=ANY_METHOD,
          name="letter_delivered"),
    Route("/letters/{letter_id:int}/more-information", owner_only(POST, _own_letter, record_more_info),
          methods=ANY_METHOD, name="letter_more_info"),
]
