"""The rules of writing a letter, as plain functions: what its form opens with, the deadline known
before it is sent, and until when it may be changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from letters.catalogue.letter_type import LetterType, deadline_of
from letters.deadlines import deadline_for

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


def deadline_before_sending(letter_type: LetterType, typed: Mapping[str, Any]) -> dt.date | None:
    """The deadline known before sending (one counted from a date on the form), for the home page
    and reminders; the tracking counts it again once the letter is sent."""
    rule = deadline_of(letter_type, typed)
    found = deadline_for(rule, None, typed) if rule else None
    return found[1] if found else None


def may_change(letter: Mapping[str, Any]) -> bool:
    """A letter may be changed until it is marked sent: one that went out stays as it was sent."""
    return letter["sent_on"] is None
