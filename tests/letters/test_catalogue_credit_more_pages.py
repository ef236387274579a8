"""The identity-theft block, the two follow-ups to a bureau dispute and the bankruptcy-discharge
notice through the pages: offered for a debt, the form that opens, the 100-word statement sent
back with its text kept, the deadline counted from the delivery date entered, and the discharge
notice's rule and citations following who it goes to."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from letters.catalogue import CATALOGUE
from letters.catalogue.letter_type import LetterType
from letters.tracking import routes as tracking_routes
from letters.writing import routes as writing_routes
from server import pages
from server.i18n import using_language
from server.pdf import pdf_text
from tests.conftest import post, sign_up
from tests.factories.debts import add_debt, debt_id_from
from tests.factories.letters import letter_id_from

D = dt.date
CODES = ("identity_theft_block", "verification_method", "dispute_statement", "bankruptcy_discharge")


def letter(code: str) -> LetterType:
    return CATALOGUE[code]


def english(items: Any) -> list[str]:
    with using_language("en"):
        return [str(item) for item in items]


def flat(text: str) -> str:
    return " ".join(text.split())


STATEMENT = {
    "letter_language": "en", "sender_name": "Maria Quintero", "sender_address": "12 Elm St\nEl Paso, TX 79901",
    "bureau": "transunion", "recipient_name": "TransUnion Consumer Solutions",
    "recipient_address": "P.O. Box 2000\nChester, PA 19016", "furnisher": "Harbor Point Bank",
    "account_number": "HPB-3301",
}


def test_a_statement_over_100_words_is_sent_back_with_the_text_kept_then_saved_and_previewed(
        client: TestClient) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", account_number="HPB-3301", notes=""))
    too_long = " ".join(["Paid"] + ["in full"] * 50)  # 101 words
    response = post(client, f"/debts/{debt}/letters/dispute_statement", {**STATEMENT, "statement": too_long},
                    follow_redirects=False)
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert '<p class="error" id="f-statement-error">Keep it to 100 words: it has 101.</p>' in page
    assert too_long in page and 'value="TransUnion Consumer Solutions"' in page
    post(client, "/account/language", {"language": "es"})
    spanish = html.unescape(post(client, f"/debts/{debt}/letters/dispute_statement",
                                 {**STATEMENT, "statement": too_long}, follow_redirects=False).text)
    assert '<p class="error" id="f-statement-error">Limítalo a 100 palabras: tiene 101.</p>' in spanish
    assert too_long in spanish

    statement = "I paid this account in full in May 2024; the bank's receipt is enclosed."
    letter_id = letter_id_from(post(client, f"/debts/{debt}/letters/dispute_statement",
                                    {**STATEMENT, "statement": statement}, follow_redirects=False))
    preview = html.unescape(client.get(f"/letters/{letter_id}/preview").text)
    assert statement in preview and "Statement of dispute for my TransUnion credit file" in preview
    words = flat(pdf_text(post(client, f"/letters/{letter_id}/pdf", {}).content))
    assert "Under 15 U.S.C. § 1681i(b), I file the following statement of dispute." in words
    assert statement in words


@pytest.mark.parametrize("kind", ["credit_card", "federal_student"])
def test_each_new_letter_is_offered_and_its_form_opens_from_the_debt(client: TestClient, kind: str) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind=kind, account_number="HPB-3301", notes=""))
    choices = html.unescape(client.get(f"/debts/{debt}/letters").text)
    for code in CODES:
        assert f"/debts/{debt}/letters/{code}" in choices
        form = html.unescape(client.get(f"/debts/{debt}/letters/{code}").text)
        assert english([letter(code).title])[0] in form
        assert english([letter(code).cautions[0]])[0] in form
    assert 'value="HPB-3301"' in html.unescape(client.get(f"/debts/{debt}/letters/bankruptcy_discharge").text)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The pages' clock: call it with a day to set it."""
    def set_to(day: dt.date) -> None:
        now = dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC)
        for module in (tracking_routes, writing_routes, pages):
            monkeypatch.setattr(module, "utcnow", lambda: now)

    return set_to


BLOCK = {**{k: v for k, v in STATEMENT.items() if k not in ("furnisher", "account_number")},
         "information": "Harbor Point Bank card ending 4471, opened in my name", "theft_report": "ftc",
         "theft_report_number": "FTC-190224455", "theft_report_date": "2026-10-14"}


def test_a_block_delivered_the_friday_before_thanksgiving_is_due_the_friday_after(client: TestClient,
                                                                                 clock: Any) -> None:
    clock(D(2026, 11, 10))
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", account_number="", notes=""))
    letter_id = letter_id_from(post(client, f"/debts/{debt}/letters/identity_theft_block", BLOCK,
                                    follow_redirects=False))
    clock(D(2026, 11, 30))
    assert post(client, f"/letters/{letter_id}/sent", {"sent_on": "2026-11-16", "method": "certified",
                                                       "tracking_number": "9407111206203456789012"},
                follow_redirects=False).status_code == 303
    assert post(client, f"/letters/{letter_id}/delivered", {"delivered_on": "2026-11-20"},
                follow_redirects=False).status_code == 303
    page = flat(html.unescape(re.sub(r"<[^>]+>", " ", client.get(f"/letters/{letter_id}").text)))
    # 4 business days after Friday, November 20: Mon 23, Tue 24, Wed 25, (Thanksgiving), Fri 27
    assert "Answer due by Nov 27, 2026" in page
    assert "within 4 business days of receiving your letter with its copies (15 U.S.C. § 1681c-2(a))" in page


def test_a_discharge_notice_says_a_collector_has_no_deadline_and_a_bureau_has_30_days(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", account_number="", notes=""))
    notice = {**{k: v for k, v in STATEMENT.items() if k not in ("bureau", "furnisher")},
              "recipient_kind": "collector", "recipient_name": "Brightwater Recovery Partners",
              "court": "United States Bankruptcy Court for the District of Arizona", "case_number": "4:25-bk-01234",
              "chapter": "7", "filed_on": "2025-03-03", "discharged_on": "2025-06-17"}
    to_collector = letter_id_from(post(client, f"/debts/{debt}/letters/bankruptcy_discharge", notice,
                                       follow_redirects=False))
    page = flat(html.unescape(re.sub(r"<[^>]+>", " ", client.get(f"/letters/{to_collector}").text)))
    assert "The law gives a collector or creditor no deadline to answer" in page
    to_bureau = letter_id_from(post(client, f"/debts/{debt}/letters/bankruptcy_discharge",
                                    {**notice, "recipient_kind": "bureau"}, follow_redirects=False))
    words = flat(pdf_text(post(client, f"/letters/{to_bureau}/pdf", {}).content))
    assert "I dispute this account as it is reported, under 15 U.S.C. § 1681i" in words
    assert "References: 11 U.S.C. § 524(a); 15 U.S.C. § 1681i" in words
