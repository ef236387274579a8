"""Federal student loans: a borrower-defense statement, a wage-garnishment hearing request and a
Treasury-offset review request.

From reference/letters-law.md §0, §6, §7, §10, §11 and §12, in our own words. All three go to the
Department of Education (or, for garnishment of some FFEL loans, the guaranty agency named in the
notice), which finds loans by Social Security number: here, and only here, the form asks for one,
typed at download time and never stored.

Offset review fits federal student loans only: 34 CFR 30.33 governs debts owed to the Department
of Education. A tax debt is offset by the IRS or a state under other rules, with no such review.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from babel.support import LazyProxy

from letters.catalogue.letter_type import Field, LetterType, account_field, recipient_fields, sender_fields
from letters.deadlines import DeadlineRule
from server.fields import parse_date
from server.i18n import lazy_gettext as _l

FEDERAL_STUDENT = frozenset({"federal_student"})

NOT_A_SHIELD = _l("This letter does not stop a lawsuit already filed. If you have been served with court papers, "
                  "answer them by the court's deadline and look for free legal help right away.")
NO_ADMISSION = _l("Never write that the debt is yours or that you owe it, and do not offer or promise any payment.")
CERTIFIED_MAIL = _l("Send it by certified mail with a return receipt, and keep a copy of the letter and of "
                    "everything you enclose.")
NO_LIMIT = _l("Federal student loans have no statute of limitations. In default, they can be collected without a "
              "lawsuit: the government can keep your tax refund and part of Social Security, and withhold up to "
              "15 percent of your pay.")


def _ssn_field(hint: LazyProxy) -> Field:
    return Field("ssn", _l("Social Security number"), max_length=11, never_stored=True, hint=hint)


def _recipient(name_label: LazyProxy, name_hint: LazyProxy, address_hint: LazyProxy) -> tuple[Field, ...]:
    name, address = recipient_fields(name_label)
    return dataclasses.replace(name, hint=name_hint), dataclasses.replace(address, hint=address_hint)


# 34 CFR 685.206(e) (the 2019 rule), with its 3-year limit, covers loans first disbursed from this day
# on; older loans fall under 685.206(c) (before July 1, 2017) or 685.222 (to June 30, 2020).
RULE_OF_2019_FROM = dt.date(2020, 7, 1)

FIRST_DISBURSED = {
    "from_july_2020": _l("At least one of them on or after July 1, 2020"),
    "before_july_2020": _l("All of them before July 1, 2020"),
    "not_sure": _l("I am not sure"),
}


def first_disbursed_from_start(started_on: dt.date | None) -> str:
    """What the vault tells of a loan's first disbursement: a debt that started on or after July 1,
    2020 holds only loans first disbursed from then on; one that started earlier may hold later
    loans too, so the member says."""
    return "from_july_2020" if started_on is not None and started_on >= RULE_OF_2019_FROM else ""


def three_year_limit_applies(fields: Mapping[str, Any]) -> bool:
    """Whether 685.206(e)'s 3-year limit binds the statement: it does for loans first disbursed on or
    after July 1, 2020. Not sure (or a statement written before the question was asked): only a
    member who still attended the school on or after that day can have such a loan for it."""
    answer = fields.get("first_disbursed")
    if answer in ("from_july_2020", "before_july_2020"):
        return bool(answer == "from_july_2020")
    left = fields.get("attended_until")
    left_on = left if isinstance(left, dt.date) else parse_date(str(left or ""))
    return left_on is None or left_on >= RULE_OF_2019_FROM


BORROWER_DEFENSE_3_YEARS = DeadlineRule(
    code="borrower_defense_3_years",
    days=1095,
    business_days=False,
    starts="attended_until",
    meaning="received",
    who="member",
    description=_l("For loans first disbursed on or after July 1, 2020, the Department must have your application "
                   "within 3 years of the day you left the school (counted here as 1,095 days, never later than "
                   "the real limit). Older loans have no fixed deadline, but apply as soon as you can."),
)

BORROWER_DEFENSE = LetterType(
    code="borrower_defense",
    title=_l("Borrower defense statement"),
    summary=_l("A statement for your borrower defense application: what your school told you or did, how you "
               "relied on it and how it harmed you, asking the Department of Education to cancel your federal "
               "loans."),
    recipient=_l("U.S. Department of Education, Federal Student Aid (borrower defense)"),
    legal_basis=("20 U.S.C. § 1087e(h)", "34 CFR 685.206(c)", "34 CFR 685.222", "34 CFR 685.206(e)"),
    fields=(
        *sender_fields(),
        *_recipient(
            _l("The Department of Education office it goes to"),
            _l("For example: U.S. Department of Education, Borrower Defense to Repayment."),
            _l("Check the current address on StudentAid.gov. An older form gave: PO Box 1854, Monticello, "
               "KY 42633."),
        ),
        account_field(_l("Loan account number, if you have one")),
        _ssn_field(_l("The Department finds your loans by it. Typed only when you download the letter: Jubilee "
                      "never stores it.")),
        Field("school_name", _l("Name of the school"), required=True, max_length=160),
        Field("campus", _l("Campus, city and state (or \"online\")"), max_length=160),
        Field("program", _l("Program of study"), required=True, max_length=160,
              hint=_l("For example: Medical Assistant certificate.")),
        Field("attended_from", _l("First day you attended"), kind="date", required=True),
        Field("attended_until", _l("Last day you attended"), kind="date", required=True,
              hint=_l("The day you graduated, withdrew or stopped going.")),
        Field("first_disbursed", _l("When your loans for this school were first paid out (first disbursed)"),
              kind="choice", required=True, choices=FIRST_DISBURSED, prefill="first_disbursed",
              hint=_l("StudentAid.gov shows each loan's disbursement dates. The 3-year limit for applying covers only "
                      "loans first disbursed on or after July 1, 2020 (34 CFR 685.206(e)).")),
        Field("misrepresentation", _l("What the school told you or did"), kind="textarea", required=True,
              max_length=4000,
              hint=_l("In your own words: what was said or promised (jobs, pay, credits that transfer, "
                      "accreditation, licensing, cost), who said it, when, and how you know it was not true.")),
        Field("reliance", _l("How it made you enroll or stay"), kind="textarea", required=True, max_length=2000),
        Field("harm", _l("How it harmed you"), kind="textarea", required=True, max_length=3000,
              hint=_l("Money lost, debt taken on, jobs you could not get, time, and anything else.")),
        Field("evidence", _l("Documents you are enclosing"), kind="textarea", max_length=2000,
              hint=_l("For example: enrollment agreement, ads, emails, texts, transcripts, pay stubs.")),
        Field("request_forbearance", _l("Ask that collection stop, or your loans be put in forbearance, while the "
                                        "Department decides"), kind="checkbox"),
    ),
    cautions=(
        _l("Apply through the official borrower defense application on StudentAid.gov, online or on its paper "
           "form, and attach this statement: it supports your application and does not replace it."),
        _l("The application is signed under penalty of perjury. Write only what is true and what you can "
           "explain, without exaggerating: false statements to a federal agency carry legal risk."),
        _l("For loans first disbursed on or after July 1, 2020, you must apply within 3 years of leaving the "
           "school."),
        _l("Until the Department approves a claim, the loan stays in place: interest and the consequences of "
           "default go on unless your loans are put in forbearance or collection is stopped."),
        NO_LIMIT,
        _l("The rules on borrower defense are changing and parts of them are before the courts. Check "
           "StudentAid.gov, and ask a legal-aid office or the National Consumer Law Center's Student Loan "
           "Borrower Assistance site."),
        NOT_A_SHIELD,
        NO_ADMISSION,
        CERTIFIED_MAIL,
    ),
    kinds=FEDERAL_STUDENT,
    checked_on=dt.date(2026, 12, 8),  # which loans the 3-year limit covers (letters-law §6)
    deadline=BORROWER_DEFENSE_3_YEARS,
    deadline_by=lambda fields: BORROWER_DEFENSE_3_YEARS if three_year_limit_applies(fields) else None,
    no_deadline=_l("No deadline to apply: the 3-year limit of 34 CFR 685.206(e) covers only loans first disbursed "
                   "on or after July 1, 2020. Your loans fall under 34 CFR 685.206(c) (first disbursed before "
                   "July 1, 2017) or 34 CFR 685.222 (from July 1, 2017 to June 30, 2020), which set no fixed "
                   "deadline to apply. Apply as soon as you can all the same."),
)

GARNISHMENT_OBJECTIONS = {
    "no_debt": _l("The alleged debt does not exist or is not mine: it was paid or discharged, it is not my loan, "
                  "or it comes from identity theft"),
    "amount": _l("The amount is wrong"),
    "not_enforceable": _l("It cannot be collected now: bankruptcy, a pending or approved discharge, a closed "
                          "school, or total and permanent disability"),
    "borrower_defense": _l("My school's misconduct gives me a defense to repayment (borrower defense)"),
    "hardship": _l("Withholding from my pay would cause me financial hardship"),
    "reemployed": _l("I lost my job involuntarily and have been back at work for less than 12 months"),
}

NOTICE_SENDERS = {
    "department": _l("The U.S. Department of Education"),
    "guaranty_agency": _l("A guaranty agency"),
}

HEARING_TYPES = {
    "written": _l("A review of the written records"),
    "oral": _l("An oral hearing, by phone or in person"),
}

AWG_HEARING_30_DAYS = DeadlineRule(
    code="awg_hearing_30_days",
    days=30,
    business_days=False,
    starts="notice_date",
    meaning="postmarked",
    who="member",
    description=_l("Postmarked (or delivered to the office on the notice) by the 30th day after the date of the "
                   "garnishment notice: then no garnishment order can be issued before your hearing and its "
                   "written decision (34 CFR 34.11). A 30th day on a weekend or federal holiday moves to the "
                   "next business day (34 CFR 34.3)."),
    moves_to_business_day=True,
)

# 20 U.S.C. 1095a(b): a guaranty agency's hearing comes before garnishment only if the borrower
# "files a petition" by the 15th day after the notice was mailed. Filing is read as the agency
# having it (received), counted from the notice's date (the earliest it can have been mailed), and
# never moved off a weekend or holiday: part 34 and its 34.3 do not govern a guaranty agency.
GUARANTY_HEARING_15_DAYS = DeadlineRule(
    code="guaranty_hearing_15_days",
    days=15,
    business_days=False,
    starts="notice_date",
    meaning="received",
    who="member",
    description=_l("The guaranty agency must have your request by the 15th day after it mailed the notice: then "
                   "the hearing comes before any garnishment order (20 U.S.C. § 1095a(b)). Counted here from the "
                   "date printed on the notice, the earliest day it can have been mailed, and not moved off a "
                   "weekend or holiday. If the notice gives a different date, follow the notice."),
)


def garnishment_deadline(fields: Mapping[str, Any]) -> DeadlineRule:
    """The rule of the notice's sender: a guaranty agency's 15 days, or the Department's 30 (also for
    a request written before the form asked, which cites the Department's law)."""
    return GUARANTY_HEARING_15_DAYS if fields.get("notice_from") == "guaranty_agency" else AWG_HEARING_30_DAYS


