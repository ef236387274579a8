"""Mutual-aid pools: members and stewards, the pool's rules, contributions, aid requests, secret
ballots, payouts, and the append-only ledger of what money moved.

Privacy by construction:
- The ledger names nobody. Its postings use pseudonyms: each pool member has one for their
  contributions, and each aid request has its own for the aid paid on it, so the ledger (which
  stewards read and export) cannot be read as "who received aid". Only the request itself links
  the recipient to the money, and only its deciders see it. The ledger has no column pointing at
  a member, so erasing a member leaves the book balanced and untouched.
- A declared income is sealed with the member's own key: only they can read it back. Stewards
  see the monthly amount it results in (`monthly_cents`), computed when the member declares it.
- A request's explanation is sealed with the server keys (its deciders must read it).
- A ballot row says who voted and when, never how: the choices are only the request's running
  tallies (`yes_votes`, `no_votes`), which nothing links back to a voter.
- The ledger is append-only: the migration adds triggers that refuse UPDATE and DELETE on
  `ledger_entries` and `ledger_postings`; mistakes are corrected by reversing entries.
"""

from __future__ import annotations

import sqlalchemy as sa

from server.db import UTCDateTime
from server.tables import metadata

pools = sa.Table(
    "pools",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("slug", sa.String(80), nullable=False, unique=True),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("status", sa.String(8), nullable=False, server_default="open"),
    # the invitation link's secret; a steward can replace it, which retires the old link
    sa.Column("invite_code", sa.String(32), unique=True),
    sa.Column("created_by", sa.ForeignKey("members.id", ondelete="SET NULL")),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # the rules in force (each change is kept in `pool_rule_changes`)
    sa.Column("rules_version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("contribution_kind", sa.String(12), nullable=False),
    sa.Column("contribution_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("share_basis_points", sa.Integer, nullable=False, server_default="0"),
    sa.Column("floor_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("cap_cents", sa.BigInteger),
    sa.Column("requests_enabled", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("hardship_enabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("hardship_max_months", sa.Integer),
    sa.Column("max_per_request_cents", sa.BigInteger),
    sa.Column("max_per_member_year_cents", sa.BigInteger),
    sa.Column("waiting_days", sa.Integer, nullable=False, server_default="0"),
    sa.Column("reserve_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("decision_method", sa.String(8), nullable=False),
    sa.Column("stewards_k", sa.Integer, nullable=False, server_default="1"),
    sa.Column("quorum_percent", sa.Integer, nullable=False, server_default="50"),
    sa.Column("majority_percent", sa.Integer, nullable=False, server_default="50"),
    # requests up to this amount are approved without a decision (None: never)
    sa.Column("automatic_up_to_cents", sa.BigInteger),
    sa.Column("decision_days", sa.Integer, nullable=False, server_default="7"),
    sa.Column("allocation_rule", sa.String(12), nullable=False),
    sa.CheckConstraint("status IN ('open', 'closed')", name="status"),
    sa.CheckConstraint("contribution_kind IN ('fixed', 'income_share')", name="contribution_kind"),
    sa.CheckConstraint("decision_method IN ('stewards', 'vote')", name="decision_method"),
    sa.CheckConstraint("allocation_rule IN ('pro_rata', 'needs_first')", name="allocation_rule"),
)

# Every version of a pool's rules, the first included: what changed, when, and who changed it.
pool_rule_changes = sa.Table(
    "pool_rule_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("pool_id", sa.ForeignKey("pools.id", ondelete="CASCADE"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("changed_by", sa.ForeignKey("members.id", ondelete="SET NULL")),
    sa.Column("changed_at", UTCDateTime, nullable=False),
    sa.Column("rules", sa.Text, nullable=False),  # JSON of the rule columns of `pools`
    sa.UniqueConstraint("pool_id", "version", name="uq_pool_rule_changes_pool_version"),
)

pool_members = sa.Table(
    "pool_members",
    metadata,
    sa.Column("pool_id", sa.ForeignKey("pools.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True),
    # the name the ledger knows this member's contributions by, e.g. "M-7K2P"
    sa.Column("pseudonym", sa.String(12), nullable=False),
    sa.Column("role", sa.String(8), nullable=False, server_default="member"),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("requested_at", UTCDateTime, nullable=False),
    sa.Column("joined_at", UTCDateTime),
    sa.Column("left_at", UTCDateTime),
    sa.Column("income_sealed", sa.Text),  # the member's own key
    sa.Column("income_declared_at", UTCDateTime),
    # what this member owes each month under an income share, from their last declaration
    sa.Column("monthly_cents", sa.BigInteger),
    # the last month ("2026-11") this member was reminded of a contribution due
    sa.Column("reminded_for", sa.String(7)),
    sa.UniqueConstraint("pool_id", "pseudonym", name="uq_pool_members_pool_pseudonym"),
    sa.CheckConstraint("role IN ('member', 'steward')", name="role"),
    sa.CheckConstraint("status IN ('requested', 'active', 'left', 'declined')", name="status"),
)

# "I paid": a member's contribution, recorded in the ledger once a steward confirms it.
contributions = sa.Table(
    "contributions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("pool_id", sa.ForeignKey("pools.id", ondelete="CASCADE"), nullable=False),
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("month", sa.String(7), nullable=False),  # the month it pays for, "2026-11"
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("method", sa.String(10), nullable=False),  # cash, transfer, app, other
    sa.Column("paid_on", sa.Date, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("form_key", sa.String(64), nullable=False),  # the form's idempotency key
    sa.Column("claimed_at", UTCDateTime, nullable=False),
    sa.Column("decided_by", sa.ForeignKey("members.id", ondelete="SET NULL")),
    sa.Column("decided_at", UTCDateTime),
    sa.Column("entry_key", sa.String(80)),  # the ledger entry, once confirmed
    sa.UniqueConstraint("pool_id", "form_key", name="uq_contributions_pool_form_key"),
    sa.Index("ix_contributions_pool_status", "pool_id", "status"),
    sa.CheckConstraint("amount_cents > 0", name="amount"),
    sa.CheckConstraint("status IN ('claimed', 'confirmed', 'declined', 'reversed')", name="status"),
)

aid_requests = sa.Table(
    "aid_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("pool_id", sa.ForeignKey("pools.id", ondelete="CASCADE"), nullable=False),
    sa.Column("requester_id", sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
    # the name the ledger knows the aid paid on this request by, e.g. "R-4M9T"
    sa.Column("recipient_pseudonym", sa.String(12), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),  # one_off, hardship
    sa.Column("category", sa.String(14), nullable=False),
    # one-off: the amount asked; hardship: the amount asked each month, for `months` months
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("months", sa.Integer),
    sa.Column("needed_by", sa.Date, nullable=False),
    sa.Column("explanation_sealed", sa.Text),  # server keys: its deciders read it
    sa.Column("debt_id", sa.ForeignKey("debts.id", ondelete="SET NULL")),
    sa.Column("status", sa.String(14), nullable=False),
    sa.Column("decision_method", sa.String(9), nullable=False),  # stewards, vote, automatic
    sa.Column("decide_by", UTCDateTime, nullable=False),
    sa.Column("yes_votes", sa.Integer, nullable=False, server_default="0"),
    sa.Column("no_votes", sa.Integer, nullable=False, server_default="0"),
    sa.Column("form_key", sa.String(64), nullable=False),
    sa.Column("submitted_at", UTCDateTime, nullable=False),
    sa.Column("decided_at", UTCDateTime),
    sa.Column("closed_at", UTCDateTime),  # paid in full, declined or withdrawn
    # what the recipient has confirmed receiving, kept with each payout's confirmation
    sa.Column("received_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("reminded_at", UTCDateTime),
    sa.UniqueConstraint("pool_id", "form_key", name="uq_aid_requests_pool_form_key"),
    sa.UniqueConstraint("pool_id", "recipient_pseudonym", name="uq_aid_requests_pool_recipient"),
    sa.Index("ix_aid_requests_pool_status", "pool_id", "status"),
    sa.CheckConstraint("amount_cents > 0", name="amount"),
    sa.CheckConstraint("kind IN ('one_off', 'hardship')", name="kind"),
    sa.CheckConstraint(
        "category IN ('rent', 'utilities', 'medical', 'food', 'debt_payment', 'transport', 'other')",
        name="category",
    ),
    sa.CheckConstraint(
        "status IN ('submitted', 'under_decision', 'approved', 'partly_funded', 'paid', 'declined', 'withdrawn')",
        name="status",
    ),
)

# Who voted on a request, and on which day: never how (see the module's docstring).
aid_ballots = sa.Table(
    "aid_ballots",
    metadata,
    sa.Column("request_id", sa.ForeignKey("aid_requests.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("voter_id", sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True),
    sa.Column("voted_on", sa.Date, nullable=False),
)

# Money a steward handed over on a request. It goes into the ledger when the recipient confirms
# receipt. `installment` numbers the payouts of one request (for hardship support, one a month):
# two stewards recording the same payout at once collide on it, and only one is kept.
aid_payouts = sa.Table(
    "aid_payouts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("pool_id", sa.ForeignKey("pools.id", ondelete="CASCADE"), nullable=False),
    sa.Column("request_id", sa.ForeignKey("aid_requests.id", ondelete="CASCADE"), nullable=False),
    sa.Column("installment", sa.Integer, nullable=False),
    sa.Column("month", sa.String(7), nullable=False),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("method", sa.String(10), nullable=False),
    sa.Column("status", sa.String(10), nullable=False),  # sent, received, cancelled, reversed
    sa.Column("sent_by", sa.ForeignKey("members.id", ondelete="SET NULL")),
    sa.Column("sent_on", sa.Date, nullable=False),
    sa.Column("sent_at", UTCDateTime, nullable=False),
    sa.Column("received_at", UTCDateTime),
    sa.Column("entry_key", sa.String(80)),
    sa.UniqueConstraint("request_id", "installment", name="uq_aid_payouts_request_installment"),
    sa.Index("ix_aid_payouts_pool_status", "pool_id", "status"),
    sa.CheckConstraint("amount_cents > 0", name="amount"),
    sa.CheckConstraint("status IN ('sent', 'received', 'cancelled', 'reversed')", name="status"),
)

# The book (see mutual_aid/ledger/book.py). Append-only; no column names a member.
ledger_entries = sa.Table(
    "ledger_entries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("pool_id", sa.ForeignKey("pools.id"), nullable=False),
    sa.Column("key", sa.String(80), nullable=False),
    sa.Column("reverses", sa.String(80)),
    sa.Column("kind", sa.String(12), nullable=False),  # contribution, payout, reversal
    # a payout's request category, for the public page's "out by category"
    sa.Column("category", sa.String(14)),
    sa.Column("happened_on", sa.Date, nullable=False),  # the day the money moved
    sa.Column("memo", sa.String(200), nullable=False, server_default=""),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("pool_id", "key", name="uq_ledger_entries_pool_key"),
    sa.UniqueConstraint("pool_id", "reverses", name="uq_ledger_entries_pool_reverses"),
    # the public page reads the last 12 months; the steward's pages and CSV walk one pool's book
    sa.Index("ix_ledger_entries_pool_happened", "pool_id", "happened_on"),
    sa.Index("ix_ledger_entries_pool_id", "pool_id", "id"),
    sa.CheckConstraint("kind IN ('contribution', 'payout', 'reversal')", name="kind"),
)

ledger_postings = sa.Table(
    "ledger_postings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("entry_id", sa.ForeignKey("ledger_entries.id"), nullable=False, index=True),
    sa.Column("account", sa.String(40), nullable=False),
    sa.Column("cents", sa.BigInteger, nullable=False),
    sa.CheckConstraint("cents <> 0", name="cents"),
)
