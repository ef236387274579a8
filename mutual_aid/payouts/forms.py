"""What a steward types about a payout: "I sent this". Pure checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from mutual_aid.aid_requests.forms import money
from mutual_aid.vocabulary import PAYMENT_METHODS
from server.fields import parse_date
from server.forms import Form, text
from server.i18n import gettext as _


def payout_form(data: Mapping[str, Any], *, today: dt.date) -> Form:
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
