"""Tracking letters through the pages: marking them sent, their deadlines with the rule in words,
responses, the home page's next deadlines and the reminders — each member's own, nobody else's.

Letters are created directly in the database, sealed with the member's own key as the writing flow
seals them; the test letter types carry known rules, so the expected dates are worked out by hand.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from typing import Any

import pytest
import sqlalchemy as sa

from letters.catalogue import CATALOGUE
from letters.catalogue.letter_type import Field, LetterType, recipient_fields, sender_fields
from letters.deadlines import DeadlineRule
from letters.sealing import FIELDS
from letters.tables import letter_deadlines, letters
from letters.tracking import reminders, rules
from letters.tracking import routes as tracking_routes
from letters.writing.queries import save_deadlines
from letters.writing.rules import counted_deadlines
from server import crypto, pages
from server.db import Database
from server.sealing import seal
from server.tables import members, notifications
from tests.conftest import STRONG_PASSWORD, log_out, post, run, sign_up
from tests.factories.debts import add_debt, debt_id_from

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)  # a Friday
D = dt.date
WRITTEN = D(2026, 11, 1)

ANSWER_IN_30_DAYS = DeadlineRule(
    code="test_answer_30", days=30, business_days=False, starts="sent", meaning="answer", who="recipient",
    description="They must answer within 30 days.")  # type: ignore[arg-type]
MAIL_BY_30TH_DAY = DeadlineRule(
    code="test_mail_30", days=30, business_days=False, starts="notice_date", meaning="postmarked", who="member",
    description="Postmarked by the 30th day after the notice.")  # type: ignore[arg-type]


def _type(code: str, title: str, rule: DeadlineRule) -> LetterType:
    return LetterType(
        code=code, title=title, summary="A test letter.", recipient="A test recipient",  # type: ignore[arg-type]
        legal_basis=("15 U.S.C. 1681i",),
        fields=(*sender_fields(), *recipient_fields("Recipient"),  # type: ignore[arg-type]
                Field("notice_date", "Date of the notice", kind="date")),  # type: ignore[arg-type]
        cautions=("Never admit the debt.",), kinds=None, checked_on=D(2026, 11, 1), deadline=rule)  # type: ignore[arg-type]


DISPUTE = _type("test_dispute", "Test bureau dispute", ANSWER_IN_30_DAYS)
HEARING = _type("test_hearing", "Test hearing request", MAIL_BY_30TH_DAY)
FIELDS_TYPED = {"sender_name": "Maria Lopez", "sender_address": "1 Main St", "recipient_name": "Equifax Secretcorp",
                "recipient_address": "PO Box 740256", "notice_date": "2026-10-30"}


@pytest.fixture(autouse=True)
def tracked_types(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(CATALOGUE, DISPUTE.code, DISPUTE)
    monkeypatch.setitem(CATALOGUE, HEARING.code, HEARING)
    monkeypatch.setattr(tracking_routes, "utcnow", lambda: NOW)
    monkeypatch.setattr(pages, "utcnow", lambda: NOW)


def join(client: Any, handle: str) -> tuple[int, bytes]:
    """Sign up (and stay logged in); the member's id and data key."""
    sign_up(client, handle)

    async def find(db: Database) -> Any:
        return await db.fetch_one(sa.select(members.c.id, members.c.data_key_by_password)
                                  .where(members.c.handle == handle))

    row = run(client, find)
    return row["id"], crypto.unwrap_with_password(row["data_key_by_password"], STRONG_PASSWORD)


def write(client: Any, member: tuple[int, bytes], letter_type: LetterType, *, created: dt.date = WRITTEN,
          fields: dict[str, str] | None = None, **columns: Any) -> int:
    member_id, key = member
    sealed = seal(key, member_id, FIELDS, json.dumps(fields or FIELDS_TYPED))
    assert sealed is not None
    at = dt.datetime.combine(created, dt.time(12), tzinfo=dt.UTC)

    async def insert(db: Database) -> int:
        letter_id = int(await db.insert(letters.insert().values(
            member_id=member_id, type=letter_type.code, language="en", fields_sealed=sealed,
            created_at=at, updated_at=at, **columns)))
        # its deadlines, counted and stored as writing and marking it sent do
        await save_deadlines(db, letter_id, counted_deadlines(
            letter_type, fields or FIELDS_TYPED, sent_on=columns.get("sent_on"),
            delivered_on=columns.get("delivered_on"), more_info_on=columns.get("more_info_on")))
        return letter_id

    return run(client, insert)


