"""What the contribution forms' redirects say: a member's income and "I paid", a steward's
confirmation, decline and reversal (see `server.outcomes`). What changed nothing is INFO."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome, Severity

INCOME_SAVED = Outcome("mutual_aid.income_saved",
                       _l("Your income is saved. Only you can read it; stewards see the amount you pay."))
PAID = Outcome("mutual_aid.contribution_reported",
               _l("Thank you. A steward will confirm your contribution once the money has arrived."))
CONFIRMED = Outcome("mutual_aid.contribution_confirmed", _l("Contribution confirmed and recorded in the accounts."))
DECLINED = Outcome("mutual_aid.contribution_declined",
                   _l("The contribution was marked as not received. The member was told."))
ALREADY_DECIDED = Outcome("mutual_aid.contribution_already_decided",
                          _l("Another steward already confirmed or declined this contribution: nothing changed."),
                          Severity.INFO)
OWN = Outcome("mutual_aid.own_contribution", _l("Another steward confirms your own contribution."), Severity.INFO)
REVERSED = Outcome("mutual_aid.contribution_reversed",
                   _l("The contribution was reversed: a correcting entry is in the accounts."))
ALREADY_REVERSED = Outcome("mutual_aid.contribution_already_reversed",
                           _l("This contribution was already reversed: nothing changed."), Severity.INFO)

OUTCOMES = (INCOME_SAVED, PAID, CONFIRMED, DECLINED, ALREADY_DECIDED, OWN, REVERSED, ALREADY_REVERSED)
