"""seed the creditor registry from debts/creditors/seed/creditors.json

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 12:00:00

Safe to run on a registry that already has entries: a seed creditor whose name key is already
taken is left alone (its aliases and parent too). Seed creditors are verified. A parent is linked
when the seed names it (`parent`) and it is in the registry; a parent company that is not a
creditor (`parent_name`) is kept in the note. The downgrade deletes the seed creditors that no
debt refers to.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

import debts.creditors
from debts.creditors.names import name_key

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SEED = Path(debts.creditors.__file__).resolve().parent / "seed" / "creditors.json"

creditors = sa.table(
    "creditors",
    sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("name_key", sa.String),
    sa.column("kind", sa.String), sa.column("parent_id", sa.Integer), sa.column("verified", sa.Boolean),
    sa.column("note", sa.Text), sa.column("address", sa.Text), sa.column("address_checked_on", sa.Date),
    sa.column("created_at", sa.DateTime),
)
aliases = sa.table(
    "creditor_aliases",
    sa.column("id", sa.Integer), sa.column("creditor_id", sa.Integer), sa.column("alias", sa.String),
    sa.column("alias_key", sa.String),
)
debts_table = sa.table("debts", sa.column("original_creditor_id", sa.Integer), sa.column("current_holder_id", sa.Integer))


def _entries() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(SEED.read_text(encoding="utf-8"))
    return entries


def _note(entry: dict[str, Any]) -> str | None:
    note = entry.get("note") or ""
    if entry.get("parent_name") and not entry.get("parent"):
        note = f"{note} Parent company: {entry['parent_name'].rstrip('.')}.".strip()
    return note or None


def load_seed(connection: Connection) -> int:
    """Insert the seed creditors that are not in the registry yet; returns how many."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    ids = {r.name_key: r.id for r in connection.execute(sa.select(creditors.c.id, creditors.c.name_key))}
    inserted: list[dict[str, Any]] = []
    for entry in _entries():
        key = name_key(entry["name"])
        if key in ids:
            continue
        checked = entry.get("address_checked")
        ids[key] = connection.execute(
            creditors.insert().values(
                name=entry["name"], name_key=key, kind=entry["kind"], verified=True, note=_note(entry),
                address=json.dumps(entry["address"], sort_keys=True) if entry.get("address") else None,
                address_checked_on=dt.date.fromisoformat(checked) if checked else None, created_at=now,
            ).returning(creditors.c.id)
        ).scalar_one()
        inserted.append(entry)
        taken = {key}
        rows = []
        for alias in entry.get("aliases") or []:
            alias_key = name_key(alias)
            if alias_key and alias_key not in taken:
                taken.add(alias_key)
                rows.append({"creditor_id": ids[key], "alias": alias[:120], "alias_key": alias_key})
        if rows:
            connection.execute(aliases.insert(), rows)
    for entry in inserted:
        parent = ids.get(name_key(entry["parent"])) if entry.get("parent") else None
        if parent is not None:
            child = ids[name_key(entry["name"])]
            connection.execute(creditors.update().where(creditors.c.id == child).values(parent_id=parent))
    return len(inserted)


def unload_seed(connection: Connection) -> None:
    """Delete the seed creditors (by their exact seed name) that no debt refers to."""
    names = [entry["name"] for entry in _entries()]
    referenced = sa.union(
        sa.select(debts_table.c.original_creditor_id), sa.select(debts_table.c.current_holder_id)
    ).subquery()
    ids = [
        r.id for r in connection.execute(
            sa.select(creditors.c.id).where(
                creditors.c.name.in_(names), creditors.c.verified.is_(True),
                creditors.c.id.not_in(sa.select(referenced.c[0]).where(referenced.c[0].is_not(None))),
            )
        )
    ]
    if not ids:
        return
    # explicit, because SQLite enforces ON DELETE actions only with foreign keys switched on
    connection.execute(creditors.update().where(creditors.c.parent_id.in_(ids)).values(parent_id=None))
    connection.execute(aliases.delete().where(aliases.c.creditor_id.in_(ids)))
    connection.execute(creditors.delete().where(creditors.c.id.in_(ids)))


def upgrade() -> None:
    load_seed(op.get_bind())


def downgrade() -> None:
    unload_seed(op.get_bind())
