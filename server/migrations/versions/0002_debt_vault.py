"""debt vault and creditor registry

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:53:20.092295
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('creditors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_key', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('verified', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('address_checked_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('original_creditor', 'servicer', 'collector', 'hospital', 'school', 'landlord', 'government', 'credit_bureau')", name=op.f('ck_creditors_kind')),
    sa.ForeignKeyConstraint(['parent_id'], ['creditors.id'], name=op.f('fk_creditors_parent_id_creditors'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_creditors'))
    )
    with op.batch_alter_table('creditors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_creditors_name_key'), ['name_key'], unique=False)

    op.create_table('creditor_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('creditor_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=120), nullable=False),
    sa.Column('alias_key', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['creditor_id'], ['creditors.id'], name=op.f('fk_creditor_aliases_creditor_id_creditors'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_creditor_aliases')),
    sa.UniqueConstraint('creditor_id', 'alias_key', name='uq_creditor_aliases_creditor_alias')
    )
    with op.batch_alter_table('creditor_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_creditor_aliases_alias_key'), ['alias_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_creditor_aliases_creditor_id'), ['creditor_id'], unique=False)

    op.create_table('debts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('original_creditor_id', sa.Integer(), nullable=True),
    sa.Column('current_holder_id', sa.Integer(), nullable=True),
    sa.Column('balance_cents', sa.BigInteger(), nullable=False),
    sa.Column('original_cents', sa.BigInteger(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('interest_rate_bp', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('last_payment_on', sa.Date(), nullable=True),
    sa.Column('first_delinquency_on', sa.Date(), nullable=True),
    sa.Column('first_collection_notice_on', sa.Date(), nullable=True),
    sa.Column('region', sa.String(length=6), nullable=True),
    sa.Column('experiences', sa.String(length=120), server_default='', nullable=False),
    sa.Column('account_number_sealed', sa.Text(), nullable=True),
    sa.Column('notes_sealed', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['current_holder_id'], ['creditors.id'], name=op.f('fk_debts_current_holder_id_creditors')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_debts_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['original_creditor_id'], ['creditors.id'], name=op.f('fk_debts_original_creditor_id_creditors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_debts'))
    )
    with op.batch_alter_table('debts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_debts_current_holder_id'), ['current_holder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_debts_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_debts_original_creditor_id'), ['original_creditor_id'], unique=False)

    op.create_table('debt_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debt_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('change', sa.String(length=20), nullable=False),
    sa.Column('balance_cents', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['debt_id'], ['debts.id'], name=op.f('fk_debt_history_debt_id_debts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_debt_history'))
    )
    with op.batch_alter_table('debt_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_debt_history_debt_id'), ['debt_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('debt_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_debt_history_debt_id'))

    op.drop_table('debt_history')
    with op.batch_alter_table('debts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_debts_original_creditor_id'))
        batch_op.drop_index(batch_op.f('ix_debts_member_id'))
        batch_op.drop_index(batch_op.f('ix_debts_current_holder_id'))

    op.drop_table('debts')
    with op.batch_alter_table('creditor_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_creditor_aliases_creditor_id'))
        batch_op.drop_index(batch_op.f('ix_creditor_aliases_alias_key'))

    op.drop_table('creditor_aliases')
    with op.batch_alter_table('creditors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_creditors_name_key'))

    op.drop_table('creditors')
