"""What an organizer typed into the creditor forms, checked. Pure: the parent company and the
creditor chosen for a merge are looked up afterwards (`debts.creditors.checks`, the route). Every
refusal keeps what was typed and says, next to the field, what to fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from debts.creditors.names import MAX_NAME, name_key
from debts.creditors.rules import ADDRESS_FIELDS
from debts.vocabulary import CREDITOR_KINDS
from server.fields import parse_id
from server.forms import Form, text
from server.i18n import gettext as _

NOTE_MAX = 2000
ALIASES_MAX = 50
ADDRESS_LINES_MAX = 4
EARLIEST_CHECK = dt.date(2000, 1, 1)
ADDRESS_LIMITS = {"recipient": MAX_NAME, "city": 60, "state": 40, "postal_code": 20, "purpose": 120, "source": 500}
# what is read of each field: more than allowed, so a too-long entry comes back to be shortened
READ_LIMITS = {"name": 1000, "kind": 40, "parent": 1000, "parent_choice": 20, "note": 10_000, "aliases": 20_000,
               "address_lines": 2000, "address_checked_on": 40, **{f: 1000 for f in ADDRESS_FIELDS}}


class CreditorForm(Form):
    """The organizer's creditor form."""


def name_problem(name: str) -> str | None:
    """Why this cannot be a creditor's name or alias, or None."""
    if not name:
        return _("Write the creditor's name.")
    if len(name) > MAX_NAME:
        return _("Use at most %(max)s characters.", max=MAX_NAME)
    if not name_key(name):
        return _("A name needs at least one letter or number.")
    return None


def creditor_form(data: Mapping[str, Any], today: dt.date) -> CreditorForm:
    form = CreditorForm({name: text(data, name, limit) for name, limit in READ_LIMITS.items()})
    values, errors, clean = form.values, form.errors, form.clean
    values["name"] = " ".join(values["name"].split())
    if problem := name_problem(values["name"]):
        errors["name"] = problem
    if values["kind"] not in CREDITOR_KINDS:
        errors["kind"] = _("Choose what kind of creditor this is.")
    if len(values["note"]) > NOTE_MAX:
        errors["note"] = _("Use at most %(max)s characters.", max=NOTE_MAX)
    clean.update(name=values["name"], kind=values["kind"], note=values["note"] or None)
    _check_aliases(form)
    _check_address(form, today)
    return form


def _check_aliases(form: CreditorForm) -> None:
    aliases = [" ".join(line.split()) for line in form.values["aliases"].splitlines()]
    aliases = [a for a in aliases if a]
    problems = [p for p in (name_problem(a) for a in aliases) if p]
    if len(aliases) > ALIASES_MAX:
        form.errors["aliases"] = _("Keep it to %(max)s other names.", max=ALIASES_MAX)
    elif problems:
        form.errors["aliases"] = _("Write one name per line, each of at most %(max)s characters.", max=MAX_NAME)
    form.clean["aliases"] = aliases


def _check_address(form: CreditorForm, today: dt.date) -> None:
    values, errors = form.values, form.errors
    lines = [" ".join(line.split()) for line in values["address_lines"].splitlines()]
    lines = [line for line in lines if line]
    parts = {name: values[name] for name in ADDRESS_FIELDS}
    for name, limit in ADDRESS_LIMITS.items():
        if len(parts[name]) > limit:
            errors[name] = _("Use at most %(max)s characters.", max=limit)
    if len(lines) > ADDRESS_LINES_MAX or any(len(line) > MAX_NAME for line in lines):
        errors["address_lines"] = _("Use at most %(lines)s lines of at most %(max)s characters.",
                                    lines=ADDRESS_LINES_MAX, max=MAX_NAME)
    given = bool(lines) or any(parts.values())
    if given:
        for name, message in (("recipient", _("Write who letters go to.")),
                              ("city", _("Write the city.")),
                              ("postal_code", _("Write the postal code."))):
            if not parts[name]:
                errors[name] = message
        if not lines:
            errors["address_lines"] = _("Write the street address or post office box.")
    checked = _date(values["address_checked_on"])
    if values["address_checked_on"] and checked is None:
        errors["address_checked_on"] = _("Write the date as year-month-day, for example 2026-11-22.")
    elif checked is not None and not EARLIEST_CHECK <= checked <= today:
        errors["address_checked_on"] = _("Use a date between %(first)s and today.", first=EARLIEST_CHECK.isoformat())
    elif checked is not None and not given:
        errors["address_checked_on"] = _("Add the address, or leave this date empty.")
    form.clean["address"] = {**parts, "lines": lines} if given else None
    form.clean["address_checked_on"] = checked


def _date(typed: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(typed)
    except ValueError:
        return None


def values_of(creditor: Mapping[str, Any], aliases: Sequence[Mapping[str, Any]], parent_name: str,
              address: dict[str, Any] | None) -> dict[str, str]:
    """A saved creditor as the edit form shows it."""
    address = address or {}
    checked = creditor["address_checked_on"]
    return {
        "name": creditor["name"], "kind": creditor["kind"], "parent": parent_name, "parent_choice": "",
        "note": creditor["note"] or "", "aliases": "\n".join(a["alias"] for a in aliases),
        "address_lines": "\n".join(address.get("lines") or []),
        "address_checked_on": checked.isoformat() if checked else "",
        **{name: str(address.get(name) or "") for name in ADDRESS_FIELDS},
    }


@dataclass
class MergeForm:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    other_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def merge_form(data: Mapping[str, Any]) -> MergeForm:
    form = MergeForm({"other": text(data, "other", 20), "direction": text(data, "direction", 20),
                      "q": text(data, "q", 200)})
    form.other_id = parse_id(form.values["other"])
    if form.other_id is None:
        form.errors["other"] = _("Choose the creditor that is the same as this one.")
    if form.values["direction"] not in ("into_this", "into_other"):
        form.errors["direction"] = _("Choose which of the two names to keep.")
    return form
