"""The member's letters and their tracking: when and how each was sent, its deadline with the rule
in words, and the response. Every page is the member's own: another member's letter is 404
whatever the method.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from debts import api as vault
from debts.api import DEBT_KINDS
from letters import queries
from letters import types as _types  # noqa: F401  (registers every letter type)
from letters.catalogue import CATALOGUE, LetterType
from letters.deadlines import DeadlineRule, deadline_for, safe_day
from letters.reminders import is_open
from letters.writing import TRACKING, open_fields
from server import crypto
from server.auth import CurrentMember, Endpoint, me, member_required
from server.db import Row, utcnow
from server.fields import parse_date
from server.forms import Form, text
from server.i18n import format_date, format_number, ngettext
from server.i18n import gettext as _
from server.i18n import lazy_gettext as _l
from server.sealing import open_sealed, seal
from server.templating import render

METHODS = {
    "certified": _l("Certified mail"),
    "mail": _l("Regular mail"),
    "email": _l("Email"),
    "fax": _l("Fax"),
    "portal": _l("Their online portal"),
    "hand": _l("By hand"),
}
RESPONSES = {
    "received": _l("An answer came"),
    "verified": _l("They say it is correct (verified)"),
    "corrected": _l("They corrected it"),
    "removed": _l("They removed it"),
    "no_answer": _l("No answer"),
}
LANGUAGES = {"en": "English", "es": "Español", "bilingual": "English + español"}
TRACKING_MAX = 64


def letter_fields(member: CurrentMember, letter: Row) -> dict[str, Any]:
    """What the member typed into the letter; empty if it cannot be opened (a lost key)."""
    try:
        return open_fields(member, letter)
    except (crypto.DecryptionError, ValueError):
        return {}


def open_tracking(key: bytes, member_id: int, sealed: str | None) -> str:
    try:
        return open_sealed(key, member_id, TRACKING, sealed)
    except crypto.DecryptionError:
        return ""


# --- Forms ----------------------------------------------------------------------------------

def _date(form: Form, name: str, earliest: dt.date, today: dt.date, too_early: str) -> None:
    typed = form.values[name]
    day = parse_date(typed) if typed else None
    if day is None:
        form.errors[name] = _("Enter the date, for example %(example)s.", example=format_date(today, "short"))
    elif day > today:
        form.errors[name] = _("That date is in the future.")
    elif day < earliest:
        form.errors[name] = too_early
    else:
        form.clean[name] = day


def sent_form(data: Mapping[str, Any], created_on: dt.date, today: dt.date) -> Form:
    form = Form({"sent_on": text(data, "sent_on", 40), "method": text(data, "method", 40),
                 "tracking_number": text(data, "tracking_number", TRACKING_MAX * 4)})
    earliest = created_on - dt.timedelta(days=1)
    _date(form, "sent_on", earliest, today,
          _("You wrote this letter on %(date)s: it cannot have gone out before then.", date=format_date(created_on)))
    if form.values["method"] in METHODS:
        form.clean["method"] = form.values["method"]
    else:
        form.errors["method"] = _("Choose how you sent it.")
    # a far-too-long paste is kept in part, for the member to shorten, and counted whole
    raw = data.get("tracking_number")
    length = len(raw.strip()) if isinstance(raw, str) else 0
    if length > TRACKING_MAX:
        form.errors["tracking_number"] = _("A tracking number has at most %(max)s characters; this has %(count)s.",
                                           max=format_number(TRACKING_MAX), count=format_number(length))
    else:
        form.clean["tracking_number"] = form.values["tracking_number"]
    return form


def response_form(data: Mapping[str, Any], sent_on: dt.date, today: dt.date) -> Form:
    form = Form({"response": text(data, "response", 40), "response_on": text(data, "response_on", 40)})
    if form.values["response"] in RESPONSES:
        form.clean["response"] = form.values["response"]
    else:
        form.errors["response"] = _("Choose what happened.")
    _date(form, "response_on", sent_on, today,
          _("You sent the letter on %(date)s: enter that day or a later one.", date=format_date(sent_on)))
    return form


# --- What a deadline means -------------------------------------------------------------------

@dataclass(frozen=True)
class DeadlineView:
    rule: DeadlineRule
    due: dt.date
    act_by: dt.date  # "mail by" for the member's deadlines; the due date for the recipient's
    stored: bool  # False: worked out from the letter's dates before it was sent
    state: str  # open, passed, answered, sent_in_time, sent_late
    counting: str  # how the date was counted, in words


def _counting(rule: DeadlineRule, letter_type: LetterType) -> str:
    if rule.starts == "sent":
        start = _("the day you sent it")
    else:
        label = next((f.label for f in letter_type.fields if f.name == rule.starts), rule.starts)
        start = _("the date you gave as “%(field)s”", field=label)
    if rule.days == 0 and not rule.receipt_business_days:
        return _("The date is %(start)s.", start=start)
    unit = (ngettext("%(num)s business day", "%(num)s business days", rule.days, num=format_number(rule.days))
            if rule.business_days else
            ngettext("%(num)s calendar day", "%(num)s calendar days", rule.days, num=format_number(rule.days)))
    if not rule.receipt_business_days:
        return _("Counted: %(count)s after %(start)s.", count=unit, start=start)
    receipt = ngettext("%(num)s business day", "%(num)s business days", rule.receipt_business_days,
                       num=format_number(rule.receipt_business_days))
    return _("Counted: %(receipt)s after %(start)s for delivery, then %(count)s.",
             receipt=receipt, start=start, count=unit)


def deadline_view(letter: Row, letter_type: LetterType | None, fields: Mapping[str, Any],
                  today: dt.date) -> DeadlineView | None:
    rule = letter_type.deadline if letter_type is not None else None
    if rule is None or letter_type is None:
        return None
    found = deadline_for(rule, letter["sent_on"], fields)
    used = found[0] if found is not None else rule
    due = letter["deadline_on"] or (found[1] if found is not None and used.who == "member" else None)
    if due is None:
        return None
    sent_on = letter["sent_on"]
    if letter["response"] is not None:
        state = "answered"
    elif used.who == "member" and sent_on is not None:
        state = "sent_in_time" if sent_on <= due else "sent_late"
    else:
        state = "passed" if today > due else "open"
    return DeadlineView(used, due, safe_day(used, due), letter["deadline_on"] is not None, state,
                        _counting(used, letter_type))


# --- Pages -----------------------------------------------------------------------------------

def _debt_label(debt: Row | None) -> str:
    if debt is None:
        return ""
    creditor = debt["current_holder_name"] or debt["original_creditor_name"]
    kind = str(DEBT_KINDS.get(debt["kind"], debt["kind"]))
    return f"{kind} · {creditor}" if creditor else kind


@member_required
async def letter_list(request: Request) -> Response:
    member, db, today = me(request), request.state.db, utcnow().date()
    debts = {d["id"]: d for d in await vault.debts_of(db, member.id)}
    entries: list[dict[str, Any]] = []
    for letter in await queries.letters_of(db, member.id):
        letter_type = CATALOGUE.get(letter["type"])
        rule = letter_type.deadline if letter_type is not None else None
        fields = letter_fields(member, letter) if rule is not None and rule.starts != "sent" else {}
        view = deadline_view(letter, letter_type, fields, today)
        entries.append({"letter": letter, "title": letter_type.title if letter_type else letter["type"],
                        "debt": _debt_label(debts.get(letter["debt_id"])), "deadline": view,
                        "coming": view is not None and view.state == "open"})
    # open deadlines first, soonest first; then every other letter, newest first
    coming = sorted((e for e in entries if e["coming"]), key=lambda e: e["deadline"].due)
    entries = coming + [e for e in entries if not e["coming"]]
    return render(request, "letters/list.html", {"entries": entries, "languages": LANGUAGES, "methods": METHODS,
                                                 "responses": RESPONSES, "today": today})


async def _own_letter(request: Request) -> Row:
    """The letter in the URL if it is the member's; 404 otherwise (ids reveal nothing)."""
    letter = await queries.letter_of(request.state.db, me(request).id, request.path_params["letter_id"])
    if letter is None:
        raise HTTPException(status_code=404)
    return letter


