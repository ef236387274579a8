"""Letters: the record of each letter a member wrote.

Privacy: a letter's PDF is never stored. Its record keeps what tracking needs (type, language,
dates, deadlines, response) in the clear, and what the member typed (names, addresses, account
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
    sa.Column("delivered_on", sa.Date),  # from the certified-mail tracking or the green card
    sa.Column("more_info_on", sa.Date),  # the member sent the recipient more information (a longer answer time)
    sa.Column("response", sa.String(12)),  # received, verified, corrected, removed, no_answer
    sa.Column("response_on", sa.Date),
    sa.CheckConstraint("language IN ('en', 'es', 'bilingual')", name="language"),
)

# Each deadline of a letter that Jubilee can count without the member's key, one row per rule: the
# main one and any other (the 20-day records request). Counted again whenever what it depends on
# changes (the form, the day sent, the delivery date); what the home page and the reminders need is
# here in the clear: who acts, what the date means, the deadline in law and the day to act by.
letter_deadlines = sa.Table(
    "letter_deadlines",
    metadata,
    sa.Column("letter_id", sa.ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("rule", sa.String(40), primary_key=True),  # the DeadlineRule's code
    sa.Column("who", sa.String(9), nullable=False),  # member, recipient
    sa.Column("meaning", sa.String(10), nullable=False),  # postmarked, received, answer
    sa.Column("due_on", sa.Date, nullable=False),  # the deadline in law
    sa.Column("act_by", sa.Date, nullable=False, index=True),  # mail by (the member's), or the due date
    sa.Column("reminded_at", UTCDateTime),
)
