"""What the debts domain adds to Jubilee: the member's private vault of debts (`debts.vault`) and
the public registry of creditors (`debts.creditors`), the vault's part of a member's download and
erasure, the columns of the vault that name a creditor, and the demo's debts."""

from __future__ import annotations

from pathlib import Path

from debts import demo
from debts.creditors import outcomes as creditor_outcomes
from debts.creditors import routes as creditor_routes
from debts.creditors import tables as creditor_tables
from debts.vault import member_data
from debts.vault import outcomes as vault_outcomes
from debts.vault import routes as vault_routes
from debts.vault import tables as vault_tables
from server.domain import CreditorReference, Domain

DOMAIN = Domain(
    name="debts",
    routes=[*vault_routes.routes, *creditor_routes.routes],
    templates=Path(__file__).resolve().parent / "templates",
    tables=[creditor_tables.creditors, creditor_tables.creditor_aliases, vault_tables.debts, vault_tables.debt_history],
    # a person may paste far too much into a debt's notes: the form comes back with a message
    large_forms=["/debts/"],
    exporters={"debts": member_data.export_debts},
    erasers=[member_data.erase_debts],
    demo=demo.add_demo_debts,
    # a merge of two creditors moves the debts that named the one merged
    creditor_references=[CreditorReference(vault_tables.debts.c.original_creditor_id),
                         CreditorReference(vault_tables.debts.c.current_holder_id)],
    outcomes=[*vault_outcomes.OUTCOMES, *creditor_outcomes.OUTCOMES],
)