async def _detail(request: Request, letter: Row, *, sent: Form | None = None, response: Form | None = None,
                  status_code: int = 200) -> Response:
    member, db, today = me(request), request.state.db, utcnow().date()
    letter_type = CATALOGUE.get(letter["type"])
    fields = letter_fields(member, letter)
    debt = await vault.debt_of(db, member.id, letter["debt_id"]) if letter["debt_id"] else None
    tracking_number = open_tracking(member.data_key(), member.id, letter["tracking_sealed"])
    sent = sent or Form({"sent_on": (letter["sent_on"] or today).isoformat(),
                         "method": letter["sent_method"] or "certified", "tracking_number": tracking_number})
    response = response or Form({"response": letter["response"] or "",
                                 "response_on": (letter["response_on"] or today).isoformat()})
    return render(request, "letters/detail.html", {
        "letter": letter, "letter_type": letter_type, "title": letter_type.title if letter_type else letter["type"],
        "fields": fields, "debt": debt, "kinds": DEBT_KINDS,
        "debt_label": _debt_label(debt), "tracking_number": tracking_number,
        "deadline": deadline_view(letter, letter_type, fields, today), "open": is_open(
            letter, letter_type.deadline if letter_type else None),
        "sent_form": sent, "response_form": response, "errors": {**sent.errors, **response.errors},
        "methods": METHODS, "responses": RESPONSES, "languages": LANGUAGES, "today": today,
        "done": request.query_params.get("done", ""), "missing": bool(request.query_params.get("missing")),
    }, status_code=status_code)


