"""What the account page says after one of its forms, once, at the top of the page."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome

LANGUAGE_SAVED = Outcome("accounts.language_saved", _l("Your language is saved."))
CONFIRMATION_SENT = Outcome(
    "accounts.confirmation_sent",
    _l("We sent a confirmation link to that address. The address is added once you open the link."),
)
EMAIL_REMOVED = Outcome("accounts.email_removed", _l("Your email address was removed."))
OTHER_SESSIONS_ENDED = Outcome("accounts.other_sessions_ended", _l("Every other session was logged out."))

OUTCOMES = (LANGUAGE_SAVED, CONFIRMATION_SENT, EMAIL_REMOVED, OTHER_SESSIONS_ENDED)