def letter_row(client: Any, letter_id: int) -> dict[str, Any]:
    async def fetch(db: Database) -> Any:
        return await db.fetch_one(letters.select().where(letters.c.id == letter_id))

    return dict(run(client, fetch))


def stored_deadlines(client: Any, letter_id: int) -> dict[str, Any]:
    """The letter's deadlines as stored for the home page and the reminders, by rule."""
    async def fetch(db: Database) -> Any:
        return await db.fetch_all(letter_deadlines.select().where(letter_deadlines.c.letter_id == letter_id))

    return {row["rule"]: dict(row) for row in run(client, fetch)}


def send(client: Any, letter_id: int, **changes: str) -> Any:
    data = {"sent_on": "2026-11-02", "method": "certified", "tracking_number": "9407 1112 0620 3456 7890 12", **changes}
    return post(client, f"/letters/{letter_id}/sent", data, follow_redirects=False)


def answer(client: Any, letter_id: int, **changes: str) -> Any:
    data = {"response": "verified", "response_on": "2026-11-18", **changes}
    return post(client, f"/letters/{letter_id}/response", data, follow_redirects=False)


def test_marking_a_letter_sent_shows_its_deadline_next_to_the_rule(client: Any) -> None:
    letter_id = write(client, join(client, "maria"), DISPUTE)
    before = client.get(f"/letters/{letter_id}").text
    assert "Test bureau dispute" in before and "Equifax Secretcorp" in before
    assert "The deadline is worked out when you mark the letter sent." in before
    assert "Never admit the debt." in before  # the cautions, while it is not sent

    response = send(client, letter_id)
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "Answer due by Dec 2, 2026" in page  # 30 days after November 2, counted by hand
    assert "They must answer within 30 days." in page
    assert "Counted: 30 calendar days after the day you sent it." in page
    assert "Certified mail" in page and "9407 1112 0620 3456 7890 12" in page
    assert "Record the response" in page
    assert "LawHelp.org" in page and "If you have been sued" in page

    row = letter_row(client, letter_id)
    assert row["sent_on"] == D(2026, 11, 2) and stored_deadlines(client, letter_id)["test_answer_30"]["due_on"] == D(
        2026, 12, 2)
    assert "9407" not in row["tracking_sealed"]  # sealed with the member's key


def test_a_members_own_deadline_on_a_weekend_is_not_moved_but_says_mail_by_the_day_before(client: Any) -> None:
    maria = join(client, "maria")
    # the notice is dated Friday, October 30: its 30th day is Sunday, November 29
    letter_id = write(client, maria, HEARING, created=D(2026, 11, 10))
    page = client.get(f"/letters/{letter_id}").text
    assert "Mail by Nov 27, 2026" in page
    assert "The deadline itself, Nov 29, 2026, falls on a weekend or a holiday" in page
    assert "Worked out from the dates you entered in the letter." in page
    assert "Counted: 30 calendar days after the date you gave as “Date of the notice”." in page

    assert send(client, letter_id, sent_on="2026-11-20").status_code == 303
    page = client.get(f"/letters/{letter_id}").text
    assert "Deadline: Nov 29, 2026" in page and "You sent it on Nov 20, 2026, in time." in page
    assert stored_deadlines(client, letter_id)["test_mail_30"]["due_on"] == D(2026, 11, 29)
    assert "Your next deadlines" not in client.get("/").text  # sent: nothing left to do by then


def test_a_garnishment_hearings_deadline_on_a_sunday_moves_to_monday_and_says_mail_by_friday(client: Any) -> None:
    maria = join(client, "maria")
    hearing = CATALOGUE["garnishment_hearing"]
    # the notice is dated Friday, October 30: its 30th day is Sunday, November 29 (34 CFR 34.3 moves
    # it to Monday the 30th); Thursday the 26th is Thanksgiving
    letter_id = write(client, maria, hearing, created=D(2026, 11, 10))
    page = client.get(f"/letters/{letter_id}").text
    assert "Mail by Nov 27, 2026" in page
    assert ("The last day counted, Nov 29, 2026, falls on a weekend or a holiday, so the deadline moves to the "
            "next business day, Nov 30, 2026. To be safe, mail it by the business day before, Nov 27, 2026.") in page
    assert "not moved later" not in page

    postmarked_monday = write(client, maria, hearing, created=D(2026, 11, 10), sent_on=D(2026, 11, 30))
    page = client.get(f"/letters/{postmarked_monday}").text
    assert "Deadline: Nov 30, 2026" in page and "You sent it on Nov 30, 2026, in time." in page


