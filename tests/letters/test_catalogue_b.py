"""The medical and federal student loan letters: what each declares (who it fits, what the member
must know, the law, the deadline, no stored Social Security number), and what each prints, read
back from the PDF in English and in Spanish."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from html import unescape
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from debts.vocabulary import DEBT_KINDS
from letters.catalogue import CATALOGUE, fitting
from letters.catalogue.letter_type import LetterType, legal_basis_of
from letters.catalogue.pdf import letter_html
from letters.deadlines import due_date, safe_day
from server import letter_layout, pdf
from server.i18n import using_language
from tests.letters.values import example_values

D = dt.date
CODES = ("medical_assistance", "borrower_defense", "garnishment_hearing", "offset_review")
STUDENT = ("borrower_defense", "garnishment_hearing", "offset_review")
TODAY = D(2026, 11, 23)


def letter(code: str) -> LetterType:
    return CATALOGUE[code]


def english(items: Any) -> list[str]:
    with using_language("en"):
        return [str(item) for item in items]


def flat(text: str) -> str:
    return " ".join(text.split())


# ---- who each letter fits ------------------------------------------------------------------

def test_the_medical_letter_fits_medical_debts_only() -> None:
    assert letter("medical_assistance").kinds == {"medical"}
    assert "medical_assistance" in [t.code for t in fitting("medical")]
    assert "medical_assistance" not in [t.code for t in fitting("federal_student")]


@pytest.mark.parametrize("code", STUDENT)
def test_the_student_loan_letters_fit_federal_student_loans_only(code: str) -> None:
    assert letter(code).kinds == {"federal_student"}
    assert code in [t.code for t in fitting("federal_student")]
    # a private loan has no borrower defense, garnishment without a court or Treasury offset; a tax
    # debt is offset under other rules than 34 CFR 30.33
    for kind in ("private_student", "tax", "medical"):
        assert code not in [t.code for t in fitting(kind)]


@pytest.mark.parametrize("code", CODES)
def test_the_kinds_are_debt_kinds_a_member_can_choose(code: str) -> None:
    kinds = letter(code).kinds
    assert kinds and kinds <= set(DEBT_KINDS)


# ---- what the member must know before sending -------------------------------------------------

@pytest.mark.parametrize("code", CODES)
def test_every_letter_warns_about_lawsuits_admissions_and_proof_of_mailing(code: str) -> None:
    cautions = " ".join(english(letter(code).cautions))
    assert "does not stop a lawsuit already filed" in cautions
    assert "Never write that the debt is yours or that you owe it" in cautions
    assert "certified mail" in cautions


def test_the_borrower_defense_statement_warns_that_false_statements_carry_legal_risk() -> None:
    cautions = " ".join(english(letter("borrower_defense").cautions))
    assert "penalty of perjury" in cautions
    assert "false statements" in cautions
    assert "does not replace" in cautions  # the official application on StudentAid.gov


def test_the_medical_letter_says_which_hospitals_owe_assistance_and_for_how_long() -> None:
    cautions = " ".join(english(letter("medical_assistance").cautions))
    assert "tax-exempt (nonprofit) hospitals" in cautions
    assert "240 days" in cautions
    assert "does not pause collection by itself" in cautions


def test_the_garnishment_request_warns_about_a_guaranty_agency_s_shorter_deadline() -> None:
    cautions = " ".join(english(letter("garnishment_hearing").cautions))
    assert "15th day after it mailed the notice" in cautions and "guaranty agency" in cautions


@pytest.mark.parametrize("code, citations", [
    ("medical_assistance", {"45 CFR 164.524", "26 U.S.C. § 501(r)", "26 CFR 1.501(r)-6"}),
    ("borrower_defense", {"20 U.S.C. § 1087e(h)", "34 CFR 685.206(c)", "34 CFR 685.222", "34 CFR 685.206(e)"}),
    ("garnishment_hearing", {"31 U.S.C. § 3720D", "34 CFR 34.11", "20 U.S.C. § 1095a"}),
    ("offset_review", {"34 CFR 30.33", "34 CFR 30.24"}),
])
def test_each_letter_names_its_legal_basis(code: str, citations: set[str]) -> None:
    assert citations <= set(letter(code).legal_basis)


@pytest.mark.parametrize("code", CODES)
def test_the_facts_were_checked_after_the_latest_change_they_rest_on(code: str) -> None:
    # ED's letter delaying the 2022 borrower-defense rule (GEN-25-04) is dated July 18, 2025
    assert D(2025, 7, 18) <= letter(code).checked_on <= dt.date.today()


# ---- deadlines -----------------------------------------------------------------------------------

@pytest.mark.parametrize("code, expected", [
    ("medical_assistance", ("hipaa_records_30_days", 30, False, "delivered", "answer", "recipient")),
    ("borrower_defense", ("borrower_defense_3_years", 1095, False, "attended_until", "received", "member")),
    ("garnishment_hearing", ("awg_hearing_30_days", 30, False, "notice_date", "postmarked", "member")),
    ("offset_review", ("offset_review_65_days", 65, False, "notice_date", "postmarked", "member")),
])
def test_each_letter_tracks_the_deadline_the_law_gives(code: str, expected: tuple[Any, ...]) -> None:
    rule = letter(code).deadline
    assert rule is not None
    assert (rule.code, rule.days, rule.business_days, rule.starts, rule.meaning, rule.who) == expected
    if rule.starts not in ("sent", "delivered"):  # the date it counts from is always asked for
        start = next(item for item in letter(code).fields if item.name == rule.starts)
        assert start.kind == "date" and start.required


@pytest.mark.parametrize("code, start, due, act_by", [
    # notice of Mon Mar 2: the 30th day after is Wed Apr 1
    ("garnishment_hearing", D(2026, 3, 2), D(2026, 4, 1), D(2026, 4, 1)),
    # notice of Fri Jun 5: the 30th day is Sun Jul 5; Sat Jul 4 and its observed Fri Jul 3 are out
    ("garnishment_hearing", D(2026, 6, 5), D(2026, 7, 5), D(2026, 7, 2)),
    # notice of Mon Mar 2: the 65th day after is Wed May 6
    ("offset_review", D(2026, 3, 2), D(2026, 5, 6), D(2026, 5, 6)),
    # notice of Tue Sep 22: the 65th day is Thanksgiving, Thu Nov 26: mail by Wed Nov 25
    ("offset_review", D(2026, 9, 22), D(2026, 11, 26), D(2026, 11, 25)),
    # left school Wed May 15, 2024: 3 years later is Sat May 15, 2027: it must arrive by Fri May 14,
    # so, allowing 5 business days for the mail, mail by Fri May 7
    ("borrower_defense", D(2024, 5, 15), D(2027, 5, 15), D(2027, 5, 7)),
    # left Mon May 15, 2023: 1,095 days end a day before the anniversary (Feb 29, 2024 in between),
    # Thu May 14, 2026: mail by Thu May 7
    ("borrower_defense", D(2023, 5, 15), D(2026, 5, 14), D(2026, 5, 7)),
    # sent Fri Nov 20: the provider's 30 days end Sun Dec 20, its deadline is not moved
    ("medical_assistance", D(2026, 11, 20), D(2026, 12, 20), D(2026, 12, 20)),
])
def test_deadlines_against_dates_counted_on_a_calendar(code: str, start: dt.date, due: dt.date,
                                                     act_by: dt.date) -> None:
    rule = letter(code).deadline
    assert rule is not None
    assert due_date(rule, start) == due
    assert safe_day(rule, due) == act_by


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)))
def test_the_borrower_defense_deadline_is_never_after_the_third_anniversary(left: dt.date) -> None:
    rule = letter("borrower_defense").deadline
    assert rule is not None
    anniversary = D(left.year + 3, left.month, 28 if (left.month, left.day) == (2, 29) else left.day)
    assert anniversary - dt.timedelta(days=1) <= due_date(rule, left) <= anniversary


# ---- Social Security numbers -----------------------------------------------------------------

@pytest.mark.parametrize("code", STUDENT)
def test_the_education_department_letters_ask_for_an_ssn_that_is_never_stored(code: str) -> None:
    ssn = [item for item in letter(code).fields if item.name == "ssn"]
    assert len(ssn) == 1
    # only the offset review requires it (34 CFR 30.24(b)(1)); none keeps it
    assert ssn[0].never_stored and ssn[0].required == (code == "offset_review") and ssn[0].prefill is None


def test_the_medical_letter_asks_for_no_ssn() -> None:
    labels = english(item.label for item in letter("medical_assistance").fields)
    assert not [label for label in labels if "Social Security" in label]
    assert not [item for item in letter("medical_assistance").fields if item.never_stored]


@pytest.mark.parametrize("code", CODES)
def test_no_other_field_looks_like_an_ssn(code: str) -> None:
    for item in letter(code).fields:
        if item.name != "ssn":
            assert not item.never_stored
            assert "Social Security number" not in english([item.label])[0]


# ---- the letters themselves ------------------------------------------------------------------

MEMBER = {"sender_name": "Zephyrine Quackenbush", "sender_address": "417 Larkspur Row\nTulsa, OK 74103",
          "account_number": "QZ4471958832"}
OTHER_MEMBER = {"sender_name": "Ottoline Brackwater", "sender_address": "9 Fennel Court\nAlbany, NY 12207",
                "account_number": "BW0099812345"}
RECIPIENTS = {
    "medical_assistance": ("St. Brendan Regional Medical Center", "Patient Financial Services\nPO Box 7721"),
    "borrower_defense": ("U.S. Department of Education, Borrower Defense", "PO Box 1854\nMonticello, KY 42633"),
    "garnishment_hearing": ("Default Resolution Group, AWG Branch", "PO Box 5227\nGreenville, TX 75403"),
    "offset_review": ("U.S. Department of Education, Treasury Offset", "PO Box 5609\nGreenville, TX 75403"),
}
KEY_SENTENCES = {
    ("medical_assistance", "en"): ["in this letter I refer to it as the alleged debt",
                                   "30 days from receiving this request", "financial-assistance (charity care) policy",
                                   "suspend every extraordinary collection action"],
    ("medical_assistance", "es"): ["en esta carta me refiero a él como la presunta deuda",
                                   "30 días desde que reciben esta solicitud", "política de asistencia financiera",
                                   "suspender toda acción extraordinaria de cobro"],
    ("borrower_defense", "en"): ["borrower defense to repayment provisions of 20 U.S.C. § 1087e(h)",
                                 "What the school told me or did", "This statement does not promise any payment.",
                                 "I certify that the information in this statement is true"],
    ("borrower_defense", "es"): ["defensa del prestatario contra la obligación de pago", "Lo que la institución me dijo o hizo",
                                 "Esta declaración no promete pago alguno.",
                                 "Certifico que la información de esta declaración es verdadera"],
    ("garnishment_hearing", "en"): ["I request a hearing on the existence, the amount and the enforceability of "
                                    "the alleged debt", "34 CFR 34.11(b)", "I object to the garnishment"],
    ("garnishment_hearing", "es"): ["solicito una audiencia sobre la existencia, el monto y la exigibilidad de la "
                                    "presunta deuda", "34 CFR 34.11(b)", "Me opongo al embargo"],
    ("offset_review", "en"): ["I request a review of the existence, the amount, the enforceability and the "
                              "past-due status of the alleged debt", "offset against my federal tax refund"],
    ("offset_review", "es"): ["solicito una revisión de la existencia, el monto, la exigibilidad y la situación de "
                              "mora de la presunta deuda", "reembolso de impuestos federales"],
}
DATES = {"en": "March 2, 2026", "es": "2 de marzo de 2026"}
PROMISES = {
    "en": r"\bI owe\b|\bI promise\b|\bI will pay\b|\bagree to pay\b|\bmy debt\b",
    "es": r"\bdebo\b|\bprometo\b|\bpagaré\b|\bme comprometo\b|\breconozco (?:la|que)\b",
}


def member_values(code: str, member: dict[str, str], **overrides: Any) -> dict[str, Any]:
    name, address = RECIPIENTS[code]
    return example_values(letter(code), recipient_name=name, recipient_address=address, **member, **overrides)


@cache
def pdf_text(code: str, language: str, who: str = "member") -> str:
    values = member_values(code, MEMBER if who == "member" else OTHER_MEMBER, **{
        "ssn": "123-45-6789"} if code in STUDENT else {})
    html = letter_html(letter(code), language, values, TODAY)
    return flat(pdf.pdf_text(pdf.html_to_pdf(html, title=letter_layout.letter_title(letter(code), language),
                                             language=language)))


@pytest.fixture(scope="module", autouse=True)
def workers() -> Any:
    yield
    pdf.close_pool()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("code", CODES)
def test_the_pdf_carries_the_recipient_the_member_the_debt_and_the_law(code: str, language: str) -> None:
    text = pdf_text(code, language)
    name, address = RECIPIENTS[code]
    assert name in text and flat(address) in text
    assert MEMBER["sender_name"] in text and flat(MEMBER["sender_address"]) in text
    assert MEMBER["account_number"] in text
    assert DATES[language] in text  # the bill's, the notice's, or the first day of school
    for citation in legal_basis_of(letter(code), member_values(code, MEMBER)):
        assert citation in text
    for sentence in KEY_SENTENCES[code, language]:
        assert sentence in text
    # every required field the member typed is in the letter
    for item in letter(code).fields:
        if item.required and not item.never_stored and item.kind in ("text", "textarea") and \
                item.name not in RECIPIENTS and \
                not item.name.startswith(("sender_", "recipient_")):
            assert f"Text for {item.name}" in text
    assert not re.search(PROMISES[language], text, re.IGNORECASE)


@pytest.mark.parametrize("code", STUDENT)
def test_the_ssn_typed_at_download_is_printed(code: str) -> None:
    assert "123-45-6789" in pdf_text(code, "en")
    assert "123-45-6789" in pdf_text(code, "es")


@pytest.mark.parametrize("code", CODES)
def test_a_letter_carries_nothing_of_another_member(code: str) -> None:
    text = pdf_text(code, "en", "other")
    assert OTHER_MEMBER["sender_name"] in text
    for value in MEMBER.values():
        assert flat(value) not in text


def test_the_medical_amount_is_printed_as_money_in_the_letter_s_language() -> None:
    assert "$1,234.56" in pdf_text("medical_assistance", "en")
    assert "$1,234.56" in pdf_text("medical_assistance", "es")


# ---- what is printed only when asked for -----------------------------------------------------

def html_text(code: str, language: str, **overrides: Any) -> str:
    html = letter_html(letter(code), language, member_values(code, MEMBER, **overrides), TODAY)
    return flat(unescape(re.sub(r"<[^>]+>", " ", html)))


def without_optional(code: str) -> dict[str, Any]:
    return {item.name: (False if item.kind == "checkbox" else None)
            for item in letter(code).fields
            if (not item.required or item.never_stored) and item.name not in MEMBER}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("code", CODES)
def test_optional_fields_left_empty_leave_no_trace(code: str, language: str) -> None:
    text = html_text(code, language, **without_optional(code))
    assert "None" not in text and "False" not in text
    for name in without_optional(code):
        assert f"Text for {name}" not in text
    # the offset review leaves a line for the number it requires (typed at download); others say nothing
    blank = text.count("Social Security number: ________________") + text.count(
        "Número de Seguro Social: ________________")
    assert blank == (1 if code == "offset_review" else 0)
    assert text.count("Social Security") + text.count("Seguro Social") == blank
    assert "123-45-6789" not in text


@pytest.mark.parametrize("language, asked, not_asked", [
    ("en", "30 days from receiving this request", "itemized bill that lists each service"),
    ("es", "30 días desde que reciben esta solicitud", "factura detallada que indique cada servicio"),
])
def test_the_medical_letter_asks_only_for_what_the_member_ticked(language: str, asked: str, not_asked: str) -> None:
    text = html_text("medical_assistance", language, requests=["records"])
    assert asked in text
    assert not_asked not in text


@pytest.mark.parametrize("language, oral, objection, absent", [
    ("en", "I ask for an oral hearing", "would cause me financial hardship", "Department must prove"),
    ("es", "Solicito una audiencia oral", "me causaría dificultades económicas", "debe probar"),
])
def test_the_garnishment_request_states_the_hearing_and_the_objections_chosen(
        language: str, oral: str, objection: str, absent: str) -> None:
    text = html_text("garnishment_hearing", language, hearing_type="oral", objections=["hardship"],
                     oral_reason="My employer's records are wrong")
    assert oral in text and "My employer's records are wrong" in text
    assert objection in text
    assert absent not in text


def test_a_written_hearing_is_asked_for_when_chosen() -> None:
    text = html_text("garnishment_hearing", "en", hearing_type="written", oral_reason=None)
    assert "hearing based on a review of the written records" in text
    assert "oral hearing" not in text
