"""The rules of writing a letter, as plain functions: what its form opens with and which language
its free text is asked in, its deadlines as
they are counted and stored (before it is sent, from the dates on its form; once sent, again), and
until when it may be changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from letters.catalogue.letter_type import Field, LetterType, deadlines_of
from letters.deadlines import DeadlineRule, deadline_for, legal_deadline, safe_day

# The letter's language as the form opens, by the page's: every recipient in the catalogue is in the
# United States and reads English, so a member reading Spanish gets the English letter with a
# Spanish translation; any other page language, the English letter.
LETTER_LANGUAGE_FOR_PAGE = {"en": "en", "es": "bilingual"}


def starting_values(letter_type: LetterType, known: Mapping[str, str], language: str) -> dict[str, Any]:
    """The form as it opens: each field's prefill, and the letter's language for a member reading
    the page in `language`."""
    values: dict[str, Any] = {"letter_language": LETTER_LANGUAGE_FOR_PAGE.get(language, "en")}
    for item in letter_type.fields:
        if item.kind == "choices":
            values[item.name] = []
        elif item.prefill:
            values[item.name] = known.get(item.prefill, "")
        else:
            values[item.name] = ""
    return values


def is_free_text(item: Field) -> bool:
    """Whether the member writes the field in their own words (an explanation), printed as typed
    in every language of the letter: addresses and names are not."""
    return item.kind == "textarea" and "address" not in item.name


def asks_for_english(page_language: str, letter_language: str) -> bool:
    """Whether the form asks for free text in English: the recipient reads the English letter, and
    what the member typed goes into it as typed; asked of a member reading the page in another
    language, or writing a bilingual letter."""
    return page_language != "en" or letter_language == "bilingual"


@dataclass(frozen=True)
class Counted:
    """One deadline of a letter as stored for the home page and the reminders."""
    rule: DeadlineRule  # the rule it was counted by (a fallback, or an extended one)
    last_day: dt.date  # as counted
    due: dt.date  # the deadline in law (moved to a business day where the rule says so)
    act_by: dt.date  # the member's "mail by", or the recipient's due date


def counted_deadlines(letter_type: LetterType | None, fields: Mapping[str, Any], *, sent_on: dt.date | None = None,
                      delivered_on: dt.date | None = None, more_info_on: dt.date | None = None) -> list[Counted]:
    """Every deadline of the letter that can be counted from what is known: before it is sent, those
    counted from a date on its form; once sent, those counted from the sending or the delivery too.
    The binding rules come from the catalogue (`deadlines_of`, which starts with `deadline_of`)."""
    found = []
    for rule in deadlines_of(letter_type, fields):
        counted = deadline_for(rule, sent_on, fields, delivered_on=delivered_on, more_info_on=more_info_on)
        if counted is not None:
            used, last_day = counted
            found.append(Counted(used, last_day, legal_deadline(used, last_day), safe_day(used, last_day)))
    return found


def may_change(letter: Mapping[str, Any]) -> bool:
    """A letter may be changed until it is marked sent: one that went out stays as it was sent."""
    return letter["sent_on"] is None
