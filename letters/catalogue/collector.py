"""Letters to a debt collector: the validation request (with the original-creditor request) and
the cease-communication letter (stop everything, limit how and where, or talk to my lawyer).

From reference/letters-law.md §0, §1, §2, §8 and §11, in our own words. Both rest on the FDCPA and
Regulation F, which bind third-party debt collectors and debt buyers — generally not an original
creditor collecting its own debt — and cover consumer debts only. So they fit the kinds of debt a
collector may hold for a person: not federal student loans (collected by the Department of
Education and agencies the FDCPA does not reach, through offset and garnishment: see student.py),
court fines and fees, or taxes, which do not arise from a consumer transaction.

The validation request must reach the collector within the validation period printed on its
notice; the cease letter takes effect when received and gives the collector no deadline, so it
has no rule.
"""

from __future__ import annotations

import datetime as dt

from letters.catalogue.letter_type import Field, LetterType, account_field, recipient_fields, sender_fields
from letters.deadlines import DeadlineRule
from server.i18n import lazy_gettext as _l

# Consumer debts a third-party collector or debt buyer may be collecting.
COLLECTOR_KINDS = frozenset({
    "private_student", "medical", "housing", "mortgage", "credit_card", "payday", "auto", "utility",
    "telecom", "bail", "other",
})

VALIDATION_REASONS = {
    "not_mine": _l("It is not my debt, or I do not recognize it"),
    "wrong_amount": _l("The amount is wrong"),
    "paid": _l("It was already paid or settled"),
    "identity_theft": _l("It may come from identity theft"),
    "bankruptcy": _l("It was discharged in bankruptcy"),
    "too_old": _l("It may be too old to sue on"),
    "more_information": _l("I need more information about it"),
    "original_creditor": _l("I want the original creditor's name and address"),
}

CEASE_VARIANTS = {
    "stop": _l("Stop all contact with me"),
    "restrict": _l("Limit how and where you contact me"),
    "lawyer": _l("Talk to my lawyer, not to me"),
}

CONTACT_RESTRICTIONS = {
    "work": _l("Not at my workplace"),
    "phone": _l("Not by phone"),
    "text": _l("Not by text message"),
    "email": _l("Not by email"),
}

# When the notice printed no end date: the period ends 30 days after the member received the notice
# (15 U.S.C. 1692g(a)(3)), which is never before 30 days after the notice's own date: count from
# there, with no days for delivery, to stay on the safe side.
VALIDATION_FROM_NOTICE = DeadlineRule(
    code="validation_from_notice",
    days=30,
    business_days=False,
    starts="notice_date",
    meaning="received",
    who="member",
    description=_l("Your notice shows no end date: aim for the collector to have your letter within 30 days of "
                   "the notice's date. The law counts 30 days from when you received it, so this is the safe side."),
)

# The validation period's end date, printed on the collector's notice (12 CFR 1006.34(c)(3)):
# the dispute must have reached the collector by then. Zero days: that date itself.
VALIDATION_PERIOD = DeadlineRule(
    code="validation_period_end",
    days=0,
    business_days=False,
    starts="validation_end",
    meaning="received",
    who="member",
    description=_l("The collector must have your letter by the end of the validation period printed on its "
                   "notice. Mail it several days early, by certified mail."),
    fallback=VALIDATION_FROM_NOTICE,
)

_NOT_A_LAWSUIT = _l("This letter does not stop a lawsuit already filed. If you have been served with court papers, "
                    "answer them by the court's deadline and look for free legal help right away.")
_NEVER_ADMIT = _l("Never write that the debt is yours or that you owe it, and do not offer or promise any payment, "
                  "even a small one: on an old debt, a payment or an acknowledgment can give the creditor more "
                  "time to sue.")
_COLLECTORS_ONLY = _l("These rights bind debt collectors and debt buyers. An original creditor collecting its own "
                      "debt is generally not bound, though some states (California, for one) extend the rules to it.")

