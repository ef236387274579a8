"""Deadlines from receipt, through the pages: a letter written through the writing pages, marked
sent, then given its delivery date (from the certified-mail tracking or the green card) and the
date more information followed it. A bureau's and a furnisher's time runs from the delivery (from
the day sent plus 5 business days until it is known), 45 days in the cases the law gives; the
offset review and the garnishment hearing track the 20-day records request as a deadline of its
own, with its own reminder. Each date is counted by hand on a calendar."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any

import pytest
import sqlalchemy as sa

from letters.tables import letter_deadlines, letters
from letters.tracking import reminders
from letters.tracking import routes as tracking_routes
from letters.writing import routes as writing_routes
from server import pages
from server.db import Database
from server.migrate import downgrade, upgrade
from server.tables import members, notifications
from tests.conftest import log_out, post, run, sign_up
from tests.factories.debts import add_debt, debt_id_from
from tests.factories.letters import letter_id_from, write

D = dt.date
WRITTEN = D(2026, 11, 5)  # the day letters are written on
TODAY = D(2026, 12, 20)  # "now" for the pages once written, unless a test says otherwise

SENDER = {"letter_language": "en", "sender_name": "Maria Quintero", "sender_address": "12 Elm St\nEl Paso, TX 79901"}
DISPUTE = {
    **SENDER, "bureau": "equifax", "recipient_name": "Equifax Information Services LLC",
    "recipient_address": "P.O. Box 740256\nAtlanta, GA 30374", "furnisher": "Acme Bank", "account_number": "4111",
    "what_is_wrong": "The balance shows $900; I paid it in full in May 2024.", "correction": "Balance $0.",
}
FURNISHER = {**DISPUTE, "recipient_name": "Acme Bank", "recipient_address": "PO Box 1\nWilmington, DE 19801"}
OFFSET = {
    **SENDER, "recipient_name": "U.S. Department of Education", "recipient_address": "PO Box 5227\nGreenville, TX",
    "account_number": "ED-1234", "notice_date": "2026-11-02", "loan_program": "William D. Ford Federal Direct Loan",
    "objections": ["amount"], "explanation": "The amount includes a payment I made in March.",
}


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The pages' clock, set to TODAY; call it with another day to move it."""
    def set_to(day: dt.date) -> None:
        now = dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC)
        for module in (tracking_routes, writing_routes, pages):
            monkeypatch.setattr(module, "utcnow", lambda: now)

    set_to(TODAY)
    return set_to


def text(response: Any) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def written(client: Any, clock: Any, code: str, fields: dict[str, Any], kind: str = "credit_card",
            *, then: dt.date = TODAY, new_member: bool = True) -> int:
    """A letter written on WRITTEN through the writing page; the clock then moves to `then`."""
    clock(WRITTEN)
    if new_member:
        sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind=kind, account_number="", notes=""))
    letter_id = letter_id_from(write(client, debt, code, **fields))
    clock(then)
    return letter_id


def sent(client: Any, letter_id: int, on: str) -> None:
    response = post(client, f"/letters/{letter_id}/sent", {"sent_on": on, "method": "certified",
                                                          "tracking_number": "9407111206203456789012"},
                    follow_redirects=False)
    assert response.status_code == 303, text(response)


def delivered(client: Any, letter_id: int, on: str) -> Any:
    return post(client, f"/letters/{letter_id}/delivered", {"delivered_on": on}, follow_redirects=False)


def more_info(client: Any, letter_id: int, on: str) -> Any:
    return post(client, f"/letters/{letter_id}/more-information", {"more_info_on": on}, follow_redirects=False)


def stored(client: Any, letter_id: int) -> dict[str, tuple[dt.date, dt.date]]:
    async def fetch(db: Database) -> Any:
        return await db.fetch_all(letter_deadlines.select().where(letter_deadlines.c.letter_id == letter_id))

    return {row["rule"]: (row["due_on"], row["act_by"]) for row in run(client, fetch)}


def page(client: Any, letter_id: int) -> str:
    return text(client.get(f"/letters/{letter_id}"))