def test_a_validation_letter_mailed_on_the_last_day_is_shown_as_late(client: Any) -> None:
    maria = join(client, "maria")
    validation = CATALOGUE["validation"]
    typed = {**FIELDS_TYPED, "notice_date": "2026-11-09", "validation_end": "2026-12-14"}
    # the period ends Monday, December 14, 2026: counting 5 business days for the mail, mail by Monday the 7th
    letter_id = write(client, maria, validation, fields=typed)
    page = client.get(f"/letters/{letter_id}").text
    assert "Must arrive by Dec 14, 2026: mail it by Dec 7, 2026" in page

    on_the_last_day = write(client, maria, validation, fields=typed, sent_on=D(2026, 12, 14))
    page = client.get(f"/letters/{on_the_last_day}").text
    assert "in time" not in page
    assert ("You mailed it on Dec 14, 2026. Counting 5 business days for the mail, it arrives about "
            "Dec 21, 2026, after the deadline.") in page


def test_the_last_reminder_to_mail_a_letter_that_must_arrive_comes_in_time_to_mail_it(client: Any) -> None:
    maria = join(client, "maria")
    typed = {**FIELDS_TYPED, "notice_date": "2026-11-09", "validation_end": "2026-12-14"}
    write(client, maria, CATALOGUE["validation"], fields=typed)
    keyring = client.app_state["keyring"]
    sent = [run(client, reminders.remind_deadlines, keyring, dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC))
            for day in (29, 30)]
    sent += [run(client, reminders.remind_deadlines, keyring, dt.datetime(2026, 12, day, 9, tzinfo=dt.UTC))
             for day in (5, 6, 7, 13)]
    # the mail-by day is Monday, December 7: a week before is November 30, the day before is the 6th
    assert sent == [0, 1, 0, 1, 0, 0]
    assert [(kind, day) for kind, _link, day in run(client, _reminders, maria[0])] == [
        ("letter_arrive_by", "2026-12-07")] * 2
    assert "Mail your letter by December 7, 2026 so that it arrives in time" in client.get("/notifications").text


@pytest.mark.parametrize("changes, message", [
    ({"sent_on": "2026-11-21"}, "That date is in the future."),
    ({"sent_on": "2026-10-30"}, "You wrote this letter on Nov 1, 2026: it cannot have gone out before then."),
    ({"sent_on": "last week"}, "Enter the date, for example"),
    ({"method": "pigeon"}, "Choose how you sent it."),
    ({"tracking_number": "9" * 5000}, "A tracking number has at most 64 characters; this has 5,000."),
])
def test_wrong_sending_details_come_back_with_what_was_typed(client: Any, changes: dict[str, str],
                                                             message: str) -> None:
    letter_id = write(client, join(client, "maria"), DISPUTE)
    typed = {"sent_on": "2026-11-02", "tracking_number": "RR123456789US", **changes}
    response = send(client, letter_id, **typed)
    assert response.status_code == 400
    assert message in response.text
    assert f'value="{typed["sent_on"]}"' in response.text
    assert f'value="{typed["tracking_number"][:256]}"' in response.text
    assert letter_row(client, letter_id)["sent_on"] is None


def test_recording_the_response_shows_it_and_ends_the_deadline(client: Any) -> None:
    letter_id = write(client, join(client, "maria"), DISPUTE)
    assert answer(client, letter_id).status_code == 409  # not sent yet: no response to record
    send(client, letter_id)
    wrong = answer(client, letter_id, response="maybe", response_on="2026-11-01")
    assert wrong.status_code == 400
    assert "Choose what happened." in wrong.text
    assert "You sent the letter on Nov 2, 2026: enter that day or a later one." in wrong.text
    assert 'value="2026-11-01"' in wrong.text

    assert answer(client, letter_id).status_code == 303
    page = client.get(f"/letters/{letter_id}").text
    assert "They say it is correct (verified)" in page and "Nov 18, 2026" in page
    assert "They say it is correct (verified)" in client.get("/letters").text
    assert "Your next deadlines" not in client.get("/").text


