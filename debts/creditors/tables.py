"""The creditor registry: creditors and the other names they go by.

Creditors are public entities and hold nothing about any member (not even who proposed them).
"""

from __future__ import annotations

import sqlalchemy as sa

from server.db import UTCDateTime
from server.tables import metadata

creditors = sa.Table(
    "creditors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(120), nullable=False),
    # lower-cased, accents and punctuation removed: what look-up compares
    sa.Column("name_key", sa.String(120), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("parent_id", sa.ForeignKey("creditors.id", ondelete="SET NULL")),
    # False for a creditor proposed by a member and not yet checked by an organizer
    sa.Column("verified", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("note", sa.Text),
    # a mailing address for letters, only where one is verified (JSON: recipient, lines, city, ...)
    sa.Column("address", sa.Text),
    sa.Column("address_checked_on", sa.Date),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.CheckConstraint(
        "kind IN ('original_creditor', 'servicer', 'collector', 'hospital', 'school', 'landlord', "
        "'government', 'credit_bureau')",
        name="kind",
    ),
)

creditor_aliases = sa.Table(
    "creditor_aliases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("creditor_id", sa.ForeignKey("creditors.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("alias", sa.String(120), nullable=False),
    sa.Column("alias_key", sa.String(120), nullable=False, index=True),
    sa.UniqueConstraint("creditor_id", "alias_key", name="uq_creditor_aliases_creditor_alias"),
)
