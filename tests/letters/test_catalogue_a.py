"""The letters to collectors and about credit reports: which debts they fit, what a member is
told before sending, the deadlines they carry, and what the letters themselves say, read back
from the PDF in English and in Spanish.

Fit: the validation and cease letters rest on the FDCPA, which binds third-party collectors and
debt buyers of consumer debts; they fit the kinds such a collector may hold, not federal student
loans (collected by the Department of Education through offset and garnishment), court fines or
taxes. Any debt can appear on a credit report, so both credit-report disputes fit every kind.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest

from debts.vocabulary import DEBT_KINDS
from letters.catalogue import CATALOGUE, fitting
from letters.catalogue.letter_type import LetterType
from letters.catalogue.pdf import letter_html
from letters.deadlines import deadline_for, safe_day
from server import letter_layout, pdf
from server.i18n import using_language
from tests.letters.values import example_values

CODES = ("validation", "cease", "bureau_dispute", "furnisher_dispute")
COLLECTOR_CODES = {"validation", "cease"}
CREDIT_CODES = {"bureau_dispute", "furnisher_dispute"}
TODAY = dt.date(2026, 11, 23)
D = dt.date

MEMBER = {"sender_name": "Zephyrine Quackenbush", "sender_address": "41 Larkspur Lane\nTucson, AZ 85701",
          "recipient_name": "Brightwater Recovery Partners", "recipient_address": "PO Box 7730\nDover, DE 19903",
          "account_number": "QZ4471958832"}
# The citation each letter must make in its own words, not only in the references line.
CITED_IN_BODY = {"validation": "15 U.S.C. § 1692g(b)", "cease": "15 U.S.C. § 1692c(c)",
                 "bureau_dispute": "15 U.S.C. § 1681i", "furnisher_dispute": "15 U.S.C. § 1681s-2(a)(8)"}
KEY_SENTENCES = {
    ("validation", "en"): ["alleged debt", "request for validation", "verification of the alleged debt",
                           "the name and address of the original creditor", "stop collecting"],
    ("validation", "es"): ["presunta deuda", "solicitud de validación", "verificación de la presunta deuda",
                           "el nombre y la dirección del acreedor original", "suspender el cobro"],
    ("cease", "en"): ["alleged debt", "stop all communication with me"],
    ("cease", "es"): ["presunta deuda", "dejen de comunicarse conmigo"],
    ("bureau_dispute", "en"): ["alleged debt", "credit file Equifax keeps about me", "within 30 days"],
    ("bureau_dispute", "es"): ["presunta deuda", "expediente de crédito que Equifax mantiene", "dentro de los 30 días"],
    ("furnisher_dispute", "en"): ["alleged debt", "directly to you", "within 30 days"],
    ("furnisher_dispute", "es"): ["presunta deuda", "directamente ante ustedes", "dentro de los 30 días"],
}
# Words that would admit the debt or promise to pay it.
ADMISSIONS = {
    "en": [r"\bI owe\b", r"\bowed by me\b", r"\bI will pay\b", r"\bI agree to pay\b", r"\bpromise\b",
           r"\bmy debt\b"],
    "es": [r"\bdebo\b", r"\badeudo\b", r"\bpagaré\b", r"\bprometo\b", r"\bme comprometo\b", r"\bacepto pagar\b",
           r"\bmi deuda\b"],
}
CLOSING = {"en": "Sincerely,", "es": "Atentamente,"}


def flat(text: str) -> str:
    return " ".join(text.split())


def values_for(letter_type: LetterType, **overrides: Any) -> dict[str, Any]:
    return example_values(letter_type, **{**MEMBER, **overrides})


def html_text(letter_type: LetterType, language: str, **overrides: Any) -> str:
    """The letter's words from its HTML (quicker than a PDF, for the variants)."""
    document = letter_html(letter_type, language, values_for(letter_type, **overrides), TODAY)
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", document.split("</head>")[-1])))


