"""campaigns, pledges and their counters

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 04:49:16.792940
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=500), server_default='', nullable=False),
    sa.Column('story', sa.Text(), server_default='', nullable=False),
    sa.Column('demands', sa.Text(), server_default='', nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('threshold_members', sa.Integer(), nullable=True),
    sa.Column('threshold_cents', sa.BigInteger(), nullable=True),
    sa.Column('deadline', sa.DateTime(), nullable=True),
    sa.Column('start_delay_days', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('activated_at', sa.DateTime(), nullable=True),
    sa.Column('strike_starts_on', sa.Date(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'open', 'active', 'won', 'ended', 'expired')", name=op.f('ck_campaigns_status')),
    sa.ForeignKeyConstraint(['created_by'], ['members.id'], name=op.f('fk_campaigns_created_by_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns')),
    sa.UniqueConstraint('slug', name=op.f('uq_campaigns_slug'))
    )
    op.create_table('campaign_cells',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=12), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_cells_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'dimension', 'label', name=op.f('pk_campaign_cells'))
    )
    op.create_table('campaign_conditions',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('measure', sa.String(length=8), nullable=False),
    sa.Column('condition', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_conditions_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'measure', 'condition', name=op.f('pk_campaign_conditions'))
    )
    op.create_table('campaign_daily',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_daily_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'day', name=op.f('pk_campaign_daily'))
    )
    op.create_table('campaign_member_cells',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=12), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('debts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_member_cells_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_campaign_member_cells_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'member_id', 'dimension', 'label', name=op.f('pk_campaign_member_cells'))
    )
    op.create_table('campaign_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('creditor_id', sa.Integer(), nullable=True),
    sa.Column('debt_kind', sa.String(length=20), nullable=True),
    sa.Column('region', sa.String(length=6), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_targets_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['creditor_id'], ['creditors.id'], name=op.f('fk_campaign_targets_creditor_id_creditors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_targets'))
    )
    with op.batch_alter_table('campaign_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_targets_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_targets_creditor_id'), ['creditor_id'], unique=False)

    op.create_table('pledges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('debt_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('min_others', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("level IN ('counted', 'pledged', 'striking')", name=op.f('ck_pledges_level')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_pledges_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['debt_id'], ['debts.id'], name=op.f('fk_pledges_debt_id_debts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_pledges_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledges')),
    sa.UniqueConstraint('campaign_id', 'debt_id', name='uq_pledges_campaign_debt')
    )
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledges_debt_id'), ['debt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledges_member_id'), ['member_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledges_member_id'))
        batch_op.drop_index(batch_op.f('ix_pledges_debt_id'))

    op.drop_table('pledges')
    with op.batch_alter_table('campaign_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_targets_creditor_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_targets_campaign_id'))

    op.drop_table('campaign_targets')
    op.drop_table('campaign_member_cells')
    op.drop_table('campaign_daily')
    op.drop_table('campaign_conditions')
    op.drop_table('campaign_cells')
    op.drop_table('campaigns')
