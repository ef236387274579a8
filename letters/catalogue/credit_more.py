"""More letters to a credit bureau: the identity-theft block, and two follow-ups to a bureau
dispute (the request for the method of verification, and the statement of dispute).

From the Fair Credit Reporting Act, in our own words (sources and "checked on" in
docs/letters.md): 15 U.S.C. 1681c-2 (block within 4 business days of receiving proof of identity,
an identity theft report, the lines to block and the member's statement that they are not
theirs), 1681i(a)(6)(B)(iii) and (a)(7) (the description of how a dispute was verified, within 15
days of the request), 1681i(b)-(d) (a brief statement, which the bureau may limit to 100 words;
the dispute noted in later reports; on request, notice to those who received the report in the
last 2 years for employment or 6 months otherwise). Any kind of debt can show up on a credit
report, so all three fit every kind.

The recipient's deadlines count from receipt ("delivered": the delivery date the member enters,
or the assumed one until then).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from letters.catalogue.credit import bureau_fields, file_fields
from letters.catalogue.letter_type import Field, LetterType, account_field, sender_fields
from letters.deadlines import DeadlineRule
from server.i18n import lazy_gettext as _l

CHECKED_ON = dt.date(2026, 12, 8)
STATEMENT_WORDS = 100  # 15 U.S.C. 1681i(b): a bureau may limit a statement to 100 words

THEFT_REPORTS = {
    "ftc": _l("An FTC Identity Theft Report (IdentityTheft.gov)"),
    "police": _l("A police report"),
}

MORE_ENCLOSURES = {
    "proof_of_address": _l("Proof of my current address (a utility bill or bank statement)"),
    "report_pages": _l("The pages of my credit report with the lines to block marked"),
    "other_letters": _l("Letters from the companies about the accounts"),
}

IDENTITY_THEFT_BLOCK_RULE = DeadlineRule(
    code="identity_theft_block_4_business_days",
    days=4,
    business_days=True,
    starts="delivered",
    meaning="answer",
    who="recipient",
    description=_l("The bureau must block the information within 4 business days of receiving your letter with "
                   "its copies (15 U.S.C. § 1681c-2(a))."),
)

VERIFICATION_METHOD_RULE = DeadlineRule(
    code="verification_method_15_days",
    days=15,
    business_days=False,
    starts="delivered",
    meaning="answer",
    who="recipient",
    description=_l("The bureau must send you the description within 15 days of receiving your request (15 U.S.C. "
                   "§ 1681i(a)(7))."),
)

_NOT_A_LAWSUIT = _l("A letter to a credit bureau does not stop a lawsuit already filed. If you have been served with "
                    "court papers, answer them by the court's deadline and look for free legal help right away.")
_NEVER_ADMIT = _l("Never write that the debt is yours or that you owe it, and do not offer or promise any payment.")
_CERTIFIED = _l("Send it by certified mail with a return receipt, keep a copy and the receipt, and enclose copies, "
                "never originals.")
_ONE_PER_BUREAU = _l("Write to each bureau whose report shows it, at the address printed on that report.")
_SSN_NOT_SAVED = _l("Your Social Security number is typed only when you download the letter and is never saved.")


def _reported_line() -> tuple[Field, ...]:
    """The account line as the credit report shows it."""
    return (
        Field("furnisher", _l("Company named on the account line"), required=True, prefill="original_creditor",
              max_length=160, hint=_l("As your report names it: the lender, or the collector if a collector "
                                      "reports it.")),
        dataclasses.replace(account_field(_l("Account number as shown on your report")),
                            hint=_l("The report often shows only part of it; copy what it shows. Never your Social "
                                    "Security number.")),
    )


IDENTITY_THEFT_BLOCK = LetterType(
    code="identity_theft_block",
    title=_l("Identity theft block to a credit bureau"),
    summary=_l("Asks Equifax, Experian or TransUnion to block from your credit report the accounts and other "
               "information that come from identity theft, with your identity theft report."),
    recipient=_l("The credit bureau whose report shows the information (one letter to each bureau)"),
    legal_basis=("15 U.S.C. § 1681c-2",),
    fields=(
        *sender_fields(),
        *bureau_fields(),
        *file_fields(),
        Field("information", _l("The information to block"), kind="textarea", required=True, max_length=2000,
              hint=_l("One line for each: the company, the account number as your report shows it, and what to "
                      "block (the account, an inquiry, an address). Only what comes from identity theft.")),
        Field("theft_report", _l("Your identity theft report"), kind="choice", required=True, choices=THEFT_REPORTS,
              hint=_l("The report you made at IdentityTheft.gov or to the police. A copy goes with the letter.")),
        Field("theft_report_number", _l("The identity theft report's number"), max_length=40,
              hint=_l("As printed on the report.")),
        Field("theft_report_date", _l("The identity theft report's date"), kind="date", required=True),
        Field("more_enclosures", _l("Other copies you enclose"), kind="choices", choices=MORE_ENCLOSURES,
              hint=_l("Optional. The letter always says you enclose a copy of your identity theft report and of "
                      "your photo ID: the law asks for both.")),
    ),
    cautions=(
        _l("Your identity theft report is an official statement to the FTC or to the police: a false one can be a "
           "crime. Ask to block only what really comes from identity theft."),
        _l("Enclose a copy of your identity theft report and of a government-issued photo ID: the bureau must "
           "block within 4 business days of receiving them with this letter, which names the lines and says "
           "they are not yours."),
        _l("The bureau may refuse or lift a block if it reasonably finds that it was asked for by mistake or "
           "through a material misrepresentation, or that you received goods, services or money from the "
           "transactions; it must tell you promptly (15 U.S.C. § 1681c-2(c))."),
        _l("The bureau tells the company that reported each line about the block. For errors that are not "
           "identity theft, send a credit report dispute instead."),
        _ONE_PER_BUREAU,
        _CERTIFIED,
        _SSN_NOT_SAVED,
        _NEVER_ADMIT,
        _NOT_A_LAWSUIT,
    ),
    kinds=None,
    checked_on=CHECKED_ON,
    deadline=IDENTITY_THEFT_BLOCK_RULE,
)

VERIFICATION_METHOD = LetterType(
    code="verification_method",
    title=_l("Request for how a credit bureau verified a dispute"),
    summary=_l("A follow-up to a credit report dispute: when the bureau says it verified the information, asks "
               "it how, and for the name, address and phone number of the company it contacted."),
    recipient=_l("The credit bureau that answered your dispute"),
    legal_basis=("15 U.S.C. § 1681i(a)(7)", "15 U.S.C. § 1681i(a)(6)(B)(iii)"),
    fields=(
        *sender_fields(),
        *bureau_fields(),
        *file_fields(),
        *_reported_line(),
        Field("dispute_date", _l("When you sent your dispute"), kind="date", required=True,
              prefill="followed_sent_on"),
        Field("results_date", _l("Date of the bureau's results"), kind="date", required=True,
              not_before="dispute_date", prefill="followed_answered_on",
              hint=_l("The date of the letter in which the bureau said it verified the information.")),
    ),
    cautions=(
        _l("Send it after the bureau tells you it verified what you disputed. It must describe how within 15 days "
           "of receiving your request."),
        _l("This request does not reopen your dispute. If the information is still wrong, dispute it again with "
           "new information, or add a statement of dispute to your file."),
        _CERTIFIED,
        _SSN_NOT_SAVED,
        _NEVER_ADMIT,
        _NOT_A_LAWSUIT,
    ),
    kinds=None,
    checked_on=CHECKED_ON,
    deadline=VERIFICATION_METHOD_RULE,
    follows=("bureau_dispute",),
)

DISPUTE_STATEMENT = LetterType(
    code="dispute_statement",
    title=_l("Statement of dispute for a credit file"),
    summary=_l("A follow-up to a credit report dispute that did not fix the error: adds your own short statement "
               "to your credit file, which the bureau must include with the item in later reports."),
    recipient=_l("The credit bureau that answered your dispute"),
    legal_basis=("15 U.S.C. § 1681i(b)", "15 U.S.C. § 1681i(c)", "15 U.S.C. § 1681i(d)"),
    fields=(
        *sender_fields(),
        *bureau_fields(),
        *file_fields(),
        *_reported_line(),
        Field("results_date", _l("Date of the bureau's results"), kind="date", prefill="followed_answered_on",
              hint=_l("Optional. The date of the letter in which the bureau gave the results of your dispute.")),
        Field("statement", _l("Your statement"), kind="textarea", required=True, max_length=1000,
              max_words=STATEMENT_WORDS,
              hint=_l("At most 100 words: what is wrong and why, in your own words. Anyone who gets your report "
                      "can read it.")),
        Field("notify_recipients", _l("Send my statement to those who recently got my report"), kind="checkbox",
              hint=_l("Those who got your report in the last 2 years for a job, or in the last 6 months for "
                      "anything else. Name them below.")),
        Field("notify_who", _l("Who should get it"), kind="textarea", max_length=600,
              required_if=("notify_recipients", "yes"),
              hint=_l("Needed if you ticked the box above: one on each line, as your report lists them among "
                      "those who requested it.")),
    ),
    cautions=(
        _l("A statement is for a dispute the reinvestigation did not resolve. It stays in your file and, unless "
           "the bureau reasonably finds it frivolous or irrelevant, later reports show the item as disputed with "
           "your statement or a summary of it."),
        _l("Keep to 100 words and to the facts: the bureau may limit a statement to 100 words. Anyone who gets "
           "your report can read it, so leave out private details."),
        _l("A statement does not make the bureau investigate again. To have the item corrected, dispute it again "
           "with new information."),
        _l("The law gives the bureau no deadline to add your statement or to notify those you name."),
        _CERTIFIED,
        _SSN_NOT_SAVED,
        _NEVER_ADMIT,
        _NOT_A_LAWSUIT,
    ),
    kinds=None,
    checked_on=CHECKED_ON,
    follows=("bureau_dispute", "verification_method"),
)
