"""The letter's language: a member reading Spanish writes to a US company in English with a Spanish
translation, is asked to write their own words in English, and the translation says the English
letter controls and is not signed again."""

from __future__ import annotations

import datetime as dt
import html
import re

from starlette.testclient import TestClient

from letters.catalogue import CATALOGUE
from letters.catalogue.pdf import letter_html
from server import pdf
from tests.conftest import post, sign_up
from tests.factories.debts import add_debt, debt_id_from
from tests.letters.values import example_values

HEADING_EN = "Spanish translation, for reference: the English letter above controls"
HEADING_ES = "Traducción al español, para referencia: la carta en inglés es la que vale"


def form_page(client: TestClient, code: str = "validation") -> str:
    debt = debt_id_from(add_debt(client, kind="credit_card", notes=""))
    return html.unescape(client.get(f"/debts/{debt}/letters/{code}").text)


def chosen_language(page: str) -> str:
    select = re.search(r'<select id="f-letter_language".*?</select>', page, re.DOTALL)
    assert select
    chosen = re.findall(r'<option value="([a-z]+)" selected', select.group(0))
    assert len(chosen) == 1, select.group(0)
    return chosen[0]


def test_on_the_spanish_site_the_letter_opens_in_english_with_a_spanish_translation(client: TestClient) -> None:
    sign_up(client, "maria")
    assert chosen_language(form_page(client)) == "en"
    post(client, "/account/language", {"language": "es"})
    page = form_page(client)
    assert chosen_language(page) == "bilingual" and '<option value="bilingual" selected>English + español' in page


def test_on_the_spanish_site_the_members_own_words_are_asked_for_in_english(client: TestClient) -> None:
    sign_up(client, "maria")
    asked = "Write this in English: the company reads the English letter"
    assert asked.lower() not in form_page(client).lower()  # the English site, an English letter
    post(client, "/account/language", {"language": "es"})
    page = form_page(client)
    hint = "escribe esto en inglés: la empresa lee la carta en inglés. Puedes agregar el español después."
    assert re.search(r'id="f-details-hint">[^<]*' + re.escape(hint), page), "the validation letter's details"
    assert not re.search(r'id="f-recipient_address-hint">[^<]*' + re.escape(hint), page), "not on an address"


def test_the_translation_says_the_english_letter_controls_and_has_no_line_to_sign() -> None:
    letter_type = CATALOGUE["validation"]
    document = letter_html(letter_type, "bilingual", example_values(letter_type, sender_name="Maria Quintero"),
                           dt.date(2026, 12, 8))
    assert document.count('class="signature-line"') == 1
    text = " ".join(pdf.pdf_text(pdf.html_to_pdf(document, title="", language="bilingual")).split())
    english, _, spanish = text.partition(HEADING_EN)
    assert spanish.startswith(" " + HEADING_ES) and HEADING_ES not in english
    assert "Sincerely, Maria Quintero" in english and "Atentamente, Maria Quintero" in spanish


def test_on_the_english_site_a_bilingual_letter_asks_for_english_too(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", notes=""))
    typed = {"letter_language": "bilingual", "sender_name": "Maria Quintero", "sender_address": "12 Elm St",
             "recipient_name": "Acme Recovery LLC", "recipient_address": "PO Box 9", "reasons": ["not_mine"],
             "notice_date": "2026-11-02"}
    refused = post(client, f"/debts/{debt}/letters/validation", {**typed, "sender_name": ""})
    assert refused.status_code == 400
    assert "If the letter is in English or in English + español, write this in English" in html.unescape(refused.text)
