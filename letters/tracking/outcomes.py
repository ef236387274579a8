"""What the tracking forms say after they redirect, shown once on the letter's page."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome

SENT = Outcome("letters.sent", _l("The letter is marked sent. Keep the receipt and a copy of the letter."))
RESPONSE = Outcome("letters.response", _l("The response is recorded."))
DELIVERED = Outcome("letters.delivered", _l("The delivery date is recorded: deadlines that run from it are counted "
                                            "again."))
MORE_INFO = Outcome("letters.more_info", _l("The date you sent more information is recorded."))

OUTCOMES = (SENT, RESPONSE, DELIVERED, MORE_INFO)
