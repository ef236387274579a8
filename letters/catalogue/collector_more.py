"""More letters about a debt in collection: the answer to a collector on an old debt that may be
past the statute of limitations, the No Surprises Act billing dispute for a patient without
insurance, and the follow-up to a collector that kept collecting after a dispute without
verifying the debt.

In our own words, from (sources and "checked on" in docs/letters.md): the FDCPA and Regulation F
(15 U.S.C. 1692e, 1692g(b), 1692k(d); 12 CFR 1006.26(b), 1006.34, 1006.38(d)(2)); the state
statutes of limitations in `letters.limitations`; and the No Surprises Act's patient-provider
dispute resolution (42 U.S.C. 300gg-136, 45 CFR 149.610 and 149.620).

Only the billing dispute has a deadline, and it is the member's: the federal dispute must be
started within 120 calendar days of the initial bill. The old-debt letter and the follow-up give
the collector no deadline; the member's own one-year limit to sue under the FDCPA is a caution.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from babel.support import LazyProxy as LazyString

from debts.api import US_REGIONS
from letters.catalogue.collector import COLLECTOR_KINDS
from letters.catalogue.letter_type import Field, LetterType, account_field, recipient_fields, sender_fields
from letters.deadlines import DeadlineRule
from letters.limitations import (
    MAY_BE_PAST,
    MAY_NOT_BE_PAST,
    OBLIGATION_NAMES,
    OBLIGATIONS,
    REVIVAL_RULES,
    limitations_of,
    may_be_time_barred,
)
from server.i18n import format_date, format_money
from server.i18n import gettext as _
from server.i18n import lazy_gettext as _l

CHECKED_ON = dt.date(2026, 12, 8)
NO_SURPRISES_THRESHOLD_CENTS = 40_000  # $400 over the estimate, for one provider (45 CFR 149.620)

_NOT_A_LAWSUIT = _l("This letter does not stop a lawsuit already filed. If you have been served with court papers, "
                    "answer them by the court's deadline and look for free legal help right away.")
_NEVER_ADMIT = _l("Never write that the debt is yours or that you owe it, and do not offer or promise any payment, "
                  "even a small one: on an old debt, a payment or an acknowledgment can give the creditor more "
                  "time to sue.")
_CERTIFIED = _l("Send it by certified mail with a return receipt, keep a copy and the receipt, and enclose copies of "
                "your documents, never the originals.")


def _day(value: Any) -> dt.date | None:
    """A date from the form (typed, or as stored: an ISO string)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


# ---- an old debt that may be past the statute of limitations --------------------------------

def limitation_notes(values: Mapping[str, Any], today: dt.date) -> tuple[str, ...]:
    """What the table says for the state and kind of obligation the member chose, and what their
    last payment date means under it: always "may"."""
    row = limitations_of(values.get("state"))
    obligation = values.get("obligation")
    if row is None:
        return (_("Choose your state to see its limitation period and whether a payment restarts the clock."),)
    state = US_REGIONS[row.region]
    notes = []
    if obligation in row.years:
        years = row.years[obligation]
        if row.verified:
            notes.append(_("In %(state)s, %(kind)s: %(years)s years (%(citation)s; checked on %(date)s).",
                           state=state, kind=OBLIGATION_NAMES[obligation], years=years,
                           citation=row.citations[obligation], date=format_date(row.checked_on, "long")))
        else:
            notes.append(_("In %(state)s, %(kind)s: %(years)s years (%(citation)s), as written on %(date)s: not yet "
                           "checked against a source.", state=state, kind=OBLIGATION_NAMES[obligation], years=years,
                           citation=row.citations[obligation], date=format_date(row.checked_on, "long")))
        last = _day(values.get("last_activity_on"))
        verdict = may_be_time_barred(row.region, obligation, last, today)
        if verdict == MAY_BE_PAST:
            notes.append(_("Your last payment or activity was more than %(years)s years ago: the debt may be past "
                           "the limit. Check with legal aid.", years=years))
        elif verdict == MAY_NOT_BE_PAST:
            notes.append(_("Your last payment or activity was %(years)s years ago or less: the debt may not be past "
                           "the limit yet. Check with legal aid before you send this letter.", years=years))
    notes.append(_("Restarting the clock in %(state)s. %(rule)s", state=state, rule=REVIVAL_RULES[row.revival])
                 + (f" ({row.revival_citation})" if row.revival_citation else ""))
    return tuple(notes)


