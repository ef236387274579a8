"""Statutes of limitations on debts, by US jurisdiction: how long a creditor or a collector has to
sue, for each kind of obligation, and whether a payment or a written acknowledgment restarts the
clock there.

Pure functions over the table's rows (`letters.limitation_rows`). The table covers the 56 jurisdictions of
`debts.vocabulary.US_REGIONS`. Each row names its statutes, where it was checked and when, and
whether it was verified in a source (`verified`: its periods for debts were read in the statute
text or a careful secondary source; its revival rule too where the row cites one; the judgment
column is verified nowhere yet); an unverified row is written from the statutes as
commonly cited and must be checked before anyone relies on it. Every answer is worded "may": the
period depends on facts the table cannot know (which state's law the contract chose, when the
claim accrued, a move between states, a tolling rule), so it never tells a member that a debt *is*
time-barred — only that it may be, and to check with legal aid.

Choices (docs/decisions.md): an open account (a credit card) is given the period courts commonly
apply to it there; where the courts differ between the open-account and the written-contract
period, the longer one, so that the table never says "may be past" earlier than a court might.
A judgment's period is the time it can be enforced before it must be renewed or revived; most
states allow renewal.
"""

from __future__ import annotations

import datetime as dt

from babel.support import LazyProxy as LazyString

from letters.limitation_rows import CHECKED_ON, TABLE, Limitations
from server.i18n import lazy_gettext as _l

OBLIGATIONS: dict[str, LazyString] = {
    "written_contract": _l("A written contract (a signed loan or installment contract)"),
    "open_account": _l("An open account (a credit card or store account)"),
    "promissory_note": _l("A promissory note"),
    "judgment": _l("A court judgment"),
}
OBLIGATION_NAMES: dict[str, LazyString] = {
    "written_contract": _l("written contracts"),
    "open_account": _l("open accounts such as credit cards"),
    "promissory_note": _l("promissory notes"),
    "judgment": _l("judgments"),
}

# What restarts the clock, in the member's words. "writing_or_payment" is the common law of most
# states, and what the table says wherever it knows of nothing else: the safe assumption.
REVIVAL_RULES: dict[str, LazyString] = {
    "writing_or_payment": _l("A payment, even a small one, or a written acknowledgment or promise to pay may restart "
                             "the clock."),
    "writing": _l("A signed written acknowledgment or promise to pay may restart the clock; a payment may too."),
    "nothing_revives": _l("For a consumer debt, no payment or acknowledgment restarts the clock once the period has "
                          "run, but a payment made before then may still restart it."),
    "extinguished": _l("When the period has run, the debt itself is extinguished: a later payment or acknowledgment "
                       "does not revive it, but one made before then may restart the clock."),
}

__all__ = ["CHECKED_ON", "MAY_BE_PAST", "MAY_NOT_BE_PAST", "OBLIGATIONS", "OBLIGATION_NAMES", "REVIVAL_RULES", "TABLE",
           "UNKNOWN", "Limitations", "limitations_of", "may_be_time_barred", "period_ends"]

MAY_BE_PAST = "may be past"
MAY_NOT_BE_PAST = "may not be past"
UNKNOWN = "unknown"


def limitations_of(region: str | None) -> Limitations | None:
    """The row for this jurisdiction (a code of US_REGIONS), if the table has one."""
    return TABLE.get(region or "")


def _years_after(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; a February 29 becomes March 1 (the later day: the safe side)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def period_ends(region: str | None, obligation: str, last_activity_on: dt.date) -> dt.date | None:
    """The day the period may run out: the anniversary of the last activity, `years` later."""
    row = limitations_of(region)
    if row is None or obligation not in row.years:
        return None
    return _years_after(last_activity_on, row.years[obligation])


def may_be_time_barred(region: str | None, obligation: str, last_activity_on: dt.date | None,
                       today: dt.date) -> str:
    """"may be past" when today is after the period counted from the last payment or activity,
    "may not be past" up to and including its last day, "unknown" when the table has no answer
    (no such row or kind, no date, or a date in the future). Only ever "may": see the module."""
    if last_activity_on is None or last_activity_on > today:
        return UNKNOWN
    ends = period_ends(region, obligation, last_activity_on)
    if ends is None:
        return UNKNOWN
    return MAY_BE_PAST if today > ends else MAY_NOT_BE_PAST
