"""The debt vault: each member's debts and the history of their balance and status.

Privacy by construction: a debt row links a member to amounts, kinds and creditors (what
campaigns count), but its account number and notes are AES-GCM ciphertext under the member's own
data key (`account_number_sealed`, `notes_sealed`), which the server cannot unwrap without the
member's password, recovery code or live session. The creditors a debt names are in the public
registry (`debts.creditors.tables`).
"""

from __future__ import annotations

import sqlalchemy as sa

from server.db import UTCDateTime
from server.tables import metadata

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
