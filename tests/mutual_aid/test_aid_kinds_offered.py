"""A pool offers only the kinds of aid its rules allow: the form shows no others, and a forged form
asking for one it does not offer is refused in words, on the same page, with what was typed kept,
never recorded as something else."""

from __future__ import annotations

import sqlalchemy as sa

from mutual_aid.tables import aid_requests
from tests.conftest import run
from tests.factories.accounts import as_member
from tests.factories.mutual_aid import SLUG, ask, make_pool


def _requests(client):
    return run(client, lambda db: db.fetch_all(sa.select(aid_requests)))


def test_a_pool_without_monthly_support_neither_offers_it_nor_records_it_as_one_payment(client):
    make_pool(client, ["anabel", "benito"], hardship_enabled=False)
    as_member(client, "benito")
    page = client.get(f"/pools/{SLUG}/requests/new").text
    assert "Monthly" not in page and 'value="hardship"' not in page and 'name="months"' not in page
    refused = ask(client, "500.00", kind="hardship", months="2")
    assert refused.status_code == 400
    assert "This pool does not offer monthly support" in refused.text
    assert "number of months" not in refused.text  # the one thing to fix, not a field the page lacks
    assert 'value="500.00"' in refused.text and "My landlord raised the rent" in refused.text
    assert _requests(client) == []


def test_a_pool_with_both_kinds_offers_both_and_records_monthly_support(client):
    make_pool(client, ["anabel", "benito"], hardship_enabled=True, hardship_max_months=3)
    as_member(client, "benito")
    page = client.get(f"/pools/{SLUG}/requests/new").text
    assert 'value="hardship"' in page and 'value="one_off"' in page
    assert ask(client, "500.00", kind="hardship", months="2").status_code == 303
    [row] = _requests(client)
    assert (row["kind"], row["months"], row["amount_cents"]) == ("hardship", 2, 500_00)