DEPARTMENT_GARNISHMENT_LAW = ("31 U.S.C. § 3720D", "34 CFR 34.6", "34 CFR 34.11", "34 CFR 34.13", "34 CFR 34.14")
GUARANTY_GARNISHMENT_LAW = ("20 U.S.C. § 1095a",)


def garnishment_law(values: Mapping[str, Any]) -> tuple[str, ...]:
    """What the request cites: 20 U.S.C. 1095a (HEA section 488A) to a guaranty agency, the
    Department's part 34 otherwise."""
    return GUARANTY_GARNISHMENT_LAW if values.get("notice_from") == "guaranty_agency" else DEPARTMENT_GARNISHMENT_LAW


# 34 CFR 34.13(d)(4)(i): records asked for within 20 days of the notice bring more time to answer
# what they say; 34.3 moves a last day on a weekend or holiday, for every period of part 34.
AWG_RECORDS_20_DAYS = DeadlineRule(
    code="awg_records_20_days",
    days=20,
    business_days=False,
    starts="notice_date",
    meaning="postmarked",
    who="member",
    description=_l("Your letter asks for the Department's records: mail it by the 20th day after the date of the "
                   "garnishment notice to get extra time to answer what they say (34 CFR 34.13). A 20th day on a "
                   "weekend or federal holiday moves to the next business day (34 CFR 34.3)."),
    moves_to_business_day=True,
    applies_if="request_records",
    label=_l("Records request"),
)