VALIDATION = LetterType(
    code="validation",
    title=_l("Debt validation request"),
    summary=_l("Disputes the alleged debt with a debt collector and asks it to prove it and name the original "
               "creditor; until it answers, it must stop collecting."),
    recipient=_l("The debt collector or debt buyer named on the collection notice, at its address for disputes"),
    legal_basis=("15 U.S.C. § 1692g", "12 CFR 1006.34", "12 CFR 1006.38"),
    fields=(
        *sender_fields(),
        *recipient_fields(_l("The debt collector"), "current_holder"),
        account_field(),
        Field("notice_date", _l("Date of the collector's notice"), kind="date", required=True,
              prefill="first_collection_notice_on",
              hint=_l("The date printed on the first letter the collector sent you about this debt.")),
        Field("validation_end", _l("End of the validation period"), kind="date",
              hint=_l("The notice says until when you can dispute (for example \"by March 31\"). Your letter "
                      "must reach the collector by that date.")),
        Field("amount_claimed", _l("Amount the collector claims"), kind="money", prefill="balance",
              hint=_l("As on the notice. Writing it down does not mean you accept it.")),
        Field("original_creditor", _l("Original creditor, as named on the notice"), prefill="original_creditor",
              max_length=160),
        Field("reasons", _l("Why you dispute it"), kind="choices", required=True, choices=VALIDATION_REASONS,
              hint=_l("Tick every one that is true for you. Asking for information and for the original "
                      "creditor is always allowed.")),
        Field("details", _l("Anything else, in your own words"), kind="textarea", max_length=1500,
              hint=_l("Optional. Say what is wrong; do not say the debt is yours and do not offer to pay.")),
        Field("contact_by_mail_only", _l("Ask them to contact me only by mail"), kind="checkbox",
              hint=_l("No calls, texts or contact at work about this debt.")),
        Field("spanish_notice", _l("Ask for the notice and future letters in Spanish"), kind="checkbox",
              hint=_l("Tick it if the collector's notice offers a version in Spanish: the collector must then "
                      "send you one (12 CFR 1006.34(d)(3)(vi)). Your own letter stays in the language you choose "
                      "below.")),
    ),
    cautions=(
        _l("Send it so it arrives before the end of the validation period printed on the collector's notice. A "
           "dispute sent later does not make the collector pause, though it must still report the debt as "
           "disputed."),
        _l("Send it by certified mail with a return receipt, keep a copy and the receipt, and enclose copies of "
           "your documents, never the originals."),
        _NEVER_ADMIT,
        _NOT_A_LAWSUIT,
        _l("The law gives the collector no deadline to answer: it must stop collecting until it sends the "
           "verification. A debt is not cancelled because the collector is slow or silent."),
        _l("If the debt is accurate and recent enough to sue on, asking for proof can lead the collector to sue."),
        _COLLECTORS_ONLY,
    ),
    kinds=COLLECTOR_KINDS,
    checked_on=dt.date(2026, 12, 8),  # the CFPB sample's questions, the Spanish notice (1006.34(d)(3)(vi))
    deadline=VALIDATION_PERIOD,
)

CEASE = LetterType(
    code="cease",
    title=_l("Stop contacting me (cease communication)"),
    summary=_l("Tells a debt collector to stop contacting you, to stop contacting you at work, by phone or by "
               "text, or to deal with your lawyer instead."),
    recipient=_l("The debt collector or debt buyer that is contacting you"),
    legal_basis=("15 U.S.C. § 1692c", "12 CFR 1006.6", "12 CFR 1006.14(h)"),
    fields=(
        *sender_fields(),
        *recipient_fields(_l("The debt collector"), "current_holder"),
        account_field(),
        Field("variant", _l("What you ask for"), kind="choice", required=True, choices=CEASE_VARIANTS),
        Field("restrictions", _l("Where and how they must not contact you"), kind="choices",
              choices=CONTACT_RESTRICTIONS, required_if=("variant", "restrict"),
              hint=_l("Only if you chose to limit contact. They can still write to you by mail.")),
        Field("lawyer_name", _l("Your lawyer's name"), max_length=120, required_if=("variant", "lawyer"),
              hint=_l("Needed if you chose \"talk to my lawyer\": you need a lawyer who represents you on this "
                      "debt.")),
        Field("lawyer_address", _l("Your lawyer's address"), kind="textarea", max_length=300,
              required_if=("variant", "lawyer"),
              hint=_l("Needed if you chose \"talk to my lawyer\": the collector must deal with your lawyer once it "
                      "knows their name and address (15 U.S.C. § 1692c(a)(2)).")),
        Field("also_dispute", _l("I also dispute this debt"), kind="checkbox",
              hint=_l("Adds that you dispute the alleged debt, so they must report it as disputed.")),
    ),
    cautions=(
        _l("This letter does not cancel the alleged debt. It does not stop reports to the credit bureaus or, "
           "for federal student loans, tax-refund offset and wage garnishment."),
        _l("After receiving it, the collector may still write to you: to say it is stopping, or that it or the "
           "creditor may sue or use another remedy, or intends to."),
        _l("On a debt recent enough to sue on, it can make a lawsuit more likely, and it ends settlement offers "
           "and information. If you want to know more first, send a validation request before this letter."),
        _l("It takes effect when the collector receives it: send it by certified mail with a return receipt and "
           "keep a copy and the receipt."),
        _NEVER_ADMIT,
        _NOT_A_LAWSUIT,
        _COLLECTORS_ONLY,
    ),
    kinds=COLLECTOR_KINDS,
    checked_on=dt.date(2026, 12, 8),  # the lawyer's name and address (1692c(a)(2))
)