TIME_BARRED = LetterType(
    code="time_barred",
    title=_l("Old debt: ask for its dates and not to be sued"),
    summary=_l("Asks a debt collector for the dates that show how old the alleged debt is, and tells it that the "
               "debt may be past the time limit to sue, so it must not sue or threaten to sue."),
    recipient=_l("The debt collector or debt buyer that is contacting you"),
    legal_basis=("15 U.S.C. § 1692e", "12 CFR 1006.26(b)"),
    fields=(
        *sender_fields(),
        *recipient_fields(_l("The debt collector"), "current_holder"),
        account_field(),
        Field("state", _l("Your state or territory"), kind="choice", required=True, prefill="region",
              choices=cast(Mapping[str, LazyString], US_REGIONS),
              hint=_l("Where you live now. The contract may choose another state's law, and a move can change the "
                      "period.")),
        Field("obligation", _l("Kind of debt"), kind="choice", required=True, choices=OBLIGATIONS,
              hint=_l("A credit card is usually an open account; courts in some states apply the written-contract "
                      "period instead.")),
        Field("last_activity_on", _l("Date of your last payment, or of the first missed payment"), kind="date",
              prefill="last_activity_on",
              hint=_l("Only to show you what the table says: it is not printed in the letter.")),
        Field("notice_date", _l("Date of the collector's letter"), kind="date",
              hint=_l("The date printed on the letter you are answering, if any.")),
    ),
    cautions=(
        _l("If you are sued, answer by the court's deadline and raise the statute of limitations yourself: the "
           "court does not raise it for you, and it is lost if you do not."),
        _NEVER_ADMIT,
        _l("The table is a guide, not legal advice: the period depends on the contract's choice of law, on moves "
           "between states and on when the claim began. Check with legal aid."),
        _l("A debt past the time limit to sue can still be collected by letters and calls, but not by a lawsuit "
           "or the threat of one."),
        _l("Credit reports follow a different clock: most negative lines come off 7 years after the first missed "
           "payment (15 U.S.C. § 1681c), whatever the time limit to sue."),
        _CERTIFIED,
    ),
    kinds=COLLECTOR_KINDS,
    checked_on=CHECKED_ON,
    no_deadline=_l("The law gives the collector no deadline to answer this letter."),
    notes_by=limitation_notes,
)


# ---- No Surprises Act: a bill $400 or more over the good-faith estimate ------------------------

NO_SURPRISES_120_DAYS = DeadlineRule(
    code="no_surprises_dispute_120_days",
    days=120,
    business_days=False,
    starts="bill_date",
    meaning="received",
    who="member",
    description=_l("Start the federal dispute within 120 calendar days of the initial bill. We count from the date "
                   "printed on the bill, which is never later than the day you received it: the safe side."),
)


def over_the_estimate(values: Mapping[str, Any]) -> dict[str, str]:
    """An error on the bill's amount when it is less than $400 over the good-faith estimate."""
    estimate, billed = values.get("estimate_amount"), values.get("bill_amount")
    if isinstance(estimate, int) and isinstance(billed, int) and billed - estimate < NO_SURPRISES_THRESHOLD_CENTS:
        return {"bill_amount": _("The bill is %(difference)s over the estimate. The federal dispute is open only when "
                                 "the bill is at least $400.00 over the estimate from the same provider; you can "
                                 "still ask for an itemized bill and financial assistance.",
                                 difference=format_money(max(billed - estimate, 0)))}
    return {}