GARNISHMENT_HEARING = LetterType(
    code="garnishment_hearing",
    title=_l("Wage garnishment hearing request"),
    summary=_l("Asks for a hearing before the Department of Education or a guaranty agency withholds part of your "
               "pay for a defaulted federal student loan, and says why the garnishment is wrong."),
    recipient=_l("The office named in the garnishment notice: the Department of Education or a guaranty agency"),
    legal_basis=(*DEPARTMENT_GARNISHMENT_LAW, *GUARANTY_GARNISHMENT_LAW),
    fields=(
        *sender_fields(),
        *_recipient(
            _l("The office named in the garnishment notice"),
            _l("As written on the notice, for example: U.S. Department of Education, Default Resolution Group."),
            _l("Copy the address the notice gives for hearing requests."),
        ),
        account_field(_l("Account or reference number on the notice")),
        Field("notice_from", _l("Who sent the garnishment notice"), kind="choice", required=True,
              choices=NOTICE_SENDERS,
              hint=_l("Look at the letterhead and the signature. A notice from a guaranty agency names it (a state "
                      "or nonprofit agency that guaranteed an older FFEL loan, for example ECMC or a state "
                      "student assistance agency) and cites the Higher Education Act; one from the Department "
                      "says U.S. Department of Education or Default Resolution Group. If unsure, call the number "
                      "on the notice and ask.")),
        _ssn_field(_l("Only if the notice identifies you by it. Typed only when you download the letter: Jubilee "
                      "never stores it.")),
        Field("notice_date", _l("Date of the garnishment notice"), kind="date", required=True,
              hint=_l("The date printed on the notice, not the day it arrived.")),
        Field("hearing_type", _l("Kind of hearing"), kind="choice", required=True, choices=HEARING_TYPES),
        Field("oral_reason", _l("If you ask for an oral hearing: why the papers alone are not enough"),
              kind="textarea", max_length=1000,
              hint=_l("An oral hearing is given when the written record cannot settle a question of credibility "
                      "or truthfulness (34 CFR 34.9): for example, whether you signed the loan papers, or what "
                      "the school or the servicer told you. Say which facts only your testimony can show.")),
        Field("objections", _l("Why the garnishment is wrong"), kind="choices", required=True,
              choices=GARNISHMENT_OBJECTIONS),
        Field("explanation", _l("Explain, in your own words"), kind="textarea", required=True, max_length=3000,
              hint=_l("Facts and dates, and the documents you are enclosing.")),
        Field("request_records", _l("Ask to see and copy the Department's records about the alleged debt"),
              kind="checkbox",
              hint=_l("Ask within 20 days of the notice date to get extra time to answer what the records say.")),
    ),
    cautions=(
        _l("To the Department, mail it so it is postmarked by the 30th day after the date on the notice. A later "
           "request still gets a hearing, but garnishment can start while you wait."),
        _l("If the notice comes from a guaranty agency rather than the Department of Education, the agency must "
           "have your request by the 15th day after it mailed the notice for the hearing to come before "
           "garnishment: send it at once, and follow the date printed on the notice if it is different."),
        _l("A hardship objection needs the Department's financial statement form, with your income, expenses and "
           "dependents, and proof of them."),
        _l("State limits on wage garnishment do not apply to this federal garnishment, which can take up to 15 "
           "percent of your disposable pay."),
        _l("Getting out of default, by rehabilitation or consolidation, is often what ends garnishment for good. "
           "StudentAid.gov, the Default Resolution Group and legal aid can explain the options."),
        NOT_A_SHIELD,
        NO_ADMISSION,
        CERTIFIED_MAIL,
    ),
    kinds=FEDERAL_STUDENT,
    checked_on=dt.date(2026, 12, 8),  # the guaranty agency's 15 days (20 U.S.C. 1095a(b))
    deadline=AWG_HEARING_30_DAYS,
    deadline_by=garnishment_deadline,
    other_deadlines=(GUARANTY_HEARING_15_DAYS,),
    legal_basis_by=garnishment_law,
    more_deadlines=(AWG_RECORDS_20_DAYS,),
)

