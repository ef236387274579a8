"""A letter's deadline as its page shows it, for the catalogue's own rules, against dates counted by
hand on a calendar: the deadline in law, the day to mail by, and whether a letter sent on a given
day was in time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from letters.catalogue import CATALOGUE
from letters.tracking.rules import deadline_view

D = dt.date


def letter(sent_on: dt.date | None = None, deadline_on: dt.date | None = None) -> dict[str, Any]:
    return {"sent_on": sent_on, "deadline_on": deadline_on, "response": None}


def test_a_garnishment_hearings_30th_day_on_a_sunday_moves_to_monday_but_mail_by_stays_friday() -> None:
    # notice dated Friday, October 30, 2026: the 30th day is Sunday, November 29; 34 CFR 34.3 moves
    # it to Monday the 30th. Thursday the 26th is Thanksgiving, so the safe day is Friday the 27th.
    hearing = CATALOGUE["garnishment_hearing"]
    fields = {"notice_date": "2026-10-30"}
    view = deadline_view(letter(), hearing, fields, D(2026, 11, 20))
    assert view is not None
    assert (view.last_day, view.due, view.act_by, view.state) == (
        D(2026, 11, 29), D(2026, 11, 30), D(2026, 11, 27), "open")

    postmarked_monday = deadline_view(letter(D(2026, 11, 30), D(2026, 11, 29)), hearing, fields, D(2026, 12, 1))
    assert postmarked_monday is not None and postmarked_monday.state == "sent_in_time"
    postmarked_tuesday = deadline_view(letter(D(2026, 12, 1), D(2026, 11, 29)), hearing, fields, D(2026, 12, 1))
    assert postmarked_tuesday is not None and postmarked_tuesday.state == "sent_late"
