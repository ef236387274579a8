"""The form of any letter type, built from its declared fields.

What the member typed is kept as typed (and sealed with their key as the letter's record); the
clean values are what the PDF templates read. Cleaning the same typed values again gives the same
letter, so a letter is rendered again from its record whenever it is asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from letters.catalogue.letter_type import Field, LetterType
from server.fields import parse_date, parse_money
from server.forms import Form
from server.i18n import format_date
from server.i18n import gettext as _
from server.i18n import lazy_gettext as _l
from server.letter_layout import LANGUAGES

MAX_MONEY_CENTS = 100_000_000_00
EARLIEST = dt.date(1900, 1, 1)  # a date of birth can be this old
# how many days after today a date on a letter may be (a hearing, a period's end)
LATEST_DAYS = 366
# What the preview prints for a field typed only at download (an SSN), needed or not: a line to
# fill, in the letter's language (lazy, so each half of a bilingual letter says it in its own).
TYPED_AT_DOWNLOAD = {
    True: _l("________________ (you type it when you download the letter)"),
    False: _l("________________ (only if you type it when you download the letter)"),
}


class LetterForm(Form):
    """A letter's form: `values` as typed (lists for several choices), `clean` for the PDF."""


def typed_values(letter_type: LetterType, data: Any) -> dict[str, Any]:
    """What the member typed, field by field: strings, a list for several choices, and the
    letter's language. Fields that are never stored (an SSN) are left out."""
    values: dict[str, Any] = {"letter_language": _one(data, "letter_language", 10)}
    for item in letter_type.fields:
        if item.never_stored:
            continue
        if item.kind == "choices":
            chosen = data.getlist(item.name) if hasattr(data, "getlist") else data.get(item.name, [])
            values[item.name] = [c for c in chosen if isinstance(c, str) and c in item.choices][: len(item.choices)]
        elif item.kind == "checkbox":
            values[item.name] = "yes" if _one(data, item.name, 10) else ""
        else:
            values[item.name] = _one(data, item.name, item.max_length + 1)
    return values


def _one(data: Any, name: str, limit: int) -> str:
    value = data.get(name) if hasattr(data, "get") else None
    return value.strip()[:limit] if isinstance(value, str) else ""


def letter_form(letter_type: LetterType, values: Mapping[str, Any], today: dt.date) -> LetterForm:
    """Check what was typed; `clean` holds the values the PDF templates read."""
    form = LetterForm(dict(values))
    language = values.get("letter_language", "")
    if language not in LANGUAGES:
        form.errors["letter_language"] = _("Choose the letter's language.")
    else:
        form.clean["letter_language"] = language
    for item in letter_type.fields:
        if not item.never_stored:
            _check(form, item, values.get(item.name), today, _required(item, values))
    for item in letter_type.fields:
        if item.not_before is not None and item.name not in form.errors:
            earlier, later = form.clean.get(item.not_before), form.clean.get(item.name)
            if isinstance(earlier, dt.date) and isinstance(later, dt.date) and later < earlier:
                form.errors[item.name] = _("Check this date: it cannot come before %(date)s.",
                                           date=format_date(earlier))
    if letter_type.check is not None and not form.errors:
        form.errors.update(letter_type.check(form.clean))
    return form


def _required(item: Field, values: Mapping[str, Any]) -> bool:
    """Whether the field must be filled in: always, or when another field has a given value (the
    lawyer's name when the member asks the collector to talk to their lawyer)."""
    if item.required_if is None:
        return item.required
    other, value = item.required_if
    return item.required or values.get(other) == value


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of characters between spaces or line breaks."""
    return len(text.split())


def _check(form: LetterForm, item: Field, typed: Any, today: dt.date, required: bool) -> None:
    if item.kind == "choices":
        chosen = [c for c in (typed or []) if c in item.choices]
        if required and not chosen:
            form.errors[item.name] = _("Choose at least one.")
        form.clean[item.name] = chosen
        return
    if item.kind == "checkbox":
        form.clean[item.name] = typed == "yes"
        return
    typed = typed or ""
    if not typed:
        if required:
            form.errors[item.name] = _("This is needed for the letter.")
        form.clean[item.name] = None
        return
    if len(typed) > item.max_length:
        form.errors[item.name] = _("Keep it to %(max)s characters.", max=item.max_length)
    elif item.max_words is not None and word_count(typed) > item.max_words:
        form.errors[item.name] = _("Keep it to %(max)s words: it has %(count)s.", max=item.max_words,
                                   count=word_count(typed))
    elif item.kind == "date":
        day = parse_date(typed)
        if day is None:
            form.errors[item.name] = _("Write the date like 2027-03-31, or pick it from the calendar.")
        elif not EARLIEST <= day <= today + dt.timedelta(days=LATEST_DAYS):
            form.errors[item.name] = _("Check the year: that date is too far from today.")
        form.clean[item.name] = day
        return
    elif item.kind == "money":
        cents = parse_money(typed)
        if cents is None or cents > MAX_MONEY_CENTS:
            form.errors[item.name] = _("Write an amount like 1,234.56.")
        form.clean[item.name] = cents
        return
    elif item.kind == "choice" and typed not in item.choices:
        form.errors[item.name] = _("Choose one of the options.")
    form.clean[item.name] = typed


def download_values(letter_type: LetterType, data: Any) -> tuple[dict[str, str], dict[str, str]]:
    """The never-stored fields typed at download time (an SSN), and errors for them."""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for item in letter_type.fields:
        if not item.never_stored:
            continue
        typed = _one(data, item.name, item.max_length + 1)
        if item.required and not typed:
            errors[item.name] = _("This is needed for the letter.")
        elif len(typed) > item.max_length:
            errors[item.name] = _("Keep it to %(max)s characters.", max=item.max_length)
        values[item.name] = typed
    return values, errors


def printed_values(letter_type: LetterType, typed: Mapping[str, Any], written_on: dt.date,
                   extra: Mapping[str, Any]) -> dict[str, Any]:
    """The values the letter's template prints: what was typed, cleaned again (as on a day a year
    after it was written, so every date accepted then still is: the same letter comes out every
    time), with the never-stored fields typed now (`extra`)."""
    form = letter_form(letter_type, typed, written_on + dt.timedelta(days=LATEST_DAYS))
    return {**form.clean, **extra}


def preview_values(letter_type: LetterType, typed: Mapping[str, Any], written_on: dt.date) -> dict[str, Any]:
    """The values the preview prints: the letter's, with a blank line where a never-stored field
    (an SSN) goes, since it is typed only when the PDF is downloaded."""
    blanks = {item.name: TYPED_AT_DOWNLOAD[item.required] for item in letter_type.fields if item.never_stored}
    return printed_values(letter_type, typed, written_on, blanks)