@pytest.fixture
def marias_letter(client: Any) -> int:
    letter_id = write(client, join(client, "maria"), DISPUTE)
    send(client, letter_id)
    log_out(client)
    sign_up(client, "intruder")
    return letter_id


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/letters/{id}", "/letters/{id}/sent", "/letters/{id}/response"])
def test_another_member_gets_404_whatever_the_method(client: Any, marias_letter: int, method: str, path: str) -> None:
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', client.get("/letters").text)
    assert token
    data = {"csrf_token": token.group(1), "sent_on": "2026-11-03", "method": "fax", "tracking_number": "X",
            "response": "removed", "response_on": "2026-11-19"}
    response = client.request(method, path.format(id=marias_letter), data=data if method != "GET" else None)
    assert response.status_code == 404
    assert "Equifax Secretcorp" not in response.text
    row = letter_row(client, marias_letter)
    assert (row["sent_on"], row["sent_method"], row["response"]) == (D(2026, 11, 2), "certified", None)
    assert "Test bureau dispute" not in client.get("/letters").text
    assert "Your next deadlines" not in client.get("/").text


@pytest.mark.parametrize("path", ["/letters/99999999999999999999", "/letters/2147483648", "/letters/0",
                                  "/letters/2147483648/sent"])
def test_impossible_letter_ids_are_404(client: Any, path: str) -> None:
    sign_up(client, "maria")
    assert client.get(path).status_code == 404


def test_visitors_are_sent_to_log_in(client: Any) -> None:
    response = client.get("/letters", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_my_letters_puts_deadlines_ahead_first_then_the_newest(client: Any) -> None:
    maria = join(client, "maria")
    debt_id = debt_id_from(add_debt(client))
    waiting = write(client, maria, DISPUTE, created=D(2026, 11, 1), debt_id=debt_id)
    send(client, waiting)
    newest = write(client, maria, HEARING, created=D(2026, 11, 15), fields={**FIELDS_TYPED, "notice_date": ""})
    listing = client.get("/letters").text
    assert listing.index(f'href="/letters/{waiting}"') < listing.index(f'href="/letters/{newest}"')
    assert "Private student loan · Navient" in listing
    assert "Answer due by Dec 2, 2026" in listing and "They must answer within 30 days." in listing
    assert "Not yet" in listing and "English" in listing


def test_the_home_page_lists_the_next_deadlines_soonest_first(client: Any) -> None:
    maria = join(client, "maria")
    later = write(client, maria, DISPUTE)
    send(client, later, sent_on="2026-11-10")  # due December 10
    sooner = write(client, maria, DISPUTE)
    send(client, sooner)  # due December 2
    hearing = write(client, maria, HEARING)  # not sent: mail by Friday the 27th
    home = client.get("/").text
    assert "Your next deadlines" in home
    assert "Mail by Nov 27, 2026" in home and "Answer due by Dec 2, 2026" in home
    assert "Answer due by Dec 10, 2026" in home
    assert home.index(f"/letters/{hearing}") < home.index(f"/letters/{sooner}") < home.index(f"/letters/{later}")


async def _reminders(db: Database, member_id: int) -> list[tuple[str, str | None, str]]:
    rows = await db.fetch_all(sa.select(notifications.c.kind, notifications.c.link, notifications.c.params)
                              .where(notifications.c.member_id == member_id).order_by(notifications.c.id))
    return [(r["kind"], r["link"], json.loads(r["params"])["date"]) for r in rows if r["kind"].startswith("letter_")]


def test_reminders_go_out_once_a_week_before_and_once_a_day_before(client: Any) -> None:
    maria = join(client, "maria")
    letter_id = write(client, maria, DISPUTE)
    send(client, letter_id)  # due Wednesday, December 2
    answered = write(client, maria, DISPUTE)
    send(client, answered)
    answer(client, answered)
    keyring = client.app_state["keyring"]
    sent = []
    for day, hour in [(24, 9), (25, 9), (25, 18), (28, 9), (31, 9), (31, 23), (32, 9), (33, 9)]:
        now = dt.datetime(2026, 11, 1, hour, tzinfo=dt.UTC) + dt.timedelta(days=day - 1)
        sent.append(run(client, reminders.remind_deadlines, keyring, now))
    # November 24 is 8 days before; November 25 is 7; December 1 is 1; December 2, the day itself
    assert sent == [0, 1, 0, 0, 1, 0, 0, 0]
    link = f"/letters/{letter_id}"
    assert run(client, _reminders, maria[0]) == [("letter_answer_due", link, "2026-12-02")] * 2
    page = client.get("/notifications").text
    assert "An answer to your letter is due by December 2, 2026" in page
    assert "Test bureau dispute" in page


def test_a_letter_not_yet_sent_is_reminded_to_be_mailed_by_the_business_day_before(client: Any) -> None:
    maria = join(client, "maria")
    write(client, maria, HEARING)
    keyring = client.app_state["keyring"]
    assert run(client, reminders.remind_deadlines, keyring, NOW + dt.timedelta(days=2)) == 1  # Sunday the 22nd
    (kind, _link, day), = run(client, _reminders, maria[0])
    assert (kind, day) == ("letter_mail_by", "2026-11-27")
    assert "Mail your letter by November 27, 2026" in client.get("/notifications").text


def test_reminders_go_in_batches_and_two_runs_at_once_send_each_once(client: Any,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reminders, "BATCH", 2)
    maria = join(client, "maria")
    for _ in range(5):
        write(client, maria, DISPUTE, sent_on=D(2026, 11, 2))
    keyring = client.app_state["keyring"]
    week_before = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)

    async def two_at_once(db: Database) -> list[int]:
        async def one() -> int:
            async with db.session():
                return await reminders.remind_deadlines(db, keyring, week_before)

        return list(await asyncio.gather(one(), one()))

    assert sum(run(client, two_at_once)) == 5
    assert run(client, reminders.remind_deadlines, keyring, week_before) == 0
    assert len(run(client, _reminders, maria[0])) == 5


