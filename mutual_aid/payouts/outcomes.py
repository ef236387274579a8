"""What the payout forms' redirects say: a payout sent, received or not, cancelled or reversed
(see `server.outcomes`)."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome

SENT = Outcome("mutual_aid.payout_sent",
               _l("The payout is recorded. The book records it when the recipient confirms they received it."))
CANCELLED = Outcome("mutual_aid.payout_cancelled", _l("The payout is cancelled."))
REVERSED = Outcome("mutual_aid.payout_reversed", _l("The payout is reversed in the pool's book."))
RECEIVED = Outcome("mutual_aid.payout_received", _l("Thank you: the payout is recorded as received."))
NOT_RECEIVED = Outcome("mutual_aid.payout_not_received",
                       _l("The stewards are told that this payout did not reach you."))

OUTCOMES = (SENT, CANCELLED, REVERSED, RECEIVED, NOT_RECEIVED)
