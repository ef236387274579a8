"""A debt added through the pages."""

from __future__ import annotations

import re
from typing import Any

from starlette.testclient import TestClient

from tests.conftest import post

NAVIENT_DEBT = {
    "kind": "private_student", "original_creditor": "Navient", "current_holder": "", "balance": "12,345.67",
    "currency": "USD", "status": "default", "region": "US-TX", "interest_rate": "6.8",
    "opened_on": "2015-08-20", "first_delinquency_on": "2023-02-01", "experiences": ["calls", "letters"],
    "account_number": "ACCT-7788-SECRET", "notes": "They called my mother twice. Private note xyzzy.",
}


def add_debt(client: TestClient, **changes: Any) -> Any:
    data = {**NAVIENT_DEBT, **changes}
    return post(client, "/debts/new", data, follow_redirects=False)


def debt_id_from(response: Any) -> int:
    assert response.status_code == 303, response.text
    return int(re.search(r"/debts/(\d+)", response.headers["location"]).group(1))


def navient_debt(client: TestClient, **changes: Any) -> int:
    return debt_id_from(add_debt(client, account_number="", notes="", **changes))
