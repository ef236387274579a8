"""released figures: releases on a schedule, their noisy tree nodes, and the exact points they need

Published figures are now released with differential privacy (server.disclosure.store), on a
schedule, replacing the copy of a campaign's counters taken when the total had moved by k
(`campaign_snapshot_cells`, `campaigns.snapshot_members`/`snapshot_at`) and the exact daily
series (`campaign_daily`). Those are dropped, and a collective letter keeps the number of its
unnamed signers as released when it is sent: the first releases come from the counters as they
are, at the next scheduled instant.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('disclosure_releases',
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('released_at', sa.DateTime(), nullable=False),
    sa.Column('figures', sa.Text(), nullable=False),
    sa.Column('series', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('subject', 'period', name=op.f('pk_disclosure_releases'))
    )
    op.create_table('disclosure_nodes',
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('figure', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('cells', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('subject', 'figure', 'year', 'level', 'idx', name=op.f('pk_disclosure_nodes'))
    )
    op.create_table('disclosure_points',
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('cells', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('subject', 'period', name=op.f('pk_disclosure_points'))
    )
    with op.batch_alter_table('campaign_letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('not_named_released', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('not_named_margin', sa.Integer(), nullable=True))
    op.drop_table('campaign_snapshot_cells')
    op.drop_table('campaign_daily')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('snapshot_at')
        batch_op.drop_column('snapshot_members')


def downgrade() -> None:
    with op.batch_alter_table('campaign_letters', schema=None) as batch_op:
        batch_op.drop_column('not_named_margin')
        batch_op.drop_column('not_named_released')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snapshot_members', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('snapshot_at', sa.DateTime(), nullable=True))
    op.create_table('campaign_daily',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('counted', sa.Integer(), server_default='0', nullable=False),
    sa.Column('pledged', sa.Integer(), server_default='0', nullable=False),
    sa.Column('striking', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_daily_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'day', name=op.f('pk_campaign_daily'))
    )
    op.create_table('campaign_snapshot_cells',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=12), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_snapshot_cells_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'dimension', 'label', name=op.f('pk_campaign_snapshot_cells'))
    )
    op.drop_table('disclosure_points')
    op.drop_table('disclosure_nodes')
    op.drop_table('disclosure_releases')
