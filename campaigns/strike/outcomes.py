"""What a member's answers once the strike is on say: "I am in", "still on strike", staying as
counted, and reports of retaliation (see `server.outcomes`). Leaving the strike says what
withdrawing a striking debt says (`campaigns.member.outcomes.LEFT_STRIKE`)."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome

CONFIRMED = Outcome("campaigns.confirmed", _l("Thank you for confirming that you are in."))
CHECKED_IN = Outcome("campaigns.checked_in", _l("Thank you: you are still on strike. We will ask again in 30 days."))
COUNTED = Outcome("campaigns.counted", _l(
    "Your debts are now counted in solidarity: nothing more is asked of you."))
REPORTED = Outcome("campaigns.reported", _l(
    "Your report was saved. Organizers see only how many members reported each kind."))
REPORT_DELETED = Outcome("campaigns.report_deleted", _l("The report was deleted."))

OUTCOMES = (CONFIRMED, CHECKED_IN, COUNTED, REPORTED, REPORT_DELETED)
