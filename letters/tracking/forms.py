"""The tracking forms: when and how a letter was sent, when it was delivered, when more
information followed it, and what came back. Pure: every refusal keeps what was typed and says,
next to the field, what to fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from server.fields import parse_date
from server.forms import Form, text
from server.i18n import format_date, format_number
from server.i18n import gettext as _
from server.i18n import lazy_gettext as _l

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
TRACKING_MAX = 64


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


def sent_form(data: Mapping[str, Any], created_on: dt.date, today: dt.date, delivered_on: dt.date | None = None) -> Form:
    form = Form({"sent_on": text(data, "sent_on", 40), "method": text(data, "method", 40),
                 "tracking_number": text(data, "tracking_number", TRACKING_MAX * 4)})
    earliest = created_on - dt.timedelta(days=1)
    _date(form, "sent_on", earliest, today,
          _("You wrote this letter on %(date)s: it cannot have gone out before then.", date=format_date(created_on)))
    if delivered_on is not None and form.clean.get("sent_on", delivered_on) > delivered_on:
        del form.clean["sent_on"]
        form.errors["sent_on"] = _("You entered that it was delivered on %(date)s: it went out on that day or before.",
                                   date=format_date(delivered_on))
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


def delivered_form(data: Mapping[str, Any], sent_on: dt.date, today: dt.date) -> Form:
    """The day the letter was delivered, from the certified-mail tracking or the green card."""
    form = Form({"delivered_on": text(data, "delivered_on", 40)})
    _date(form, "delivered_on", sent_on, today,
          _("You sent the letter on %(date)s: it was delivered on that day or a later one.", date=format_date(sent_on)))
    return form


def more_info_form(data: Mapping[str, Any], sent_on: dt.date, today: dt.date) -> Form:
    """The day the member sent the recipient more information about their dispute."""
    form = Form({"more_info_on": text(data, "more_info_on", 40)})
    _date(form, "more_info_on", sent_on, today,
          _("You sent the letter on %(date)s: enter that day or a later one.", date=format_date(sent_on)))
    return form
