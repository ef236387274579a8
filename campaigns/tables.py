"""Campaigns, pledges, and the counters that keep a campaign's totals at a constant cost.

Privacy: a pledge links a member to a debt and a campaign (what activation needs); nothing here
is ever shown per member, nor shown at all: pages, exports and the API read only the campaign's
released figures (`campaigns.counters.released`, with noise, on a schedule); activation alone reads
the live counters.
"""

from __future__ import annotations

import sqlalchemy as sa

from server.db import UTCDateTime
from server.tables import metadata

campaigns = sa.Table(
    "campaigns",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("slug", sa.String(80), nullable=False, unique=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("summary", sa.String(500), nullable=False, server_default=""),
    sa.Column("story", sa.Text, nullable=False, server_default=""),
    sa.Column("demands", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("threshold_members", sa.Integer),
    sa.Column("threshold_cents", sa.BigInteger),
    sa.Column("deadline", UTCDateTime),
    sa.Column("start_delay_days", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_by", sa.ForeignKey("members.id", ondelete="SET NULL")),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("opened_at", UTCDateTime),
    sa.Column("activated_at", UTCDateTime),
    sa.Column("strike_starts_on", sa.Date),
    sa.Column("closed_at", UTCDateTime),
    # the last announcement, for the limit on how often organizers may send one
    sa.Column("announced_at", UTCDateTime),
    sa.CheckConstraint("status IN ('draft', 'open', 'active', 'won', 'ended', 'expired')", name="status"),
)

campaign_targets = sa.Table(
    "campaign_targets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False, index=True),
    # exactly one of these three is set
    sa.Column("creditor_id", sa.ForeignKey("creditors.id"), index=True),
    sa.Column("debt_kind", sa.String(20)),
    sa.Column("region", sa.String(6)),
)

pledges = sa.Table(
    "pledges",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("debt_id", sa.ForeignKey("debts.id", ondelete="CASCADE"), nullable=False, index=True),
    # counted (solidarity), pledged (will stop paying at activation), striking (has stopped)
    sa.Column("level", sa.String(10), nullable=False),
    # the personal condition: "only if at least N other members pledge"
    sa.Column("min_others", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("campaign_id", "debt_id", name="uq_pledges_campaign_debt"),
    sa.CheckConstraint("level IN ('counted', 'pledged', 'striking')", name="level"),
)

# One row per campaign, breakdown and label: members (distinct) and amount. "total"/"all" is the
# campaign's total. Updated in the same transaction as every change; `jubilee recount` checks it.
campaign_cells = sa.Table(
    "campaign_cells",
    metadata,
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("dimension", sa.String(12), primary_key=True),
    sa.Column("label", sa.String(40), primary_key=True),
    sa.Column("members", sa.Integer, nullable=False),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
)

# One row per member taking part in a campaign (any pledge): what is asked of them and their
# answers. Never shown to organizers; counted only through the cells.
campaign_members = sa.Table(
    "campaign_members",
    metadata,
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True),
    sa.Column("joined_at", UTCDateTime, nullable=False),
    sa.Column("first_level", sa.String(10), nullable=False),
    sa.Column("converted_at", UTCDateTime),  # first reached pledged/striking after joining as counted
    sa.Column("confirmed_at", UTCDateTime),  # "I am in", after activation
    sa.Column("checked_in_at", UTCDateTime),  # last "still on strike"
    sa.Column("checkin_asked_at", UTCDateTime),  # last time we asked
    sa.Column("muted", sa.Boolean, nullable=False, server_default=sa.false()),  # announcements
)

# What a creditor did to a member on strike. The member sees their own reports; everyone else
# sees only the "retaliation" cells. The optional note is sealed with the member's own key.
retaliation_reports = sa.Table(
    "retaliation_reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("kind", sa.String(12), nullable=False),
    sa.Column("creditor_id", sa.ForeignKey("creditors.id", ondelete="SET NULL")),
    sa.Column("happened_on", sa.Date),
    sa.Column("note_sealed", sa.LargeBinary),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.CheckConstraint("kind IN ('calls', 'threats', 'lawsuit', 'garnishment', 'credit', 'other')", name="kind"),
)

# Organizers' messages to a campaign's members. Delivered in batches by the maintenance loop
# (`delivered_to` is the last member id reached), so sending to a million members never holds a
# request; members who muted the campaign are skipped.
campaign_announcements = sa.Table(
    "campaign_announcements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("author_id", sa.ForeignKey("members.id", ondelete="SET NULL")),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("delivered_to", sa.Integer, nullable=False, server_default="0"),
    sa.Column("delivered_at", UTCDateTime),
)

# How many of a member's pledged debts fall in each cell, so that a member counts once per cell.
campaign_member_cells = sa.Table(
    "campaign_member_cells",
    metadata,
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("dimension", sa.String(12), primary_key=True),
    sa.Column("label", sa.String(40), primary_key=True),
    sa.Column("debts", sa.Integer, nullable=False),
)

# Activation without reading every pledge: members by the smallest condition among their
# pledged or striking debts ("members"), and amounts by each such debt's own condition ("amount").
campaign_conditions = sa.Table(
    "campaign_conditions",
    metadata,
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("measure", sa.String(8), primary_key=True),
    sa.Column("condition", sa.Integer, primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)
