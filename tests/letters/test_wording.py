"""What the letters say, read back from the PDF as their recipient reads it: a furnisher is held to
its own duties and written to in the member's own structure; the medical letter applies for
assistance and disputes the amount only when the member does; a cease letter limits only what was
ticked; the validation request asks the CFPB sample's questions and, when the member wants it, for
a Spanish notice; the collective letter admits no debt."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import pytest
from starlette.testclient import TestClient

from campaigns.collective_letter.contents import collective_html
from campaigns.collective_letter.rules import CollectiveLetter, PrintedTotals, Signer, SignerCounts
from letters.catalogue import CATALOGUE
from letters.catalogue.pdf import letter_html
from server import letter_layout, pdf
from server import members as accounts
from server.db import utcnow
from server.settings import Settings
from tests.conftest import log_in, new_client, run, sign_up
from tests.factories.campaigns import campaign
from tests.factories.debts import add_debt, debt_id_from
from tests.factories.letters import write
from tests.factories.pages import text
from tests.letters.values import example_values

TODAY = dt.date(2026, 12, 8)
MEMBER = {"sender_name": "Zephyrine Quackenbush", "sender_address": "41 Larkspur Lane\nTucson, AZ 85701",
          "recipient_name": "Harbor Bank", "recipient_address": "PO Box 7730\nDover, DE 19903",
          "account_number": "QZ4471958832"}


def words(code: str, language: str = "en", **overrides: Any) -> str:
    letter_type = CATALOGUE[code]
    values = example_values(letter_type, **{**MEMBER, **overrides})
    document = letter_html(letter_type, language, values, TODAY)
    return " ".join(pdf.pdf_text(pdf.html_to_pdf(
        document, title=letter_layout.letter_title(letter_type, language), language=language)).split())


@pytest.fixture(scope="module", autouse=True)
def workers() -> Any:
    yield
    pdf.close_pool()


# ---- the furnisher's own duties, in the member's own structure -----------------------------------

@pytest.mark.parametrize("language", ["en", "es"])
def test_a_furnisher_told_the_account_is_too_old_is_held_to_its_date_of_first_delinquency(language: str) -> None:
    text = words("furnisher_dispute", language, problems=["too_old"])
    assert "1681s-2(a)(5)" in text
    assert "1681c" not in text  # the bureaus' 7-year limit binds the bureaus, not the furnisher


def test_a_furnisher_told_of_a_medical_bill_is_held_to_accuracy_not_the_bureaus_policy() -> None:
    text = words("furnisher_dispute", problems=["medical"])
    assert "15 U.S.C. § 1681s-2(a)(1)" in text and "12 CFR 1022.42" in text
    assert "$500" not in text and "no longer report" not in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_furnisher_letter_has_no_form_headings_and_its_subject_names_the_account(language: str) -> None:
    text = words("furnisher_dispute", language, what_is_wrong="I closed this card in 2019 and it shows open.",
                 correction="Closed at my request, balance $0.")
    for heading in ("What is wrong:", "In my own words:", "What you should report instead:",
                    "Lo que está mal:", "En mis propias palabras:", "Lo que deberían reportar en su lugar:"):
        assert heading not in text
    assert ("Account number QZ4471958832, as you report it" if language == "en"
            else "Cuenta número QZ4471958832, tal como ustedes la reportan") in text
    # the member's own words open the dispute, right after who writes and which account
    opening = text.index("I closed this card in 2019")
    assert opening < text.index("Closed at my request, balance $0.")
    assert text.index("1681s-2(a)(8)") < opening


# ---- medical: an application, and a dispute only when the member says so -------------------------

def test_the_medical_letter_is_an_application_and_does_not_dispute_the_amount_unless_asked() -> None:
    text = words("medical_assistance", requests=["assistance"], dispute_amount=False)
    assert ("Please treat this letter as my application for financial assistance, and tell me in writing what "
            "information or documents are missing from it.") in text
    assert "I do not agree that this amount is correct" not in text
    disputed = words("medical_assistance", requests=["records"], dispute_amount=True)
    assert "I do not agree that this amount is correct" in disputed
    assert "my application for financial assistance" not in disputed


def test_the_spanish_medical_letter_is_an_application_too() -> None:
    text = words("medical_assistance", "es", requests=["assistance"], dispute_amount=False)
    assert "consideren esta carta como mi solicitud de asistencia financiera" in text
    assert "No estoy de acuerdo con que este monto sea correcto" not in text


# ---- cease: the limits ticked, and only those ----------------------------------------------------

@pytest.mark.parametrize("language, by_mail", [("en", "only by mail"), ("es", "solo por correo postal")])
def test_a_cease_letter_limiting_only_workplace_contact_does_not_ask_for_mail_only(language: str, by_mail: str) -> None:
    text = words("cease", language, variant="restrict", restrictions=["work"], also_dispute=False)
    assert by_mail not in text and "only in writing" not in text and "solo por escrito" not in text
    everything_but_mail = words("cease", language, variant="restrict", restrictions=["phone", "text", "email"],
                                also_dispute=False)
    assert by_mail in everything_but_mail


def test_a_cease_letter_to_limit_contact_needs_a_limit(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", account_number="", notes=""))
    refused = write(client, debt, "cease", variant="restrict")
    page = text(refused)
    assert refused.status_code == 400
    assert 'href="#f-restrictions">Where and how they must not contact you: Choose at least one.</a>' in page


# ---- validation: the CFPB sample's questions, and a Spanish notice -------------------------------

@pytest.mark.parametrize("language, asked", [
    ("en", ["whether you are licensed to collect debts in my state", "the date it obtained the alleged debt",
            "the account number the original creditor used, and the amount owed to it when the alleged debt was "
            "sold or transferred", "since the itemization date"]),
    ("es", ["si tienen licencia para cobrar deudas en mi estado", "la fecha en que adquirió la presunta deuda",
            "el número de cuenta que usaba el acreedor original"]),
])
def test_the_validation_request_asks_the_cfpb_samples_questions(language: str, asked: list[str]) -> None:
    text = words("validation", language, spanish_notice=False)
    for question in asked:
        assert question in text


@pytest.mark.parametrize("language, sentence", [
    ("en", "Please send me the validation notice in Spanish (12 CFR 1006.34(d)(3)(vi))"),
    ("es", "Les pido que me envíen un aviso de validación en español (12 CFR 1006.34(d)(3)(vi))"),
])
def test_the_validation_request_asks_for_a_spanish_notice_only_when_ticked(language: str, sentence: str) -> None:
    assert sentence in words("validation", language, spanish_notice=True)
    assert "1006.34(d)(3)(vi)" not in words("validation", language, spanish_notice=False)


# ---- the collective letter -----------------------------------------------------------------------

@cache
def collective(language: str) -> str:
    letter = CollectiveLetter(
        campaign="Debt Collective of Tucson", contact="https://jubilee.example/c/1",
        recipient="Navient Solutions LLC\n123 Justison St, Wilmington, DE 19801", body="Cancel every loan.",
        language=language, dated=TODAY,
        totals=PrintedTotals(as_of=TODAY - dt.timedelta(days=1), members=1200, amount_cents=31_000_000_00,
                             currency="USD"),
        signers=(Signer("María Quintero", "El Paso"),), counts=SignerCounts(named=1, not_named=None, counted=False),
        k=10)
    return " ".join(pdf.pdf_text(pdf.html_to_pdf(collective_html(letter), title="x", language=language)).split())


@pytest.mark.parametrize("language, claimed", [("en", "in debts was claimed from them in all"),
                                               ("es", "se les reclamaban unos")])
def test_the_collective_letter_says_debts_were_claimed_never_owed(language: str, claimed: str) -> None:
    text = collective(language)
    assert claimed in text and "$31,000,000" in text
    for admission in ("owing", "owe", "of debt between them", "debt between", "deudas que suman"):
        assert admission not in text


@pytest.mark.parametrize("language, warning", [
    ("en", "may be read as each named signer's own request to a debt collector to stop contacting them"),
    ("es", "puede leerse como la solicitud de cada firmante nombrado a un cobrador de deudas"),
])
def test_organizers_are_warned_that_a_refusal_to_pay_speaks_for_every_named_signer(
    client: TestClient, settings: Settings, language: str, warning: str,
) -> None:
    campaign_id = campaign(client)
    with new_client(settings) as browser:
        sign_up(browser, "olga", language=language)
    member_id = int(run(client, accounts.member_by_handle_key, "olga")["id"])
    run(client, lambda db: accounts.grant_role(db, member_id, "organizer", None, utcnow()))
    assert log_in(client, "olga").status_code == 303
    page = text(client.get(f"/organize/campaigns/{campaign_id}/letter"))
    assert warning in page and "(15 U.S.C. § 1692c(c))" in page
