"""The reminders sent 7 days and 1 day before each open deadline (which ones: `rules`), and the
kinds of notice they are. A member's own deadline is reminded before its "mail by" day, which for
a letter that must arrive comes days before the deadline itself.

Reminders are sent by the maintenance loop, once each: the letter's `reminded_at` says when the
last one went, and a conditional update makes two runs at once send it once. Days are counted in
UTC.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from letters.catalogue import CATALOGUE
from letters.deadlines import safe_day
from letters.tracking import queries
from letters.tracking.rules import WEEK_BEFORE, reminder_due, rule_of, types_by_who
from server import crypto
from server.db import Database, Row
from server.i18n import format_date
from server.i18n import lazy_gettext as _l
from server.notices.kinds import Kind
from server.notices.outbox import notify

log = logging.getLogger("jubilee.letters")

BATCH = 500  # letters looked at in one transaction
# more days than a "mail by" day ever comes before its deadline (5 business days for the mail, after
# the business day before a long weekend): deadlines this much further ahead are looked at too
MAIL_BY_LEAD = 21


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
    _l("Mail your letter by %(date)s so that it arrives in time"),
    _l("Your letter “%(letter)s” must reach its recipient by its deadline: mail it by %(date)s, by certified mail if "
       "you can, so that it arrives in time. Once it is sent, mark it sent on the letter's page."),
    _words,
)

KIND_BY_MEANING = {"postmarked": LETTER_MAIL_BY, "received": LETTER_ARRIVE_BY}


async def remind_deadlines(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> int:
    """Remind each member of their open deadlines 7 days and 1 day before; returns how many
    reminders were sent. One transaction per batch of letters."""
    today = now.date()
    member_types, recipient_types = types_by_who()
    sent, after = 0, 0
    while True:
        async with db.writing():
            rows = await queries.deadlines_between(
                db, today, today + dt.timedelta(days=WEEK_BEFORE + MAIL_BY_LEAD), member_types, recipient_types,
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
    if rule is None or (rule.who == "member" and row["sent_on"] is not None):
        return 0  # a letter already mailed needs no reminder to mail it
    act_by = safe_day(rule, row["deadline_on"])
    if reminder_due(act_by, row["reminded_at"], today) is None:
        return 0
    if not await queries.mark_reminded(db, row["id"], row["deadline_on"], row["reminded_at"], now):
        return 0
    kind = KIND_BY_MEANING.get(rule.meaning, LETTER_MAIL_BY) if rule.who == "member" else LETTER_ANSWER_DUE
    await notify(db, keyring, row["member_id"], kind, link=f"/letters/{row['id']}", type=row["type"],
                 date=act_by.isoformat())
    return 1
