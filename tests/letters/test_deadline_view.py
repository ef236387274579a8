"""A letter's deadline as its page shows it, for the catalogue's own rules, against dates counted by
hand on a calendar: the deadline in law, the day to mail by, and whether a letter sent on a given
day was in time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from letters.catalogue import CATALOGUE
from letters.tracking.rules import deadline_view

D = dt.date


def letter(sent_on: dt.date | None = None) -> dict[str, Any]:
    return {"sent_on": sent_on, "response": None}


def test_a_garnishment_hearings_30th_day_on_a_sunday_moves_to_monday_but_mail_by_stays_friday() -> None:
    # notice dated Friday, October 30, 2026: the 30th day is Sunday, November 29; 34 CFR 34.3 moves
    # it to Monday the 30th. Thursday the 26th is Thanksgiving, so the safe day is Friday the 27th.
    hearing = CATALOGUE["garnishment_hearing"]
    fields = {"notice_date": "2026-10-30"}
    view = deadline_view(letter(), hearing, fields, D(2026, 11, 20))
    assert view is not None
    assert (view.last_day, view.due, view.act_by, view.state) == (
        D(2026, 11, 29), D(2026, 11, 30), D(2026, 11, 27), "open")

    postmarked_monday = deadline_view(letter(D(2026, 11, 30)), hearing, fields, D(2026, 12, 1))
    assert postmarked_monday is not None and postmarked_monday.state == "sent_in_time"
    postmarked_tuesday = deadline_view(letter(D(2026, 12, 1)), hearing, fields, D(2026, 12, 1))
    assert postmarked_tuesday is not None and postmarked_tuesday.state == "sent_late"


def test_a_validation_letter_mailed_on_the_last_day_is_shown_as_late() -> None:
    # the validation period ends Monday, December 14, 2026; the collector must have the letter by
    # then. Counting 5 business days for the mail, the last day to mail is Monday, December 7
    # (Tue 8, Wed 9, Thu 10, Fri 11, Mon 14).
    validation = CATALOGUE["validation"]
    fields = {"notice_date": "2026-11-09", "validation_end": "2026-12-14"}
    view = deadline_view(letter(), validation, fields, D(2026, 11, 20))
    assert view is not None and (view.due, view.act_by) == (D(2026, 12, 14), D(2026, 12, 7))

    on_the_last_day = deadline_view(letter(D(2026, 12, 14)), validation, fields, D(2026, 12, 14))
    assert on_the_last_day is not None and on_the_last_day.state == "sent_late"
    on_the_mail_by_day = deadline_view(letter(D(2026, 12, 7)), validation, fields, D(2026, 12, 7))
    assert on_the_mail_by_day is not None and on_the_mail_by_day.state == "sent_in_time"
    a_day_later = deadline_view(letter(D(2026, 12, 8)), validation, fields, D(2026, 12, 8))
    assert a_day_later is not None and a_day_later.state == "sent_late"
