"""A member writes a letter from a debt through the pages: the letters that fit it, a form filled in
from the vault, the saved letter's preview, and a PDF rendered on demand, in English or Spanish.
Nothing typed is stored in the clear; an SSN is never stored; nobody else reaches any of it."""

from __future__ import annotations

import html
from typing import Any

import sqlalchemy as sa
from starlette.testclient import TestClient

from letters.tables import letters
from server.db import utcnow
from server.pdf import pdf_text
from server.settings import Settings
from tests.conftest import new_client, post, run, sign_up
from tests.factories.debts import add_debt, debt_id_from
from tests.factories.letters import VALIDATION, letter_id_from, write


def text(response: Any) -> str:
    return html.unescape(response.text)


def medical_debt(client: TestClient) -> int:
    return debt_id_from(add_debt(client, kind="medical", account_number="MED-777", notes=""))


def test_a_debt_lists_the_letters_that_fit_it_and_the_form_starts_from_the_vault(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = medical_debt(client)
    assert "Write a letter" in text(client.get(f"/debts/{debt}"))
    choices = text(client.get(f"/debts/{debt}/letters"))
    assert "Itemized bill" in choices or "itemized" in choices.lower()
    assert f"/debts/{debt}/letters/validation" in choices and f"/debts/{debt}/letters/medical_assistance" in choices
    assert "/letters/borrower_defense" not in choices  # federal student loans only
    assert client.get(f"/debts/{debt}/letters/borrower_defense").status_code == 404
    form = text(client.get(f"/debts/{debt}/letters/validation"))
    assert 'value="MED-777"' in form  # the account number, opened for its owner
    assert "Navient" in form  # the creditor from the registry
    assert "Before you send it" in form and "not legal advice" in form.lower()


def test_a_letter_preview_may_not_send_a_form_nor_move_its_links(client: TestClient) -> None:
    """The preview's own policy says where its forms may go and what <base> may be, since the
    site's policy does not reach it: nowhere, and none."""
    sign_up(client, "maria")
    letter = letter_id_from(write(client, medical_debt(client)))
    policy = {part.split()[0]: part.split()[1:]
              for part in client.get(f"/letters/{letter}/preview").headers["content-security-policy"].split(";")}
    assert policy["form-action"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]


def test_a_letter_is_saved_sealed_then_previewed_and_downloaded(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = medical_debt(client)
    letter = letter_id_from(write(client, debt))
    page = text(client.get(f"/letters/{letter}"))
    assert "Your letter is saved, locked with your key." in page
    assert f'src="/letters/{letter}/preview"' in page and "Download the PDF" in page
    assert "Your letter is saved" not in text(client.get(f"/letters/{letter}")), "said once"
    stored = run(client, lambda db: db.fetch_one(letters.select().where(letters.c.id == letter)))
    assert stored["type"] == "validation" and stored["language"] == "en" and stored["debt_id"] == debt
    assert "Quintero" not in str(dict(stored)) and "ACCT-55501" not in str(dict(stored))

    preview = client.get(f"/letters/{letter}/preview")
    assert "frame-ancestors 'self'" in preview.headers["content-security-policy"]
    assert "script" not in preview.headers["content-security-policy"]
    assert "Maria Quintero" in preview.text and "ACCT-55501" in preview.text

    pdf = post(client, f"/letters/{letter}/pdf", {})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["cache-control"] == "no-store" and "attachment" in pdf.headers["content-disposition"]
    words = pdf_text(pdf.content)
    assert "Maria Quintero" in words and "Acme Recovery LLC" in words and "ACCT-55501" in words
    assert "1692g" in words


def test_a_spanish_letter_is_written_in_spanish_whatever_the_page_language(client: TestClient) -> None:
    sign_up(client, "maria")
    letter = letter_id_from(write(client, medical_debt(client), letter_language="es"))
    words = pdf_text(post(client, f"/letters/{letter}/pdf", {}).content)
    assert "presunta deuda" in words.lower() and "supuesta deuda" not in words.lower()
    assert "Página 1" in words


def test_bad_input_comes_back_with_everything_typed_kept(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = medical_debt(client)
    response = write(client, debt, recipient_name="", notice_date="31/31/2026", amount_claimed="lots",
                     letter_language="klingon", reasons=["nonsense"])
    assert response.status_code == 400
    page = text(response)
    assert "This is needed for the letter." in page and "Write an amount like 1,234.56." in page
    assert "Choose the letter's language." in page and "Choose at least one." in page
    assert 'value="Maria Quintero"' in page and "12 Elm St" in page and 'value="ACCT-55501"' in page
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(letters))) == 0


def test_an_ssn_is_asked_at_download_printed_and_never_kept(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="federal_student", account_number="", notes=""))
    letter = letter_id_from(write(client, debt, "offset_review", notice_date="2026-11-02", objections=["no_debt"],
                                  loan_program="Direct Loan", explanation="I was never in default.",
                                  ssn="123-45-6789"))
    run_rows = run(client, lambda db: db.fetch_all(letters.select()))
    assert "123-45-6789" not in str([dict(r) for r in run_rows])
    page = text(client.get(f"/letters/{letter}"))
    assert 'name="ssn"' in page and "123-45-6789" not in page
    too_long = post(client, f"/letters/{letter}/pdf", {"ssn": "123-45-6789-0"})
    assert too_long.status_code == 400 and too_long.headers["content-type"].startswith("text/html")
    assert '<p class="error" id="f-ssn-error">Keep it to 11 characters.</p>' in too_long.text
    assert "123-45-6789" not in too_long.text
    pdf = post(client, f"/letters/{letter}/pdf", {"ssn": "123-45-6789"})
    assert "123-45-6789" in pdf_text(pdf.content)


