"""campaign members, retaliation, announcements, published snapshots

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 05:40:03.705442
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign_announcements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('delivered_to', sa.Integer(), server_default='0', nullable=False),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['members.id'], name=op.f('fk_campaign_announcements_author_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_announcements_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_announcements'))
    )
    with op.batch_alter_table('campaign_announcements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_announcements_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('campaign_members',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.Column('first_level', sa.String(length=10), nullable=False),
    sa.Column('converted_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('checkin_asked_at', sa.DateTime(), nullable=True),
    sa.Column('muted', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_members_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_campaign_members_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'member_id', name=op.f('pk_campaign_members'))
    )
    with op.batch_alter_table('campaign_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_members_member_id'), ['member_id'], unique=False)

    op.create_table('campaign_snapshot_cells',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=12), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_snapshot_cells_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'dimension', 'label', name=op.f('pk_campaign_snapshot_cells'))
    )
    op.create_table('retaliation_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('creditor_id', sa.Integer(), nullable=True),
    sa.Column('happened_on', sa.Date(), nullable=True),
    sa.Column('note_sealed', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('calls', 'threats', 'lawsuit', 'garnishment', 'credit', 'other')", name=op.f('ck_retaliation_reports_kind')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_retaliation_reports_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['creditor_id'], ['creditors.id'], name=op.f('fk_retaliation_reports_creditor_id_creditors'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_retaliation_reports_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retaliation_reports'))
    )
    with op.batch_alter_table('retaliation_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retaliation_reports_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_retaliation_reports_member_id'), ['member_id'], unique=False)

    with op.batch_alter_table('campaign_daily', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counted', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('pledged', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('striking', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snapshot_members', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('snapshot_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('announced_at', sa.DateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('announced_at')
        batch_op.drop_column('snapshot_at')
        batch_op.drop_column('snapshot_members')

    with op.batch_alter_table('campaign_daily', schema=None) as batch_op:
        batch_op.drop_column('striking')
        batch_op.drop_column('pledged')
        batch_op.drop_column('counted')

    with op.batch_alter_table('retaliation_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retaliation_reports_member_id'))
        batch_op.drop_index(batch_op.f('ix_retaliation_reports_campaign_id'))

    op.drop_table('retaliation_reports')
    op.drop_table('campaign_snapshot_cells')
    with op.batch_alter_table('campaign_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_members_member_id'))

    op.drop_table('campaign_members')
    with op.batch_alter_table('campaign_announcements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_announcements_campaign_id'))

    op.drop_table('campaign_announcements')