def pdf_words(letter_type: LetterType, language: str, **overrides: Any) -> str:
    document = letter_html(letter_type, language, values_for(letter_type, **overrides), TODAY)
    return flat(pdf.pdf_text(pdf.html_to_pdf(document, title=letter_layout.letter_title(letter_type, language),
                                             language=language)))


def codes_fitting(kind: str) -> set[str]:
    return {letter_type.code for letter_type in fitting(kind)}


# --- which debts they fit -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["credit_card", "medical", "private_student", "housing", "mortgage", "payday",
                                  "auto", "utility", "telecom", "bail", "other"])
def test_collector_letters_are_offered_for_debts_a_collector_may_hold(kind: str) -> None:
    assert COLLECTOR_CODES <= codes_fitting(kind)


@pytest.mark.parametrize("kind", ["federal_student", "court", "tax"])
def test_collector_letters_are_not_offered_where_the_fdcpa_does_not_reach(kind: str) -> None:
    assert not COLLECTOR_CODES & codes_fitting(kind)


@pytest.mark.parametrize("kind", list(DEBT_KINDS))
def test_credit_report_disputes_are_offered_for_every_kind_of_debt(kind: str) -> None:
    assert CREDIT_CODES <= codes_fitting(kind)


@pytest.mark.parametrize("code", CODES)
def test_the_kinds_a_letter_fits_are_kinds_a_member_can_choose(code: str) -> None:
    kinds = CATALOGUE[code].kinds
    assert kinds is None or (kinds and kinds <= set(DEBT_KINDS))


# --- what the member is told before sending -------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_every_letter_warns_about_lawsuits_admissions_and_proof_of_mailing(code: str) -> None:
    with using_language("en"):
        cautions = [str(caution) for caution in CATALOGUE[code].cautions]
        summary, title, recipient = (str(CATALOGUE[code].summary), str(CATALOGUE[code].title),
                                     str(CATALOGUE[code].recipient))
    assert summary and title and recipient
    assert any("lawsuit already filed" in caution for caution in cautions)
    assert any("owe" in caution and "promise" in caution for caution in cautions)
    assert any("certified mail" in caution for caution in cautions)


def test_the_cease_letter_says_what_it_does_not_stop_and_what_may_still_come() -> None:
    with using_language("en"):
        cautions = " ".join(str(caution) for caution in CATALOGUE["cease"].cautions)
    for words in ("does not cancel the alleged debt", "credit bureaus", "tax-refund offset", "wage garnishment",
                  "lawsuit", "may still write to you"):
        assert words in cautions


def test_the_bureau_dispute_says_the_address_on_the_members_own_report_comes_first() -> None:
    address = next(item for item in CATALOGUE["bureau_dispute"].fields if item.name == "recipient_address")
    with using_language("en"):
        hint = str(address.hint)
    assert "printed on your own credit report" in hint
    for bureau in ("P.O. Box 740256, Atlanta, GA 30374-0256", "P.O. Box 4500, Allen, TX 75013",
                   "P.O. Box 2000, Chester, PA 19016"):
        assert bureau in hint


@pytest.mark.parametrize(("code", "citations"), [
    ("validation", {"15 U.S.C. § 1692g", "12 CFR 1006.34", "12 CFR 1006.38"}),
    ("cease", {"15 U.S.C. § 1692c", "12 CFR 1006.6"}),
    ("bureau_dispute", {"15 U.S.C. § 1681i"}),
    ("furnisher_dispute", {"15 U.S.C. § 1681s-2(a)(8)", "12 CFR 1022.43"}),
])
def test_every_letter_names_its_legal_basis_and_when_it_was_checked(code: str, citations: set[str]) -> None:
    letter_type = CATALOGUE[code]
    assert citations <= set(letter_type.legal_basis)
    assert dt.date(2025, 1, 1) <= letter_type.checked_on <= dt.date.today()


def test_only_a_credit_bureau_is_asked_for_a_social_security_number_and_it_is_never_stored() -> None:
    with using_language("en"):
        asking = {(code, item.name, item.never_stored) for code in CODES for item in CATALOGUE[code].fields
                  if "ssn" in item.name or "Social Security" in str(item.label)}
    assert asking == {("bureau_dispute", "ssn", True)}


