"""Deadlines coming up: the member's next ones (for the home page), and the reminders sent 7 days
and 1 day before each.

A deadline is open while there is something to do or to wait for: the member's own deadline
(mail by, arrive by) until they mark the letter sent; the recipient's (answer due by) from the
sending until a response is recorded. Reminders are sent by the maintenance loop, once each: the
letter's `reminded_at` says when the last one went, so a reminder noted on or after the day it
is due means it was sent; a conditional update makes two runs at once send it once. Days are
counted in UTC.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from babel.support import LazyProxy

from letters import queries
from letters import types as _types  # noqa: F401  (registers every letter type)
from letters.catalogue import CATALOGUE
from letters.deadlines import DeadlineRule, safe_day
from server import crypto
from server.db import Database, Row
from server.i18n import format_date
from server.i18n import lazy_gettext as _l
from server.notices.kinds import Kind
from server.notices.outbox import notify

log = logging.getLogger("jubilee.letters")

WEEK_BEFORE = 7
DAY_BEFORE = 1
BATCH = 500  # letters looked at in one transaction


def _words(params: dict[str, Any]) -> dict[str, Any]:
    letter_type = CATALOGUE.get(str(params.get("type", "")))
    try:
        when = format_date(dt.date.fromisoformat(str(params.get("date", ""))), "long")
    except ValueError:
        when = str(params.get("date", ""))
    return {**params, "letter": str(letter_type.title) if letter_type else str(_l("Your letter")), "date": when}


LETTER_ANSWER_DUE = Kind(
    "letter_answer_due",
    _l("An answer to your letter is due by %(date)s"),
    _l("The answer to your letter “%(letter)s” is due by %(date)s. When it comes, or if nothing comes, record it "
       "on the letter's page: Jubilee will stop reminding you."),
    _words,
)
LETTER_MAIL_BY = Kind(
    "letter_mail_by",
    _l("Mail your letter by %(date)s"),
    _l("Your letter “%(letter)s” has a deadline: mail it by %(date)s, by certified mail if you can. Once it is "
       "sent, mark it sent on the letter's page."),
    _words,
)
LETTER_ARRIVE_BY = Kind(
    "letter_arrive_by",
    _l("Your letter must arrive by %(date)s"),
    _l("Your letter “%(letter)s” must reach its recipient by %(date)s: mail it now, by certified mail if you can. "
       "Once it is sent, mark it sent on the letter's page."),
    _words,
)

KIND_BY_MEANING = {"postmarked": LETTER_MAIL_BY, "received": LETTER_ARRIVE_BY}


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


def is_open(letter: Row, rule: DeadlineRule | None) -> bool:
    if rule is None or letter["deadline_on"] is None or letter["response"] is not None:
        return False
    if rule.who == "member" and rule.meaning == "received":
        return True  # until it is known to have arrived in time: check the tracking before the date
    return (letter["sent_on"] is None) if rule.who == "member" else (letter["sent_on"] is not None)


@dataclass(frozen=True)
class Upcoming:
    letter_id: int
    title: LazyProxy | str
    due: dt.date
    act_by: dt.date  # the member's safe day ("mail by"), or the recipient's due date
    who: str
    meaning: str


async def upcoming(db: Database, member_id: int, today: dt.date, *, most: int = 5) -> list[Upcoming]:
    """The member's next open deadlines, soonest first."""
    member_types, recipient_types = types_by_who()
    rows = await queries.upcoming_deadlines(db, member_id, today, member_types, recipient_types, most=most)
    found = []
    for row in rows:
        letter_type, rule = CATALOGUE[row["type"]], rule_of(row["type"])
        assert rule is not None  # only types with a rule were asked for
        found.append(Upcoming(row["id"], letter_type.title, row["deadline_on"], safe_day(rule, row["deadline_on"]),
                              rule.who, rule.meaning))
    return found


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


async def remind_deadlines(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> int:
    """Remind each member of their open deadlines 7 days and 1 day before; returns how many
    reminders were sent. One transaction per batch of letters."""
    today = now.date()
    member_types, recipient_types = types_by_who()
    sent, after = 0, 0
    while True:
        async with db.writing():
            rows = await queries.deadlines_between(
                db, today, today + dt.timedelta(days=WEEK_BEFORE), member_types, recipient_types,
                after_id=after, most=BATCH)
            for row in rows:
                try:
                    async with db.writing():  # a savepoint: one letter that fails holds back no other
                        sent += await _remind(db, keyring, row, today, now)
                except Exception:
                    log.exception("could not remind about letter %s; trying again later", row["id"])
        if len(rows) < BATCH:
            return sent
        after = rows[-1]["id"]


async def _remind(db: Database, keyring: crypto.Keyring, row: Row, today: dt.date, now: dt.datetime) -> int:
    rule = rule_of(row["type"])
    if rule is None or reminder_due(row["deadline_on"], row["reminded_at"], today) is None:
        return 0
    if not await queries.mark_reminded(db, row["id"], row["deadline_on"], row["reminded_at"], now):
        return 0
    kind = KIND_BY_MEANING.get(rule.meaning, LETTER_MAIL_BY) if rule.who == "member" else LETTER_ANSWER_DUE
    act_by = safe_day(rule, row["deadline_on"])
    await notify(db, keyring, row["member_id"], kind, link=f"/letters/{row['id']}", type=row["type"],
                 date=act_by.isoformat())
    return 1
