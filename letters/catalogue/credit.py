"""Letters about a credit report: the dispute to a credit bureau (Equifax, Experian, TransUnion)
and the direct dispute to the company that reports the account (the furnisher).

From reference/letters-law.md §0, §3, §4 and §11, in our own words. Any kind of debt can show up
on a credit report, so both fit every kind. The bureau route comes first: the Fair Credit Reporting
Act has no credit-repair exception for it, and only a dispute through a bureau lets a member sue a
furnisher that does not investigate. A direct dispute may be ignored if the furnisher believes a
credit-repair-type organization (a nonprofit included) prepared it, so both letters ask the member
to say what is wrong in their own words and carry no Jubilee branding.

Both rules count the recipient's 30 days from the day the member mailed the letter: the law
counts from receipt, which the member does not record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from babel.support import LazyProxy as LazyString

from letters.catalogue.letter_type import Field, LetterType, account_field, recipient_fields, sender_fields
from letters.deadlines import DeadlineRule
from server.i18n import lazy_gettext as _l

BUREAUS = {
    "equifax": _l("Equifax"),
    "experian": _l("Experian"),
    "transunion": _l("TransUnion"),
}

PROBLEMS = {
    "not_mine": _l("The account is not mine"),
    "identity_theft": _l("It comes from identity theft"),
    "wrong_balance": _l("The balance or amount is wrong"),
    "wrong_status": _l("The status or the late payments are wrong"),
    "wrong_dates": _l("The dates are wrong"),
    "duplicate": _l("It is listed more than once"),
    "too_old": _l("It is too old to be reported (more than 7 years)"),
    "medical": _l("It is a medical collection that is paid, under $500, or less than a year old"),
}

# The same problems put to the company that reports the account, in terms of its own duties: the
# bureaus' 7-year limit (1681c) and medical-debt policy bind the bureaus, not a furnisher, whose duty
# is an accurate date of first delinquency (1681s-2(a)(5)) and accurate information (1681s-2(a)(1),
# 12 CFR 1022.42).
FURNISHER_PROBLEMS = {
    **PROBLEMS,
    "too_old": _l("It is too old: the date of first delinquency they report is wrong or missing"),
    "medical": _l("It is a medical bill they report wrongly (paid, covered by insurance, or not owed)"),
}

# 15 U.S.C. 1681i(a)(1)(B)-(C): 15 more days when the bureau receives relevant information from the
# member during the 30 days (not once it has found the item inaccurate or unverifiable); 1681j(a)(3):
# 45 days for a dispute made after the free annual report.
BUREAU_REINVESTIGATION_45 = DeadlineRule(
    code="bureau_reinvestigation_45_days",
    days=45,
    business_days=False,
    starts="delivered",
    meaning="answer",
    who="recipient",
    description=_l("The bureau has 45 days from receiving your dispute instead of 30, because you sent it more "
                   "information during the 30 days or you are disputing after getting your free annual report "
                   "(15 U.S.C. 1681i(a)(1)(B) and 1681j(a)(3)). If it finds within the 30 days that the item is "
                   "wrong or cannot be verified, it must correct or delete it then."),
)

BUREAU_REINVESTIGATION = DeadlineRule(
    code="bureau_reinvestigation_30_days",
    days=30,
    business_days=False,
    starts="delivered",
    meaning="answer",
    who="recipient",
    description=_l("The bureau must finish its reinvestigation within 30 days of receiving your letter "
                   "(15 U.S.C. 1681i(a)(1)(A)): 45 days if you send it more information during the 30 days, or "
                   "if you dispute after getting your free annual report."),
    extended=BUREAU_REINVESTIGATION_45,
    extended_if="after_free_report",
)

# 12 CFR 1022.43(e)(3), 15 U.S.C. 1681s-2(a)(8)(E)(iii): the period a bureau would have under
# 1681i(a)(1), so 45 days when the member sends more relevant information during the 30.
FURNISHER_INVESTIGATION_45 = DeadlineRule(
    code="furnisher_investigation_45_days",
    days=45,
    business_days=False,
    starts="delivered",
    meaning="answer",
    who="recipient",
    description=_l("The company has 45 days from receiving your dispute instead of 30, because you sent it more "
                   "information during the 30 days (12 CFR 1022.43(e)(3))."),
)

FURNISHER_INVESTIGATION = DeadlineRule(
    code="furnisher_investigation_30_days",
    days=30,
    business_days=False,
    starts="delivered",
    meaning="answer",
    who="recipient",
    description=_l("The company must investigate and send you its results within 30 days of receiving your "
                   "dispute (12 CFR 1022.43(e)(3)): 45 days if you send it more information during the 30 days."),
    extended=FURNISHER_INVESTIGATION_45,
)


def _problem_fields(problems: dict[str, LazyString]) -> tuple[Field, ...]:
    return (
        Field("problems", _l("What is wrong"), kind="choices", choices=problems,
              hint=_l("Tick what applies, then explain below.")),
        Field("what_is_wrong", _l("What is wrong, in your own words"), kind="textarea", required=True,
              max_length=2000,
              hint=_l("Be specific: which line, which amount or date, and why it is wrong. Your own words count: "
                      "identical form letters can be set aside.")),
        Field("correction", _l("What it should say instead"), kind="textarea", required=True, max_length=1000,
              hint=_l("For example: delete the account, it is not mine; or: balance $0, paid in May 2024.")),
        Field("enclosures", _l("Copies you enclose"), kind="textarea", max_length=600,
              hint=_l("Optional. For example: the page of your report with the line circled, a receipt, a police "
                      "or identity-theft report. Copies only, never originals.")),
    )


def _with_address_hint(fields: tuple[Field, ...], hint: LazyString) -> tuple[Field, ...]:
    """The recipient's fields, with a hint on where to find this recipient's address."""
    return tuple(dataclasses.replace(item, hint=hint) if item.name == "recipient_address" else item for item in fields)

_NOT_A_LAWSUIT = _l("A dispute does not stop a lawsuit already filed. If you have been served with court papers, "
                    "answer them by the court's deadline and look for free legal help right away.")
_ONLY_WHAT_IS_WRONG = _l("Dispute only what you believe is wrong or incomplete. Accurate negative information can "
                         "lawfully stay on a report, collections and charge-offs for up to 7 years.")
_NEVER_ADMIT = _l("Never write that the debt is yours or that you owe it, and do not offer or promise any payment.")

def bureau_fields() -> tuple[Field, ...]:
    """The bureau written to, with its name and address (the hint lists the bureaus' published
    dispute addresses): every letter to a credit bureau starts with these."""
    return (
        Field("bureau", _l("Credit bureau"), kind="choice", required=True, choices=BUREAUS),
        *_with_address_hint(
            recipient_fields(_l("The credit bureau's name")),
            _l("Use the dispute address printed on your own credit report: it comes before any list. Addresses "
               "the bureaus have published: Equifax Information Services LLC, P.O. Box 740256, Atlanta, GA "
               "30374-0256; Experian, P.O. Box 4500, Allen, TX 75013 (Experian also gives P.O. Box 9701); "
               "TransUnion Consumer Solutions, P.O. Box 2000, Chester, PA 19016.")),
    )


def file_fields() -> tuple[Field, ...]:
    """What helps a bureau find the member's file, all optional (the SSN never stored)."""
    return (
        Field("date_of_birth", _l("Your date of birth"), kind="date",
              hint=_l("Optional. The bureau uses it to find your file.")),
        Field("ssn", _l("Your Social Security number"), max_length=11, never_stored=True,
              hint=_l("Optional. The bureau uses it to find your file. Typed only when you download the letter; "
                      "Jubilee never saves it.")),
        Field("previous_addresses", _l("Your other addresses in the last 2 years"), kind="textarea",
              max_length=400, hint=_l("Optional. Only if you moved.")),
        Field("report_number", _l("Report or file number"), max_length=40,
              hint=_l("Optional, if your credit report shows one.")),
    )


