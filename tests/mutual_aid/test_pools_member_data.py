"""A member's download holds their pools, their income opened with their key and their
contributions; erasing them leaves the pool's ledger whole and the pool with a steward."""

from __future__ import annotations

import sqlalchemy as sa

from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.tables import contributions, pool_members
from tests.conftest import new_client, post, run, sign_up
from tests.factories.accounts import download, erase
from tests.factories.mutual_aid import claims, i_paid, join, pool_row, start_pool, steward


def test_the_download_holds_pools_income_and_contributions(client):
    sign_up(client, "maria")
    slug = start_pool(client, contribution_kind="income_share", contribution_amount="", share_percent="2", floor="5")
    post(client, f"/pools/{slug}/me/income", {"income": "1500"})
    i_paid(client, slug, "30.00")
    _, export = download(client)
    [pool] = export["pools"]
    assert (pool["pool"], pool["role"], pool["status"]) == ("Rent circle", "steward", "active")
    assert pool["pseudonym"].startswith("M-")
    assert (pool["declared_monthly_income_cents"], pool["monthly_contribution_cents"]) == (1500_00, 30_00)
    assert [(c["amount_cents"], c["status"]) for c in pool["contributions"]] == [(30_00, "claimed")]


def test_erasing_the_only_steward_hands_the_pool_on_and_keeps_the_ledger(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    i_paid(client, slug, "20.00")
    steward(client, slug, action="confirm", contribution=str(claims(client)[0]["id"]))
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        join(ana, slug)
        assert erase(client).status_code == 200
        assert ana.get(f"/pools/{slug}/steward").status_code == 200
    pool_id = pool_row(client, slug)["id"]
    assert run(client, ledger_queries.balance, pool_id) == 20_00
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(contributions))) == 0
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(pool_members))) == 1