NO_SURPRISES = LetterType(
    code="no_surprises_dispute",
    title=_l("Bill over the good-faith estimate (No Surprises Act)"),
    summary=_l("Tells a provider that its bill is $400 or more over the good-faith estimate it gave you as a patient "
               "without insurance, that you dispute it through the federal process, and asks it to hold the bill "
               "from collection meanwhile."),
    recipient=_l("The provider or facility that gave the estimate, at its billing office"),
    legal_basis=("42 U.S.C. § 300gg-136", "45 CFR 149.610", "45 CFR 149.620"),
    fields=(
        *sender_fields(),
        *recipient_fields(_l("The provider or facility"), "original_creditor"),
        account_field(_l("Patient account number")),
        Field("dates_of_service", _l("Dates of service"), required=True, max_length=120,
              hint=_l("As on the bill, for example: March 3 to 5, 2026.")),
        Field("estimate_date", _l("Date of the good-faith estimate"), kind="date", required=True),
        Field("estimate_amount", _l("Total on the good-faith estimate from this provider"), kind="money",
              required=True),
        Field("bill_date", _l("Date of the first bill"), kind="date", required=True, not_before="estimate_date",
              hint=_l("The date printed on the first bill for this care. The federal dispute must start within 120 "
                      "days of it.")),
        Field("bill_amount", _l("Total billed by this provider"), kind="money", required=True, prefill="balance",
              hint=_l("It must be at least $400 more than the estimate from the same provider.")),
        Field("details", _l("Anything else, in your own words"), kind="textarea", max_length=1500,
              hint=_l("Optional. For example, which items were not on the estimate.")),
    ),
    cautions=(
        _l("The dispute itself is started with the federal government (CMS), online or by mail, within 120 "
           "calendar days of the first bill; it costs $25. This letter supports it and tells the provider; it does "
           "not replace it."),
        _l("It applies to patients without insurance or not using it (self-pay) who got a good-faith estimate, "
           "when the bill from one provider is at least $400 over that provider's estimate."),
        _l("Keep a copy of the good-faith estimate and the bill and send copies with the federal dispute."),
        _NEVER_ADMIT,
        _NOT_A_LAWSUIT,
        _CERTIFIED,
    ),
    kinds=frozenset({"medical"}),
    checked_on=CHECKED_ON,
    deadline=NO_SURPRISES_120_DAYS,
    check=over_the_estimate,
)


# ---- a collector that kept collecting after a dispute without verifying -------------------------

COLLECTION_ACTIONS = {
    "calls": _l("Called me or sent me text messages"),
    "letters": _l("Sent me more collection letters"),
    "credit_report": _l("Reported the debt to a credit bureau without noting my dispute"),
    "lawsuit": _l("Sued me or threatened to sue me"),
    "other": _l("Other collection activity, described below"),
}

WITHOUT_VALIDATING = LetterType(
    code="without_validating",
    title=_l("You kept collecting without verifying the debt"),
    summary=_l("Tells a debt collector that it kept collecting after your timely dispute without sending "
               "verification, and demands that it stop until it does."),
    recipient=_l("The debt collector or debt buyer that received your dispute"),
    legal_basis=("15 U.S.C. § 1692g(b)", "12 CFR 1006.34", "12 CFR 1006.38(d)(2)", "15 U.S.C. § 1692k"),
    fields=(
        *sender_fields(),
        *recipient_fields(_l("The debt collector"), "current_holder"),
        account_field(),
        Field("dispute_date", _l("Date you sent your dispute"), kind="date", required=True,
              prefill="followed_sent_on", hint=_l("The dispute must have reached the collector within its validation period.")),
        Field("dispute_received_on", _l("Date the collector received it, if you know"), kind="date",
              not_before="dispute_date", prefill="followed_delivered_on", hint=_l("From the certified-mail tracking or the green card.")),
        Field("actions", _l("What the collector did after your dispute"), kind="choices", required=True,
              choices=COLLECTION_ACTIONS),
        Field("details", _l("Dates and details, in your own words"), kind="textarea", max_length=1500,
              hint=_l("For example: a call on May 4, a letter dated May 10. Do not say the debt is yours.")),
    ),
    cautions=(
        _l("You have 1 year from the day the collector broke the law to sue it under the FDCPA (15 U.S.C. "
           "§ 1692k(d)): talk to a consumer lawyer soon. Many take these cases without charging you."),
        _l("You can also complain to the CFPB (consumerfinance.gov/complaint) and to your state attorney general."),
        _l("Keep a log of every call, letter and report after your dispute, with dates, and keep the envelopes."),
        _NEVER_ADMIT,
        _NOT_A_LAWSUIT,
        _CERTIFIED,
    ),
    kinds=COLLECTOR_KINDS,
    checked_on=CHECKED_ON,
    no_deadline=_l("The law gives the collector no deadline to answer; it must not collect until it verifies."),
    follows=("validation",),
)
