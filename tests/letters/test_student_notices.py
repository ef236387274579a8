"""Garnishment and offset notices answered as the law of their sender asks: a guaranty agency's
garnishment notice gets 20 U.S.C. 1095a and its 15 days, the Department's still 34 CFR part 34 and
its 30; an offset review is not made without the loan program and the Social Security number that
34 CFR 30.24(b) requires."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import sqlalchemy as sa
from starlette.testclient import TestClient

from letters.catalogue import CATALOGUE
from letters.catalogue.letter_type import deadline_of
from letters.deadlines import deadline_for, legal_deadline, safe_day, sent_in_time
from letters.tables import letter_deadlines
from letters.writing.rules import counted_deadlines
from server.pdf import pdf_text
from tests.conftest import post, run, sign_up
from tests.factories.debts import add_debt, debt_id_from
from tests.factories.letters import letter_id_from, write

D = dt.date
HEARING = CATALOGUE["garnishment_hearing"]
REQUEST = {
    "recipient_name": "Great Lakes Guaranty Agency", "recipient_address": "PO Box 7860\nMadison, WI 53707",
    "notice_date": "2026-11-02", "hearing_type": "written", "objections": ["no_debt"],
    "explanation": "I paid this loan in full in 2019.",
}
OFFSET = {
    "recipient_name": "U.S. Department of Education, Treasury Offset", "recipient_address": "PO Box 5609\nGreenville, TX",
    "notice_date": "2026-11-02", "objections": ["no_debt"], "explanation": "I was never in default.",
    "loan_program": "William D. Ford Federal Direct Loan",
}


def words(response: Any) -> str:
    return " ".join(pdf_text(response.content).split())


def page_text(response: Any) -> str:
    return html.unescape(response.text)


def student_loan(client: TestClient) -> int:
    sign_up(client, "maria")
    return debt_id_from(add_debt(client, kind="federal_student", account_number="", notes=""))


def stored_deadline(client: TestClient, letter: int) -> dt.date | None:
    """The letter's main deadline as stored (the hearing request's, whichever rule binds it)."""
    found: dt.date | None = run(client, lambda db: db.fetch_val(
        sa.select(letter_deadlines.c.due_on).where(letter_deadlines.c.letter_id == letter,
                                                   letter_deadlines.c.rule.like("%hearing%"))))
    return found


def before_sending(fields: dict[str, str]) -> dt.date:
    """The hearing request's deadline as counted before it is sent."""
    return counted_deadlines(HEARING, fields)[0].last_day


# ---- garnishment: who sent the notice ----------------------------------------------------------

def test_a_guaranty_agency_notice_dated_november_2_must_be_answered_by_november_17() -> None:
    # 15 days after Monday, November 2, 2026 is Tuesday, November 17; the agency must have it then,
    # so it is mailed 5 business days before: Mon 16, Fri 13, Thu 12, Tue 10 (Wed 11 is Veterans
    # Day), Mon 9
    fields = {"notice_date": "2026-11-02", "notice_from": "guaranty_agency"}
    rule = deadline_of(HEARING, fields)
    assert rule is not None and rule.code == "guaranty_hearing_15_days"
    assert deadline_for(rule, None, fields) == (rule, D(2026, 11, 17))
    assert safe_day(rule, D(2026, 11, 17)) == D(2026, 11, 9)
    assert before_sending(fields) == D(2026, 11, 17)


def test_a_guaranty_agencys_15th_day_on_a_sunday_is_not_moved_to_monday() -> None:
    # notice dated Saturday, November 14, 2026: the 15th day is Sunday the 29th, and 34 CFR 34.3's
    # move to the next business day is the Department's rule, not the agency's
    fields = {"notice_date": "2026-11-14", "notice_from": "guaranty_agency"}
    rule = deadline_of(HEARING, fields)
    assert rule is not None
    assert legal_deadline(rule, D(2026, 11, 29)) == D(2026, 11, 29)
    # it must arrive: mailed on Friday the 20th it arrives about Mon 30th (Thanksgiving between), late
    assert not sent_in_time(rule, D(2026, 11, 29), D(2026, 11, 20))
    assert sent_in_time(rule, D(2026, 11, 29), safe_day(rule, D(2026, 11, 29)))


def test_a_department_notice_keeps_its_30_days_moved_off_a_weekend() -> None:
    department = deadline_of(HEARING, {"notice_date": "2026-11-02", "notice_from": "department"})
    assert department is not None and department.code == "awg_hearing_30_days"
    assert before_sending({"notice_date": "2026-11-02", "notice_from": "department"}) == D(2026, 12, 2)
    # notice dated Friday, October 30: the 30th day, Sunday November 29, moves to Monday the 30th
    assert legal_deadline(department, D(2026, 11, 29)) == D(2026, 11, 30)
    # a request written before the form asked cites the Department's law, and keeps its rule
    assert deadline_of(HEARING, {"notice_date": "2026-11-02"}) == department


