"""The debt vault and the creditor registry.

Privacy by construction: a debt row links a member to amounts, kinds and creditors (what
campaigns count), but its account number and notes are AES-GCM ciphertext under the member's own
data key (`account_number_sealed`, `notes_sealed`), which the server cannot unwrap without the
member's password, recovery code or live session. Creditors are public entities and hold nothing
about any member (not even who proposed them).
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

debts = sa.Table(
    "debts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("original_creditor_id", sa.ForeignKey("creditors.id"), index=True),
    sa.Column("current_holder_id", sa.ForeignKey("creditors.id"), index=True),
    sa.Column("balance_cents", sa.BigInteger, nullable=False),
    sa.Column("original_cents", sa.BigInteger),
    sa.Column("currency", sa.String(3), nullable=False),
    # hundredths of a percent: 6.8 % is 680
    sa.Column("interest_rate_bp", sa.Integer),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("opened_on", sa.Date),
    sa.Column("last_payment_on", sa.Date),
    sa.Column("first_delinquency_on", sa.Date),
    sa.Column("first_collection_notice_on", sa.Date),
    # ISO 3166-2 for US states and territories ("US-TX"), ISO 3166-1 for other countries ("MX")
    sa.Column("region", sa.String(6)),
    # comma-separated codes of what collection has meant for the member: calls, letters, ...
    sa.Column("experiences", sa.String(120), nullable=False, server_default=""),
    sa.Column("account_number_sealed", sa.Text),
    sa.Column("notes_sealed", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

debt_history = sa.Table(
    "debt_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("debt_id", sa.ForeignKey("debts.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("at", UTCDateTime, nullable=False),
    # "created", "balance" or "status"
    sa.Column("change", sa.String(20), nullable=False),
    sa.Column("balance_cents", sa.BigInteger),
    sa.Column("status", sa.String(20)),
)
