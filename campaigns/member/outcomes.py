"""What the member's forms say once they are done: joining, a debt's new level or its withdrawal,
leaving the strike, muting announcements, and signing the letter (see `server.outcomes`)."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome

JOINED = Outcome("campaigns.joined", _l("You have joined the campaign. Thank you: every debt counts."))
DEBT_CHANGED = Outcome("campaigns.debt_changed", _l("Your choice for this debt was saved."))
DEBT_WITHDRAWN = Outcome("campaigns.debt_withdrawn", _l("The debt was withdrawn from the campaign."))
LEFT_STRIKE = Outcome("campaigns.left_strike", _l(
    "You have left the strike with this debt. It is counted as leaving, without your name."))
MUTED = Outcome("campaigns.muted", _l("You will no longer receive this campaign's announcements."))
UNMUTED = Outcome("campaigns.unmuted", _l("You will receive this campaign's announcements again."))
LETTER_SIGNED = Outcome("campaigns.letter_signed", _l("Thank you: you have signed the campaign's letter."))
LETTER_SIGNATURE_WITHDRAWN = Outcome("campaigns.letter_signature_withdrawn",
                                     _l("Your signature was taken off the campaign's letter."))

OUTCOMES = (JOINED, DEBT_CHANGED, DEBT_WITHDRAWN, LEFT_STRIKE, MUTED, UNMUTED, LETTER_SIGNED,
            LETTER_SIGNATURE_WITHDRAWN)
