"""Writing a letter from a debt: the letters that fit it, the form, the preview and the PDF.

Every page here is the member's own: another member's debt or letter is 404 whatever the method.
A letter is saved (sealed) when the member asks to see it; its page (`/letters/{id}`, with the
tracking) shows the preview and the download. The PDF is rendered each time, never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from anyio import to_thread
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from debts import api as vault
from debts.api import DEBT_KINDS
from letters import queries
from letters import types as _types  # noqa: F401  (registers every letter type)
from letters.catalogue import CATALOGUE, LetterType, fitting
from letters.deadlines import deadline_for
from letters.forms import LetterForm, download_values, letter_form, typed_values
from letters.pdf import letter_html
from letters.writing import open_fields, prefill, seal_fields, starting_values
from server.auth import Endpoint, me, member_required
from server.db import Row, utcnow
from server.i18n import current_language
from server.i18n import gettext as _
from server.letter_layout import letter_title
from server.pdf import PdfUnavailable, render_pdf
from server.templating import render

LANGUAGE_NAMES = {"en": "English", "es": "Español", "bilingual": "English + español"}
PREVIEW_HEADERS = {
    # the letter's own document, shown in a frame of its page: its inline styles, nothing else
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
    "x-frame-options": "SAMEORIGIN",
    "cache-control": "no-store",
}


async def _own_debt(request: Request) -> Row:
    debt_id = request.path_params["debt_id"]
    debt = await vault.debt_of(request.state.db, me(request).id, debt_id) if debt_id < 2**31 else None
    if debt is None:
        raise HTTPException(status_code=404)
    return debt


async def _own_letter(request: Request) -> tuple[Row, LetterType]:
    letter = await queries.letter_of(request.state.db, me(request).id, request.path_params["letter_id"])
    if letter is None or letter["type"] not in CATALOGUE:
        raise HTTPException(status_code=404)
    return letter, CATALOGUE[letter["type"]]


def _letter_type(code: str, debt: Row) -> LetterType:
    letter_type = CATALOGUE.get(code)
    if letter_type is None or letter_type not in fitting(debt["kind"]):
        raise HTTPException(status_code=404)
    return letter_type


async def choose(request: Request) -> Response:
    debt = await _own_debt(request)
    return render(request, "letters/write/choose.html", {
        "debt": debt, "kinds": DEBT_KINDS, "types": fitting(debt["kind"]),
        "written": await queries.letters_of_debt(request.state.db, me(request).id, debt["id"]),
        "catalogue": CATALOGUE,
    })


def _form_page(request: Request, letter_type: LetterType, form: LetterForm, action: str, debt: Row | None,
               status_code: int = 200) -> Response:
    return render(request, "letters/write/form.html", {
        "letter": letter_type, "form": form, "action": action, "debt": debt, "kinds": DEBT_KINDS,
        "languages": LANGUAGE_NAMES,
    }, status_code=status_code)


async def write(request: Request) -> Response:
    debt = await _own_debt(request)
    letter_type = _letter_type(request.path_params["code"], debt)
    db, member = request.state.db, me(request)
    action = f"/debts/{debt['id']}/letters/{letter_type.code}"
    if request.method in ("GET", "HEAD"):
        known = await prefill(db, member, debt, await queries.last_letter(db, member.id))
        return _form_page(request, letter_type, LetterForm(starting_values(letter_type, known, current_language())),
                          action, debt)
    typed = typed_values(letter_type, await request.form())
    form = letter_form(letter_type, typed, utcnow().date())
    if not form.ok:
        return _form_page(request, letter_type, form, action, debt, status_code=400)
    now = utcnow()
    letter_id = await queries.create_letter(
        db, member_id=member.id, debt_id=debt["id"], type=letter_type.code, language=form.clean["letter_language"],
        fields_sealed=seal_fields(member, typed), deadline_on=_deadline(letter_type, None, typed), created_at=now,
        updated_at=now)
    return RedirectResponse(f"/letters/{letter_id}?done=written", status_code=303)


async def edit(request: Request) -> Response:
    letter, letter_type = await _own_letter(request)
    member = me(request)
    action = f"/letters/{letter['id']}/edit"
    if letter["sent_on"] is not None:
        raise HTTPException(status_code=409)  # a letter that went out stays as it was sent
    if request.method in ("GET", "HEAD"):
        return _form_page(request, letter_type, LetterForm(open_fields(member, letter)), action, None)
    typed = typed_values(letter_type, await request.form())
    form = letter_form(letter_type, typed, utcnow().date())
    if not form.ok:
        return _form_page(request, letter_type, form, action, None, status_code=400)
    await queries.update_letter(request.state.db, member.id, letter["id"], language=form.clean["letter_language"],
                                fields_sealed=seal_fields(member, typed),
                                deadline_on=_deadline(letter_type, None, typed), updated_at=utcnow())
    return RedirectResponse(f"/letters/{letter['id']}?done=saved", status_code=303)


def _deadline(letter_type: LetterType, sent_on: dt.date | None, typed: dict[str, Any]) -> dt.date | None:
    """The deadline known before sending (one counted from a date on the form), for the
    dashboard and reminders; the tracking page counts it again once the letter is sent."""
    found = deadline_for(letter_type.deadline, sent_on, typed) if letter_type.deadline else None
    return found[1] if found else None


def _clean(letter_type: LetterType, letter: Row, values: dict[str, Any], extra: dict[str, str]) -> dict[str, Any]:
    form = letter_form(letter_type, values, letter["created_at"].date() + dt.timedelta(days=366))
    return {**form.clean, **extra}


def _today(letter: Row) -> dt.date:
    """The letter's date: the day it was sent, or today while it is being written."""
    return letter["sent_on"] or utcnow().date()


