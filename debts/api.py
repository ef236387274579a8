"""The vault's public functions: all that campaigns, letters and mutual aid may read of debts and
creditors. Nothing else in `debts` is theirs to import; the import contracts in `make lint` check it.

- a member's own debts (`debts_of`, `debt_of`) and a payment on one (`record_payment`);
- the public creditor registry (`creditors_by_ids`, `search_creditors`, `public_creditors`);
- the facts of a debt that campaigns count (`countable_debts`), never its sealed fields;
- a debt's account number and notes opened for its member (`opened_fields`), to fill a letter;
- the words of the vault (`DEBT_KINDS`, `US_REGIONS`, `CURRENCIES`).
"""

from __future__ import annotations

import sqlalchemy as sa

from debts.creditors.queries import creditors_by_ids
from debts.creditors.queries import search as search_creditors
from debts.creditors.tables import creditors
from debts.vault.queries import debt_of, debts_of
from debts.vault.sealing import opened_fields
from debts.vault.service import record_payment
from debts.vault.tables import debts
from debts.vocabulary import CURRENCIES, DEBT_KINDS, US_REGIONS

__all__ = [
    "CURRENCIES", "DEBT_KINDS", "US_REGIONS", "countable_debts", "creditors_by_ids", "debt_of", "debts_of",
    "opened_fields", "public_creditors", "record_payment", "search_creditors",
]


def countable_debts() -> sa.Subquery:
    """What a campaign counts of each debt, to join with its pledges: id, member_id, kind, region,
    original_creditor_id, current_holder_id and balance_cents. No account number, no notes."""
    return sa.select(
        debts.c.id, debts.c.member_id, debts.c.kind, debts.c.region, debts.c.original_creditor_id,
        debts.c.current_holder_id, debts.c.balance_cents,
    ).subquery("countable_debts")


def public_creditors() -> sa.Subquery:
    """The registry's public columns (id, name, kind, verified), to join by creditor id."""
    return sa.select(creditors.c.id, creditors.c.name, creditors.c.kind, creditors.c.verified).subquery(
        "public_creditors"
    )