OFFSET_OBJECTIONS = {
    "no_debt": GARNISHMENT_OBJECTIONS["no_debt"],
    "amount": GARNISHMENT_OBJECTIONS["amount"],
    "not_enforceable": GARNISHMENT_OBJECTIONS["not_enforceable"],
    "borrower_defense": GARNISHMENT_OBJECTIONS["borrower_defense"],
    "not_past_due": _l("It is not past due: I am in repayment, deferment or forbearance, or under a repayment "
                       "agreement"),
}

OFFSET_REVIEW_65_DAYS = DeadlineRule(
    code="offset_review_65_days",
    days=65,
    business_days=False,
    starts="notice_date",
    meaning="postmarked",
    who="member",
    description=_l("Postmarked by the 65th day after the date of the offset notice (34 CFR 30.33). If you asked for "
                   "the records within 20 days, you may also file until 15 days after they are made available, "
                   "when that is later. A U.S. Postal Service postmark counts; a private postage-meter date does "
                   "not."),
)

# 34 CFR 30.33(c)(1): records asked for within 20 days of the notice. Part 30 has no rule moving a
# last day off a weekend or holiday (34.3 is part 34's): a 20th day on a Sunday stays a Sunday.
OFFSET_RECORDS_20_DAYS = DeadlineRule(
    code="offset_records_20_days",
    days=20,
    business_days=False,
    starts="notice_date",
    meaning="postmarked",
    who="member",
    description=_l("Your letter asks for the Department's records: mail it by the 20th day after the date of the "
                   "offset notice (34 CFR 30.33(c)(1)), and you may then ask for review until 15 days after the "
                   "records are made available, if that is later than the 65th day. A 20th day on a weekend or "
                   "holiday is not moved to a business day for this notice: mail it by the business day before."),
    applies_if="request_records",
    label=_l("Records request"),
)

