"""What not paying a debt can lead to, by kind of debt: shown before a member pledges to stop
paying (or says they already have), and again before they raise a counted debt to a strike.

General information in plain words, from reference/letters-law.md §9 and §11: never advice about
one person's case. Every kind gets what applies to all debts, then what is particular to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from babel.support import LazyProxy

from campaigns.vocabulary import NOT_PAYING
from debts.api import DEBT_KINDS
from server.i18n import lazy_gettext as _l

EVERY_DEBT: tuple[LazyProxy, ...] = (
    _l("Late fees and interest can keep adding to what you owe."),
    _l("The creditor can report the missed payments to the credit bureaus. A collection or charge-off can "
       "stay on your credit report for up to 7 years, counted from 180 days after you first fell behind."),
    _l("The debt can be sent or sold to a collector, who may call and write to you."),
    _l("The creditor or a collector can sue you. If you do not answer the court papers in time, the court "
       "can give them a judgment against you."),
    _l("With a judgment, they can ask a court to take money from your bank account (a levy) or from your "
       "pay (a wage garnishment)."),
)

PARTICULAR: dict[str, tuple[LazyProxy, ...]] = {
    "federal_student": (
        _l("A federal student loan goes into default after about 270 days without payments."),
        _l("After default, the government can keep your tax refund and part of some federal benefits, such as "
           "up to 15 percent of Social Security (Treasury offset), without going to court."),
        _l("It can also have up to 15 percent of your pay withheld (administrative wage garnishment) without a court "
           "judgment. You have the right to ask for a hearing, within 30 days of the notice."),
        _l("Federal student loans have no time limit for collection: these steps can come at any time."),
    ),
    "private_student": (
        _l("Anyone who co-signed the loan can be asked to pay, and sued, too."),
    ),
    "medical": (
        _l("The credit bureaus say they leave out medical collections for their first year, and those that "
           "started under $500. This is their own policy, not a law, and it can change."),
        _l("Many hospitals must offer financial assistance (charity care). Asking for it can still be worth it, "
           "strike or not."),
    ),
    "housing": (
        _l("A landlord can start an eviction case for unpaid rent, which can cost you your home."),
    ),
    "mortgage": (
        _l("The lender can start a foreclosure, which can cost you your home."),
    ),
    "auto": (
        _l("The lender can repossess the car, often without going to court first."),
    ),
    "payday": (
        _l("A title lender can repossess the car. A payday lender may try again and again to take the payment "
           "from your bank account, which can add bank fees."),
    ),
    "utility": (
        _l("The service can be shut off after notice, and getting it back can require a deposit."),
    ),
    "telecom": (
        _l("The service can be cut off."),
    ),
    "court": (
        _l("Courts can add fees and, in some states, suspend a driver's license for unpaid fines and fees."),
    ),
    "bail": (
        _l("The bail bond company can go after anyone who signed for the bond, and any property put up as "
           "collateral."),
    ),
    "tax": (
        _l("Tax agencies can keep your refunds and, after sending notices, take money from your bank account "
           "or your pay without going to court."),
    ),
}

CONSEQUENCES: dict[str, tuple[LazyProxy, ...]] = {
    kind: EVERY_DEBT + PARTICULAR.get(kind, ()) for kind in DEBT_KINDS
}

# The levels that mean not paying, for which the member must say they have read the above.


@dataclass(frozen=True)
class Consequences:
    """What to show for some kinds of debt, in the reader's language: what applies to every debt
    once, then what is particular to each kind (only kinds that have something of their own)."""

    every_debt: list[str]
    by_kind: list[tuple[str, list[str]]]


def consequences_for(kinds: Iterable[str]) -> Consequences:
    """For these kinds (in the order given, each once)."""
    seen = list(dict.fromkeys(kind for kind in kinds if kind in CONSEQUENCES))
    return Consequences(
        every_debt=[str(text) for text in EVERY_DEBT],
        by_kind=[(str(DEBT_KINDS[kind]), [str(text) for text in PARTICULAR[kind]])
                 for kind in seen if kind in PARTICULAR],
    )


def consequences_of(kind: str) -> list[str]:
    """Everything for one kind, in the reader's language."""
    return [str(text) for text in CONSEQUENCES.get(kind, EVERY_DEBT)]


def leaves_strike(campaign_status: str, level: str) -> bool:
    """Withdrawing a debt from a campaign whose strike is on, when the member was not paying it,
    is leaving the strike: it is counted as a departure."""
    return campaign_status == "active" and level in NOT_PAYING
