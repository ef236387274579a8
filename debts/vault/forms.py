"""The debt form: what a member typed, checked and turned into values for the vault.

Checking is pure (no database): creditors are resolved afterwards (`debts.vault.creditor_choice`),
because that needs the registry. Every refusal keeps what was typed and says, next to the field, what to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from debts.vocabulary import CURRENCIES, DEBT_KINDS, EXPERIENCES, STATUSES, US_REGIONS
from server.fields import MAX_CENTS, parse_date, parse_money
from server.forms import Form, every, text
from server.i18n import format_number
from server.i18n import gettext as _

MAX_RATE_BP = 200_000  # 2,000 % a year: payday loans reach several hundred
EARLIEST = dt.date(1900, 1, 1)
ACCOUNT_NUMBER_MAX = 64
NOTES_MAX = 5000
DATE_FIELDS = ("opened_on", "last_payment_on", "first_delinquency_on", "first_collection_notice_on")
CREDITOR_FIELDS = ("original_creditor", "current_holder")


class DebtForm(Form):
    """The debt form; `clean` holds what the vault will store once every field is right."""


def parse_rate(typed: str) -> int | None:
    """Hundredths of a percent from "6.8" or "6.8%"; None if it is not a rate."""
    cleaned = typed.replace("%", "").replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"\d{1,5}(\.\d{1,2})?", cleaned):
        return None
    return int(Decimal(cleaned) * 100)


def debt_form(data: Mapping[str, Any], today: dt.date) -> DebtForm:
    names = ("kind", "balance", "original_amount", "currency", "interest_rate", "status", "region",
             *DATE_FIELDS, *CREDITOR_FIELDS, *(f"{n}_choice" for n in CREDITOR_FIELDS))
    values: dict[str, Any] = {name: text(data, name, 200) for name in names}
    values["account_number"] = text(data, "account_number", ACCOUNT_NUMBER_MAX * 4)
    raw_notes = data.get("notes")
    notes_length = len(raw_notes.strip()) if isinstance(raw_notes, str) else 0
    # a far-too-long paste is kept in part, for the member to shorten, not echoed back whole
    values["notes"] = text(data, "notes", NOTES_MAX * 2)
    values["experiences"] = [e for e in every(data, "experiences") if isinstance(e, str) and e in EXPERIENCES]
    form = DebtForm(values)
    clean = form.clean

    _choose(form, "kind", DEBT_KINDS, _("Choose what kind of debt this is."))
    _choose(form, "status", STATUSES, _("Choose where this debt stands now."))
    if values["currency"] not in CURRENCIES:
        form.errors["currency"] = _("Choose a currency from the list.")
    else:
        clean["currency"] = values["currency"]
    if values["region"] and values["region"] not in US_REGIONS and not re.fullmatch(r"[A-Z]{2}", values["region"]):
        form.errors["region"] = _("Choose a state, territory or country from the list.")
    clean["region"] = values["region"] or None

    _money(form, "balance", "balance_cents", required=True)
    _money(form, "original_amount", "original_cents", required=False)
    clean["interest_rate_bp"] = None
    if values["interest_rate"]:
        rate = parse_rate(values["interest_rate"])
        if rate is None or rate > MAX_RATE_BP:
            form.errors["interest_rate"] = _("Write the yearly interest rate in percent, like 6.8 (at most 2,000).")
        else:
            clean["interest_rate_bp"] = rate

    for name in DATE_FIELDS:
        clean[name] = None
        if not values[name]:
            continue
        day = parse_date(values[name])
        if day is None:
            form.errors[name] = _("Write the date like 2024-03-31, or pick it from the calendar.")
        elif day > today:
            form.errors[name] = _("This date is in the future. Check the year.")
        elif day < EARLIEST:
            form.errors[name] = _("This date is too long ago. Check the year.")
        else:
            clean[name] = day

    clean["experiences"] = ",".join(sorted(set(values["experiences"])))
    if len(values["account_number"]) > ACCOUNT_NUMBER_MAX:
        form.errors["account_number"] = _("An account number has at most %(max)s characters.", max=ACCOUNT_NUMBER_MAX)
    if notes_length > NOTES_MAX * 2:
        form.errors["notes"] = _("Notes can hold up to %(max)s characters; yours had %(count)s. Here are the first "
                                 "%(kept)s, to shorten.", max=format_number(NOTES_MAX), count=format_number(notes_length),
                                 kept=format_number(NOTES_MAX * 2))
    elif notes_length > NOTES_MAX:
        form.errors["notes"] = _("Notes can hold up to %(max)s characters; this has %(count)s.",
                                 max=format_number(NOTES_MAX), count=format_number(notes_length))
    if not values["original_creditor"] and not values["current_holder"]:
        form.errors["original_creditor"] = _("Write who you owe: the original creditor, the one collecting now, or both.")
    return form


def _choose(form: DebtForm, name: str, choices: dict[str, Any], message: str) -> None:
    if form.values[name] in choices:
        form.clean[name] = form.values[name]
    else:
        form.errors[name] = message


def _money(form: DebtForm, name: str, column: str, *, required: bool) -> None:
    form.clean[column] = None
    typed = form.values[name]
    if not typed:
        if required:
            form.errors[name] = _("Write how much is owed now, like 1,250.00. Your best guess is fine.")
        return
    cents = parse_money(typed)
    if cents is None:
        form.errors[name] = _("Write an amount like 1,250.00, without letters.")
    elif cents > MAX_CENTS:
        form.errors[name] = _("That is more than any one debt Jubilee records. Check the amount.")
    else:
        form.clean[column] = cents


def values_from_debt(debt: dict[str, Any], account_number: str, notes: str) -> dict[str, Any]:
    """The form's values for editing a saved debt."""
    def money(cents: int | None) -> str:
        return "" if cents is None else f"{Decimal(cents) / 100:.2f}"

    rate = debt["interest_rate_bp"]
    return {
        "kind": debt["kind"], "status": debt["status"], "currency": debt["currency"], "region": debt["region"] or "",
        "balance": money(debt["balance_cents"]), "original_amount": money(debt["original_cents"]),
        "interest_rate": "" if rate is None else f"{Decimal(rate) / 100:g}",
        **{name: debt[name].isoformat() if debt[name] else "" for name in DATE_FIELDS},
        "original_creditor": debt["original_creditor_name"] or "", "current_holder": debt["current_holder_name"] or "",
        "original_creditor_choice": str(debt["original_creditor_id"] or ""),
        "current_holder_choice": str(debt["current_holder_id"] or ""),
        "experiences": [e for e in debt["experiences"].split(",") if e],
        "account_number": account_number, "notes": notes,
    }