def test_a_reminder_that_fails_is_tried_again_and_holds_back_no_other(client: Any,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    maria = join(client, "maria")
    first, second = (write(client, maria, DISPUTE, sent_on=D(2026, 11, 2))
                     for _ in range(2))
    keyring = client.app_state["keyring"]
    week_before = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)
    real_notify = reminders.notify

    async def failing_for_the_first(db: Database, keyring: Any, member_id: int, kind: str, **kw: Any) -> None:
        if kw["link"] == f"/letters/{first}":
            raise RuntimeError("mail server down")
        await real_notify(db, keyring, member_id, kind, **kw)

    monkeypatch.setattr(reminders, "notify", failing_for_the_first)
    assert run(client, reminders.remind_deadlines, keyring, week_before) == 1
    assert [link for _kind, link, _day in run(client, _reminders, maria[0])] == [f"/letters/{second}"]
    monkeypatch.setattr(reminders, "notify", real_notify)
    assert run(client, reminders.remind_deadlines, keyring, week_before) == 1  # the first, this time
    assert stored_deadlines(client, first)["test_answer_30"]["reminded_at"] == week_before


@pytest.mark.parametrize("deadline, reminded, today, due", [
    (D(2026, 12, 2), None, D(2026, 11, 24), None),
    (D(2026, 12, 2), None, D(2026, 11, 25), "week"),
    (D(2026, 12, 2), None, D(2026, 11, 30), "week"),  # late, but never told: told now
    (D(2026, 12, 2), dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC), D(2026, 11, 30), None),
    (D(2026, 12, 2), dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC), D(2026, 12, 1), "day"),
    (D(2026, 12, 2), dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), D(2026, 12, 2), None),
    (D(2026, 12, 2), None, D(2026, 12, 2), "day"),
    (D(2026, 12, 2), None, D(2026, 12, 3), None),
    # a deadline moved later by a corrected sending date is reminded again
    (D(2026, 12, 20), dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), D(2026, 12, 13), "week"),
])
def test_which_reminder_is_due(deadline: dt.date, reminded: dt.datetime | None, today: dt.date,
                               due: str | None) -> None:
    assert rules.reminder_due(deadline, reminded, today) == due
