"""The rules of tracking a letter, as plain functions: its deadlines and what each means today
(with its rule and its starting point in words), which are still open, and which reminder is due.

A letter may have several deadlines, each with its own rule (`deadlines_of`): the main one, and
the 20-day records request of the offset review and the garnishment hearing. A deadline is open
while there is something to do or to wait for: the member's own (mail by, arrive by) until they
mark the letter sent; the recipient's (answer due by) from the sending until a response is
recorded. Reminders go out 7 days and 1 day before each (before the "mail by" day, for the
member's own deadlines), once each: the deadline's `reminded_at` says when the last one went, so a
reminder noted on or after the day it is due means it was sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from letters.catalogue import CATALOGUE
from letters.catalogue.letter_type import LetterType, deadlines_of
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


def in_listing_order(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """My letters in the order the list shows them: those with an open deadline first, soonest
    first; then every other letter as given (newest first). Each entry holds its `deadlines` (a
    list of `DeadlineView`)."""
    def open_days(entry: dict[str, Any]) -> list[dt.date]:
        views: list[DeadlineView] = entry["deadlines"]
        return [view.act_by for view in views if view.state == "open"]

    coming = sorted((e for e in entries if open_days(e)), key=lambda e: min(open_days(e)))
    return coming + [e for e in entries if not open_days(e)]


def labels() -> dict[str, Any]:
    """The name shown next to each deadline that is not a letter's main one, by its rule's code."""
    return {rule.code: rule.label for letter_type in CATALOGUE.values() for rule in letter_type.more_deadlines
            if rule.label is not None}


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
    rule: DeadlineRule  # the rule it was counted by (a fallback, or an extended one)
    due: dt.date  # the deadline in law: the last day counted, moved to a business day where the rule says so
    act_by: dt.date  # "mail by" for the member's deadlines; the due date for the recipient's
    from_form: bool  # counted from a date the member typed into the letter's form
    state: str  # open, passed, answered, sent_in_time, sent_late
    counting: str  # how the date was counted, from which starting point, in words
    last_day: dt.date  # the last day as counted, before any move to a business day
    # for a sent letter that must arrive: when it arrived, or is assumed to, and whether in time
    arrival: str | None = None


def _unit(rule: DeadlineRule) -> str:
    if rule.business_days:
        return ngettext("%(num)s business day", "%(num)s business days", rule.days, num=format_number(rule.days))
    return ngettext("%(num)s calendar day", "%(num)s calendar days", rule.days, num=format_number(rule.days))


def _mail_days() -> str:
    return ngettext("%(num)s business day", "%(num)s business days", MAIL_DELIVERY_BUSINESS_DAYS,
                    num=format_number(MAIL_DELIVERY_BUSINESS_DAYS))


def _counting(rule: DeadlineRule, letter_type: LetterType, letter: Mapping[str, Any]) -> str:
    """The rule's count and its starting point, in words: the day sent, the day delivered (from
    the tracking) or assumed delivered, or a date on the notice as the member typed it."""
    if rule.starts == "delivered":
        delivered_on: dt.date | None = letter.get("delivered_on")
        if delivered_on is not None:
            return _("Counted: %(count)s after the day they received it, %(date)s, as you entered it from the "
                     "tracking or the green card.", count=_unit(rule), date=format_date(delivered_on))
        sent_on: dt.date = letter["sent_on"]
        return _("Counted: %(count)s after %(date)s, the day you mailed it plus %(mail)s for delivery, until you "
                 "enter the day it was delivered.", count=_unit(rule), date=format_date(assumed_arrival(sent_on)),
                 mail=_mail_days())
    if rule.starts == "sent":
        start = _("the day you sent it")
    else:
        label = next((f.label for f in letter_type.fields if f.name == rule.starts), rule.starts)
        start = _("the date you gave as “%(field)s”", field=label)
    if rule.days == 0 and not rule.receipt_business_days:
        return _("The date is %(start)s.", start=start)
    unit = _unit(rule)
    if not rule.receipt_business_days:
        return _("Counted: %(count)s after %(start)s.", count=unit, start=start)
    receipt = ngettext("%(num)s business day", "%(num)s business days", rule.receipt_business_days,
                       num=format_number(rule.receipt_business_days))
    return _("Counted: %(receipt)s after %(start)s for delivery, then %(count)s.",
             receipt=receipt, start=start, count=unit)


def deadline_views(letter: Mapping[str, Any], letter_type: LetterType | None, fields: Mapping[str, Any],
                   today: dt.date) -> list[DeadlineView]:
    """Each deadline of the letter that can be counted yet, the main one first, as its page and the
    list show them. The binding rules come from the catalogue (`deadlines_of`)."""
    if letter_type is None:
        return []
    sent_on: dt.date | None = letter["sent_on"]
    delivered_on: dt.date | None = letter.get("delivered_on")
    views = []
    for rule in deadlines_of(letter_type, fields):
        found = deadline_for(rule, sent_on, fields, delivered_on=delivered_on, more_info_on=letter.get("more_info_on"))
        if found is None:
            continue
        used, last_day = found
        due = legal_deadline(used, last_day)
        if letter["response"] is not None:
            state = "answered"
        elif used.who == "member" and sent_on is not None:
            state = "sent_in_time" if sent_in_time(used, last_day, sent_on, delivered_on) else "sent_late"
        else:
            state = "passed" if today > due else "open"
        arrival = (_arrival(sent_on, delivered_on, state) if used.meaning == "received" and sent_on is not None
                   and state in ("sent_in_time", "sent_late") else None)
        counting = _counting(used, letter_type, letter)
        if used is rule.extended:
            counting += " " + _why_extended(rule, fields, letter.get("more_info_on"))
        views.append(DeadlineView(used, due, safe_day(used, last_day), used.starts not in ("sent", "delivered"),
                                  state, counting, last_day, arrival))
    return views


def _why_extended(rule: DeadlineRule, fields: Mapping[str, Any], more_info_on: dt.date | None) -> str:
    """Why the recipient has the longer time, in words: the box the member ticked, or the day they
    sent more information."""
    if rule.extended_if is not None and fields.get(rule.extended_if) in (True, "yes"):
        return _("You said you are disputing after getting your free annual report.")
    assert more_info_on is not None  # the other reason `is_extended` knows
    return _("You sent more information on %(date)s, within the first %(days)s days.", date=format_date(more_info_on),
             days=format_number(rule.days))


def deadline_view(letter: Mapping[str, Any], letter_type: LetterType | None, fields: Mapping[str, Any],
                  today: dt.date) -> DeadlineView | None:
    """The letter's main deadline as its page shows it, or None when it has none (yet)."""
    views = deadline_views(letter, letter_type, fields, today)
    return views[0] if views and views[0].rule.label is None else None


def _arrival(sent_on: dt.date, delivered_on: dt.date | None, state: str) -> str:
    if delivered_on is not None:
        words = {"sent": format_date(sent_on), "delivered": format_date(delivered_on)}
        if state == "sent_late":
            return _("You mailed it on %(sent)s and it was delivered on %(delivered)s, after the deadline.", **words)
        return _("You mailed it on %(sent)s and it was delivered on %(delivered)s, in time.", **words)
    words = {"sent": format_date(sent_on), "count": _mail_days(), "arrival": format_date(assumed_arrival(sent_on))}
    if state == "sent_late":
        return _("You mailed it on %(sent)s. Counting %(count)s for the mail, it arrives about %(arrival)s, after "
                 "the deadline.", **words)
    return _("You mailed it on %(sent)s. Counting %(count)s for the mail, it arrives about %(arrival)s, in time. "
             "The certified-mail tracking tells you when it really did: enter that day below.", **words)


def has_extension(letter_type: LetterType | None, fields: Mapping[str, Any]) -> bool:
    """Whether the letter's main deadline gives the recipient more time when the member sends more
    information (a bureau's or a furnisher's 45 days)."""
    rules = deadlines_of(letter_type, fields)
    return bool(rules) and rules[0].extended is not None
