"""Each campaign's collective letter, and its signers.

A collective letter's signers who chose to be named have their name and city sealed with the
server keys, since the organizers' copy must show them; the others are only counted.
"""

from __future__ import annotations

import sqlalchemy as sa

from server.db import UTCDateTime
from server.tables import metadata

campaign_letters = sa.Table(
    "campaign_letters",
    metadata,
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("recipient", sa.Text, nullable=False, server_default=""),  # name and address, as printed
    sa.Column("body", sa.Text, nullable=False, server_default=""),
    sa.Column("language", sa.String(9), nullable=False, server_default="en"),
    sa.Column("status", sa.String(8), nullable=False, server_default="draft"),  # draft, sent
    sa.Column("sent_at", UTCDateTime),
    sa.Column("content_hash", sa.String(64)),  # SHA-256 of the frozen contents, once sent
    # members who signed without their name, released once with noise as the letter is sent
    sa.Column("not_named_released", sa.Integer),
    sa.Column("not_named_margin", sa.Integer),
    sa.Column("updated_by", sa.ForeignKey("members.id", ondelete="SET NULL")),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.CheckConstraint("status IN ('draft', 'sent')", name="status"),
)

campaign_letter_signers = sa.Table(
    "campaign_letter_signers",
    metadata,
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True),
    sa.Column("named", sa.Boolean, nullable=False),  # False: "a member who chose not to be named"
    sa.Column("name_sealed", sa.Text),  # server keys; only when named
    sa.Column("city_sealed", sa.Text),
    sa.Column("signed_at", UTCDateTime, nullable=False),
)
