"""Medical bills: an itemized bill, the billing records and financial assistance (charity care).

From reference/letters-law.md §0, §5, §11 and §12, in our own words. The letter goes to the
hospital or provider's billing office; it rests on the HIPAA right of access (billing records are
part of the designated record set) and, for tax-exempt hospitals only, on section 501(r) (a
financial-assistance policy, no more than amounts generally billed, no extraordinary collection
action while an application is pending). Asking for an itemized bill pauses nothing by itself.

The deadline it tracks is the provider's: 30 days to answer the records request. The member's own
window (at least 240 days from the first bill after care to apply for assistance) is shown as a
caution and a hint, because it starts from a bill the letter may not be about.
"""

from __future__ import annotations

import datetime as dt

from letters.catalogue.letter_type import Field, LetterType, account_field, recipient_fields, sender_fields
from letters.deadlines import DeadlineRule
from server.i18n import lazy_gettext as _l

MEDICAL_REQUESTS = {
    "itemized": _l("An itemized bill, with the code and the charge for each service"),
    "records": _l("A copy of my billing records"),
    "assistance": _l("The financial-assistance (charity care) policy, its plain-language summary and the application form"),
    "hold_collections": _l("A pause on collection, and a recall from any collector, while my request for "
                           "financial assistance is decided"),
    "no_credit_reporting": _l("No reports of this bill to the credit bureaus while my requests are pending"),
    "agb": _l("The amounts generally billed (AGB) for this care, and how they were calculated"),
}

RECORDS_WITHIN_30_DAYS = DeadlineRule(
    code="hipaa_records_30_days",
    days=30,
    business_days=False,
    starts="delivered",
    meaning="answer",
    who="recipient",
    description=_l("Under HIPAA, the provider must give you your billing records within 30 days of receiving your "
                   "request, or tell you in writing why it needs up to 30 more (45 CFR 164.524(b)(2))."),
)

MEDICAL_ASSISTANCE = LetterType(
    code="medical_assistance",
    title=_l("Itemized bill and financial-assistance request"),
    summary=_l("Asks the hospital or provider for an itemized bill, your billing records and its financial-assistance "
               "(charity care) application, and asks it to hold collection while you apply."),
    recipient=_l("The hospital or provider's billing office (send a copy to any collector that has the bill)"),
    legal_basis=("45 CFR 164.524", "26 U.S.C. § 501(r)", "26 CFR 1.501(r)-4", "26 CFR 1.501(r)-6"),
    fields=(
        *sender_fields(),
        *recipient_fields(_l("The hospital or provider's billing office"), "original_creditor"),
        account_field(_l("Patient account number")),
        Field("patient_name", _l("Patient's name, if not you"), max_length=120,
              hint=_l("Leave empty if the care was yours. For an adult patient, the provider may need their written "
                      "permission to send you their records.")),
        Field("dates_of_service", _l("Dates of service"), required=True, max_length=120,
              hint=_l("As on the bill, for example: March 3 to 5, 2025.")),
        Field("bill_date", _l("Date of the bill"), kind="date", required=True,
              hint=_l("A nonprofit hospital must accept a financial-assistance application for at least 240 days "
                      "after the first bill it sent you after your care.")),
        Field("amount_billed", _l("Amount on the bill"), kind="money", prefill="balance"),
        Field("household_size", _l("People in your household, counting you"), max_length=3,
              hint=_l("Optional. It helps the hospital see which assistance you may qualify for.")),
        Field("requests", _l("What you ask for"), kind="choices", required=True, choices=MEDICAL_REQUESTS,
              hint=_l("Tick every one you want. Billing records come under HIPAA; financial assistance and the "
                      "pause on collection are owed by nonprofit hospitals. Asking for assistance makes this "
                      "letter your application for it.")),
        Field("dispute_amount", _l("I also dispute the amount"), kind="checkbox",
              hint=_l("Adds that you do not agree the amount is correct. Leave it empty if you only ask for your "
                      "records or for financial assistance.")),
    ),
    cautions=(
        _l("This letter does not stop a lawsuit already filed. If you have been served with court papers, answer them "
           "by the court's deadline and look for free legal help right away."),
        _l("Never write that the debt is yours or that you owe it, and do not offer or promise any payment, even a "
           "small one: on an old debt, a payment or an acknowledgment can give the creditor more time to sue."),
        _l("Send it by certified mail with a return receipt, keep a copy, and send a copy to any collector that "
           "has the bill."),
        _l("Asking for an itemized bill does not pause collection by itself. At a nonprofit hospital, a "
           "financial-assistance application does: fill in the hospital's own application form as soon as you can."),
        _l("Only tax-exempt (nonprofit) hospitals must follow section 501(r). For-profit and public hospitals and "
           "private doctors may be bound only by your state's charity-care laws, if any."),
        _l("A nonprofit hospital must accept your financial-assistance application for at least 240 days after "
           "the first bill it sent you after your care. Do not wait for the end of that window."),
        _l("Do not agree to a payment plan or put the bill on a credit card before the hospital decides on "
           "assistance: a medical bill paid by credit card can lose the protections medical debt has."),
    ),
    kinds=frozenset({"medical"}),
    checked_on=dt.date(2026, 12, 8),  # an explicit application; the amount disputed only when the member says so
    deadline=RECORDS_WITHIN_30_DAYS,
)