BUREAU_DISPUTE = LetterType(
    code="bureau_dispute",
    title=_l("Credit report dispute to a credit bureau"),
    summary=_l("Asks Equifax, Experian or TransUnion to reinvestigate wrong or incomplete information on your "
               "credit report and to correct or delete it."),
    recipient=_l("The credit bureau whose report shows the error (one letter to each bureau)"),
    legal_basis=("15 U.S.C. § 1681i",),
    fields=(
        *sender_fields(),
        *bureau_fields(),
        *file_fields(),
        Field("furnisher", _l("Company named on the account line"), required=True, prefill="original_creditor",
              max_length=160, hint=_l("As your report names it: the lender, or the collector if a collector "
                                      "reports it.")),
        dataclasses.replace(account_field(_l("Account number as shown on your report")),
                            hint=_l("The report often shows only part of it; copy what it shows. Never your Social "
                                    "Security number.")),
        *_problem_fields(PROBLEMS),
        Field("after_free_report", _l("I am disputing after getting my free annual report"), kind="checkbox",
              hint=_l("The free report from AnnualCreditReport.com. The bureau then has 45 days to answer, not 30.")),
    ),
    cautions=(
        _ONLY_WHAT_IS_WRONG,
        _l("Send one letter to each bureau whose report shows the error, to the dispute address printed on that "
           "report: it comes before the addresses we list."),
        _l("Send it by certified mail with a return receipt, keep a copy, and enclose copies of your documents "
           "and of the report page with the line marked, never the originals."),
        _l("The bureau has 30 days from receiving your letter, or 45 if you send more information during those "
           "30 days or dispute after your free annual report. A late answer does not erase the debt."),
        _l("Repeated or identical disputes that bring nothing new can be set aside as frivolous: each time, say "
           "what is wrong in your own words and add any new information."),
        _l("Your Social Security number is typed only when you download the letter and is never saved."),
        _NEVER_ADMIT,
        _NOT_A_LAWSUIT,
    ),
    kinds=None,
    checked_on=dt.date(2026, 12, 8),  # counted from receipt, the 45 days (1681i(a)(1), 1681j(a)(3))
    deadline=BUREAU_REINVESTIGATION,
    follows=("furnisher_dispute",),
)