OFFSET_REVIEW = LetterType(
    code="offset_review",
    title=_l("Treasury offset review request"),
    summary=_l("Asks the Department of Education to review a notice that it will take your tax refund for a "
               "federal student loan, and to show you its records."),
    recipient=_l("The office named in the offset notice (U.S. Department of Education)"),
    legal_basis=("31 U.S.C. § 3716", "31 U.S.C. § 3720A", "34 CFR 30.24", "34 CFR 30.33"),
    fields=(
        *sender_fields(),
        *_recipient(
            _l("The office named in the offset notice"),
            _l("As written on the notice, for example: U.S. Department of Education."),
            _l("Copy the address the notice gives for review requests."),
        ),
        account_field(_l("Account or reference number on the notice")),
        dataclasses.replace(_ssn_field(_l(
            "A review request must give it, or the Department may refuse the request (34 CFR 30.24). Typed only "
            "when you download the letter: Jubilee never stores it.")), required=True),
        Field("notice_date", _l("Date of the offset notice"), kind="date", required=True,
              hint=_l("The date printed on the notice, not the day it arrived.")),
        Field("loan_program", _l("Loan program named on the notice"), required=True, max_length=160,
              hint=_l("For example: William D. Ford Federal Direct Loan. The Department may refuse a request "
                      "without it (34 CFR 30.24).")),
        Field("objections", _l("Why the notice is wrong"), kind="choices", required=True, choices=OFFSET_OBJECTIONS),
        Field("explanation", _l("Explain, in your own words"), kind="textarea", required=True, max_length=3000,
              hint=_l("Facts and dates, and the documents you are enclosing.")),
        Field("request_records", _l("Ask to see and copy the Department's records about the alleged debt"),
              kind="checkbox", hint=_l("This part must be sent within 20 days of the notice date.")),
    ),
    cautions=(
        _l("Mail it so it is postmarked by the 65th day after the date on the notice. The Department counts a "
           "legible U.S. Postal Service postmark or a mail receipt dated by the Postal Service, not a private "
           "postage-meter date."),
        _l("To see the Department's records first, ask within 20 days of the notice date. You then have until 15 "
           "days after the records are made available, if that is later than the 65th day, to ask for review."),
        _l("Copy every identifying detail from the notice, explain why it is wrong, and enclose the documents that "
           "show it: the Department may refuse to consider reasons or documents you do not send."),
        NO_LIMIT,
        NOT_A_SHIELD,
        NO_ADMISSION,
        CERTIFIED_MAIL,
    ),
    kinds=FEDERAL_STUDENT,
    checked_on=dt.date(2026, 12, 8),  # the SSN and loan program (30.24(b)), the 20-day records request (30.33(c)(1))
    deadline=OFFSET_REVIEW_65_DAYS,
    more_deadlines=(OFFSET_RECORDS_20_DAYS,),
)
