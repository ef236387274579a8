"""Re-encrypting every field held under server keys with the current key (`jubilee rotate-keys`).

Steps for operators are in docs/keys.md: put the new key first in `JUBILEE_ENCRYPTION_KEYS`,
keep the old ones after it, restart, run `jubilee rotate-keys`, then drop the old keys. The app
keeps running throughout: old keys decrypt until every field has moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from server import crypto
from server.db import Database
from server.tables import email_outbox, members


@dataclass(frozen=True)
class EncryptedField:
    table: sa.Table
    column: str
    purpose: str


# The shell's server-key fields; each domain declares its own in its `Domain`.
SHELL_FIELDS = (
    EncryptedField(members, "email_ciphertext", crypto.EMAIL),
    EncryptedField(email_outbox, "recipient", crypto.OUTBOX),
    EncryptedField(email_outbox, "subject", crypto.OUTBOX),
    EncryptedField(email_outbox, "body", crypto.OUTBOX),
)

BATCH = 500


def _not_sealed_by(column: sa.ColumnElement[str], prefix: str) -> sa.ColumnElement[bool]:
    # Not LIKE: SQLite's LIKE ignores case (key "K" would pass for key "k"), and the literal '%'
    # it needs breaks `databases`' SQLite driver.
    return sa.func.substr(column, 1, len(prefix)) != prefix


async def rotate(db: Database, keyring: crypto.Keyring, fields: Sequence[EncryptedField]) -> dict[str, int]:
    """Re-encrypt, batch by batch, each value of the shell's fields and `fields` (the domains')
    not sealed by the current key. Returns counts."""
    counts: dict[str, int] = {}
    prefix = keyring.current_id + "."
    for field in (*SHELL_FIELDS, *fields):
        column = field.table.c[field.column]
        keys = list(field.table.primary_key.columns)  # one column or several (signers: campaign, member)
        done = 0
        last: tuple[object, ...] | None = None
        while True:
            query = sa.select(*keys, column).where(column.is_not(None), _not_sealed_by(column, prefix))
            if last is not None:
                query = query.where(sa.tuple_(*keys) > sa.tuple_(*last))
            rows = await db.fetch_all(query.order_by(*keys).limit(BATCH))
            if not rows:
                break
            async with db.writing():
                for row in rows:
                    old = row[field.column]
                    new = keyring.encrypt(keyring.decrypt(old, field.purpose), field.purpose)
                    # compare-and-set: a value changed meanwhile by the app is already current
                    same_row = [key == row[key.name] for key in keys]
                    await db.execute(field.table.update().where(*same_row, column == old).values({field.column: new}))
            done += len(rows)
            last = tuple(rows[-1][key.name] for key in keys)
        counts[f"{field.table.name}.{field.column}"] = done
    return counts


async def remaining(db: Database, keyring: crypto.Keyring, fields: Sequence[EncryptedField]) -> int:
    """How many values are still sealed by an old key."""
    total = 0
    prefix = keyring.current_id + "."
    for field in (*SHELL_FIELDS, *fields):
        column = field.table.c[field.column]
        query = sa.select(sa.func.count()).where(column.is_not(None), _not_sealed_by(column, prefix))
        total += int(await db.fetch_val(query.select_from(field.table)))
    return total
