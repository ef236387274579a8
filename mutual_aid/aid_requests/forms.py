"""What members and stewards type about aid: a request, a ballot, a payout sent. Pure checks; the
pool's limits (which need what the member already received) are checked by the route."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Collection
from typing import Any

from starlette.datastructures import FormData

from mutual_aid.vocabulary import CATEGORIES, PAYMENT_METHODS
from server.fields import parse_date, parse_money
from server.forms import Form, text
from server.i18n import format_number
from server.i18n import gettext as _

MAX_CENTS = 10_000_000_00
EXPLANATION_MAX = 4000
FORM_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
LATEST = dt.date(2100, 1, 1)


def new_form_key() -> str:
    return secrets.token_urlsafe(16)


def _whole(typed: str, low: int, high: int) -> int | None:
    if not re.fullmatch(r"[0-9]{1,4}", typed) or not low <= int(typed) <= high:
        return None
    return int(typed)


def money(form: Form, name: str, *, most: int = MAX_CENTS) -> int | None:
    typed = form.values[name]
    cents = parse_money(typed) if typed else None
    if not typed:
        form.errors[name] = _("Write an amount, like 250.00.")
    elif cents is None and re.fullmatch(r"\$?[0-9]{13,}([.,][0-9]*)?", typed.replace(",", "")):
        form.errors[name] = _("That is more than can be recorded here. Check the amount.")
    elif cents is None:
        form.errors[name] = _("Write an amount like 250.00, without letters.")
    elif cents <= 0:
        form.errors[name] = _("Write an amount of at least 0.01.")
    elif cents > most:
        form.errors[name] = _("That is more than can be recorded here. Check the amount.")
    else:
        form.clean[name + "_cents"] = cents
        return cents
    return None


def request_form(
    data: FormData, *, today: dt.date, kinds: Collection[str], max_months: int | None, debt_ids: Collection[int]
) -> Form:
    names = (("kind", 20), ("amount", 40), ("months", 10), ("category", 20), ("needed_by", 20), ("debt", 20),
             ("form_key", 80))
    values: dict[str, Any] = {name: text(data, name, limit) for name, limit in names}
    values["explanation"] = text(data, "explanation", EXPLANATION_MAX * 2)
    form = Form(values)
    clean = form.clean
    clean["form_key"] = values["form_key"] if FORM_KEY.fullmatch(values["form_key"]) else new_form_key()
    form.values["form_key"] = clean["form_key"]
    kind = values["kind"] if len(kinds) > 1 else next(iter(kinds), "")
    if kind not in kinds:
        form.errors["kind"] = _("Choose what kind of aid you ask for.")
    clean["kind"] = kind
    clean["amount_cents"] = money(form, "amount")
    clean["months"] = None
    if kind == "hardship":
        months = _whole(values["months"], 1, max_months or 1)
        if months is None:
            form.errors["months"] = _("Write a number of months from 1 to %(max)s.", max=format_number(max_months or 1))
        clean["months"] = months
    if values["category"] not in CATEGORIES:
        form.errors["category"] = _("Choose what the aid is for.")
    clean["category"] = values["category"]
    day = parse_date(values["needed_by"])
    if not values["needed_by"]:
        form.errors["needed_by"] = _("Write the day you need the aid by, like 2027-03-31.")
    elif day is None:
        form.errors["needed_by"] = _("Write the date like 2027-03-31, or pick it from the calendar.")
    elif not today <= day < LATEST:
        form.errors["needed_by"] = _("Choose today or a day after it.")
    clean["needed_by"] = day
    if len(values["explanation"]) > EXPLANATION_MAX:
        form.errors["explanation"] = _("An explanation has at most %(max)s characters; this has %(count)s.",
                                       max=format_number(EXPLANATION_MAX), count=format_number(len(values["explanation"])))
    clean["explanation"] = values["explanation"]
    clean["debt_id"] = None
    if values["debt"]:
        if not re.fullmatch(r"[0-9]{1,10}", values["debt"]) or int(values["debt"]) not in debt_ids:
            form.errors["debt"] = _("Choose one of your own debts, or none.")
            form.values["debt"] = ""
        else:
            clean["debt_id"] = int(values["debt"])
    return form


def ballot_choice(data: FormData) -> bool | None:
    choice = text(data, "choice", 5)
    return {"yes": True, "no": False}.get(choice)


def payout_form(data: FormData, *, today: dt.date) -> Form:
    """A steward's "I sent this": amount, how, and the day (not in the future, not over a year ago)."""
    names = ("amount", "method", "sent_on", "request", "installment")
    form = Form({name: text(data, name, 40) for name in names})
    money(form, "amount")
    if form.values["method"] not in PAYMENT_METHODS:
        form.errors["method"] = _("Choose how the money was sent.")
    form.clean["method"] = form.values["method"]
    day = parse_date(form.values["sent_on"])
    if day is None:
        form.errors["sent_on"] = _("Write the date like 2027-03-31, or pick it from the calendar.")
    elif not today - dt.timedelta(days=365) <= day <= today:
        form.errors["sent_on"] = _("Choose a day in the last 12 months, today included.")
    form.clean["sent_on"] = day
    for name in ("request", "installment"):
        number = form.values[name]
        form.clean[name] = int(number) if re.fullmatch(r"[0-9]{1,9}", number) else None
    return form
