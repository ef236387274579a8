"""Deadline rules: what a date on a letter means, and how it is counted.

Pure functions. A rule counts calendar or business days (business days skip Saturdays, Sundays
and the US federal legal public holidays of 5 U.S.C. 6103(a)) from a starting date — the day the
letter was sent, or a date on a notice the member received — and says what must happen by the
resulting day ("postmarked by", "received by", "answer due by"), and who must act.

Counting. "N days after" a date starts with the next day: 30 calendar days after November 2 is
December 2; 5 business days after Wednesday, December 23, 2026 is Thursday, December 31 (Christmas
and the weekend are skipped). A rule may first allow business days for the letter to arrive
(Reg F, 12 CFR 1006.34(b)(5): receipt may be assumed 5 days after sending, not counting Saturdays,
Sundays or legal public holidays) and then count its days from that assumed receipt.

Arrival. For a rule the member meets by the letter's *arrival* ("received": the validation period,
the borrower-defense limit), mailing on the last day is late. The mail is assumed to take
`MAIL_DELIVERY_BUSINESS_DAYS` business days, the time Reg F itself lets a collector assume for its
notice to reach the member (12 CFR 1006.34(b)(5)): "mail by" is that many business days before the
last business day on or before the deadline, and a letter mailed on a day is judged by the day it
is assumed to arrive — or by the day it was delivered, once the member enters it from the
certified-mail tracking or the green card.

Receipt. A recipient's time that the law counts from the day it *received* the letter (a bureau's
reinvestigation, a furnisher's investigation, a provider's answer to a records request) starts
"delivered": from the delivery date once the member enters it, and until then from the day sent
plus the same assumed `MAIL_DELIVERY_BUSINESS_DAYS`.

Several deadlines. A letter has its main deadline and may have more, each with its own rule: the
offset review and the garnishment hearing request, when they ask for the records, must be mailed
by the 20th day after the notice to get the extra time the records bring (`applies_if`). A
recipient's time may be extended (`extended`): a bureau has 45 days instead of 30 when the member
sends more relevant information during the 30 days, or disputes after their free annual report.

Holidays. The eleven legal public holidays of 6103(a), Juneteenth from 2021, on the days they are
observed: one that falls on a Saturday is observed the Friday before (New Year's Day 2028 on
Friday, December 31, 2027), one on a Sunday the Monday after. Days that are holidays only for some
federal workers (Inauguration Day in Washington, D.C., a Christmas Eve given by executive order)
are ordinary business days here.

Weekends are an excuse for the member only where the rule says so. A calendar-day deadline that
lands on a weekend or a holiday is moved to the next business day only by a rule that says so
(`moves_to_business_day`: 34 CFR 34.3 for every deadline of part 34, the garnishment hearing);
many letters' rules say nothing, and a member who counts on an extension that does not apply loses
their right. So `due_date` keeps the day the rule counts, `legal_deadline` moves it where the rule
does, and `safe_day` tells the member the last business day on or before the counted day — a day
when post offices are open and a letter can be postmarked — shown as "mail by", the safe earlier
day even where the deadline itself moves. A recipient's deadline is shown as the rule gives it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import holidays
from babel.support import LazyProxy as LazyString

# 5 U.S.C. 6103(a), as the `holidays` package names them (pinned in pyproject.toml). Anything else
# the package lists for the United States is not a legal public holiday and is left out.
LEGAL_PUBLIC_HOLIDAYS = frozenset({
    "New Year's Day", "Martin Luther King Jr. Day", "Washington's Birthday", "Memorial Day",
    "Juneteenth National Independence Day", "Independence Day", "Labor Day", "Columbus Day",
    "Veterans Day", "Thanksgiving Day", "Christmas Day",
})
OBSERVED_SUFFIX = " (observed)"
MEANINGS = ("postmarked", "received", "answer")
MAIL_DELIVERY_BUSINESS_DAYS = 5  # assumed for the member's letter to arrive (Reg F's own assumption, 1006.34(b)(5))
WHO = ("member", "recipient")


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    days: int
    business_days: bool
    # where the count starts: "sent" (the day the member marks the letter sent), "delivered" (the
    # day the recipient received it: the delivery date entered, or the day sent plus
    # MAIL_DELIVERY_BUSINESS_DAYS until it is), or the name of a date field of the letter's form
    # (e.g. "notice_date")
    starts: str
    # what must happen by the day: "postmarked" (member mails by), "received" (recipient has it by),
    # "answer" (the recipient's answer is due)
    meaning: str
    who: str  # "member" or "recipient"
    description: LazyString  # the rule in words, shown next to the date
    # Added (optional): business days assumed for delivery before the count starts, e.g. 5 for
    # Reg F's assumed receipt. 0: the count starts at the starting date itself.
    receipt_business_days: int = 0
    # Added (optional): the rule to count by instead when the date this one starts from is not
    # known (a form field left empty), e.g. 30 days from a notice's date when it printed no end date.
    fallback: DeadlineRule | None = None
    # Added (optional): a last day on a Saturday, Sunday or legal public holiday moves to the next
    # business day (34 CFR 34.3 for part 34). "Mail by" stays the business day before.
    moves_to_business_day: bool = False
    # Added (optional): the rule to count by instead when the recipient's time is extended: when the
    # member sent more information within this rule's period, or ticked the form's `extended_if` box.
    extended: DeadlineRule | None = None
    extended_if: str | None = None
    # Added (optional), for a deadline besides the letter's main one: the box of the form that must
    # be ticked for it to bind (e.g. "request_records"), and its name next to the date.
    applies_if: str | None = None
    label: LazyString | None = None


def _is_legal_public_holiday(name: str) -> bool:
    # a day may carry several names, "A; B"; an observed day is "A (observed)"
    return any(part.removesuffix(OBSERVED_SUFFIX) in LEGAL_PUBLIC_HOLIDAYS for part in name.split("; "))


@functools.lru_cache(maxsize=256)
def legal_public_holidays(year: int) -> frozenset[dt.date]:
    """The days in `year` on which a legal public holiday is observed (a Saturday holiday on the
    Friday before, a Sunday one on the Monday after; the holiday's own weekend day is listed too,
    which changes nothing since weekends are skipped anyway)."""
    # the next year is asked for too: New Year's Day on a Saturday is observed on December 31
    calendar = holidays.country_holidays(
        "US", years=(year, year + 1), observed=True, language="en_US", categories=(holidays.PUBLIC,)
    )
    return frozenset(day for day, name in calendar.items() if day.year == year and _is_legal_public_holiday(name))


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in legal_public_holidays(day.year)


def add_business_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th business day after `start` (`start` itself when count is 0)."""
    if count < 0:
        raise ValueError("count business days forward only")
    day = start
    while count:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def subtract_business_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th business day before `start` (`start` itself when count is 0)."""
    if count < 0:
        raise ValueError("count business days backward only")
    day = start
    while count:
        day -= dt.timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def assumed_arrival(sent_on: dt.date) -> dt.date:
    """The day a letter mailed on `sent_on` is assumed to arrive."""
    return add_business_days(sent_on, MAIL_DELIVERY_BUSINESS_DAYS)


def due_date(rule: DeadlineRule, start: dt.date) -> dt.date:
    """The last day of the rule's period, counted from `start`. Never moved off a weekend or
    holiday (see the module's docstring and `safe_day`)."""
    begin = add_business_days(start, rule.receipt_business_days)
    if rule.business_days:
        return add_business_days(begin, rule.days)
    return begin + dt.timedelta(days=rule.days)


def legal_deadline(rule: DeadlineRule, last_day: dt.date) -> dt.date:
    """The deadline in law: `last_day` as counted (`due_date`), or, for a rule that moves a last day
    on a weekend or holiday, the next business day on or after it."""
    day = last_day
    while rule.moves_to_business_day and not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def safe_day(rule: DeadlineRule, due: dt.date) -> dt.date:
    """The day to act by: for the member's own deadlines, the last business day on or before
    `due` ("mail by"), since a letter cannot be postmarked on a Sunday or on Christmas — and, for a
    letter that must arrive by `due`, the last day to mail it so that it is assumed to arrive in
    time; a recipient's deadline as it is."""
    if rule.who != "member":
        return due
    day = due
    while not is_business_day(day):
        day -= dt.timedelta(days=1)
    if rule.meaning == "received":
        return subtract_business_days(day, MAIL_DELIVERY_BUSINESS_DAYS)
    return day


def sent_in_time(rule: DeadlineRule, last_day: dt.date, sent_on: dt.date, delivered_on: dt.date | None = None) -> bool:
    """Whether a letter mailed on `sent_on` meets the member's deadline counted to `last_day`: by
    its postmark, or, for a letter that must arrive, by the day it was delivered (when known) or is
    assumed to arrive."""
    deadline = legal_deadline(rule, last_day)
    if rule.meaning == "received":
        return (delivered_on or assumed_arrival(sent_on)) <= deadline
    return sent_on <= deadline


def start_of(rule: DeadlineRule, sent_on: dt.date | None, fields: Mapping[str, Any],
             delivered_on: dt.date | None = None) -> dt.date | None:
    """Where the rule's count starts: the day sent; the day delivered (or assumed delivered, while
    the delivery date is not known); or a date the member typed into the letter's form (a date, or
    its ISO text as stored). None when that date is not known (yet)."""
    if rule.starts == "sent":
        return sent_on
    if rule.starts == "delivered":
        if delivered_on is not None:
            return delivered_on
        return assumed_arrival(sent_on) if sent_on is not None else None
    return date_field(fields, rule.starts)


def date_field(fields: Mapping[str, Any], name: str) -> dt.date | None:
    """A date of the letter's form: a date, or its ISO text as stored; None when not a date."""
    value = fields.get(name)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def is_extended(rule: DeadlineRule, start: dt.date, fields: Mapping[str, Any], more_info_on: dt.date | None) -> bool:
    """Whether the recipient's time runs to the rule's `extended` one: the member ticked its box,
    or sent more information on or before the last day of the rule's own period."""
    if rule.extended is None:
        return False
    if rule.extended_if is not None and fields.get(rule.extended_if) in (True, "yes"):
        return True
    return more_info_on is not None and more_info_on <= due_date(rule, start)


def deadline_for(
    rule: DeadlineRule, sent_on: dt.date | None, fields: Mapping[str, Any], *,
    delivered_on: dt.date | None = None, more_info_on: dt.date | None = None,
) -> tuple[DeadlineRule, dt.date] | None:
    """The letter's deadline and the rule it was counted by (`rule`; its fallback when the date it
    starts from is unknown; its extended one when the recipient's time is extended); None while no
    starting date is known."""
    current: DeadlineRule | None = rule
    while current is not None:
        start = start_of(current, sent_on, fields, delivered_on)
        if start is not None:
            if current.extended is not None and is_extended(current, start, fields, more_info_on):
                current = current.extended
            return current, due_date(current, start)
        current = current.fallback
    return None
