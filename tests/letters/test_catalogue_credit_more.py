"""The identity-theft block, the two follow-ups to a bureau dispute (how it was verified, a
statement of dispute) and the bankruptcy-discharge notice: who they fit, what a member is told,
the deadlines they carry, the 100-word statement and the dates' order, and what each letter says,
read back from the PDF in English, Spanish and both (through the pages: the `_pages` module)."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import html
import io
import re
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from debts.vocabulary import DEBT_KINDS
from letters.catalogue import CATALOGUE, fitting
from letters.catalogue.credit import BUREAU_REINVESTIGATION
from letters.catalogue.letter_type import LetterType, catalogue_of, deadline_of, legal_basis_of
from letters.catalogue.pdf import letter_html
from letters.deadlines import deadline_for
from letters.writing.forms import letter_form, word_count
from server import letter_layout, pdf
from server.i18n import using_language
from tests.letters.values import example_values

D = dt.date
CODES = ("identity_theft_block", "verification_method", "dispute_statement", "bankruptcy_discharge")
BUREAU_CODES = ("identity_theft_block", "verification_method", "dispute_statement")
TODAY = D(2026, 12, 8)

MEMBER = {"sender_name": "Zephyrine Quackenbush", "sender_address": "41 Larkspur Lane\nTucson, AZ 85701",
          "recipient_name": "Equifax Information Services LLC",
          "recipient_address": "P.O. Box 740256\nAtlanta, GA 30374-0256"}
ACCOUNT = "QZ4471958832"
FILLED: dict[str, dict[str, Any]] = {
    "identity_theft_block": {"information": "Harbor Point Bank card, account 4471-XXXX, opened in my name",
                             "theft_report": "ftc", "theft_report_number": "FTC-190224455",
                             "theft_report_date": D(2026, 10, 14), "more_enclosures": ["proof_of_address"]},
    "verification_method": {"furnisher": "Harbor Point Bank", "account_number": ACCOUNT,
                            "dispute_date": D(2026, 9, 1), "results_date": D(2026, 10, 5)},
    "dispute_statement": {"furnisher": "Harbor Point Bank", "account_number": ACCOUNT,
                          "results_date": D(2026, 10, 5),
                          "statement": "I paid this account in full in May 2024 and have the bank's receipt.",
                          "notify_recipients": True, "notify_who": "Copperline Logistics (employer)"},
    "bankruptcy_discharge": {"recipient_kind": "collector", "account_number": ACCOUNT,
                             "creditor": "Harbor Point Bank", "court": "United States Bankruptcy Court for the "
                             "District of Arizona", "case_number": "4:25-bk-01234", "chapter": "7",
                             "filed_on": D(2025, 3, 3), "discharged_on": D(2025, 6, 17), "listed": True},
}
KEY_SENTENCES = {
    ("identity_theft_block", "en"): [
        "block the reporting of the information listed below, which resulted from identity theft, within 4 "
        "business days of receiving this letter",
        "This information does not relate to any transaction that I made or authorized.",
        "a copy of my identity theft report: an FTC Identity Theft Report made at IdentityTheft.gov, number "
        "FTC-190224455, dated October 14, 2026",
        "a copy of my government-issued photo identification, as proof of my identity",
        "proof of my current address", "Harbor Point Bank card, account 4471-XXXX, opened in my name"],
    ("identity_theft_block", "es"): [
        "que bloquee la información indicada abajo, que resulta de un robo de identidad, dentro de los 4 días "
        "hábiles siguientes a la recepción de esta carta",
        "Esta información no corresponde a ninguna transacción que yo haya hecho o autorizado.",
        "número FTC-190224455, con fecha 14 de octubre de 2026",
        "una copia de mi identificación oficial con foto, como prueba de mi identidad",
        "un comprobante de mi domicilio actual"],
    ("verification_method", "en"): [
        "the dispute I sent Equifax on September 1, 2026", "In your results dated October 5, 2026",
        "a description of the procedure you used to determine the accuracy and completeness of the disputed "
        "information, including the business name and address of each company",
        "telephone number if reasonably available", "within 15 days of receiving this request"],
    ("verification_method", "es"): [
        "la disputa que envié a Equifax el 1 de septiembre de 2026", "En sus resultados con fecha 5 de octubre de 2026",
        "solicito una descripción del procedimiento que usaron para determinar la exactitud y la integridad",
        "dentro de los 15 días siguientes a la recepción de esta solicitud"],
    ("dispute_statement", "en"): [
        "did not resolve my dispute", "I file the following statement of dispute",
        "I paid this account in full in May 2024 and have the bank's receipt.",
        "within the last two years for employment purposes, or within the last six months for any other purpose: "
        "Copperline Logistics (employer)"],
    ("dispute_statement", "es"): [
        "no resolvió mi disputa", "presento la siguiente declaración de disputa",
        "en los últimos dos años con fines de empleo, o en los últimos seis meses con cualquier otro fin: "
        "Copperline Logistics (employer)"],
    ("bankruptcy_discharge", "en"): [
        "Any liability I may have had for this alleged debt was discharged in my bankruptcy case: United States "
        "Bankruptcy Court for the District of Arizona, case number 4:25-bk-01234, filed under Chapter 7 on March 3, "
        "2025", "The court entered the discharge order on June 17, 2025",
        "operates as an injunction against starting or continuing any action, and against any act, to collect",
        "Please stop every attempt to collect this alleged debt from me",
        "report it as discharged in bankruptcy (included in bankruptcy) with a balance of zero",
        "I enclose a copy of the discharge order and of the page of my schedules"],
    ("bankruptcy_discharge", "es"): [
        "quedó exonerada en mi caso de quiebra", "presentado bajo el Capítulo 7 el 3 de marzo de 2025",
        "dictó la orden de exoneración el 17 de junio de 2025", "cesen todo intento de cobrarme esta presunta deuda",
        "con saldo cero", "Adjunto una copia de la orden de exoneración"],
}
ADMISSIONS = {
    "en": r"\bI owe\b|\bI will pay\b|\bagree to pay\b(?! any amount)|\bpromise\b|\bmy debt\b",
    "es": r"\bdebo\b|\bpagaré\b|\bprometo\b|\bme comprometo\b|\bmi deuda\b|supuesta deuda",
}


def letter(code: str) -> LetterType:
    return CATALOGUE[code]


def english(items: Any) -> list[str]:
    with using_language("en"):
        return [str(item) for item in items]


def flat(text: str) -> str:
    return " ".join(text.split())


def member_values(code: str, **overrides: Any) -> dict[str, Any]:
    return example_values(letter(code), **{**MEMBER, **FILLED[code], **overrides})


@cache
def pdf_words(code: str, language: str) -> str:
    document = letter_html(letter(code), language, member_values(code), TODAY)
    rendered = asyncio.run(pdf.render_pdf(document, title=letter_layout.letter_title(letter(code), language),
                                          language=language))
    return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered)).pages))


def html_words(code: str, language: str, **overrides: Any) -> str:
    document = letter_html(letter(code), language, member_values(code, **overrides), TODAY)
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", document.split("</head>")[-1])))


@pytest.fixture(scope="module", autouse=True)
def workers() -> Any:
    yield
    pdf.close_pool()


# ---- who they fit and what a member is told ---------------------------------------------------

@pytest.mark.parametrize("kind", DEBT_KINDS)
def test_every_kind_of_debt_can_use_them(kind: str) -> None:
    # any debt can be on a credit report; a discharged debt can be of any kind (the cautions say
    # which usually are not discharged)
    assert set(CODES) <= {t.code for t in fitting(kind)}


@pytest.mark.parametrize("code", CODES)
def test_every_letter_warns_about_lawsuits_admissions_and_proof_of_mailing(code: str) -> None:
    cautions = " ".join(english(letter(code).cautions))
    assert "does not stop a lawsuit already filed" in cautions
    assert "Never write that the debt is yours or that you owe it" in cautions
    assert "certified mail" in cautions
    assert letter(code).checked_on == D(2026, 12, 8)


def test_the_identity_theft_block_warns_that_a_false_report_is_a_crime_and_says_when_a_block_can_be_refused() -> None:
    cautions = " ".join(english(letter("identity_theft_block").cautions))
    assert "a false one can be a crime" in cautions
    assert "within 4 business days" in cautions
    assert "refuse or lift a block" in cautions and "1681c-2(c)" in cautions
    assert "identity theft report and of a government-issued photo ID" in cautions


def test_the_bankruptcy_notice_warns_which_debts_and_liens_survive_and_where_a_violation_goes() -> None:
    cautions = " ".join(english(letter("bankruptcy_discharge").cautions))
    assert "most student loans, many taxes, child support and alimony" in cautions and "§ 523" in cautions
    assert "not a lien" in cautions
    assert "bankruptcy lawyer or the trustee" in cautions
    assert "enforced in the bankruptcy court that entered it" in cautions


@pytest.mark.parametrize("code", ("verification_method", "dispute_statement"))
def test_the_follow_ups_say_they_follow_a_bureau_dispute(code: str) -> None:
    assert english([letter(code).summary])[0].startswith("A follow-up to a credit report dispute")


@pytest.mark.parametrize("code", BUREAU_CODES)
def test_the_bureau_letters_reuse_the_bureau_dispute_s_bureaus_and_addresses(code: str) -> None:
    def bureau_part(letter_type: LetterType) -> list[Any]:
        return [item for item in letter_type.fields if item.name in ("bureau", "recipient_name", "recipient_address")]
    assert bureau_part(letter(code)) == bureau_part(letter("bureau_dispute"))
    ssn = [item for item in letter(code).fields if item.name == "ssn"]
    assert len(ssn) == 1 and ssn[0].never_stored and not ssn[0].required


# ---- deadlines ---------------------------------------------------------------------------------

@pytest.mark.parametrize("code, sent, delivered, due", [
    # delivered Wed Dec 23, 2026: 4 business days are Thu 24, (Christmas), Mon 28, Tue 29, Wed 30
    ("identity_theft_block", D(2026, 12, 21), D(2026, 12, 23), D(2026, 12, 30)),
    # delivered Fri Nov 20, 2026: Mon 23, Tue 24, Wed 25, (Thanksgiving), Fri 27
    ("identity_theft_block", D(2026, 11, 16), D(2026, 11, 20), D(2026, 11, 27)),
    # mailed Tue Dec 1, 2026, delivery not entered: assumed Tue Dec 8 (5 business days), then 4 more:
    # Wed 9, Thu 10, Fri 11, Mon 14
    ("identity_theft_block", D(2026, 12, 1), None, D(2026, 12, 14)),
    # 15 calendar days after delivery on Thu Dec 3, 2026
    ("verification_method", D(2026, 12, 1), D(2026, 12, 3), D(2026, 12, 18)),
    # mailed Tue Dec 1, delivery assumed Tue Dec 8: 15 days later
    ("verification_method", D(2026, 12, 1), None, D(2026, 12, 23)),
])
def test_the_bureau_s_deadline_counts_from_receipt(code: str, sent: dt.date, delivered: dt.date | None,
                                                   due: dt.date) -> None:
    rule = deadline_of(letter(code), member_values(code))
    assert rule is not None and rule.who == "recipient" and rule.starts == "delivered"
    assert deadline_for(rule, sent, member_values(code), delivered_on=delivered) == (rule, due)
    assert "of receiving your" in english([rule.description])[0]  # the rule says in words what it counts from


def test_a_statement_of_dispute_gives_the_bureau_no_deadline() -> None:
    assert letter("dispute_statement").deadline is None
    assert "no deadline" in " ".join(english(letter("dispute_statement").cautions))


def test_a_discharge_notice_to_a_bureau_is_a_dispute_with_its_30_days_and_to_a_collector_has_none() -> None:
    bankruptcy = letter("bankruptcy_discharge")
    assert deadline_of(bankruptcy, {"recipient_kind": "bureau"}) is BUREAU_REINVESTIGATION
    assert deadline_of(bankruptcy, {"recipient_kind": "collector"}) is None
    assert "no deadline" in english([bankruptcy.no_deadline])[0]
    assert legal_basis_of(bankruptcy, {"recipient_kind": "bureau"}) == ("11 U.S.C. § 524(a)", "15 U.S.C. § 1681i")
    assert legal_basis_of(bankruptcy, {"recipient_kind": "collector"}) == ("11 U.S.C. § 524(a)",)


# ---- the 100-word statement ----------------------------------------------------------------------

def statement_form(statement: str) -> Any:
    typed = {"letter_language": "en", **{k: v for k, v in member_values("dispute_statement").items()
                                         if isinstance(v, str)}, "statement": statement, "bureau": "equifax",
             "notify_recipients": "", "notify_who": ""}
    return letter_form(letter("dispute_statement"), typed, TODAY)


def test_a_statement_of_100_words_is_accepted_and_101_is_not() -> None:
    assert "statement" not in statement_form(" ".join(["paid"] * 100)).errors
    with using_language("en"):
        assert statement_form(" ".join(["paid"] * 101)).errors["statement"] == "Keep it to 100 words: it has 101."


@given(st.lists(st.text(alphabet="abcxyz.,'$0123", min_size=1, max_size=8), max_size=150),
       st.sampled_from([" ", "  ", "\n", "\n\n", " \t "]))
def test_words_are_counted_whatever_separates_them(words: list[str], separator: str) -> None:
    assert word_count(separator.join(words)) == len(words)


def test_asking_to_notify_recipients_needs_their_names() -> None:
    form = letter_form(letter("dispute_statement"), {**statement_form("Paid in full.").values,
                                                     "notify_recipients": "yes", "notify_who": ""}, TODAY)
    assert "notify_who" in form.errors


@pytest.mark.parametrize("code, earlier, later", [
    ("verification_method", "dispute_date", "results_date"),
    ("bankruptcy_discharge", "filed_on", "discharged_on"),
])
def test_a_date_that_follows_another_cannot_come_before_it(code: str, earlier: str, later: str) -> None:
    typed = {"letter_language": "en", **{k: (v.isoformat() if isinstance(v, dt.date) else v)
                                         for k, v in member_values(code).items() if not isinstance(v, list)},
             "listed": "", "notify_recipients": ""}
    swapped = letter_form(letter(code), {**typed, earlier: "2026-10-05", later: "2026-09-01"}, TODAY)
    with using_language("en"):
        assert swapped.errors == {later: "Check this date: it cannot come before Oct 5, 2026."}
    assert not letter_form(letter(code), {**typed, earlier: "2026-10-05", later: "2026-10-05"}, TODAY).errors


def test_a_date_can_only_follow_a_date_field_of_its_own_form() -> None:
    fields = tuple(dataclasses.replace(item, not_before="court") if item.name == "discharged_on" else item
                   for item in letter("bankruptcy_discharge").fields)
    with pytest.raises(ValueError, match="not before court"):
        catalogue_of(dataclasses.replace(letter("bankruptcy_discharge"), fields=fields))


# ---- the letters themselves ----------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("code", CODES)
def test_the_pdf_says_what_the_recipient_must_do_and_the_law(code: str, language: str) -> None:
    text = pdf_words(code, language)
    assert MEMBER["recipient_name"] in text and flat(MEMBER["recipient_address"]) in text
    assert MEMBER["sender_name"] in text
    for citation in legal_basis_of(letter(code), member_values(code)):
        assert citation in text
    for sentence in KEY_SENTENCES[code, language]:
        assert sentence in text, sentence
    assert not re.search(ADMISSIONS[language], text, re.IGNORECASE)


@pytest.mark.parametrize("code", CODES)
def test_the_bilingual_pdf_has_both_letters(code: str) -> None:
    text = pdf_words(code, "bilingual")
    assert "Traducción al español, para referencia" in text
    assert KEY_SENTENCES[code, "en"][0] in text and KEY_SENTENCES[code, "es"][0] in text


@pytest.mark.parametrize("language, sentence, absent", [
    ("en", "I dispute this account as it is reported, under 15 U.S.C. § 1681i", "Please stop every attempt"),
    ("es", "Disputo esta cuenta tal como se reporta, conforme a 15 U.S.C. § 1681i", "cesen todo intento"),
])
def test_a_discharge_notice_to_a_bureau_asks_for_a_reinvestigation_instead(language: str, sentence: str,
                                                                           absent: str) -> None:
    text = html_words("bankruptcy_discharge", language, recipient_kind="bureau")
    assert sentence in text
    assert text.endswith("11 U.S.C. § 524(a); 15 U.S.C. § 1681i")  # the references line cites the dispute law
    assert {"en": "within 30 days of receiving this letter", "es": "dentro de los 30 días siguientes"}[language] in text
    assert absent not in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_recipients_are_named_only_when_the_member_asks(language: str) -> None:
    text = html_words("dispute_statement", language, notify_recipients=False, notify_who=None)
    assert "1681i(d)" not in text.split("References" if language == "en" else "Referencias")[0]
    assert "Copperline" not in text


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("code", CODES)
def test_optional_fields_left_empty_leave_no_trace(code: str, language: str) -> None:
    empty = {item.name: (False if item.kind == "checkbox" else [] if item.kind == "choices" else None)
             for item in letter(code).fields if not item.required and item.required_if is None
             and item.name not in MEMBER}
    text = html_words(code, language, **empty)
    assert "None" not in text and "False" not in text and "Text for" not in text
    assert "Social Security" not in text and "Seguro Social" not in text
