"""What the vault's forms say after they redirect, shown once on the page the member lands on."""

from __future__ import annotations

from server.i18n import lazy_gettext as _l
from server.outcomes import Outcome

ADDED = Outcome("debts.added", _l("The debt is in your vault."))
SAVED = Outcome("debts.saved", _l("Your changes are saved."))
DELETED = Outcome("debts.deleted", _l("The debt was deleted, with its history."))

OUTCOMES = (ADDED, SAVED, DELETED)
