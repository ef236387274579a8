"""What erasure removes beyond the domains' rows: emails queued to the member's address under
another member, and the deleted rows' bytes left in SQLite's file."""

from __future__ import annotations

import sqlalchemy as sa

from server.db import Database, Row
from server.tables import email_outbox


async def queued_email_recipients(db: Database) -> list[Row]:
    """Every queued email's id and encrypted recipient: erasure looks for the member's address in
    emails queued under another member (the warning about an address already in use)."""
    return await db.fetch_all(sa.select(email_outbox.c.id, email_outbox.c.recipient))


async def delete_queued_emails(db: Database, ids: list[int]) -> None:
    if ids:
        await db.execute(email_outbox.delete().where(email_outbox.c.id.in_(ids)))


async def compact_sqlite(db: Database) -> bool:
    """SQLite keeps deleted rows' bytes in free space inside its file and in its write-ahead log:
    rewrite the file and empty the log. Outside any transaction. False if the log is still in use."""
    if not db.is_sqlite:
        return True
    await db.raw("VACUUM")
    result = await db.fetch_one(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return result is not None and not list(result.values())[0]
