"""The debt form as a member found it: what it says is needed is what it asks for; a creditor not
in the registry is a calm next step, not an error; a new creditor's kind follows the debt's kind."""

from __future__ import annotations

import re

import sqlalchemy as sa

from debts.creditors.tables import creditors
from debts.vault.tables import debts
from tests.conftest import run, sign_up
from tests.factories.debts import add_debt, debt_id_from

NEW_NAME = "Sunrise Valley Medical Billing"


def _intro(page: str) -> str:
    match = re.search(r"</h1>\s*<p>(.*?)</p>", page, re.S)
    assert match, page
    return match[1]


def _debt_count(client) -> int:
    return int(run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(debts))))


def test_the_form_says_where_it_stands_is_needed_and_asks_for_it(client):
    sign_up(client, "maria")
    page = client.get("/debts/new").text
    assert "where it stands" in _intro(page)
    label = re.search(r'<label for="f-status">(.*?)</label>', page, re.S)
    assert label and "(optional)" not in label[1]
    refused = add_debt(client, status="")
    assert refused.status_code == 400 and "Choose where this debt stands now." in refused.text
    assert 'value="12,345.67"' in refused.text
    assert _debt_count(client) == 0
