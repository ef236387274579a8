"""What notifications about a pool and its membership say (`mutual_aid.domain` lists them, so
stored ones read again)."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.notices.kinds import Kind

POOL_CLOSED = Kind(
    "pool_closed",
    _l("%(pool)s is closed"),
    _l("The stewards of %(pool)s closed the pool: no new contributions, members or requests. Aid already "
       "approved can still be paid."),
)
POOL_REOPENED = Kind(
    "pool_reopened",
    _l("%(pool)s is open again"),
    _l("The stewards of %(pool)s reopened the pool: contributions, new members and requests are welcome again."),
)
POOL_JOIN_REQUESTED = Kind(
    "pool_join_requested",
    _l("%(pool)s: someone asks to join"),
    _l("A member asks to join the pool %(pool)s. Open the stewards' page to approve or decline."),
)
POOL_JOIN_APPROVED = Kind(
    "pool_join_approved",
    _l("You are now a member of %(pool)s"),
    _l("A steward approved your request to join the pool %(pool)s. Open the pool to see its rules and what you owe."),
)
POOL_JOIN_DECLINED = Kind(
    "pool_join_declined",
    _l("Your request to join %(pool)s was declined"),
    _l("A steward declined your request to join the pool %(pool)s. You can ask again later."),
)
POOL_RULES_CHANGED = Kind(
    "pool_rules_changed",
    _l("The rules of %(pool)s changed"),
    _l("A steward changed the rules of the pool %(pool)s. Open the rules page to see what changed."),
)
POOL_MADE_STEWARD = Kind(
    "pool_made_steward",
    _l("You are now a steward of %(pool)s"),
    _l("Another steward made you a steward of the pool %(pool)s: you confirm contributions and approve new members."),
)
POOL_STEPPED_DOWN = Kind(
    "pool_stepped_down",
    _l("You are no longer a steward of %(pool)s"),
    _l("Another steward made you a plain member of the pool %(pool)s again."),
)
KINDS = (
    POOL_CLOSED, POOL_REOPENED, POOL_JOIN_REQUESTED, POOL_JOIN_APPROVED, POOL_JOIN_DECLINED, POOL_RULES_CHANGED,
    POOL_MADE_STEWARD, POOL_STEPPED_DOWN,
)
