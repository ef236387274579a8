"""What sending an announcement says (see `server.outcomes`)."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome

SENT = Outcome("campaigns.announcement_sent", _l(
    "Your announcement is on its way. Members receive it over the next few minutes."))

OUTCOMES = (SENT,)
