"""The bankruptcy-discharge notice: tells a debt collector, a creditor or a credit bureau that the
alleged debt was discharged in a bankruptcy case, and asks it to stop collecting it or to report it
as discharged with a zero balance.

From 11 U.S.C. 524(a) (the discharge voids judgments on the debtor's personal liability and is an
injunction against any act to collect a discharged debt as a personal liability) and 523 (the
debts a discharge does not reach), in our own words (sources in docs/letters.md). It fits every
kind of debt: most federal student loans, many taxes and support are not discharged, which the
cautions say; a member whose loan was discharged may still need the letter.

To a collector or creditor the law sets no deadline to answer: the discharge binds it from the day
it was entered. To a credit bureau the notice is a dispute of the account as reported, so the
bureau's 30 days to reinvestigate (15 U.S.C. 1681i(a)(1)) apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from letters.catalogue.credit import BUREAU_REINVESTIGATION
from letters.catalogue.letter_type import Field, LetterType, account_field, recipient_fields, sender_fields
from letters.deadlines import DeadlineRule
from server.i18n import lazy_gettext as _l

CHECKED_ON = dt.date(2026, 12, 8)

RECIPIENT_KINDS = {
    "collector": _l("A debt collector or the creditor"),
    "bureau": _l("A credit bureau (Equifax, Experian or TransUnion)"),
}

CHAPTERS = {"7": _l("Chapter 7"), "11": _l("Chapter 11"), "12": _l("Chapter 12"), "13": _l("Chapter 13")}

DISCHARGE_LAW = ("11 U.S.C. § 524(a)",)
BUREAU_DISCHARGE_LAW = (*DISCHARGE_LAW, "15 U.S.C. § 1681i")


def to_a_bureau(fields: Mapping[str, Any]) -> bool:
    return fields.get("recipient_kind") == "bureau"


def discharge_deadline(fields: Mapping[str, Any]) -> DeadlineRule | None:
    """A bureau's 30 days to reinvestigate the account disputed; none for a collector or creditor."""
    return BUREAU_REINVESTIGATION if to_a_bureau(fields) else None


def discharge_law(values: Mapping[str, Any]) -> tuple[str, ...]:
    """What the notice cites: the discharge, and to a bureau the dispute law too."""
    return BUREAU_DISCHARGE_LAW if to_a_bureau(values) else DISCHARGE_LAW

BANKRUPTCY_DISCHARGE = LetterType(
    code="bankruptcy_discharge",
    title=_l("Notice of a bankruptcy discharge"),
    summary=_l("Tells a debt collector, a creditor or a credit bureau that the alleged debt was discharged in "
               "your bankruptcy case, and asks it to stop collecting it or to report it as discharged with a zero "
               "balance."),
    recipient=_l("The debt collector or creditor trying to collect the alleged debt, or a credit bureau that "
                 "reports it"),
    legal_basis=BUREAU_DISCHARGE_LAW,
    fields=(
        *sender_fields(),
        Field("recipient_kind", _l("Who you are writing to"), kind="choice", required=True, choices=RECIPIENT_KINDS),
        *recipient_fields(_l("Their name"), "current_holder"),
        account_field(),
        Field("creditor", _l("Original creditor"), prefill="original_creditor", max_length=160,
              hint=_l("Optional. The company the debt was first owed to, as in your bankruptcy papers.")),
        Field("court", _l("Bankruptcy court"), required=True, max_length=160,
              hint=_l("As on your discharge order, for example: United States Bankruptcy Court for the Western "
                      "District of Texas.")),
        Field("case_number", _l("Case number"), required=True, max_length=40),
        Field("chapter", _l("Chapter"), kind="choice", required=True, choices=CHAPTERS),
        Field("filed_on", _l("Date the case was filed"), kind="date", required=True),
        Field("discharged_on", _l("Date of the discharge order"), kind="date", required=True, not_before="filed_on"),
        Field("listed", _l("The debt is listed in my bankruptcy schedules"), kind="checkbox",
              hint=_l("Tick it if your schedules name this debt or its creditor, and enclose that page.")),
    ),
    cautions=(
        _l("Not every debt is discharged: most student loans, many taxes, child support and alimony, and some "
           "others survive a discharge (11 U.S.C. § 523). Before sending, check with your bankruptcy lawyer or "
           "the trustee that this one was."),
        _l("A discharge ends your personal liability, not a lien: a secured creditor, such as a mortgage or car "
           "lender, may still take the property if the lien was not removed."),
        _l("If they keep collecting after this letter, the discharge order is enforced in the bankruptcy court "
           "that entered it: talk to your bankruptcy lawyer, or ask the court's clerk how."),
        _l("Enclose a copy of your discharge order (from your lawyer, the court's clerk or PACER). Send it by "
           "certified mail with a return receipt, keep a copy and the receipt, and never send originals."),
        _l("A credit bureau may keep reporting the bankruptcy itself, for up to 10 years; this letter asks it to "
           "show the account as discharged with a zero balance."),
        _l("Never write that the debt is yours or that you owe it, and do not offer or promise any payment."),
        _l("This letter does not stop a lawsuit already filed. If you have been served with court papers, answer "
           "them by the court's deadline, say that the debt was discharged, and look for free legal help right "
           "away."),
    ),
    kinds=None,
    checked_on=CHECKED_ON,
    deadline=BUREAU_REINVESTIGATION,
    deadline_by=discharge_deadline,
    legal_basis_by=discharge_law,
    no_deadline=_l("The law gives a collector or creditor no deadline to answer: the discharge order forbids "
                   "collecting a discharged debt from the day it was entered."),
)
