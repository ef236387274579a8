"""What the stewards' forms' redirects say: answers to members asking to join, stewards named and
stepped down, the invitation link replaced, the pool closed or reopened (see `server.outcomes`).
What changed nothing (another steward was quicker, a rule refused it) is INFO."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome, Severity

APPROVED = Outcome("mutual_aid.join_approved", _l("The member is in. They were told."))
DECLINED = Outcome("mutual_aid.join_declined", _l("The request to join was declined. They were told."))
ALREADY_ANSWERED = Outcome("mutual_aid.join_already_answered", _l("Another steward already answered this request."),
                           Severity.INFO)
PROMOTED = Outcome("mutual_aid.steward_named", _l("The member is now a steward. They were told."))
ALREADY_STEWARD = Outcome("mutual_aid.already_steward", _l("This member is already a steward."), Severity.INFO)
STEPPED_DOWN = Outcome("mutual_aid.steward_stepped_down", _l("The steward is a plain member again. They were told."))
STEPPED_DOWN_SELF = Outcome("mutual_aid.stepped_down_yourself", _l("You are no longer a steward of this pool."))
ALREADY_MEMBER = Outcome("mutual_aid.not_a_steward", _l("This member is not a steward."), Severity.INFO)
LAST_STEWARD = Outcome("mutual_aid.last_steward",
                       _l("A pool needs at least one steward: name another steward first."), Severity.INFO)
NEW_LINK = Outcome("mutual_aid.invitation_replaced",
                   _l("The invitation link was replaced: the old link no longer works."))
CLOSED = Outcome("mutual_aid.pool_closed", _l("The pool is closed. Members were told."))
REOPENED = Outcome("mutual_aid.pool_reopened", _l("The pool is open again. Members were told."))
ALREADY_CLOSED = Outcome("mutual_aid.pool_already_closed", _l("Another steward already closed the pool."),
                         Severity.INFO)
ALREADY_OPEN = Outcome("mutual_aid.pool_already_open", _l("The pool is already open."), Severity.INFO)
CLOSE_UNCONFIRMED = Outcome("mutual_aid.close_unconfirmed",
                            _l("Tick the box to confirm that you want to close the pool."), Severity.INFO)

OUTCOMES = (
    APPROVED, DECLINED, ALREADY_ANSWERED, PROMOTED, ALREADY_STEWARD, STEPPED_DOWN, STEPPED_DOWN_SELF, ALREADY_MEMBER,
    LAST_STEWARD, NEW_LINK, CLOSED, REOPENED, ALREADY_CLOSED, ALREADY_OPEN, CLOSE_UNCONFIRMED,
)
