"""What the organizer's letter forms say: a saved draft, and the letter marked sent (see
`server.outcomes`). Members signing it are `campaigns.member.outcomes`."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome

LETTER_SAVED = Outcome("campaigns.letter_saved", _l(
    "The letter was saved. Members taking part can sign it from their page of the campaign."))
LETTER_SENT = Outcome("campaigns.letter_sent", _l("The letter is marked as sent. It can no longer change."))

OUTCOMES = (LETTER_SAVED, LETTER_SENT)
