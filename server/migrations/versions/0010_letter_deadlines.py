"""letter deadlines: a letter may have several deadlines, and a delivery date

A letter's deadline moves from `letters.deadline_on`/`reminded_at` to `letter_deadlines`, one row
per rule (the main deadline, and the 20-day records request of the offset review and the
garnishment hearing), each with who acts, what the date means, the deadline in law and the day to
act by, so the home page and the reminders need no member's key. `letters` gains `delivered_on`
(from the certified-mail tracking or the green card) and `more_info_on` (the member sent more
information: a bureau's 45 days).

Each stored deadline is copied with the rule its letter type had (a validation letter counted from
the notice's date keeps the period's rule name: both are the member's "must arrive by"); the
letter's page counts them again from the letter itself, and the rows are counted again whenever
the letter changes. Going down keeps one deadline per letter, the main one's date in law.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# the letter types' rules on this day: type -> (rule, who, meaning, moved off a weekend by 34 CFR 34.3)
RULES = {
    "validation": ("validation_period_end", "member", "received", False),
    "bureau_dispute": ("bureau_reinvestigation_30_days", "recipient", "answer", False),
    "furnisher_dispute": ("furnisher_investigation_30_days", "recipient", "answer", False),
    "medical_assistance": ("hipaa_records_30_days", "recipient", "answer", False),
    "borrower_defense": ("borrower_defense_3_years", "member", "received", False),
    "garnishment_hearing": ("awg_hearing_30_days", "member", "postmarked", True),
    "offset_review": ("offset_review_65_days", "member", "postmarked", False),
}
MAIL_DELIVERY_BUSINESS_DAYS = 5


def _dates(last_day: dt.date, who: str, meaning: str, moves: bool) -> tuple[dt.date, dt.date]:
    """The deadline in law and the day to act by, as letters.deadlines counts them."""
    from letters.deadlines import is_business_day, subtract_business_days

    due = last_day
    while moves and not is_business_day(due):
        due += dt.timedelta(days=1)
    if who != "member":
        return due, due
    act_by = last_day
    while not is_business_day(act_by):
        act_by -= dt.timedelta(days=1)
    if meaning == "received":
        act_by = subtract_business_days(act_by, MAIL_DELIVERY_BUSINESS_DAYS)
    return due, act_by


def upgrade() -> None:
    deadlines = op.create_table('letter_deadlines',
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('who', sa.String(length=9), nullable=False),
    sa.Column('meaning', sa.String(length=10), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('act_by', sa.Date(), nullable=False),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_letter_deadlines_letter_id_letters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('letter_id', 'rule', name=op.f('pk_letter_deadlines'))
    )
    with op.batch_alter_table('letter_deadlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_deadlines_act_by'), ['act_by'], unique=False)

    connection = op.get_bind()
    old = sa.table('letters', sa.column('id', sa.Integer), sa.column('type', sa.String),
                   sa.column('deadline_on', sa.Date), sa.column('reminded_at', sa.DateTime))
    rows = []
    for letter in connection.execute(sa.select(old).where(old.c.deadline_on.is_not(None))):
        if letter.type not in RULES:
            continue
        rule, who, meaning, moves = RULES[letter.type]
        due, act_by = _dates(letter.deadline_on, who, meaning, moves)
        rows.append({"letter_id": letter.id, "rule": rule, "who": who, "meaning": meaning, "due_on": due,
                     "act_by": act_by, "reminded_at": letter.reminded_at})
    if rows:
        op.bulk_insert(deadlines, rows)

    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivered_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('more_info_on', sa.Date(), nullable=True))
        batch_op.drop_index(batch_op.f('ix_letters_deadline_on'))
        batch_op.drop_column('reminded_at')
        batch_op.drop_column('deadline_on')


def downgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_letters_deadline_on'), ['deadline_on'], unique=False)
        batch_op.drop_column('more_info_on')
        batch_op.drop_column('delivered_on')

    connection = op.get_bind()
    letters = sa.table('letters', sa.column('id', sa.Integer), sa.column('type', sa.String),
                       sa.column('deadline_on', sa.Date), sa.column('reminded_at', sa.DateTime))
    deadlines = sa.table('letter_deadlines', sa.column('letter_id', sa.Integer), sa.column('rule', sa.String),
                         sa.column('due_on', sa.Date), sa.column('reminded_at', sa.DateTime))
    for row in connection.execute(sa.select(deadlines)):
        if "_records_" not in row.rule:  # the main deadline, not a records request
            connection.execute(letters.update().where(letters.c.id == row.letter_id)
                               .values(deadline_on=row.due_on, reminded_at=row.reminded_at))

    with op.batch_alter_table('letter_deadlines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_deadlines_act_by'))
    op.drop_table('letter_deadlines')
