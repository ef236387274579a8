"""mutual aid

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 08:22:55.841953
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pools',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('status', sa.String(length=8), server_default='open', nullable=False),
    sa.Column('invite_code', sa.String(length=32), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('rules_version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('contribution_kind', sa.String(length=12), nullable=False),
    sa.Column('contribution_cents', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('share_basis_points', sa.Integer(), server_default='0', nullable=False),
    sa.Column('floor_cents', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('cap_cents', sa.BigInteger(), nullable=True),
    sa.Column('requests_enabled', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('hardship_enabled', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('hardship_max_months', sa.Integer(), nullable=True),
    sa.Column('max_per_request_cents', sa.BigInteger(), nullable=True),
    sa.Column('max_per_member_year_cents', sa.BigInteger(), nullable=True),
    sa.Column('waiting_days', sa.Integer(), server_default='0', nullable=False),
    sa.Column('reserve_cents', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('decision_method', sa.String(length=8), nullable=False),
    sa.Column('stewards_k', sa.Integer(), server_default='1', nullable=False),
    sa.Column('quorum_percent', sa.Integer(), server_default='50', nullable=False),
    sa.Column('majority_percent', sa.Integer(), server_default='50', nullable=False),
    sa.Column('automatic_up_to_cents', sa.BigInteger(), nullable=True),
    sa.Column('decision_days', sa.Integer(), server_default='7', nullable=False),
    sa.Column('allocation_rule', sa.String(length=12), nullable=False),
    sa.CheckConstraint("allocation_rule IN ('pro_rata', 'needs_first')", name=op.f('ck_pools_allocation_rule')),
    sa.CheckConstraint("contribution_kind IN ('fixed', 'income_share')", name=op.f('ck_pools_contribution_kind')),
    sa.CheckConstraint("decision_method IN ('stewards', 'vote')", name=op.f('ck_pools_decision_method')),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_pools_status')),
    sa.ForeignKeyConstraint(['created_by'], ['members.id'], name=op.f('fk_pools_created_by_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pools')),
    sa.UniqueConstraint('invite_code', name=op.f('uq_pools_invite_code')),
    sa.UniqueConstraint('slug', name=op.f('uq_pools_slug'))
    )
    op.create_table('aid_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pool_id', sa.Integer(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('recipient_pseudonym', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('category', sa.String(length=14), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=True),
    sa.Column('needed_by', sa.Date(), nullable=False),
    sa.Column('explanation_sealed', sa.Text(), nullable=True),
    sa.Column('debt_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=14), nullable=False),
    sa.Column('decision_method', sa.String(length=9), nullable=False),
    sa.Column('decide_by', sa.DateTime(), nullable=False),
    sa.Column('yes_votes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('no_votes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('form_key', sa.String(length=64), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('received_cents', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("category IN ('rent', 'utilities', 'medical', 'food', 'debt_payment', 'transport', 'other')", name=op.f('ck_aid_requests_category')),
    sa.CheckConstraint("kind IN ('one_off', 'hardship')", name=op.f('ck_aid_requests_kind')),
    sa.CheckConstraint("status IN ('submitted', 'under_decision', 'approved', 'partly_funded', 'paid', 'declined', 'withdrawn')", name=op.f('ck_aid_requests_status')),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_aid_requests_amount')),
    sa.ForeignKeyConstraint(['debt_id'], ['debts.id'], name=op.f('fk_aid_requests_debt_id_debts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pool_id'], ['pools.id'], name=op.f('fk_aid_requests_pool_id_pools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['members.id'], name=op.f('fk_aid_requests_requester_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aid_requests')),
    sa.UniqueConstraint('pool_id', 'form_key', name='uq_aid_requests_pool_form_key'),
    sa.UniqueConstraint('pool_id', 'recipient_pseudonym', name='uq_aid_requests_pool_recipient')
    )
    with op.batch_alter_table('aid_requests', schema=None) as batch_op:
        batch_op.create_index('ix_aid_requests_pool_status', ['pool_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_requests_requester_id'), ['requester_id'], unique=False)

    op.create_table('contributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pool_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('form_key', sa.String(length=64), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('entry_key', sa.String(length=80), nullable=True),
    sa.CheckConstraint("status IN ('claimed', 'confirmed', 'declined', 'reversed')", name=op.f('ck_contributions_status')),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_contributions_amount')),
    sa.ForeignKeyConstraint(['decided_by'], ['members.id'], name=op.f('fk_contributions_decided_by_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_contributions_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pool_id'], ['pools.id'], name=op.f('fk_contributions_pool_id_pools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contributions')),
    sa.UniqueConstraint('pool_id', 'form_key', name='uq_contributions_pool_form_key')
    )
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contributions_member_id'), ['member_id'], unique=False)
        batch_op.create_index('ix_contributions_pool_status', ['pool_id', 'status'], unique=False)

    op.create_table('ledger_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pool_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('reverses', sa.String(length=80), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('category', sa.String(length=14), nullable=True),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('memo', sa.String(length=200), server_default='', nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('contribution', 'payout', 'reversal')", name=op.f('ck_ledger_entries_kind')),
    sa.ForeignKeyConstraint(['pool_id'], ['pools.id'], name=op.f('fk_ledger_entries_pool_id_pools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_entries')),
    sa.UniqueConstraint('pool_id', 'key', name='uq_ledger_entries_pool_key'),
    sa.UniqueConstraint('pool_id', 'reverses', name='uq_ledger_entries_pool_reverses')
    )
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_entries_pool_happened', ['pool_id', 'happened_on'], unique=False)
        batch_op.create_index('ix_ledger_entries_pool_id', ['pool_id', 'id'], unique=False)
    op.create_table('pool_members',
    sa.Column('pool_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('pseudonym', sa.String(length=12), nullable=False),
    sa.Column('role', sa.String(length=8), server_default='member', nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=True),
    sa.Column('left_at', sa.DateTime(), nullable=True),
    sa.Column('income_sealed', sa.Text(), nullable=True),
    sa.Column('income_declared_at', sa.DateTime(), nullable=True),
    sa.Column('monthly_cents', sa.BigInteger(), nullable=True),
    sa.Column('reminded_for', sa.String(length=7), nullable=True),
    sa.CheckConstraint("role IN ('member', 'steward')", name=op.f('ck_pool_members_role')),
    sa.CheckConstraint("status IN ('requested', 'active', 'left', 'declined')", name=op.f('ck_pool_members_status')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_pool_members_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pool_id'], ['pools.id'], name=op.f('fk_pool_members_pool_id_pools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pool_id', 'member_id', name=op.f('pk_pool_members')),
    sa.UniqueConstraint('pool_id', 'pseudonym', name='uq_pool_members_pool_pseudonym')
    )
    with op.batch_alter_table('pool_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pool_members_member_id'), ['member_id'], unique=False)

    op.create_table('pool_rule_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pool_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('rules', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['members.id'], name=op.f('fk_pool_rule_changes_changed_by_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pool_id'], ['pools.id'], name=op.f('fk_pool_rule_changes_pool_id_pools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pool_rule_changes')),
    sa.UniqueConstraint('pool_id', 'version', name='uq_pool_rule_changes_pool_version')
    )
    op.create_table('aid_ballots',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=False),
    sa.Column('voted_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['aid_requests.id'], name=op.f('fk_aid_ballots_request_id_aid_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['voter_id'], ['members.id'], name=op.f('fk_aid_ballots_voter_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', 'voter_id', name=op.f('pk_aid_ballots'))
    )
    with op.batch_alter_table('aid_ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aid_ballots_voter_id'), ['voter_id'], unique=False)

    op.create_table('aid_payouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pool_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('installment', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('sent_by', sa.Integer(), nullable=True),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=True),
    sa.Column('entry_key', sa.String(length=80), nullable=True),
    sa.CheckConstraint("status IN ('sent', 'received', 'cancelled', 'reversed')", name=op.f('ck_aid_payouts_status')),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_aid_payouts_amount')),
    sa.ForeignKeyConstraint(['pool_id'], ['pools.id'], name=op.f('fk_aid_payouts_pool_id_pools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['aid_requests.id'], name=op.f('fk_aid_payouts_request_id_aid_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by'], ['members.id'], name=op.f('fk_aid_payouts_sent_by_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aid_payouts')),
    sa.UniqueConstraint('request_id', 'installment', name='uq_aid_payouts_request_installment')
    )
    with op.batch_alter_table('aid_payouts', schema=None) as batch_op:
        batch_op.create_index('ix_aid_payouts_pool_status', ['pool_id', 'status'], unique=False)

    op.create_table('ledger_postings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('account', sa.String(length=40), nullable=False),
    sa.Column('cents', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('cents <> 0', name=op.f('ck_ledger_postings_cents')),
    sa.ForeignKeyConstraint(['entry_id'], ['ledger_entries.id'], name=op.f('fk_ledger_postings_entry_id_ledger_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_postings'))
    )
    with op.batch_alter_table('ledger_postings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_postings_entry_id'), ['entry_id'], unique=False)

    _refuse_changes_to_the_book()


# The ledger is append-only: corrections are new, reversing entries. Triggers refuse an UPDATE or a
# DELETE of a recorded entry or posting on both databases, whatever code or console attempts it.
_BOOK = ("ledger_entries", "ledger_postings")


def _refuse_changes_to_the_book() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in _BOOK:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: record a reversing entry'); END"
                )
        return
    op.execute(
        "CREATE FUNCTION jubilee_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION '% is append-only: record a reversing entry', TG_TABLE_NAME; END $$"
    )
    for table in _BOOK:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION jubilee_append_only()"
        )


def downgrade() -> None:
    with op.batch_alter_table('ledger_postings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_postings_entry_id'))

    op.drop_table('ledger_postings')
    with op.batch_alter_table('aid_payouts', schema=None) as batch_op:
        batch_op.drop_index('ix_aid_payouts_pool_status')

    op.drop_table('aid_payouts')
    with op.batch_alter_table('aid_ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aid_ballots_voter_id'))

    op.drop_table('aid_ballots')
    op.drop_table('pool_rule_changes')
    with op.batch_alter_table('pool_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pool_members_member_id'))

    op.drop_table('pool_members')
    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_entries_pool_id')
        batch_op.drop_index('ix_ledger_entries_pool_happened')

    op.drop_table('ledger_entries')
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_index('ix_contributions_pool_status')
        batch_op.drop_index(batch_op.f('ix_contributions_member_id'))

    op.drop_table('contributions')
    with op.batch_alter_table('aid_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aid_requests_requester_id'))
        batch_op.drop_index('ix_aid_requests_pool_status')

    op.drop_table('aid_requests')
    op.drop_table('pools')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS jubilee_append_only()")
