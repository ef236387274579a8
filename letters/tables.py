"""Letters: the record of each letter a member wrote.

Privacy: a letter's PDF is never stored. Its record keeps what tracking needs (type, language,
dates, deadline, response) in the clear, and what the member typed (names, addresses, account
numbers, tracking numbers) sealed with the member's own key, so the PDF can be rendered again
for them and for no one else.
"""

from __future__ import annotations

import sqlalchemy as sa

from server.db import UTCDateTime
from server.tables import metadata

letters = sa.Table(
    "letters",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("debt_id", sa.ForeignKey("debts.id", ondelete="SET NULL"), index=True),
    sa.Column("type", sa.String(24), nullable=False),
    sa.Column("language", sa.String(9), nullable=False),  # en, es, bilingual
    sa.Column("fields_sealed", sa.Text, nullable=False),  # JSON of the form, member key
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    # tracking
    sa.Column("sent_on", sa.Date),
    sa.Column("sent_method", sa.String(12)),  # certified, mail, email, fax, portal, hand
    sa.Column("tracking_sealed", sa.Text),  # certified-mail number, member key
    sa.Column("deadline_on", sa.Date, index=True),
    sa.Column("reminded_at", UTCDateTime),
    sa.Column("response", sa.String(12)),  # received, verified, corrected, removed, no_answer
    sa.Column("response_on", sa.Date),
    sa.CheckConstraint("language IN ('en', 'es', 'bilingual')", name="language"),
)
