"""What notifications about payouts say (`mutual_aid.domain` lists them, so stored ones read
again). They name the pool, never who received aid."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.notices.kinds import Kind

AID_PAYOUT_SENT = Kind(
    "aid_payout_sent",
    _l("%(pool)s sent you aid"),
    _l("A steward of %(pool)s recorded sending you aid. When it reaches you, confirm it on your request's page."),
)
AID_PAYOUT_REMINDER = Kind(
    "aid_payout_reminder",
    _l("Did you receive the aid from %(pool)s?"),
    _l("A steward of %(pool)s sent you aid a few days ago. Confirm on your request's page whether it reached "
       "you: the pool's book records it only then."),
)
AID_PAYOUT_NOT_RECEIVED = Kind(
    "aid_payout_not_received",
    _l("Aid sent by %(pool)s did not arrive"),
    _l("A member says a payout recorded in %(pool)s did not reach them. Check with whoever sent it, then cancel "
       "it or send it again."),
)
AID_PAYOUT_REVERSED = Kind(
    "aid_payout_reversed",
    _l("A payout from %(pool)s was reversed"),
    _l("A steward of %(pool)s took a payout on your request out of the pool's book, as recorded by mistake. "
       "Your request waits for money again. If the request is linked to one of your debts, check that debt's "
       "balance: the payment recorded on it stays until you change it."),
)
KINDS = (AID_PAYOUT_SENT, AID_PAYOUT_REMINDER, AID_PAYOUT_NOT_RECEIVED, AID_PAYOUT_REVERSED)