def test_the_guaranty_agency_letter_cites_1095a_and_not_the_departments_law(client: TestClient) -> None:
    debt = student_loan(client)
    letter = letter_id_from(write(client, debt, "garnishment_hearing", **REQUEST, notice_from="guaranty_agency"))
    assert stored_deadline(client, letter) == D(2026, 11, 17)
    text = words(post(client, f"/letters/{letter}/pdf", {}))
    assert "Under 20 U.S.C. § 1095a (section 488A of the Higher Education Act), I request a hearing" in text
    assert ("a request made by the 15th day after the notice was mailed means that the hearing must be held before "
            "any withholding order is issued") in text
    assert "3720D" not in text and "34 CFR" not in text and "the Department" not in text


def test_the_department_letter_still_cites_3720d_and_part_34(client: TestClient) -> None:
    debt = student_loan(client)
    letter = letter_id_from(write(client, debt, "garnishment_hearing", **REQUEST, notice_from="department"))
    assert stored_deadline(client, letter) == D(2026, 12, 2)
    text = words(post(client, f"/letters/{letter}/pdf", {}))
    assert "Under 31 U.S.C. § 3720D and 34 CFR 34.11, I request a hearing" in text and "1095a" not in text


def test_the_spanish_and_bilingual_guaranty_agency_letters_cite_1095a_only(client: TestClient) -> None:
    debt = student_loan(client)
    for language in ("es", "bilingual"):
        letter = letter_id_from(write(client, debt, "garnishment_hearing", **REQUEST, notice_from="guaranty_agency",
                                      letter_language=language))
        text = words(post(client, f"/letters/{letter}/pdf", {}))
        assert "Conforme a 20 U.S.C. § 1095a (sección 488A de la Ley de Educación Superior)" in text
        assert "3720D" not in text and "34 CFR" not in text and "Departamento" not in text


def test_the_form_asks_who_sent_the_notice(client: TestClient) -> None:
    debt = student_loan(client)
    form = page_text(client.get(f"/debts/{debt}/letters/garnishment_hearing"))
    assert "Who sent the garnishment notice" in form and "A guaranty agency" in form
    missing = write(client, debt, "garnishment_hearing", **REQUEST)
    assert missing.status_code == 400
    assert '<p class="error" id="f-notice_from-error">This is needed for the letter.</p>' in page_text(missing)


def test_the_oral_hearing_hint_asks_for_what_34_9_requires(client: TestClient) -> None:
    debt = student_loan(client)
    form = page_text(client.get(f"/debts/{debt}/letters/garnishment_hearing"))
    assert "credibility or truthfulness (34 CFR 34.9)" in form and "records are incomplete" not in form


# ---- offset review: the loan program and the Social Security number ------------------------------

def test_an_offset_review_needs_the_loan_program(client: TestClient) -> None:
    debt = student_loan(client)
    missing = write(client, debt, "offset_review", **{**OFFSET, "loan_program": ""})
    assert missing.status_code == 400
    assert '<p class="error" id="f-loan_program-error">This is needed for the letter.</p>' in page_text(missing)


def test_an_offset_review_is_not_downloaded_without_the_ssn(client: TestClient) -> None:
    debt = student_loan(client)
    letter = letter_id_from(write(client, debt, "offset_review", **OFFSET))
    without = post(client, f"/letters/{letter}/pdf", {"ssn": ""})
    assert without.status_code == 400 and without.headers["content-type"].startswith("text/html")
    assert '<p class="error" id="f-ssn-error">This is needed for the letter.</p>' in page_text(without)
    # the preview still shows the letter, with a line to write the number on
    preview = page_text(client.get(f"/letters/{letter}/preview"))
    assert preview.count("Social Security number: ________________") == 1
    text = words(post(client, f"/letters/{letter}/pdf", {"ssn": "123-45-6789"}))
    assert "Social Security number: 123-45-6789" in text
    assert "Program named on the notice: William D. Ford Federal Direct Loan" in text


def test_the_letters_page_shows_a_guaranty_agencys_rule_not_the_departments(client: TestClient) -> None:
    debt = student_loan(client)
    letter = letter_id_from(write(client, debt, "garnishment_hearing", **REQUEST, notice_from="guaranty_agency",
                                  request_records="yes"))
    page = page_text(client.get(f"/letters/{letter}"))
    assert "Must arrive by Nov 17, 2026: mail it by Nov 9, 2026" in page
    assert "20 U.S.C. § 1095a(b)" in page and "34 CFR 34.3" not in page
    assert "Records request" not in page  # the Department's 20-day records rule (34.13) is not the agency's
