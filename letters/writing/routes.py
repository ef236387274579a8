"""Writing a letter from a debt: the letters that fit it, the form, and the form again to change
the letter until it is sent.

Every page here is the member's own: another member's debt or letter is 404 whatever the method.
A letter is saved (sealed) when the member asks to see it; its page (`/letters/{id}`, in
`letters.tracking`) shows the preview and the download, and says it was saved.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from debts import api as vault
from letters.catalogue import CATALOGUE, fitting
from letters.catalogue.letter_type import LANGUAGE_NAMES, LetterType, fits, follow_up_values, notes_of
from letters.sealing import open_fields, seal_fields
from letters.writing import queries
from letters.writing.forms import LetterForm, letter_form, typed_values
from letters.writing.outcomes import SAVED, WRITTEN
from letters.writing.prefill import prefill
from letters.writing.rules import asks_for_english, counted_deadlines, is_free_text, may_change, starting_values
from server.auth import ANY_METHOD, FORM, READ, me, owner_only
from server.db import Row, utcnow
from server.fields import is_id
from server.i18n import current_language
from server.i18n import lazy_gettext as _l
from server.outcomes import see_other
from server.templating import render

IN_ENGLISH = _l("If the letter is in English or in English + español, write this in English: the company reads "
                "the English letter. You may add Spanish after it.")


async def _own_debt(request: Request) -> Row:
    debt_id = request.path_params["debt_id"]
    debt = await vault.debt_of(request.state.db, me(request).id, debt_id) if is_id(debt_id) else None
    if debt is None:
        raise HTTPException(status_code=404)
    return debt


async def _own_letter(request: Request) -> tuple[Row, LetterType]:
    letter = await queries.letter_of(request.state.db, me(request).id, request.path_params["letter_id"])
    if letter is None or letter["type"] not in CATALOGUE:
        raise HTTPException(status_code=404)
    return letter, CATALOGUE[letter["type"]]


async def _followed(request: Request, letter_type: LetterType, debt: Row) -> Row | None:
    """The earlier letter a follow-up starts from (`?after=<id>`): the member's own, about the same
    debt, of a type this one follows; None otherwise (the form then starts as usual)."""
    after = request.query_params.get("after", "")
    number = int(after) if after.isascii() and after.isdigit() and len(after) < 19 else 0
    earlier = await queries.letter_of(request.state.db, me(request).id, number) if is_id(number) else None
    if earlier is None or earlier["debt_id"] != debt["id"] or earlier["type"] not in letter_type.follows:
        return None
    return earlier


def _letter_type(code: str, debt: Row) -> LetterType:
    letter_type = CATALOGUE.get(code)
    if letter_type is None or not fits(letter_type, debt["kind"]):
        raise HTTPException(status_code=404)
    return letter_type


async def choose(request: Request) -> Response:
    debt = await _own_debt(request)
    return render(request, "letters/writing/choose.html", {
        "debt": debt, "kinds": vault.DEBT_KINDS, "types": fitting(debt["kind"]),
        "written": await queries.letters_of_debt(request.state.db, me(request).id, debt["id"]),
        "catalogue": CATALOGUE,
    })


def _form_page(request: Request, letter_type: LetterType, form: LetterForm, action: str, debt: Row | None,
               status_code: int = 200) -> Response:
    in_english = asks_for_english(current_language(), form.values.get("letter_language", ""))
    return render(request, "letters/writing/form.html", {
        "letter": letter_type, "form": form, "action": action, "debt": debt, "kinds": vault.DEBT_KINDS,
        "languages": LANGUAGE_NAMES, "notes": notes_of(letter_type, form.values, utcnow().date()),
        "labels": {item.name: item.label for item in letter_type.fields},
        "extra_hints": {item.name: IN_ENGLISH for item in letter_type.fields if in_english and is_free_text(item)},
    }, status_code=status_code)


async def write(request: Request) -> Response:
    debt = await _own_debt(request)
    letter_type = _letter_type(request.path_params["code"], debt)
    db, member = request.state.db, me(request)
    action = f"/debts/{debt['id']}/letters/{letter_type.code}"
    if request.method in ("GET", "HEAD"):
        known = await prefill(db, member, debt, await queries.last_letter(db, member.id))
        values = starting_values(letter_type, known, current_language())
        earlier = await _followed(request, letter_type, debt)
        if earlier is not None:
            values.update(follow_up_values(letter_type, open_fields(member, earlier), {
                "followed_sent_on": earlier["sent_on"], "followed_delivered_on": earlier["delivered_on"],
                "followed_answered_on": earlier["response_on"]}))
        return _form_page(request, letter_type, LetterForm(values), action, debt)
    typed = typed_values(letter_type, await request.form())
    form = letter_form(letter_type, typed, utcnow().date())
    if not form.ok:
        return _form_page(request, letter_type, form, action, debt, status_code=400)
    now = utcnow()
    async with db.writing():
        letter_id = await queries.create_letter(
            db, member_id=member.id, debt_id=debt["id"], type=letter_type.code, language=form.clean["letter_language"],
            fields_sealed=seal_fields(member, typed), created_at=now, updated_at=now)
        await queries.save_deadlines(db, letter_id, counted_deadlines(letter_type, typed))
    return see_other(request, f"/letters/{letter_id}", WRITTEN)


async def edit(request: Request) -> Response:
    letter, letter_type = await _own_letter(request)
    member = me(request)
    action = f"/letters/{letter['id']}/edit"
    if not may_change(letter):
        raise HTTPException(status_code=409)
    if request.method in ("GET", "HEAD"):
        return _form_page(request, letter_type, LetterForm(open_fields(member, letter)), action, None)
    typed = typed_values(letter_type, await request.form())
    form = letter_form(letter_type, typed, utcnow().date())
    if not form.ok:
        return _form_page(request, letter_type, form, action, None, status_code=400)
    db = request.state.db
    async with db.writing():
        await queries.update_letter(db, member.id, letter["id"], language=form.clean["letter_language"],
                                    fields_sealed=seal_fields(member, typed), updated_at=utcnow())
        await queries.save_deadlines(db, letter["id"], counted_deadlines(letter_type, typed))
    return see_other(request, f"/letters/{letter['id']}", SAVED)


routes = [
    Route("/debts/{debt_id:int}/letters", owner_only(READ, _own_debt, choose), methods=ANY_METHOD),
    Route("/debts/{debt_id:int}/letters/{code}", owner_only(FORM, _own_debt, write), methods=ANY_METHOD),
    Route("/letters/{letter_id:int}/edit", owner_only(FORM, _own_letter, edit), methods=ANY_METHOD),
]