def test_a_bureau_dispute_delivered_on_december_1_is_answered_by_december_31(client: Any, today: Any) -> None:
    letter_id = written(client, today, "bureau_dispute", DISPUTE)
    sent(client, letter_id, "2026-11-25")
    # mailed Wednesday, November 25; 5 business days for the mail (Thanksgiving on the 26th skipped):
    # Nov 27, 30, Dec 1, 2, 3: assumed received Thursday, December 3; 30 days later, January 2
    before = page(client, letter_id)
    assert "Answer due by Jan 2, 2027" in before
    assert ("Counted: 30 calendar days after Dec 3, 2026, the day you mailed it plus 5 business days for delivery, "
            "until you enter the day it was delivered.") in before
    assert stored(client, letter_id) == {"bureau_reinvestigation_30_days": (D(2027, 1, 2), D(2027, 1, 2))}

    assert delivered(client, letter_id, "2026-12-01").status_code == 303
    after = page(client, letter_id)
    assert "Answer due by Dec 31, 2026" in after and "Jan 2, 2027" not in after
    assert ("Counted: 30 calendar days after the day they received it, Dec 1, 2026, as you entered it from the "
            "tracking or the green card.") in after
    assert "Delivered on Dec 1, 2026" in after
    assert "The delivery date is recorded" in after
    assert stored(client, letter_id) == {"bureau_reinvestigation_30_days": (D(2026, 12, 31), D(2026, 12, 31))}
    assert "Answer due by Dec 31, 2026" in text(client.get("/letters"))


def test_more_information_sent_during_the_30_days_gives_the_bureau_45(client: Any, today: Any) -> None:
    letter_id = written(client, today, "bureau_dispute", DISPUTE)
    sent(client, letter_id, "2026-11-25")
    delivered(client, letter_id, "2026-12-01")
    assert more_info(client, letter_id, "2026-12-10").status_code == 303
    words = page(client, letter_id)
    assert "Answer due by Jan 15, 2027" in words  # 45 days after December 1
    assert "You sent more information on Dec 10, 2026, within the first 30 days." in words
    assert "More information sent Dec 10, 2026" in words
    assert stored(client, letter_id) == {"bureau_reinvestigation_45_days": (D(2027, 1, 15), D(2027, 1, 15))}
    assert "Answer due by Jan 15, 2027" in text(client.get("/"))


def test_a_dispute_after_the_free_annual_report_gives_the_bureau_45_days(client: Any, today: Any) -> None:
    letter_id = written(client, today, "bureau_dispute", {**DISPUTE, "after_free_report": "yes"})
    sent(client, letter_id, "2026-11-25")
    delivered(client, letter_id, "2026-12-01")
    words = page(client, letter_id)
    assert "Answer due by Jan 15, 2027" in words
    assert "You said you are disputing after getting your free annual report." in words


def test_more_information_after_the_30_days_changes_nothing(client: Any, today: Any) -> None:
    letter_id = written(client, today, "bureau_dispute", DISPUTE)
    sent(client, letter_id, "2026-11-25")
    delivered(client, letter_id, "2026-12-01")
    today(D(2027, 1, 5))
    more_info(client, letter_id, "2027-01-04")  # after December 31: too late to extend
    assert "Answer due by Dec 31, 2026" in page(client, letter_id)


def test_a_furnisher_with_more_information_has_45_days_from_receipt(client: Any, today: Any) -> None:
    letter_id = written(client, today, "furnisher_dispute", FURNISHER)
    sent(client, letter_id, "2026-11-25")
    delivered(client, letter_id, "2026-12-01")
    assert "Answer due by Dec 31, 2026" in page(client, letter_id)
    more_info(client, letter_id, "2026-12-04")
    assert "Answer due by Jan 15, 2027" in page(client, letter_id)


def test_an_offset_review_asking_for_records_has_a_records_deadline_of_its_own(client: Any, today: Any) -> None:
    letter_id = written(client, today, "offset_review", {**OFFSET, "request_records": "yes"}, kind="federal_student",
                        then=WRITTEN)
    words = page(client, letter_id)
    # notice dated November 2: the 20th day is Sunday, November 22, not moved (part 30 has no such
    # rule): mail by Friday the 20th. The 65th day is Wednesday, January 6, 2027.
    assert "Records request: mail by Nov 20, 2026" in words
    assert "Mail by Jan 6, 2027" in words
    assert "is not moved to a business day for this notice" in words
    assert stored(client, letter_id) == {"offset_records_20_days": (D(2026, 11, 22), D(2026, 11, 20)),
                                         "offset_review_65_days": (D(2027, 1, 6), D(2027, 1, 6))}
    listing = text(client.get("/letters"))
    assert "Records request: mail by Nov 20, 2026" in listing and "Mail by Jan 6, 2027" in listing
    home = text(client.get("/"))
    assert home.index("Records request: mail by Nov 20, 2026") < home.index("Mail by Jan 6, 2027")

    without = written(client, today, "offset_review", OFFSET, kind="federal_student", then=WRITTEN,
                      new_member=False)
    assert "Records request" not in page(client, without)
    assert list(stored(client, without)) == ["offset_review_65_days"]