# --- deadlines ------------------------------------------------------------------------------


def test_a_cease_letter_has_no_deadline_since_it_takes_effect_on_receipt() -> None:
    assert CATALOGUE["cease"].deadline is None


@pytest.mark.parametrize("code", ["validation", "bureau_dispute", "furnisher_dispute"])
def test_each_deadline_counts_from_the_day_sent_or_delivered_or_a_date_on_the_form(code: str) -> None:
    letter_type = CATALOGUE[code]
    rules = [letter_type.deadline, *letter_type.more_deadlines]
    dates = {item.name for item in letter_type.fields if item.kind == "date"}
    boxes = {item.name for item in letter_type.fields if item.kind == "checkbox"}
    while rules:
        rule = rules.pop()
        if rule is None:
            continue
        assert rule.starts in ("sent", "delivered") or rule.starts in dates
        assert rule.applies_if is None or rule.applies_if in boxes
        assert rule.extended_if is None or rule.extended_if in boxes
        with using_language("en"):
            assert str(rule.description)
            assert "allow a few more days" not in str(rule.description)  # the page counts the delivery now
        rules += [rule.fallback, rule.extended]


def test_the_validation_letter_must_arrive_by_the_end_date_printed_on_the_notice() -> None:
    rule = CATALOGUE["validation"].deadline
    assert rule is not None and (rule.meaning, rule.who) == ("received", "member")
    # Sunday, March 29, 2026, as printed: the date stays. It must arrive by the Friday before, the
    # 27th; allowing 5 business days for the mail, the member is told to mail it by Friday the 20th.
    counted = deadline_for(rule, D(2026, 3, 10), {"validation_end": D(2026, 3, 29), "notice_date": D(2026, 3, 2)})
    assert counted is not None and counted[1] == D(2026, 3, 29)
    assert safe_day(counted[0], counted[1]) == D(2026, 3, 20)


def test_without_a_printed_end_date_the_validation_deadline_is_30_days_from_the_notices_date() -> None:
    rule = CATALOGUE["validation"].deadline
    assert rule is not None
    counted = deadline_for(rule, None, {"validation_end": None, "notice_date": D(2026, 3, 2)})
    assert counted is not None
    assert counted[0].code == "validation_from_notice" and counted[1] == D(2026, 4, 1)  # Wednesday


@pytest.mark.parametrize("code", ["bureau_dispute", "furnisher_dispute"])
def test_a_credit_dispute_is_answered_within_30_days(code: str) -> None:
    rule = CATALOGUE[code].deadline
    assert rule is not None and (rule.meaning, rule.who, rule.starts) == ("answer", "recipient", "delivered")
    # delivered Friday, December 4, 2026: due Sunday, January 3, 2027, the recipient's date as the law gives it
    counted = deadline_for(rule, D(2026, 12, 1), {}, delivered_on=D(2026, 12, 4))
    assert counted == (rule, D(2027, 1, 3))
    assert safe_day(rule, D(2027, 1, 3)) == D(2027, 1, 3)
    # delivery not known: sent Friday, December 4, assumed delivered 5 business days later (Friday,
    # December 11), due Sunday, January 10, 2027
    assert deadline_for(rule, D(2026, 12, 4), {}) == (rule, D(2027, 1, 10))


# --- the letters, read back from the PDF ----------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("code", CODES)
def test_the_pdf_names_recipient_member_account_and_law_and_admits_nothing(code: str, language: str) -> None:
    letter_type = CATALOGUE[code]
    text = pdf_words(letter_type, language)
    body = text.split(CLOSING[language])[0]

    for typed in ("Zephyrine Quackenbush", "41 Larkspur Lane", "Brightwater Recovery Partners", "Dover, DE 19903"):
        assert typed in text
    # in the letter's own sentences, not only in the address block, the "Re:" line and the references
    assert body.count("Brightwater Recovery Partners") >= 2
    assert body.count("QZ4471958832") >= 2
    assert CITED_IN_BODY[code] in body.split("QZ4471958832", 2)[-1]
    for citation in letter_type.legal_basis:
        assert citation in text
    for sentence in KEY_SENTENCES[(code, language)]:
        assert sentence in text
    for admission in ADMISSIONS[language]:
        assert not re.search(admission, text, re.IGNORECASE), admission
    assert CLOSING["es" if language == "en" else "en"] not in text


