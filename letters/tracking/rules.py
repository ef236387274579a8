"""The rules of tracking a letter, as plain functions: its deadline once sent and what it means
today (with the rule in words), which deadlines are still open, and which reminder is due.

A deadline is open while there is something to do or to wait for: the member's own deadline
(mail by, arrive by) until they mark the letter sent; the recipient's (answer due by) from the
sending until a response is recorded. Reminders go out 7 days and 1 day before it (before the
"mail by" day, for the member's own deadlines), once each: the letter's `reminded_at` says when the
last one went, so a reminder noted on or after the day it is due means it was sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from letters.catalogue import CATALOGUE
from letters.catalogue.letter_type import LetterType
from letters.deadlines import (
    MAIL_DELIVERY_BUSINESS_DAYS,
    DeadlineRule,
    assumed_arrival,
    deadline_for,
    legal_deadline,
    safe_day,
    sent_in_time,
)
from server.i18n import format_date, format_number, ngettext
from server.i18n import gettext as _

WEEK_BEFORE = 7
DAY_BEFORE = 1


def letter_date(letter: Mapping[str, Any], today: dt.date) -> dt.date:
    """The date printed on the letter: the day it was sent, or today while it is not."""
    sent_on: dt.date | None = letter["sent_on"]
    return sent_on or today


def may_record_response(letter: Mapping[str, Any]) -> bool:
    """A response can come only to a letter that was sent."""
    return letter["sent_on"] is not None


def deadline_once_sent(letter: Mapping[str, Any], letter_type: LetterType | None, sent_on: dt.date,
                       fields: Mapping[str, Any]) -> dt.date | None:
    """The letter's deadline counted again from the day it was sent (a type without a rule keeps
    what was stored)."""
    if letter_type is None or letter_type.deadline is None:
        stored: dt.date | None = letter["deadline_on"]
        return stored
    found = deadline_for(letter_type.deadline, sent_on, fields)
    return found[1] if found is not None else None


def in_listing_order(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """My letters in the order the list shows them: open deadlines first, soonest first; then every
    other letter as given (newest first). Each entry says whether its deadline is `coming` and
    holds its `deadline` (a `DeadlineView`)."""
    coming = sorted((e for e in entries if e["coming"]), key=lambda e: e["deadline"].due)
    return coming + [e for e in entries if not e["coming"]]


def rule_of(letter_type_code: str) -> DeadlineRule | None:
    letter_type = CATALOGUE.get(letter_type_code)
    return letter_type.deadline if letter_type is not None else None


def types_by_who() -> tuple[list[str], list[str]]:
    """The codes of the letter types whose deadline is open before sending (the member's own),
    and after it (the recipient's, and a member's deadline for the letter to arrive)."""
    member: list[str] = []
    recipient: list[str] = []
    for code, letter_type in CATALOGUE.items():
        rule = letter_type.deadline
        if rule is None:
            continue
        if rule.who == "member":
            member.append(code)
        # the recipient's deadlines, and the member's "must arrive by": both matter once it is sent
        if rule.who != "member" or rule.meaning == "received":
            recipient.append(code)
    return member, recipient


def is_open(letter: Mapping[str, Any], rule: DeadlineRule | None) -> bool:
    if rule is None or letter["deadline_on"] is None or letter["response"] is not None:
        return False
    if rule.who == "member" and rule.meaning == "received":
        return True  # until it is known to have arrived in time: check the tracking before the date
    return (letter["sent_on"] is None) if rule.who == "member" else (letter["sent_on"] is not None)


def reminder_due(deadline: dt.date, reminded_at: dt.datetime | None, today: dt.date) -> str | None:
    """Which reminder is due today: "week" from 7 days before the deadline, "day" from the day
    before (up to the day itself); None once it was sent, or outside those days."""
    left = (deadline - today).days
    if not 0 <= left <= WEEK_BEFORE:
        return None
    last = reminded_at.date() if reminded_at is not None else None
    if left <= DAY_BEFORE:
        window_opens = deadline - dt.timedelta(days=DAY_BEFORE)
        return "day" if last is None or last < window_opens else None
    window_opens = deadline - dt.timedelta(days=WEEK_BEFORE)
    return "week" if last is None or last < window_opens else None


@dataclass(frozen=True)
class DeadlineView:
    rule: DeadlineRule
    due: dt.date  # the deadline in law: the last day counted, moved to a business day where the rule says so
    act_by: dt.date  # "mail by" for the member's deadlines; the due date for the recipient's
    stored: bool  # False: worked out from the letter's dates before it was sent
    state: str  # open, passed, answered, sent_in_time, sent_late
    counting: str  # how the date was counted, in words
    last_day: dt.date  # the last day as counted, before any move to a business day
    # for a sent letter that must arrive: when it is assumed to arrive and whether in time, in words
    arrival: str | None = None


def _counting(rule: DeadlineRule, letter_type: LetterType) -> str:
    if rule.starts == "sent":
        start = _("the day you sent it")
    else:
        label = next((f.label for f in letter_type.fields if f.name == rule.starts), rule.starts)
        start = _("the date you gave as “%(field)s”", field=label)
    if rule.days == 0 and not rule.receipt_business_days:
        return _("The date is %(start)s.", start=start)
    unit = (ngettext("%(num)s business day", "%(num)s business days", rule.days, num=format_number(rule.days))
            if rule.business_days else
            ngettext("%(num)s calendar day", "%(num)s calendar days", rule.days, num=format_number(rule.days)))
    if not rule.receipt_business_days:
        return _("Counted: %(count)s after %(start)s.", count=unit, start=start)
    receipt = ngettext("%(num)s business day", "%(num)s business days", rule.receipt_business_days,
                       num=format_number(rule.receipt_business_days))
    return _("Counted: %(receipt)s after %(start)s for delivery, then %(count)s.",
             receipt=receipt, start=start, count=unit)


def deadline_view(letter: Mapping[str, Any], letter_type: LetterType | None, fields: Mapping[str, Any],
                  today: dt.date) -> DeadlineView | None:
    """The letter's deadline as its page and the list show it, or None when it has none (yet)."""
    rule = letter_type.deadline if letter_type is not None else None
    if rule is None or letter_type is None:
        return None
    found = deadline_for(rule, letter["sent_on"], fields)
    used = found[0] if found is not None else rule
    last_day = letter["deadline_on"] or (found[1] if found is not None and used.who == "member" else None)
    if last_day is None:
        return None
    due = legal_deadline(used, last_day)
    sent_on = letter["sent_on"]
    if letter["response"] is not None:
        state = "answered"
    elif used.who == "member" and sent_on is not None:
        state = "sent_in_time" if sent_in_time(used, last_day, sent_on) else "sent_late"
    else:
        state = "passed" if today > due else "open"
    arrival = (_arrival(sent_on, state) if used.meaning == "received" and sent_on is not None
               and state in ("sent_in_time", "sent_late") else None)
    return DeadlineView(used, due, safe_day(used, last_day), letter["deadline_on"] is not None, state,
                        _counting(used, letter_type), last_day, arrival)


def _arrival(sent_on: dt.date, state: str) -> str:
    mail = ngettext("%(num)s business day", "%(num)s business days", MAIL_DELIVERY_BUSINESS_DAYS,
                    num=format_number(MAIL_DELIVERY_BUSINESS_DAYS))
    words = {"sent": format_date(sent_on), "count": mail, "arrival": format_date(assumed_arrival(sent_on))}
    if state == "sent_late":
        return _("You mailed it on %(sent)s. Counting %(count)s for the mail, it arrives about %(arrival)s, after "
                 "the deadline.", **words)
    return _("You mailed it on %(sent)s. Counting %(count)s for the mail, it arrives about %(arrival)s, in time. "
             "The certified-mail tracking tells you when it really did.", **words)
