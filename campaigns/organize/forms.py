"""The organizer's campaign form: what was typed, checked, and turned into values to store.

Checking is pure (no database); creditor names are resolved afterwards by the route, because
that needs the registry. Every refusal keeps what was typed and says, next to the field, what to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from debts.api import CURRENCIES, DEBT_KINDS, US_REGIONS
from server.fields import parse_date, parse_money
from server.forms import Form, every, text
from server.i18n import format_number
from server.i18n import gettext as _

TITLE_MAX = 200
SUMMARY_MAX = 500
LONG_TEXT_MAX = 20_000
MAX_MEMBERS = 10_000_000
MAX_CENTS = 10_000_000_000_00  # ten billion dollars: beyond any campaign we can imagine
MAX_DELAY_DAYS = 365
DEADLINE_YEARS = 5
CREDITOR_SLOTS = 20


class CampaignForm(Form):
    """The campaign form; `clean` holds the campaign's columns, and `kinds`, `regions` (and, once
    the route has resolved them, `creditor_ids`) its targets, once every field is right."""


def creditor_names(values: dict[str, Any]) -> list[str]:
    """The creditor slots to show: every one filled in, and one or more empty ones after them."""
    filled = [key for key in sorted(values, key=_slot) if key.startswith("creditor_") and _slot(key) >= 0]
    return filled + [f"creditor_{i}" for i in range(len(filled), max(len(filled) + 1, 3))][:CREDITOR_SLOTS]


def _slot(key: str) -> int:
    match = re.fullmatch(r"creditor_(\d+)", key)
    return int(match.group(1)) if match else -1


def _length(data: Mapping[str, Any], name: str) -> int:
    value = data.get(name)
    return len(value.strip()) if isinstance(value, str) else 0


def campaign_form(data: Mapping[str, Any], today: dt.date) -> CampaignForm:
    values: dict[str, Any] = {
        name: text(data, name, 100) for name in ("threshold_members", "threshold_amount", "deadline",
                                                 "start_delay_days", "currency")
    }
    # too-long text is kept in part, for the organizer to shorten, not echoed back whole
    values["title"] = text(data, "title", TITLE_MAX * 2)
    values["summary"] = text(data, "summary", SUMMARY_MAX * 2)
    values["story"] = text(data, "story", LONG_TEXT_MAX * 2)
    values["demands"] = text(data, "demands", LONG_TEXT_MAX * 2)
    typed_creditors = [text(data, f"creditor_{i}", 200) for i in range(CREDITOR_SLOTS)]
    for position, name in enumerate(n for n in typed_creditors if n):
        values[f"creditor_{position}"] = name
    for i, name in enumerate(typed_creditors):
        if name:
            position = sum(1 for n in typed_creditors[:i] if n)
            values[f"creditor_{position}_choice"] = text(data, f"creditor_{i}_choice", 20)
    values["kinds"] = [k for k in every(data, "kinds") if isinstance(k, str)][:50]
    values["regions"] = [r for r in every(data, "regions") if isinstance(r, str)][:100]
    form = CampaignForm(values)
    clean = form.clean

    if not values["title"]:
        form.errors["title"] = _("Give the campaign a title.")
    elif _length(data, "title") > TITLE_MAX:
        form.errors["title"] = _("A title has at most %(max)s characters; this has %(count)s.",
                                 max=format_number(TITLE_MAX), count=format_number(_length(data, "title")))
    else:
        clean["title"] = values["title"]
    if _length(data, "summary") > SUMMARY_MAX:
        form.errors["summary"] = _("A summary has at most %(max)s characters; this has %(count)s.",
                                   max=format_number(SUMMARY_MAX), count=format_number(_length(data, "summary")))
    else:
        clean["summary"] = values["summary"]
    for name in ("story", "demands"):
        if _length(data, name) > LONG_TEXT_MAX:
            form.errors[name] = _("This can hold up to %(max)s characters; this has %(count)s.",
                                  max=format_number(LONG_TEXT_MAX), count=format_number(_length(data, name)))
        else:
            clean[name] = values[name]

    unknown_kinds = [k for k in values["kinds"] if k not in DEBT_KINDS]
    if unknown_kinds:
        form.errors["kinds"] = _("Choose kinds of debt from the list.")
    clean["kinds"] = sorted(set(values["kinds"]) - set(unknown_kinds))
    if any(r not in US_REGIONS for r in values["regions"]):
        form.errors["regions"] = _("Choose states or territories from the list.")
    clean["regions"] = sorted({r for r in values["regions"] if r in US_REGIONS})
    if not values["kinds"] and not typed_creditors_any(values) and "kinds" not in form.errors:
        form.errors["kinds"] = _("Choose at least one kind of debt, or name at least one creditor.")

    if values["currency"] not in CURRENCIES:
        form.errors["currency"] = _("Choose a currency from the list.")
    else:
        clean["currency"] = values["currency"]
    _threshold(form)
    _deadline(form, today)
    _delay(form)
    return form


def typed_creditors_any(values: dict[str, Any]) -> bool:
    return any(values.get(name) for name in creditor_names(values))


def _threshold(form: CampaignForm) -> None:
    values, clean = form.values, form.clean
    clean["threshold_members"] = clean["threshold_cents"] = None
    if values["threshold_members"]:
        typed = values["threshold_members"].replace(",", "").replace(" ", "")
        if not re.fullmatch(r"\d{1,9}", typed) or not 1 <= int(typed) <= MAX_MEMBERS:
            form.errors["threshold_members"] = _("Write a whole number of members from 1 to %(max)s.",
                                                 max=format_number(MAX_MEMBERS))
        else:
            clean["threshold_members"] = int(typed)
    if values["threshold_amount"]:
        cents = parse_money(values["threshold_amount"])
        if cents is None or not 1 <= cents <= MAX_CENTS:
            form.errors["threshold_amount"] = _("Write an amount in dollars like 250,000, from 0.01 to %(max)s.",
                                                max=format_number(MAX_CENTS // 100))
        else:
            clean["threshold_cents"] = cents
    if not values["threshold_members"] and not values["threshold_amount"]:
        form.errors["threshold_members"] = _("Set a number of members, a total amount, or both.")


def _deadline(form: CampaignForm, today: dt.date) -> None:
    form.clean["deadline"] = None
    typed = form.values["deadline"]
    if not typed:
        return
    day = parse_date(typed)
    if day is None:
        form.errors["deadline"] = _("Write the date like 2027-03-31, or pick it from the calendar.")
    elif day < today:
        form.errors["deadline"] = _("This date has passed. Choose a day from today on.")
    elif day > today + dt.timedelta(days=366 * DEADLINE_YEARS):
        form.errors["deadline"] = _("A deadline can be at most %(years)s years away. Check the year.",
                                    years=DEADLINE_YEARS)
    else:
        form.clean["deadline"] = end_of_day(day)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last second of `day` in UTC: a deadline still counts on its own day."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)


def _delay(form: CampaignForm) -> None:
    typed = form.values["start_delay_days"] or "0"
    if not re.fullmatch(r"\d{1,3}", typed) or int(typed) > MAX_DELAY_DAYS:
        form.errors["start_delay_days"] = _("Write a whole number of days from 0 to %(max)s.", max=MAX_DELAY_DAYS)
    else:
        form.clean["start_delay_days"] = int(typed)


def values_from_campaign(campaign: Any, targets: list[Any], creditor_names_by_id: dict[int, str]) -> dict[str, Any]:
    """The form as it looks when an organizer opens a saved campaign to change it."""
    cents = campaign["threshold_cents"]
    values: dict[str, Any] = {
        "title": campaign["title"], "summary": campaign["summary"], "story": campaign["story"],
        "demands": campaign["demands"], "currency": campaign["currency"],
        "threshold_members": str(campaign["threshold_members"] or ""),
        "threshold_amount": f"{cents // 100}.{cents % 100:02d}" if cents else "",
        "deadline": campaign["deadline"].date().isoformat() if campaign["deadline"] else "",
        "start_delay_days": str(campaign["start_delay_days"]),
        "kinds": [t["debt_kind"] for t in targets if t["debt_kind"]],
        "regions": [t["region"] for t in targets if t["region"]],
    }
    creditor_ids = [t["creditor_id"] for t in targets if t["creditor_id"]]
    for position, creditor_id in enumerate(creditor_ids):
        values[f"creditor_{position}"] = creditor_names_by_id.get(creditor_id, "")
        values[f"creditor_{position}_choice"] = str(creditor_id)
    return values
