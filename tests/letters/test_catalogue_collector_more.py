"""The old-debt response with its statute-of-limitations table, the No Surprises Act billing
dispute and the "you kept collecting without verifying" follow-up: the table's rows and its
boundaries, who each letter fits, what a member is told (the state's period and revival rule on
the form), the $400 check, the 120-day deadline, and what each letter says, read back from the
PDF in English, Spanish and both."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from debts.vocabulary import US_REGIONS
from letters.catalogue import CATALOGUE, fitting
from letters.catalogue.collector import COLLECTOR_KINDS
from letters.catalogue.collector_more import limitation_notes
from letters.catalogue.letter_type import LetterType, legal_basis_of
from letters.catalogue.pdf import letter_html
from letters.deadlines import due_date, safe_day
from letters.limitations import (
    MAY_BE_PAST,
    MAY_NOT_BE_PAST,
    OBLIGATIONS,
    REVIVAL_RULES,
    TABLE,
    UNKNOWN,
    may_be_time_barred,
    period_ends,
)
from letters.writing.forms import letter_form
from server import letter_layout, pdf
from server.i18n import using_language
from tests.letters.values import example_values

D = dt.date
CODES = ("time_barred", "no_surprises_dispute", "without_validating")
TODAY = D(2026, 12, 8)


def letter(code: str) -> LetterType:
    return CATALOGUE[code]


def english(items: Any) -> list[str]:
    with using_language("en"):
        return [str(item) for item in items]


def flat(text: str) -> str:
    return " ".join(text.split())


# ---- the statute-of-limitations table --------------------------------------------------------

def test_the_table_has_a_row_for_each_of_the_56_jurisdictions() -> None:
    assert len(TABLE) == 56 and set(TABLE) == set(US_REGIONS)


@pytest.mark.parametrize("region", sorted(US_REGIONS))
def test_every_row_has_a_period_and_a_statute_for_each_kind_a_source_and_a_date(region: str) -> None:
    row = TABLE[region]
    assert set(row.years) == set(row.citations) == set(OBLIGATIONS)
    assert all(isinstance(years, int) and years > 0 for years in row.years.values())
    assert all(citation.strip() and " (" not in citation for citation in row.citations.values())  # no English aside
    assert row.source.strip() and row.checked_on == D(2026, 12, 8)
    assert row.revival in REVIVAL_RULES
    if row.verified:  # a verified row says where it was checked
        assert re.search(r"https?://", row.source)


def test_new_york_and_texas_let_nothing_revive_a_consumer_debt() -> None:
    assert TABLE["US-NY"].revival == "nothing_revives" and "CPLR 214-i" in TABLE["US-NY"].revival_citation
    assert TABLE["US-TX"].revival == "nothing_revives" and "392.307" in TABLE["US-TX"].revival_citation
    assert TABLE["US-NY"].years["open_account"] == 3 and TABLE["US-TX"].years["written_contract"] == 4


@pytest.mark.parametrize("region, obligation, last, today, verdict", [
    # Texas, 4 years: the fourth anniversary is the last day the debt may not be past
    ("US-TX", "written_contract", D(2020, 3, 2), D(2024, 3, 2), MAY_NOT_BE_PAST),
    ("US-TX", "written_contract", D(2020, 3, 2), D(2024, 3, 3), MAY_BE_PAST),
    # Alaska, 3 years from a February 29: the period runs through March 1, 2027
    ("US-AK", "open_account", D(2024, 2, 29), D(2027, 3, 1), MAY_NOT_BE_PAST),
    ("US-AK", "open_account", D(2024, 2, 29), D(2027, 3, 2), MAY_BE_PAST),
    # New York judgments: 20 years
    ("US-NY", "judgment", D(2006, 12, 8), D(2026, 12, 8), MAY_NOT_BE_PAST),
    ("US-NY", "judgment", D(2006, 12, 7), D(2026, 12, 8), MAY_BE_PAST),
    # nothing to go on: no state, an unknown one, an unknown kind, no date, a date still to come
    (None, "written_contract", D(2000, 1, 1), TODAY, UNKNOWN),
    ("US-XX", "written_contract", D(2000, 1, 1), TODAY, UNKNOWN),
    ("US-TX", "oral_contract", D(2000, 1, 1), TODAY, UNKNOWN),
    ("US-TX", "written_contract", None, TODAY, UNKNOWN),
    ("US-TX", "written_contract", D(2027, 1, 1), TODAY, UNKNOWN),
])
def test_may_be_time_barred_at_its_boundaries(region: str | None, obligation: str, last: dt.date | None,
                                              today: dt.date, verdict: str) -> None:
    assert may_be_time_barred(region, obligation, last, today) == verdict


@given(st.sampled_from(sorted(US_REGIONS)), st.sampled_from(list(OBLIGATIONS)),
       st.dates(min_value=D(1980, 1, 1), max_value=D(2030, 12, 31)))
def test_the_period_ends_n_years_later_and_only_the_day_after_may_be_past(region: str, obligation: str,
                                                                         last: dt.date) -> None:
    ends = period_ends(region, obligation, last)
    assert ends is not None and ends.year == last.year + TABLE[region].years[obligation]
    assert may_be_time_barred(region, obligation, last, ends) == MAY_NOT_BE_PAST
    assert may_be_time_barred(region, obligation, last, ends + dt.timedelta(days=1)) == MAY_BE_PAST


def test_the_form_note_gives_the_state_s_period_its_statute_and_says_may() -> None:
    with using_language("en"):
        notes = limitation_notes({"state": "US-TX", "obligation": "written_contract",
                                  "last_activity_on": "2020-03-02"}, D(2026, 12, 8))
        recent = limitation_notes({"state": "US-TX", "obligation": "written_contract",
                                   "last_activity_on": D(2024, 3, 2)}, D(2026, 12, 8))
        unverified = limitation_notes({"state": "US-GU", "obligation": "written_contract"}, D(2026, 12, 8))
    assert notes[0] == ("In Texas, written contracts: 4 years (Tex. Civ. Prac. & Rem. Code § 16.004; checked on "
                        "December 8, 2026).")
    assert notes[1] == ("Your last payment or activity was more than 4 years ago: the debt may be past the limit. "
                        "Check with legal aid.")
    assert "may not be past the limit yet" in recent[1]
    assert "Tex. Fin. Code § 392.307" in notes[-1] and "no payment or acknowledgment restarts the clock" in notes[-1]
    assert unverified[0] == ("In Guam, written contracts: 4 years (7 Guam Code Ann. § 11303(a)), as written on "
                             "December 8, 2026: not yet checked against a source.")
    assert "not yet checked" not in notes[0]
    assert "may restart the clock" in unverified[-1]  # the common rule, where the table knows no other


# ---- who they fit and what a member is told ---------------------------------------------------

@pytest.mark.parametrize("code, kinds", [("time_barred", COLLECTOR_KINDS), ("without_validating", COLLECTOR_KINDS),
                                         ("no_surprises_dispute", frozenset({"medical"}))])
def test_each_letter_fits_its_debts(code: str, kinds: frozenset[str]) -> None:
    assert letter(code).kinds == kinds
    assert code in [t.code for t in fitting("medical")]
    assert code not in [t.code for t in fitting("federal_student")]


@pytest.mark.parametrize("code", CODES)
def test_every_letter_warns_about_lawsuits_admissions_and_proof_of_mailing(code: str) -> None:
    cautions = " ".join(english(letter(code).cautions))
    assert "Never write that the debt is yours or that you owe it" in cautions
    assert "certified mail" in cautions
    assert "answer" in cautions and "court" in cautions


def test_the_old_debt_letter_warns_about_the_defense_the_credit_report_clock_and_choice_of_law() -> None:
    cautions = " ".join(english(letter("time_barred").cautions))
    assert "raise the statute of limitations yourself" in cautions and "it is lost if you do not" in cautions
    assert "7 years" in cautions and "1681c" in cautions
    assert "choice of law" in cautions and "moves between states" in cautions


def test_the_follow_up_shows_the_member_s_one_year_limit_to_sue() -> None:
    cautions = " ".join(english(letter("without_validating").cautions))
    assert "1 year from the day the collector broke the law" in cautions and "1692k(d)" in cautions
    assert letter("without_validating").deadline is None and letter("time_barred").deadline is None


# ---- the No Surprises Act dispute: $400 and 120 days -------------------------------------------

def nsa_form(estimate: str, billed: str) -> Any:
    values = {"letter_language": "en", "sender_name": "Zephyrine Quackenbush", "sender_address": "1 Elm St",
              "recipient_name": "Mesa Imaging", "recipient_address": "PO Box 1", "dates_of_service": "May 4, 2026",
              "estimate_date": "2026-04-20", "estimate_amount": estimate, "bill_date": "2026-06-01",
              "bill_amount": billed}
    with using_language("en"):
        return letter_form(letter("no_surprises_dispute"), values, TODAY)


def test_a_bill_399_99_over_the_estimate_is_refused_with_the_difference_and_400_is_accepted() -> None:
    under = nsa_form("1,000.00", "1,399.99")
    assert under.errors["bill_amount"].startswith("The bill is $399.99 over the estimate.")
    assert "at least $400.00 over the estimate from the same provider" in under.errors["bill_amount"]
    assert not nsa_form("1,000.00", "1,400.00").errors


@pytest.mark.parametrize("bill, due, act_by", [
    # Mon Mar 2: the 120th day after is Tue Jun 30; 5 business days for the mail: Tue Jun 23
    (D(2026, 3, 2), D(2026, 6, 30), D(2026, 6, 23)),
    # Tue Aug 4: the 120th day is Wed Dec 2; counting back over Thanksgiving: Tue Nov 24
    (D(2026, 8, 4), D(2026, 12, 2), D(2026, 11, 24)),
])
def test_the_dispute_is_due_120_calendar_days_after_the_bill_s_date(bill: dt.date, due: dt.date,
                                                                   act_by: dt.date) -> None:
    rule = letter("no_surprises_dispute").deadline
    assert rule is not None and (rule.starts, rule.who) == ("bill_date", "member")
    assert due_date(rule, bill) == due and safe_day(rule, due) == act_by


# ---- the letters themselves ------------------------------------------------------------------

MEMBER = {"sender_name": "Zephyrine Quackenbush", "sender_address": "41 Larkspur Lane\nTucson, AZ 85701",
          "recipient_name": "Brightwater Recovery Partners", "recipient_address": "PO Box 9\nDallas, TX 75201",
          "account_number": "QZ4471958832"}
FILLED: dict[str, dict[str, Any]] = {
    "time_barred": {"state": "US-TX", "obligation": "open_account", "last_activity_on": D(2019, 5, 1),
                    "notice_date": D(2026, 11, 2)},
    "no_surprises_dispute": {"dates_of_service": "May 4, 2026", "estimate_date": D(2026, 4, 20),
                             "estimate_amount": 100_000, "bill_date": D(2026, 6, 1), "bill_amount": 162_550,
                             "details": None},
    "without_validating": {"dispute_date": D(2026, 9, 1), "dispute_received_on": D(2026, 9, 4),
                           "actions": ["calls", "credit_report"], "details": "A call on September 20, 2026."},
}
KEY_SENTENCES = {
    ("time_barred", "en"): [
        "I do not acknowledge that I owe this alleged debt.",
        "the date of the last payment made on the account",
        "the date the account was charged off",
        "may be beyond the statute of limitations of Texas",
        "I ask you not to sue me, and not to threaten to sue me, on this alleged debt.",
    ],
    ("time_barred", "es"): [
        "No reconozco que deba esta presunta deuda.",
        "la fecha del último pago hecho en la cuenta",
        "puede haber superado el plazo de prescripción de Texas",
        "Les pido que no me demanden ni amenacen con demandarme por esta presunta deuda.",
    ],
    ("no_surprises_dispute", "en"): [
        "Your good-faith estimate dated April 20, 2026 gave a total of $1,000.00.",
        "Your bill totals $1,625.50, which is $625.50 more than the estimate",
        "within 120 calendar days of the date of the bill",
        "please do not send this bill to collection",
    ],
    ("no_surprises_dispute", "es"): [
        "indicaba un total de $1,000.00.",
        "dentro de los 120 días calendario siguientes a la fecha de la factura",
        "les pido que no envíen esta factura a cobranza",
    ],
    ("without_validating", "en"): [
        "On September 1, 2026 I sent you a written dispute of this alleged debt, within the validation period; "
        "you received it on September 4, 2026.",
        "you reported the alleged debt to a credit bureau without noting that I dispute it;",
        "I demand that you stop all collection of this alleged debt until you send me verification of it.",
        "within one year of the violation (15 U.S.C. § 1692k)",
    ],
    ("without_validating", "es"): [
        "les envié por escrito una disputa de esta presunta deuda, dentro del período de validación",
        "Les exijo que suspendan todo cobro de esta presunta deuda hasta que me envíen su verificación.",
    ],
}
ADMISSIONS = {
    "en": r"(?<!acknowledge that )\bI owe\b|\bI will pay\b|\bagree to pay\b(?! any amount)|\bpromise\b(?! to pay it)|\bmy debt\b",
    "es": r"\bdebo\b|\bpagaré\b|\bprometo\b|\bme comprometo\b|\bmi deuda\b|supuesta deuda",
}


def member_values(code: str, **overrides: Any) -> dict[str, Any]:
    return example_values(letter(code), **{**MEMBER, **FILLED[code], **overrides})


@cache
def pdf_words(code: str, language: str) -> str:
    document = letter_html(letter(code), language, member_values(code), TODAY)
    rendered = asyncio.run(pdf.render_pdf(document, title=letter_layout.letter_title(letter(code), language),
                                          language=language))
    return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered)).pages))


@pytest.fixture(scope="module", autouse=True)
def workers() -> Any:
    yield
    pdf.close_pool()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("code", CODES)
def test_the_pdf_says_what_the_member_asks_and_the_law(code: str, language: str) -> None:
    text = pdf_words(code, language)
    assert MEMBER["recipient_name"] in text and MEMBER["sender_name"] in text
    for citation in legal_basis_of(letter(code), member_values(code)):
        assert citation in text
    for sentence in KEY_SENTENCES[code, language]:
        assert sentence in text, sentence
    assert not re.search(ADMISSIONS[language], text, re.IGNORECASE)


def test_the_old_debt_letter_never_prints_the_last_payment_date() -> None:
    assert "2019" not in pdf_words("time_barred", "en") and "2019" not in pdf_words("time_barred", "es")


@pytest.mark.parametrize("code", CODES)
def test_the_bilingual_pdf_has_both_letters(code: str) -> None:
    text = pdf_words(code, "bilingual")
    assert "Traducción al español, para referencia" in text
    assert KEY_SENTENCES[code, "en"][0] in text and KEY_SENTENCES[code, "es"][0] in text
