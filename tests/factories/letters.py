"""A letter written through the pages."""

from __future__ import annotations

import re
from typing import Any

from starlette.testclient import TestClient

from tests.conftest import post

VALIDATION = {
    "letter_language": "en", "sender_name": "Maria Quintero", "sender_address": "12 Elm St\nEl Paso, TX 79901",
    "recipient_name": "Acme Recovery LLC", "recipient_address": "PO Box 9\nDallas, TX 75201",
    "account_number": "ACCT-55501", "notice_date": "2026-11-02", "amount_claimed": "1,234.56",
    "reasons": ["wrong_amount", "more_information"],
}


def write(client: TestClient, debt: int, code: str = "validation", **changes: Any) -> Any:
    return post(client, f"/debts/{debt}/letters/{code}", {**VALIDATION, **changes}, follow_redirects=False)


def letter_id_from(response: Any) -> int:
    assert response.status_code == 303, response.text
    return int(re.fullmatch(r"/letters/(\d+)", response.headers["location"]).group(1))
