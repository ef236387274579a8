"""A borrower-defense statement's 3-year limit binds only loans first disbursed on or after July 1,
2020 (34 CFR 685.206(e)); for older loans the page says which rule applies, and no date is passed."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import sqlalchemy as sa
from starlette.testclient import TestClient

from letters.catalogue import CATALOGUE
from letters.tables import letter_deadlines
from letters.writing.rules import counted_deadlines
from server.pdf import pdf_text
from tests.conftest import post, run, sign_up
from tests.factories.debts import add_debt, debt_id_from
from tests.factories.letters import letter_id_from, write

STATEMENT = {
    "recipient_name": "U.S. Department of Education, Borrower Defense", "recipient_address": "PO Box 1854\nMonticello, KY",
    "school_name": "Everest College", "program": "Medical Assistant certificate",
    "misrepresentation": "They promised a job.", "reliance": "I enrolled.", "harm": "I owe for nothing.",
}
EVEREST = {**STATEMENT, "attended_from": "2013-09-03", "attended_until": "2014-08-22",
           "first_disbursed": "before_july_2020"}
# first disbursed Aug 15, 2021; left Sep 1, 2022
RECENT = {**STATEMENT, "attended_from": "2021-08-15", "attended_until": "2022-09-01",
          "first_disbursed": "from_july_2020"}


def text(response: Any) -> str:
    return html.unescape(response.text)


def statement(client: TestClient, **changes: Any) -> int:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="federal_student", account_number="", notes=""))
    return letter_id_from(write(client, debt, "borrower_defense", **changes))


def stored_deadline(client: TestClient, letter: int) -> dt.date | None:
    found: dt.date | None = run(client, lambda db: db.fetch_val(
        sa.select(letter_deadlines.c.due_on).where(letter_deadlines.c.letter_id == letter)))
    return found


def test_a_loan_first_disbursed_before_july_2020_shows_no_passed_deadline(client: TestClient) -> None:
    letter = statement(client, **EVEREST)
    page = text(client.get(f"/letters/{letter}"))
    assert "Aug 21, 2017" not in page and "passed" not in page
    assert ("No deadline to apply: the 3-year limit of 34 CFR 685.206(e) covers only loans first disbursed on or "
            "after July 1, 2020.") in page
    assert stored_deadline(client, letter) is None
    assert "Aug 21, 2017" not in text(client.get("/letters"))
    words = " ".join(pdf_text(post(client, f"/letters/{letter}/pdf", {}).content).split())
    assert ("All of these loans were first disbursed before July 1, 2020. The three-year limit of 34 CFR "
            "685.206(e) therefore does not apply to them") in words


def test_a_loan_first_disbursed_in_2021_has_three_years_from_leaving_school(client: TestClient) -> None:
    # 1,095 days after Sep 1, 2022 (Feb 29, 2024 between) is Sun Aug 31, 2025: one day before the
    # third anniversary that 685.206(e) gives, on the safe side; it must arrive by then, so it is
    # mailed five business days before the last business day on or before it (Fri Aug 29)
    letter = statement(client, **RECENT)
    assert stored_deadline(client, letter) == dt.date(2025, 8, 31)
    page = text(client.get(f"/letters/{letter}"))
    assert "Must arrive by Aug 31, 2025: mail it by Aug 22, 2025" in page and "this date has passed" in page


def test_not_sure_applies_the_limit_only_to_a_member_who_attended_from_july_2020() -> None:
    letter_type = CATALOGUE["borrower_defense"]
    left_2014 = {"attended_until": "2014-08-22", "first_disbursed": "not_sure"}
    left_2022 = {"attended_until": "2022-09-01", "first_disbursed": "not_sure"}
    assert counted_deadlines(letter_type, left_2014) == []
    assert [item.last_day for item in counted_deadlines(letter_type, left_2022)] == [dt.date(2025, 8, 31)]


def test_the_form_asks_when_the_loans_were_first_disbursed_and_starts_from_the_vault(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="federal_student", account_number="", notes="", opened_on="2021-08-15"))
    form = text(client.get(f"/debts/{debt}/letters/borrower_defense"))
    assert 'value="from_july_2020" selected' in form
    missing = write(client, debt, "borrower_defense", **{**RECENT, "first_disbursed": ""})
    assert missing.status_code == 400
    assert '<p class="error" id="f-first_disbursed-error">This is needed for the letter.</p>' in text(missing)


def test_the_statement_does_not_call_the_loans_it_names_an_alleged_debt(client: TestClient) -> None:
    """It names "the federal student loans I took": disputing them as "the alleged debt" contradicts
    it, and federal student loans have no statute of limitations to guard."""
    letter = statement(client, **EVEREST)
    words = " ".join(pdf_text(post(client, f"/letters/{letter}/pdf", {}).content).split())
    assert "the federal student loans I took" in words and "This statement does not promise any payment." in words
    assert "acknowledge" not in words and "alleged debt" not in words