FURNISHER_DISPUTE = LetterType(
    code="furnisher_dispute",
    title=_l("Credit report dispute to the company that reports it"),
    summary=_l("Asks the lender, servicer or collector that reports an account to the credit bureaus to "
               "investigate what it reports and to correct it with every bureau."),
    recipient=_l("The company that reports the account to the credit bureaus, at the address it gives for "
                 "disputes"),
    legal_basis=("15 U.S.C. § 1681s-2(a)(8)", "12 CFR 1022.43"),
    fields=(
        *sender_fields(),
        *_with_address_hint(
            recipient_fields(_l("The company that reports the account"), "original_creditor"),
            _l("The address it gives for credit-report disputes, often printed on your credit report or its "
               "statements; if it gives none, any business address of the company.")),
        dataclasses.replace(account_field(), required=True),
        Field("phone", _l("Your phone number"), max_length=40,
              hint=_l("Optional. The rule lists it among what identifies you; leave it empty to be answered by "
                      "mail.")),
        *_problem_fields(FURNISHER_PROBLEMS),
    ),
    cautions=(
        _l("A company may skip investigating a dispute it believes was prepared by a credit repair organization, "
           "nonprofits included: say what is wrong in your own words, and send a dispute to the credit bureaus "
           "too."),
        _l("Only a dispute sent through a credit bureau lets you sue a company that fails to investigate. This "
           "letter is a useful addition to a bureau dispute, not a replacement."),
        _l("Use it for the account itself: whether it is yours, its balance, status, payments and dates. Errors "
           "in your name, address, employer or inquiries go to the bureau."),
        _l("Send it to the address the company gives for disputes, by certified mail with a return receipt; keep "
           "a copy and send copies of your documents, never the originals."),
        _ONLY_WHAT_IS_WRONG,
        _NEVER_ADMIT,
        _NOT_A_LAWSUIT,
    ),
    kinds=None,
    checked_on=dt.date(2026, 12, 8),  # the furnisher's own duties (1681s-2(a)(1), (a)(5); 12 CFR 1022.42)
    deadline=FURNISHER_INVESTIGATION,
)