async def show_letter(request: Request) -> Response:
    return await _detail(request, await _own_letter(request))


async def mark_sent(request: Request) -> Response:
    letter = await _own_letter(request)
    member, today = me(request), utcnow().date()
    form = sent_form(await request.form(), letter["created_at"].date(), today)
    if not form.ok:
        return await _detail(request, letter, sent=form, status_code=400)
    letter_type = CATALOGUE.get(letter["type"])
    deadline_on = letter["deadline_on"]
    if letter_type is not None and letter_type.deadline is not None:
        found = deadline_for(letter_type.deadline, form.clean["sent_on"], letter_fields(member, letter))
        deadline_on = found[1] if found is not None else None
    await queries.mark_sent(
        request.state.db, member.id, letter["id"], sent_on=form.clean["sent_on"], method=form.clean["method"],
        tracking_sealed=seal(member.data_key(), member.id, TRACKING, form.clean["tracking_number"]),
        deadline_on=deadline_on, now=utcnow())
    return RedirectResponse(f"/letters/{letter['id']}?done=sent#deadline", status_code=303)


async def record_response(request: Request) -> Response:
    letter = await _own_letter(request)
    if letter["sent_on"] is None:
        raise HTTPException(status_code=409)  # the form shows only once the letter is marked sent
    form = response_form(await request.form(), letter["sent_on"], utcnow().date())
    if not form.ok:
        return await _detail(request, letter, response=form, status_code=400)
    await queries.record_response(request.state.db, me(request).id, letter["id"], response=form.clean["response"],
                                  response_on=form.clean["response_on"], now=utcnow())
    return RedirectResponse(f"/letters/{letter['id']}?done=response#deadline", status_code=303)


# Routes of one letter take every method, so that a letter that is not yours is 404 whatever you
# try (a 405 would tell that the id exists); the owner gets 405 for a method the page lacks.
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


def _only(methods: set[str], endpoint: Endpoint) -> Endpoint:
    async def guarded(request: Request) -> Response:
        await _own_letter(request)
        if request.method not in methods:
            raise HTTPException(status_code=405, headers={"allow": ", ".join(sorted(methods))})
        return await endpoint(request)

    return member_required(guarded)


routes = [
    Route("/letters", letter_list, name="letters"),
    Route("/letters/{letter_id:int}", _only({"GET", "HEAD"}, show_letter), methods=ANY_METHOD, name="letter"),
    Route("/letters/{letter_id:int}/sent", _only({"POST"}, mark_sent), methods=ANY_METHOD, name="letter_sent"),
    Route("/letters/{letter_id:int}/response", _only({"POST"}, record_response), methods=ANY_METHOD,
          name="letter_response"),
]
