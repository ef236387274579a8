"""What the pool forms' redirects say: starting a pool, joining or asking to join, leaving, and a
new version of the rules (see `server.outcomes`)."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome, Severity

STARTED = Outcome("mutual_aid.pool_started",
                  _l("The pool is ready. Share the invitation link below with the people who should join."))
JOINED = Outcome("mutual_aid.pool_joined", _l("Welcome to the pool."))
ASKED_TO_JOIN = Outcome("mutual_aid.pool_asked_to_join",
                        _l("You asked to join. A steward of the pool will answer soon."))
LEFT = Outcome("mutual_aid.pool_left", _l("You left the pool."))
RULES_CHANGED = Outcome("mutual_aid.pool_rules_changed", _l("The new rules are in force, and every member was told."))
RULES_UNCHANGED = Outcome("mutual_aid.pool_rules_unchanged", _l("Nothing changed: the rules stay as they were."),
                          Severity.INFO)

OUTCOMES = (STARTED, JOINED, ASKED_TO_JOIN, LEFT, RULES_CHANGED, RULES_UNCHANGED)
