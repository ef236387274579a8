"""What the organizer's campaign forms say: a new draft, saved changes, opening and closing
(see `server.outcomes`)."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome

CREATED = Outcome("campaigns.created", _l(
    "The campaign was saved as a draft. Open it for pledges when it is ready."))
SAVED = Outcome("campaigns.saved", _l("Your changes were saved."))
OPENED = Outcome("campaigns.opened", _l("The campaign is open for pledges."))
CLOSED = Outcome("campaigns.closed", _l("The campaign is closed."))  # won or ended

OUTCOMES = (CREATED, SAVED, OPENED, CLOSED)
