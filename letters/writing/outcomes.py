"""What the letter form says after it redirects, shown once on the letter's page."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome

WRITTEN = Outcome("letters.written", _l(
    "Your letter is saved, locked with your key. Download it, send it, then mark it sent on this page."))
SAVED = Outcome("letters.saved", _l("Your changes are saved."))

OUTCOMES = (WRITTEN, SAVED)
