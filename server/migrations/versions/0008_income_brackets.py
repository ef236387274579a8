"""income brackets: the monthly amounts stewards see tell only the income's bracket

An income share is now taken from the lower edge of the member's income bracket
(`mutual_aid.contributions.rules`). A member's page brings their amount up to date when they open
it, since only they can open their income; this migration does it at once for everyone, from the
amount alone: the smallest income that gave it is in the same bracket as the real one (or, when a
bracket's edge falls within the cent, the one below, in the member's favour).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# A copy of `INCOME_BRACKETS_DOLLARS` as it was when this migration was written.
EDGES = [dollars * 100 for dollars in (
    0, 250, 500, 750, 1_000, 1_250, 1_500, 1_750, 2_000, 2_250, 2_500, 3_000, 3_500, 4_000, 4_500,
    5_000, 6_000, 7_000, 8_000, 9_000, 10_000, 12_500, 15_000, 17_500, 20_000, 25_000, 30_000,
    40_000, 50_000, 75_000, 100_000,
)]


def bracketed(monthly: int, share: int, floor: int, cap: int | None) -> int:
    if monthly <= floor or (cap is not None and monthly >= cap):
        return monthly  # the floor or the cap: the income's bracket is not what it tells
    smallest_income = -(-monthly * 100_00 // share)
    counted = max(edge for edge in EDGES if edge <= smallest_income)
    return max(counted * share // 100_00, floor)


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT pm.pool_id, pm.member_id, pm.monthly_cents, p.share_basis_points, p.floor_cents, p.cap_cents "
        "FROM pool_members pm JOIN pools p ON p.id = pm.pool_id "
        "WHERE p.contribution_kind = 'income_share' AND p.share_basis_points > 0 AND pm.monthly_cents IS NOT NULL"
    )).fetchall()
    for pool_id, member_id, monthly, share, floor, cap in rows:
        new = bracketed(monthly, share, floor, cap)
        if new != monthly:
            bind.execute(sa.text("UPDATE pool_members SET monthly_cents = :new "
                                 "WHERE pool_id = :pool_id AND member_id = :member_id"),
                         {"new": new, "pool_id": pool_id, "member_id": member_id})


def downgrade() -> None:
    pass  # the exact amounts cannot, and should not, be worked back
