"""What the roles page says after a role was given or removed, once, at the top of the page."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome, Severity

ROLE_GIVEN = Outcome("accounts.role_given", _l("The role was changed and the change was written to the audit log."))
ROLE_REMOVED = Outcome("accounts.role_removed",
                       _l("The role was changed and the change was written to the audit log."))
ROLE_UNCHANGED = Outcome(
    "accounts.role_unchanged",
    _l("Nothing to change: the member already had that role, or did not have it."),
    Severity.INFO,
)

OUTCOMES = (ROLE_GIVEN, ROLE_REMOVED, ROLE_UNCHANGED)