async def _reminded(db: Database) -> list[tuple[str, str]]:
    rows = await db.fetch_all(sa.select(notifications.c.kind, notifications.c.params).order_by(notifications.c.id))
    return [(r["kind"], json.loads(r["params"])["date"]) for r in rows if r["kind"].startswith("letter_")]


def test_the_records_deadline_is_reminded_on_its_own(client: Any, today: Any) -> None:
    written(client, today, "offset_review", {**OFFSET, "request_records": "yes"}, kind="federal_student")
    keyring = client.app_state["keyring"]
    counts = [run(client, reminders.remind_deadlines, keyring, dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC))
              for day in (12, 13, 14, 19)]
    assert counts == [0, 1, 0, 1]  # 7 days and 1 day before Friday the 20th; the review's Jan 6 is far
    assert run(client, _reminded) == [("letter_records_by", "2026-11-20")] * 2
    assert "Mail your letter by November 20, 2026 to ask for the records in time" in client.get("/notifications").text


def test_a_garnishment_records_deadline_on_a_weekend_moves_to_monday(client: Any, today: Any) -> None:
    hearing = {**OFFSET, "notice_date": "2026-11-01", "hearing_type": "written", "request_records": "yes",
               "notice_from": "department"}
    letter_id = written(client, today, "garnishment_hearing", hearing, kind="federal_student", then=WRITTEN)
    # 20th day Saturday, November 21: 34 CFR 34.3 moves it to Monday the 23rd; mail by Friday the 20th
    assert stored(client, letter_id)["awg_records_20_days"] == (D(2026, 11, 23), D(2026, 11, 20))
    assert "Records request: mail by Nov 20, 2026" in page(client, letter_id)


def test_a_validation_letter_is_judged_by_the_day_it_was_delivered(client: Any, today: Any) -> None:
    letter_id = written(client, today, "validation", {"notice_date": "2026-11-04", "validation_end": "2026-12-14"})
    # mailed Thursday, December 10: assumed to arrive Thursday the 17th, after Monday the 14th
    sent(client, letter_id, "2026-12-10")
    assert "mailed too late to arrive in time" in text(client.get("/letters"))
    delivered(client, letter_id, "2026-12-12")  # the tracking says it arrived on the Saturday
    words = page(client, letter_id)
    assert "You mailed it on Dec 10, 2026 and it was delivered on Dec 12, 2026, in time." in words
    assert "Deadline Dec 14, 2026: sent in time" in text(client.get("/letters"))


@pytest.mark.parametrize("typed, message", [
    ("yesterday-ish", "Enter the date, for example"),
    ("2026-12-21", "That date is in the future."),
    ("2026-11-24", "You sent the letter on Nov 25, 2026: it was delivered on that day or a later one."),
    ("2026-02-30", "Enter the date, for example"),
])
def test_a_wrong_delivery_date_comes_back_with_what_was_typed(client: Any, today: Any, typed: str,
                                                              message: str) -> None:
    letter_id = written(client, today, "bureau_dispute", DISPUTE)
    sent(client, letter_id, "2026-11-25")
    response = delivered(client, letter_id, typed)
    assert response.status_code == 400
    assert message in text(response) and f'value="{typed}"' in response.text
    assert run(client, lambda db: db.fetch_val(sa.select(letters.c.delivered_on))) is None


def test_a_wrong_date_for_more_information_comes_back_on_the_page(client: Any, today: Any) -> None:
    letter_id = written(client, today, "bureau_dispute", DISPUTE)
    sent(client, letter_id, "2026-11-25")
    for typed, message in [("2026-11-20", "You sent the letter on Nov 25, 2026: enter that day or a later one."),
                           ("2027-01-01", "That date is in the future."), ("soon", "Enter the date, for example")]:
        response = more_info(client, letter_id, typed)
        assert response.status_code == 400
        assert message in text(response) and f'value="{typed}"' in response.text
    assert "Answer due by Jan 2, 2027" in page(client, letter_id)  # still 30 days