def test_nobody_else_reaches_a_members_letters(client: TestClient, settings: Settings) -> None:
    sign_up(client, "maria")
    debt = medical_debt(client)
    letter = letter_id_from(write(client, debt))
    with new_client(settings) as other:
        sign_up(other, "jose")
        for path in (f"/debts/{debt}/letters", f"/debts/{debt}/letters/validation", f"/letters/{letter}/preview",
                     f"/letters/{letter}/pdf", f"/letters/{letter}/edit", "/letters/99999999999/pdf"):
            for method in ("GET", "POST", "DELETE"):
                response = other.request(method, path, headers={"x-csrf-token": "x"} if method != "GET" else {})
                assert response.status_code in (403, 404), (method, path, response.status_code)
                assert "Quintero" not in response.text


def test_a_members_download_holds_their_letters_opened_and_tracked(client: TestClient) -> None:
    from tests.factories.accounts import download

    sign_up(client, "maria")
    letter = letter_id_from(write(client, medical_debt(client)))
    today = utcnow().date().isoformat()
    sent = post(client, f"/letters/{letter}/sent", {"sent_on": today, "method": "certified",
                                                   "tracking_number": "9407-TRACK"})
    assert sent.status_code == 200, sent.text
    _response, data = download(client)
    [exported] = [entry for entry in data["letters"]]
    assert exported["type"] == "validation" and exported["fields"]["sender_name"] == "Maria Quintero"
    assert exported["tracking_number"] == "9407-TRACK" and exported["sent_on"] == today


def test_a_letter_can_be_changed_until_it_is_marked_sent(client: TestClient) -> None:
    sign_up(client, "maria")
    letter = letter_id_from(write(client, medical_debt(client)))
    assert 'value="Maria Quintero"' in text(client.get(f"/letters/{letter}/edit"))
    changed = post(client, f"/letters/{letter}/edit", {**VALIDATION, "sender_name": "María Quintero Ruiz"}, follow_redirects=False)
    assert changed.headers["location"] == f"/letters/{letter}"
    assert "Your changes are saved." in text(client.get(changed.headers["location"]))
    assert "María Quintero Ruiz" in client.get(f"/letters/{letter}/preview").text
    today = utcnow().date().isoformat()
    post(client, f"/letters/{letter}/sent", {"sent_on": today, "method": "mail"})
    assert client.get(f"/letters/{letter}/edit").status_code == 409
    assert post(client, f"/letters/{letter}/edit", VALIDATION).status_code == 409


LAWYER = {"code": "cease", "variant": "lawyer", "recipient_name": "Dunmore Collections Group"}


def test_talk_to_my_lawyer_needs_the_lawyers_name_and_address(client: TestClient) -> None:
    """15 U.S.C. 1692c(a)(2) binds the collector only once it knows the lawyer's name and address."""
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", account_number="CC-4410", notes=""))
    response = write(client, debt, **LAWYER, lawyer_name="", lawyer_address="")
    assert response.status_code == 400
    page = text(response)
    assert '<p class="error" id="f-lawyer_name-error">This is needed for the letter.</p>' in page
    assert '<p class="error" id="f-lawyer_address-error">This is needed for the letter.</p>' in page
    assert 'value="Maria Quintero"' in page and "12 Elm St" in page and 'value="Dunmore Collections Group"' in page
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(letters))) == 0

    post(client, "/account/language", {"language": "es"})
    spanish = text(write(client, debt, **LAWYER, lawyer_name="Odalys Ferreira-Kim", lawyer_address=""))
    assert '<p class="error" id="f-lawyer_address-error">La carta necesita este dato.</p>' in spanish
    assert 'value="Odalys Ferreira-Kim"' in spanish

    letter = letter_id_from(write(client, debt, **LAWYER, lawyer_name="Odalys Ferreira-Kim",
                                  lawyer_address="Legal Aid of Pima\n2 Stone Ave, Tucson, AZ 85701"))
    words = " ".join(pdf_text(post(client, f"/letters/{letter}/pdf", {}).content).split())
    assert "please communicate with my lawyer and not with me: Odalys Ferreira-Kim Legal Aid of Pima 2 Stone Ave, " \
           "Tucson, AZ 85701" in words


def test_stopping_all_contact_needs_no_lawyer(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", account_number="CC-4410", notes=""))
    letter_id_from(write(client, debt, **{**LAWYER, "variant": "stop"}))


def test_the_form_calls_optional_only_what_is_optional(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card"))
    page = client.get(f"/debts/{debt}/letters/cease").text

    def label(name: str) -> str:
        start = page.index(f'for="f-{name}"')
        return html.unescape(page[start:page.index("</label>", start)])

    assert "(optional)" not in label("sender_address")  # a required address, in a box of several lines
    assert "(optional)" not in label("lawyer_address")  # needed when "talk to my lawyer" is chosen
    assert "(optional)" not in label("lawyer_name")
    assert "(optional)" in label("account_number")


def test_the_error_summary_names_each_field_it_is_about(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card"))
    response = write(client, debt, sender_name="", recipient_name="")
    assert response.status_code == 400
    summary = text(response).split('class="error-summary"')[1].split("</ul>")[0]
    assert "Your full name: This is needed for the letter." in summary
    assert "The debt collector: This is needed for the letter." in summary


def test_the_validation_request_starts_from_the_date_of_the_collectors_first_notice(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", first_collection_notice_on="2026-11-02"))
    form = text(client.get(f"/debts/{debt}/letters/validation"))
    assert 'name="notice_date" type="date" value="2026-11-02"' in form
