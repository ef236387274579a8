"""What the debts domain adds to Jubilee: the member's private vault of debts and the public
registry of creditors, their part of a member's download and erasure, and the demo's debts."""

from __future__ import annotations

from pathlib import Path

from debts import demo, member_data, registry_routes, routes, tables
from server.domain import Domain

DOMAIN = Domain(
    name="debts",
    routes=[*routes.routes, *registry_routes.routes],
    templates=Path(__file__).resolve().parent / "templates",
    tables=[tables.creditors, tables.creditor_aliases, tables.debts, tables.debt_history],
    # a person may paste far too much into a debt's notes: the form comes back with a message
    large_forms=["/debts/"],
    exporters={"debts": member_data.export_debts},
    erasers=[member_data.erase_debts],
    demo=demo.add_demo_debts,
)
