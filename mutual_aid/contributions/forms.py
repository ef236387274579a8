"""What a member types on their page in a pool: a declared income, and "I paid".

Pure checks (no database). Every refusal keeps what was typed and says, next to the field, what to
fix. Amounts are typed as money ("12.50") and kept as cents.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from mutual_aid.pools.forms import amount
from mutual_aid.vocabulary import PAYMENT_METHODS
from server.fields import month_of, parse_date
from server.forms import Form, text
from server.i18n import gettext as _

EARLIEST_PAYMENT = dt.date(2000, 1, 1)
FORM_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
MONTH = re.compile(r"(\d{4})-(\d{2})")


def _form_key(form: Form, data: Mapping[str, Any]) -> None:
    form.values["form_key"] = text(data, "form_key", 80)
    if FORM_KEY.fullmatch(form.values["form_key"]):
        form.clean["form_key"] = form.values["form_key"]
    else:
        form.errors["form_key"] = _("This form is too old. Check the values and send it again.")


def income_form(data: Mapping[str, Any]) -> Form:
    """A declared monthly income for an income-share pool (0 is allowed: then the floor applies)."""
    form = Form({"income": text(data, "income", 40)})
    cents = amount(form, "income", required=True)
    if cents is not None:
        form.clean["income_cents"] = cents
    return form


def parse_month(typed: str) -> str | None:
    match = MONTH.fullmatch(typed.strip())
    if match is None or not 2000 <= int(match[1]) <= 2100 or not 1 <= int(match[2]) <= 12:
        return None
    return typed.strip()


def paid_form(data: Mapping[str, Any], today: dt.date) -> Form:
    """"I paid": amount, the month it pays for, how, and when (not in the future)."""
    names = (("amount", 40), ("month", 20), ("method", 20), ("paid_on", 20))
    form = Form({name: text(data, name, limit) for name, limit in names})
    _form_key(form, data)
    cents = amount(form, "amount", required=True, positive=True)
    if cents is not None:
        form.clean["amount_cents"] = cents
    month = parse_month(form.values["month"])
    latest = month_of(today.replace(day=28) + dt.timedelta(days=5))
    if month is None or not "2000-01" <= month <= latest:
        form.errors["month"] = _("Write the month it pays for, like %(month)s, up to next month.",
                                 month=month_of(today))
    else:
        form.clean["month"] = month
    if form.values["method"] not in PAYMENT_METHODS:
        form.errors["method"] = _("Choose how you paid.")
    else:
        form.clean["method"] = form.values["method"]
    day = parse_date(form.values["paid_on"]) if form.values["paid_on"] else None
    if day is None:
        form.errors["paid_on"] = _("Write the date like 2027-03-31, or pick it from the calendar.")
    elif not EARLIEST_PAYMENT <= day <= today:
        form.errors["paid_on"] = _("Choose a day from %(first)s to today.", first=EARLIEST_PAYMENT.year)
    else:
        form.clean["paid_on"] = day
    return form
