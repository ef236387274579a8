"""The reminders sent 7 days and 1 day before each open deadline of a letter (which ones:
`rules`), and the kinds of notice they are. A member's own deadline is reminded before its "mail
by" day, which for a letter that must arrive comes days before the deadline itself; a letter's
records request (20 days after the notice) is reminded on its own.

Reminders are sent by the maintenance loop, once each: each deadline's `reminded_at` says when the
last one went, and a conditional update makes two runs at once send it once. Days are counted in
UTC.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from letters.catalogue import CATALOGUE
from letters.tracking import queries
from letters.tracking.rules import WEEK_BEFORE, labels, reminder_due
from server import crypto
from server.db import Database, Row
from server.i18n import format_date
from server.i18n import lazy_gettext as _l
from server.notices.kinds import Kind
from server.notices.outbox import notify

log = logging.getLogger("jubilee.letters")

BATCH = 500  # deadlines looked at in one transaction


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

LETTER_RECORDS_BY = Kind(
    "letter_records_by",
    _l("Mail your letter by %(date)s to ask for the records in time"),
    _l("Your letter “%(letter)s” asks to see the records about the alleged debt: mail it by %(date)s, by certified "
       "mail if you can, so that it is sent within 20 days of the notice and you keep the extra time the records "
       "bring. Once it is sent, mark it sent on the letter's page."),
    _words,
)

KIND_BY_MEANING = {"postmarked": LETTER_MAIL_BY, "received": LETTER_ARRIVE_BY}


async def remind_deadlines(db: Database, keyring: crypto.Keyring, now: dt.datetime) -> int:
    """Remind each member of their open deadlines 7 days and 1 day before the day to act by; returns
    how many reminders were sent. One transaction per batch of deadlines."""
    today = now.date()
    sent, after = 0, (0, "")
    while True:
        async with db.writing():
            rows = await queries.deadlines_between(db, today, today + dt.timedelta(days=WEEK_BEFORE), after=after,
                                                   most=BATCH)
            for row in rows:
                try:
                    async with db.writing():  # a savepoint: one deadline that fails holds back no other
                        sent += await _remind(db, keyring, row, today, now)
                except Exception:
                    log.exception("could not remind about letter %s (%s); trying again later", row["letter_id"],
                                  row["rule"])
        if len(rows) < BATCH:
            return sent
        after = (rows[-1]["letter_id"], rows[-1]["rule"])


async def _remind(db: Database, keyring: crypto.Keyring, row: Row, today: dt.date, now: dt.datetime) -> int:
    if row["who"] == "member" and row["sent_on"] is not None:
        return 0  # a letter already mailed needs no reminder to mail it
    if reminder_due(row["act_by"], row["reminded_at"], today) is None:
        return 0
    if not await queries.mark_reminded(db, row["letter_id"], row["rule"], row["act_by"], row["reminded_at"], now):
        return 0
    if row["who"] != "member":
        kind = LETTER_ANSWER_DUE
    elif row["rule"] in labels():
        kind = LETTER_RECORDS_BY  # the one deadline besides a letter's main one: the records request
    else:
        kind = KIND_BY_MEANING.get(row["meaning"], LETTER_MAIL_BY)
    await notify(db, keyring, row["member_id"], kind, link=f"/letters/{row['letter_id']}", type=row["type"],
                 date=row["act_by"].isoformat())
    return 1