def test_a_bilingual_letter_carries_both_versions() -> None:
    letter_type = CATALOGUE["validation"]
    document = letter_html(letter_type, "bilingual", values_for(letter_type), TODAY)
    text = flat(pdf.pdf_text(pdf.html_to_pdf(document, title="Letter", language="bilingual")))
    assert "alleged debt" in text and "presunta deuda" in text and "Traducción al español" in text


# --- what appears only when the member gave it ----------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_validation_letter_with_only_what_is_required(language: str) -> None:
    letter_type = CATALOGUE["validation"]
    text = html_text(letter_type, language, account_number=None, validation_end=None, amount_claimed=None,
                     original_creditor=None, details=None, reasons=["not_mine"], contact_by_mail_only=False)
    assert ("March 2, 2026" if language == "en" else "2 de marzo de 2026") in text  # the notice's date
    for absent in ("$", "Text for", "1006.26(b)", "1692c(a)", "dirección del acreedor original",
                   "address of the original creditor", "validation period ends", "período de validación termina"):
        assert absent not in text


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["validation period ends on March 31, 2026", "The notice claims $1,234.56", "Harbor Bank",
            "too old for a lawsuit", "12 CFR 1006.26(b)", "only in writing, by mail"]),
    ("es", ["el período de validación termina el 31 de marzo de 2026", "El aviso reclama $1,234.56", "Harbor Bank",
            "demasiado antigua para una demanda", "12 CFR 1006.26(b)", "solo por escrito, por correo postal"]),
])
def test_a_validation_letter_prints_what_the_member_gave(language: str, words: list[str]) -> None:
    text = html_text(CATALOGUE["validation"], language, validation_end=D(2026, 3, 31), amount_claimed=123_456,
                     original_creditor="Harbor Bank", reasons=["too_old"], contact_by_mail_only=True)
    for word in words:
        assert word in text


def test_a_cease_letter_limiting_contact_lists_only_the_limits_chosen() -> None:
    text = html_text(CATALOGUE["cease"], "en", variant="restrict", restrictions=["work", "phone"])
    assert "Not at my workplace" in text and "Not by phone" in text
    assert "Not by text message" not in text and "stop all communication" not in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_cease_letter_to_talk_to_my_lawyer_gives_the_lawyers_name_and_address(language: str) -> None:
    text = html_text(CATALOGUE["cease"], language, variant="lawyer", lawyer_name="Odalys Ferreira-Kim",
                     lawyer_address="Legal Aid of Pima\n2 Stone Ave, Tucson, AZ")
    assert "Odalys Ferreira-Kim" in text and "2 Stone Ave, Tucson, AZ" in text and "1692c(a)(2)" in text
    assert "1692c(c)" not in text


def test_a_cease_letter_prints_only_the_variant_chosen() -> None:
    text = html_text(CATALOGUE["cease"], "en", variant="stop", lawyer_name="Odalys Ferreira-Kim",
                     restrictions=["work"], also_dispute=False)
    assert "stop all communication" in text
    assert "Odalys Ferreira-Kim" not in text and "Not at my workplace" not in text and "1692e(8)" not in text


def test_the_social_security_number_is_printed_only_when_typed_at_download() -> None:
    letter_type = CATALOGUE["bureau_dispute"]
    typed = pdf_words(letter_type, "en", ssn="078-05-1120", bureau="experian")
    assert "078-05-1120" in typed and "Experian" in typed
    preview = example_values(letter_type, **MEMBER)
    del preview["ssn"]  # not stored: absent from the saved letter and its preview
    document = letter_html(letter_type, "en", preview, TODAY)
    assert "Social Security" not in document and "Text for ssn" not in document
