"""letters

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 06:33:40.230530
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign_letter_signers',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('named', sa.Boolean(), nullable=False),
    sa.Column('name_sealed', sa.Text(), nullable=True),
    sa.Column('city_sealed', sa.Text(), nullable=True),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_letter_signers_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_campaign_letter_signers_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'member_id', name=op.f('pk_campaign_letter_signers'))
    )
    with op.batch_alter_table('campaign_letter_signers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_letter_signers_member_id'), ['member_id'], unique=False)

    op.create_table('campaign_letters',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.Text(), server_default='', nullable=False),
    sa.Column('body', sa.Text(), server_default='', nullable=False),
    sa.Column('language', sa.String(length=9), server_default='en', nullable=False),
    sa.Column('status', sa.String(length=8), server_default='draft', nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'sent')", name=op.f('ck_campaign_letters_status')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_letters_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by'], ['members.id'], name=op.f('fk_campaign_letters_updated_by_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('campaign_id', name=op.f('pk_campaign_letters'))
    )
    op.create_table('letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('debt_id', sa.Integer(), nullable=True),
    sa.Column('type', sa.String(length=24), nullable=False),
    sa.Column('language', sa.String(length=9), nullable=False),
    sa.Column('fields_sealed', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('sent_method', sa.String(length=12), nullable=True),
    sa.Column('tracking_sealed', sa.Text(), nullable=True),
    sa.Column('deadline_on', sa.Date(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('response', sa.String(length=12), nullable=True),
    sa.Column('response_on', sa.Date(), nullable=True),
    sa.CheckConstraint("language IN ('en', 'es', 'bilingual')", name=op.f('ck_letters_language')),
    sa.ForeignKeyConstraint(['debt_id'], ['debts.id'], name=op.f('fk_letters_debt_id_debts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_letters_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letters'))
    )
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letters_deadline_on'), ['deadline_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_debt_id'), ['debt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_member_id'), ['member_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letters_member_id'))
        batch_op.drop_index(batch_op.f('ix_letters_debt_id'))
        batch_op.drop_index(batch_op.f('ix_letters_deadline_on'))

    op.drop_table('letters')
    op.drop_table('campaign_letters')
    with op.batch_alter_table('campaign_letter_signers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_letter_signers_member_id'))

    op.drop_table('campaign_letter_signers')