def test_a_delivery_date_needs_a_sent_letter_and_more_information_a_recipient_with_more_time(
        client: Any, today: Any) -> None:
    letter_id = written(client, today, "bureau_dispute", DISPUTE)
    assert delivered(client, letter_id, "2026-12-01").status_code == 409  # not sent yet
    assert "When it was delivered" not in page(client, letter_id)
    offset = written(client, today, "offset_review", OFFSET, kind="federal_student", new_member=False)
    sent(client, offset, "2026-11-06")
    assert more_info(client, offset, "2026-11-09").status_code == 409  # no extension for this recipient
    assert "More information you sent" not in page(client, offset)


def test_a_sending_date_after_the_delivery_date_is_refused(client: Any, today: Any) -> None:
    letter_id = written(client, today, "bureau_dispute", DISPUTE)
    sent(client, letter_id, "2026-11-25")
    delivered(client, letter_id, "2026-12-01")
    response = post(client, f"/letters/{letter_id}/sent", {"sent_on": "2026-12-02", "method": "certified"},
                    follow_redirects=False)
    assert response.status_code == 400
    assert "You entered that it was delivered on Dec 1, 2026: it went out on that day or before." in text(response)


def test_another_members_letter_and_a_forged_form_change_nothing(client: Any, today: Any) -> None:
    letter_id = written(client, today, "bureau_dispute", DISPUTE)
    sent(client, letter_id, "2026-11-25")
    forged = client.post(f"/letters/{letter_id}/delivered", data={"delivered_on": "2026-12-01"},
                         follow_redirects=False)
    assert forged.status_code == 403
    log_out(client)
    sign_up(client, "intruder")
    assert delivered(client, letter_id, "2026-12-01").status_code == 404
    assert more_info(client, letter_id, "2026-12-01").status_code == 404
    assert run(client, lambda db: db.fetch_val(sa.select(letters.c.delivered_on))) is None


def test_a_deadline_stored_before_letter_deadlines_is_moved_there(client: Any, database_url: str) -> None:
    sign_up(client, "maria")
    downgrade(database_url, "0009")
    old = sa.table("letters", *(sa.column(name) for name in (
        "member_id", "type", "language", "fields_sealed", "created_at", "updated_at", "sent_on", "deadline_on",
        "reminded_at")))
    written_at, reminded = dt.datetime(2026, 11, 1, 12), dt.datetime(2026, 11, 25, 9)

    async def insert(db: Database) -> list[int]:
        member_id = await db.fetch_val(sa.select(members.c.id))
        ids = []
        for values in ({"type": "garnishment_hearing", "deadline_on": D(2026, 11, 29)},
                       {"type": "bureau_dispute", "sent_on": D(2026, 11, 2), "deadline_on": D(2026, 12, 2),
                        "reminded_at": reminded},
                       {"type": "cease", "deadline_on": None}):
            ids.append(await db.write_returning_val(old.insert().values(
                member_id=member_id, language="en", fields_sealed="{}", created_at=written_at,
                updated_at=written_at, **values).returning(sa.column("id"))))
        return ids

    hearing, dispute, cease = run(client, insert)
    upgrade(database_url)
    # the hearing's 30th day, Sunday, November 29, moves to Monday the 30th (34 CFR 34.3); mail by
    # Friday the 27th (Thanksgiving is the 26th); the bureau's answer keeps its day and its reminder
    assert stored(client, hearing) == {"awg_hearing_30_days": (D(2026, 11, 30), D(2026, 11, 27))}
    assert stored(client, dispute) == {"bureau_reinvestigation_30_days": (D(2026, 12, 2), D(2026, 12, 2))}
    assert stored(client, cease) == {}
    reminded_at = run(client, lambda db: db.fetch_val(sa.select(letter_deadlines.c.reminded_at)
                                                      .where(letter_deadlines.c.letter_id == dispute)))
    assert reminded_at == reminded.replace(tzinfo=dt.UTC)


def test_a_letter_that_must_arrive_and_was_delivered_in_time_leaves_the_home_page(client: Any, today: Any) -> None:
    letter_id = written(client, today, "validation", {"notice_date": "2026-11-04", "validation_end": "2026-12-14"},
                        then=D(2026, 12, 3))
    sent(client, letter_id, "2026-12-01")
    assert "Must arrive by Dec 14, 2026" in text(client.get("/"))  # it may not have arrived yet
    delivered(client, letter_id, "2026-12-03")
    assert "Your next deadlines" not in text(client.get("/"))
