"""What stewards see of a declared income: only the bracket it falls in, for members who declared
it before brackets too (migration 0008), on both databases."""

from __future__ import annotations

import sqlalchemy as sa

from mutual_aid.tables import pool_members
from server.migrate import downgrade, upgrade
from tests.conftest import new_client, post, run, sign_up
from tests.factories.mutual_aid import join, start_pool
from tests.factories.pages import text


def test_an_amount_stored_before_brackets_is_brought_to_its_bracket(client, settings, database_url):
    sign_up(client, "maria")
    slug = start_pool(client, contribution_kind="income_share", contribution_amount="", share_percent="3",
                      floor="10", cap="100")
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        join(ana, slug)
        post(ana, f"/pools/{slug}/me/income", {"income": "2,345.67"})
    # as the code before brackets stored it: 3% of the income itself, which gives the income away
    # to the dollar ($70.37 means between $2,345.67 and $2,346.00)
    run(client, lambda db: db.execute(pool_members.update().where(pool_members.c.monthly_cents == 67_50)
                                      .values(monthly_cents=70_37)))
    assert "$70.37" in text(client.get(f"/pools/{slug}/steward"))

    downgrade(database_url, "0007")
    upgrade(database_url)

    steward_page = text(client.get(f"/pools/{slug}/steward"))
    assert "$67.50" in steward_page and "$70.37" not in steward_page
    amounts = run(client, lambda db: db.fetch_all(sa.select(pool_members.c.monthly_cents)
                                                  .where(pool_members.c.monthly_cents.is_not(None))))
    assert [row["monthly_cents"] for row in amounts] == [67_50]
