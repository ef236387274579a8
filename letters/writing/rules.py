"""The rules of writing a letter, as plain functions: what its form opens with, its deadlines as
they are counted and stored (before it is sent, from the dates on its form; once sent, again), and
until when it may be changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from letters.catalogue.letter_type import LetterType, deadlines_of
from letters.deadlines import DeadlineRule, deadline_for, legal_deadline, safe_day

PAGE_LANGUAGES = ("en", "es")  # a letter opens in the page's language when it is one of these


def starting_values(letter_type: LetterType, known: Mapping[str, str], language: str) -> dict[str, Any]:
    """The form as it opens: each field's prefill, the page's language for the letter."""
    values: dict[str, Any] = {"letter_language": language if language in PAGE_LANGUAGES else "en"}
    for item in letter_type.fields:
        if item.kind == "choices":
            values[item.name] = []
        elif item.prefill:
            values[item.name] = known.get(item.prefill, "")
        else:
            values[item.name] = ""
    return values


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
