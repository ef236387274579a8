"""What members type about aid: a request and a ballot. Pure checks; the pool's limits (which need
what the member already received) are checked by `service.limits_for`, and said here in words."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from mutual_aid.pools.rules import PoolRules
from mutual_aid.vocabulary import CATEGORIES, REQUEST_KINDS
from server.fields import MAX_CENTS, parse_date, parse_money
from server.forms import Form, text
from server.i18n import format_date, format_money, format_number
from server.i18n import gettext as _

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


def limit_error(rules: PoolRules, currency: str, reasons: Sequence[str], received_cents: int,
                may_ask_from: dt.date) -> str:
    """Why the amount cannot be asked for now, in words, one sentence per limit it breaks."""
    words = {
        "over_request_max": _("This pool gives at most %(max)s per request.",
                              max=format_money(rules.max_per_request_cents or 0, currency)),
        "over_yearly_max": _("This pool gives each member at most %(max)s in 12 months, and you have received "
                             "or asked for %(received)s in the last 12 months.",
                             max=format_money(rules.max_per_member_year_cents or 0, currency),
                             received=format_money(received_cents, currency)),
        "waiting_period": _("New members can ask from %(date)s, %(days)s days after joining.",
                            date=format_date(may_ask_from, "long"), days=format_number(rules.waiting_days)),
    }
    return " ".join(words[reason] for reason in reasons)


def request_form(
    data: Mapping[str, Any], *, today: dt.date, kinds: Collection[str], max_months: int | None, debt_ids: Collection[int]
) -> Form:
    names = (("kind", 20), ("amount", 40), ("months", 10), ("category", 20), ("needed_by", 20), ("debt", 20),
             ("form_key", 80))
    values: dict[str, Any] = {name: text(data, name, limit) for name, limit in names}
    values["explanation"] = text(data, "explanation", EXPLANATION_MAX * 2)
    form = Form(values)
    clean = form.clean
    clean["form_key"] = values["form_key"] if FORM_KEY.fullmatch(values["form_key"]) else new_form_key()
    form.values["form_key"] = clean["form_key"]
    # a single kind needs no choice, but a kind the pool does not give is refused, never replaced
    kind = values["kind"] or (next(iter(kinds)) if len(kinds) == 1 else "")
    if kind in REQUEST_KINDS and kind not in kinds:
        form.errors["kind"] = (_("This pool does not offer monthly support. You can ask for one payment instead.")
                               if kind == "hardship" else
                               _("This pool offers only monthly support. Write the amount you need each month."))
        form.values["kind"] = next(iter(kinds), "")
    elif kind not in kinds:
        form.errors["kind"] = _("Choose what kind of aid you ask for.")
    clean["kind"] = kind
    clean["amount_cents"] = money(form, "amount")
    clean["months"] = None
    if kind == "hardship" and kind in kinds:
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


def ballot_choice(data: Mapping[str, Any]) -> bool | None:
    choice = text(data, "choice", 5)
    return {"yes": True, "no": False}.get(choice)
