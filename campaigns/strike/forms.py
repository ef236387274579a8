"""What a member types to report retaliation once the strike is on. Pure checks; which creditors
may be named comes from the route."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from typing import Any

from campaigns.vocabulary import REPORT_KINDS
from server.fields import parse_date
from server.forms import Form, text
from server.i18n import format_number
from server.i18n import gettext as _

NOTE_MAX = 2000
EARLIEST_REPORT = dt.date(2000, 1, 1)


def report_form(data: Mapping[str, Any], creditors: Collection[int], today: dt.date) -> Form:
    """A retaliation report: kind, and optionally when, which creditor, and a private note."""
    values = {name: text(data, name, limit) for name, limit in
              (("kind", 20), ("happened_on", 20), ("creditor", 20), ("note", NOTE_MAX * 2))}
    form = Form(values)
    clean = form.clean
    if values["kind"] not in REPORT_KINDS:
        form.errors["kind"] = _("Choose what happened.")
    else:
        clean["kind"] = values["kind"]
    clean["happened_on"] = None
    if values["happened_on"]:
        day = parse_date(values["happened_on"])
        if day is None:
            form.errors["happened_on"] = _("Write the date like 2027-03-31, or pick it from the calendar.")
        elif not EARLIEST_REPORT <= day <= today:
            form.errors["happened_on"] = _("Choose a day from %(first)s to today.",
                                           first=EARLIEST_REPORT.year)
        else:
            clean["happened_on"] = day
    clean["creditor_id"] = None
    if values["creditor"]:
        if not re.fullmatch(r"[0-9]{1,10}", values["creditor"]) or int(values["creditor"]) not in creditors:
            form.errors["creditor"] = _("Choose one of the creditors of your debts in this campaign.")
        else:
            clean["creditor_id"] = int(values["creditor"])
    if len(values["note"]) > NOTE_MAX:
        form.errors["note"] = _("A note has at most %(max)s characters; this has %(count)s.",
                                max=format_number(NOTE_MAX), count=format_number(len(values["note"])))
    else:
        clean["note"] = values["note"]
    return form