async def preview(request: Request) -> Response:
    letter, letter_type = await _own_letter(request)
    values = _clean(letter_type, letter, open_fields(me(request), letter), {})
    html = letter_html(letter_type, letter["language"], values, _today(letter))
    return HTMLResponse(html, headers=PREVIEW_HEADERS)


async def download(request: Request) -> Response:
    """The PDF, rendered now. Fields never stored (an SSN) come with the request, if asked."""
    letter, letter_type = await _own_letter(request)
    extra, errors = download_values(letter_type, await request.form() if request.method == "POST" else {})
    if errors:
        return RedirectResponse(f"/letters/{letter['id']}?missing=1#download", status_code=303)
    values = _clean(letter_type, letter, open_fields(me(request), letter), extra)
    # the template, too, is rendered off the event loop: pages stay quick while letters are made
    html = await to_thread.run_sync(letter_html, letter_type, letter["language"], values, _today(letter))
    try:
        pdf = await render_pdf(html, title=letter_title(letter_type, letter["language"]), language=letter["language"])
    except PdfUnavailable:
        return render(request, "error.html", {"status": 503, "title": _("The PDF could not be made"), "explanation": _(
            "Letters cannot be made into PDFs on this server right now. Try again later.")}, status_code=503)
    filename = f"{letter_type.code}-{letter['id']}.pdf"
    return Response(pdf, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="{filename}"', "cache-control": "no-store"})


ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


def _only(methods: set[str], owned: Callable[[Request], Awaitable[Any]], endpoint: Endpoint) -> Endpoint:
    """Another member's debt or letter is 404 whatever the method; a wrong method is 405 after."""
    async def guarded(request: Request) -> Response:
        await owned(request)
        if request.method not in methods:
            raise HTTPException(status_code=405, headers={"allow": ", ".join(sorted(methods))})
        return await endpoint(request)

    return member_required(guarded)


READ, FORM = {"GET", "HEAD"}, {"GET", "HEAD", "POST"}
routes = [
    Route("/debts/{debt_id:int}/letters", _only(READ, _own_debt, choose), methods=ANY_METHOD),
    Route("/debts/{debt_id:int}/letters/{code}", _only(FORM, _own_debt, write), methods=ANY_METHOD),
    Route("/letters/{letter_id:int}/edit", _only(FORM, _own_letter, edit), methods=ANY_METHOD),
    Route("/letters/{letter_id:int}/preview", _only(READ, _own_letter, preview), methods=ANY_METHOD),
    Route("/letters/{letter_id:int}/pdf", _only(FORM, _own_letter, download), methods=ANY_METHOD),
]
