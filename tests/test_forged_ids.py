"""Every id a form sends is refused with 400 when it cannot name a row: digits of another script
("²" counts as a digit to Python, not to int()), and numbers beyond what the id column holds
(2**31 on PostgreSQL, 2**63 on SQLite)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from server.settings import Settings
from tests.conftest import post
from tests.factories.accounts import member
from tests.factories.campaigns import form, submit
from tests.factories.debts import add_debt

NOT_IDS = ["\u00b2", "\u0661\u0662", str(2**31), str(2**63), "9" * 30, "-1", "0", "1.0"]


@pytest.mark.parametrize("typed", NOT_IDS)
def test_an_id_that_cannot_name_a_row_is_refused(client: TestClient, settings: Settings, typed: str) -> None:
    member(client, settings, "rosa", "organizer")
    merged = post(client, "/organize/creditors/1/merge", {"other": typed, "direction": "into_this", "q": "x"})
    debt = add_debt(client, original_creditor="Navientt", original_creditor_choice=typed)
    campaign = submit(client, "/organize/campaigns/new", form(creditor_0="Navientt", creditor_0_choice=typed))
    assert (merged.status_code, debt.status_code, campaign.status_code) == (400, 400, 400)
