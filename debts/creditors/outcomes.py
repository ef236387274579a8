"""What the organizers' creditor forms say after they redirect, shown once on the creditor's page."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome, Severity

SAVED = Outcome("debts.creditor_saved", _l("Saved, and written to the audit log."))
UNCHANGED = Outcome("debts.creditor_unchanged", _l("Nothing was changed."), Severity.INFO)
VERIFIED = Outcome("debts.creditor_verified", _l("Marked as verified."))
UNVERIFIED = Outcome("debts.creditor_unverified", _l("Marked as not verified."))
MERGED = Outcome("debts.creditors_merged", _l(
    "The two creditors are now one. Every debt that named either names this one, and the other name is kept as one "
    "of its other names."))

OUTCOMES = (SAVED, UNCHANGED, VERIFIED, UNVERIFIED, MERGED)
