"""Follow-ups: a sent letter offers the letters that follow it, and their forms start from it — the
bureau, the account line and the addresses it was written with, the day it was sent and the day its
answer came — never from another member's letter or another debt's."""

from __future__ import annotations

import html
import re
from typing import Any

from starlette.testclient import TestClient

from server.db import utcnow
from server.settings import Settings
from tests.conftest import new_client, post, sign_up
from tests.factories.debts import add_debt, debt_id_from
from tests.factories.letters import letter_id_from, write

DISPUTE = {
    "letter_language": "en", "sender_name": "Maria Quintero", "sender_address": "12 Elm St\nEl Paso, TX 79901",
    "bureau": "experian", "recipient_name": "Experian", "recipient_address": "P.O. Box 4500\nAllen, TX 75013",
    "furnisher": "Harbor Point Bank", "account_number": "HPB-3301", "problems": ["wrong_balance"],
    "what_is_wrong": "The balance shows $2,400; I paid it down to $300 in May.",
    "correction": "Balance $300.",
}


def text(response: Any) -> str:
    return html.unescape(response.text)


def value_of(page: str, name: str) -> str:
    found = re.search(rf'<input id="f-{name}" name="{name}" type="[a-z]+" value="([^"]*)"', page)
    assert found is not None, name
    return found.group(1)


def disputed_and_answered(client: TestClient) -> tuple[int, int]:
    debt = debt_id_from(add_debt(client, kind="credit_card", account_number="", notes=""))
    letter = letter_id_from(post(client, f"/debts/{debt}/letters/bureau_dispute", DISPUTE, follow_redirects=False))
    today = utcnow().date().isoformat()  # a letter is sent, and answered, no earlier than it was written
    for path, data in ((f"/letters/{letter}/sent", {"sent_on": today, "method": "certified"}),
                       (f"/letters/{letter}/response", {"response": "verified", "response_on": today})):
        assert post(client, path, data, follow_redirects=False).status_code == 303
    return debt, letter


def test_a_verified_bureau_dispute_offers_its_follow_ups_and_their_forms_start_from_it(client: TestClient) -> None:
    sign_up(client, "maria")
    debt, letter = disputed_and_answered(client)
    page = text(client.get(f"/letters/{letter}"))
    assert "What you can send next" in page
    assert f'href="/debts/{debt}/letters/verification_method?after={letter}"' in page
    assert f'href="/debts/{debt}/letters/dispute_statement?after={letter}"' in page

    form = text(client.get(f"/debts/{debt}/letters/verification_method?after={letter}"))
    assert value_of(form, "dispute_date") == value_of(form, "results_date") == utcnow().date().isoformat()
    assert value_of(form, "account_number") == "HPB-3301"
    assert value_of(form, "furnisher") == "Harbor Point Bank"
    assert '<option value="experian" selected>' in form
    assert "P.O. Box 4500\nAllen, TX 75013</textarea>" in form


def test_a_letter_not_yet_sent_offers_no_follow_up(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", account_number="", notes=""))
    letter = letter_id_from(post(client, f"/debts/{debt}/letters/bureau_dispute", DISPUTE, follow_redirects=False))
    assert "What you can send next" not in text(client.get(f"/letters/{letter}"))


def test_a_follow_up_never_starts_from_another_members_letter_nor_another_debts(client: TestClient,
                                                                               settings: Settings) -> None:
    sign_up(client, "maria")
    _debt, letter = disputed_and_answered(client)
    other_debt = debt_id_from(add_debt(client, kind="medical", account_number="", notes=""))
    form = text(client.get(f"/debts/{other_debt}/letters/verification_method?after={letter}"))
    assert value_of(form, "dispute_date") == "" and "HPB-3301" not in form

    with new_client(settings) as stranger:
        sign_up(stranger, "rosa")
        own_debt = debt_id_from(add_debt(stranger, kind="credit_card", account_number="", notes=""))
        for after in (str(letter), "0", "-1", "99999999999999999999999", "²", "abc"):
            response = stranger.get(f"/debts/{own_debt}/letters/verification_method", params={"after": after})
            assert response.status_code == 200
            assert "HPB-3301" not in response.text and "Harbor Point" not in response.text


def test_a_sent_validation_request_offers_the_letter_for_a_collector_that_kept_collecting(client: TestClient) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", account_number="", notes=""))
    letter = letter_id_from(write(client, debt))
    today = utcnow().date().isoformat()
    assert post(client, f"/letters/{letter}/sent", {"sent_on": today, "method": "certified"},
                follow_redirects=False).status_code == 303
    assert post(client, f"/letters/{letter}/delivered", {"delivered_on": today},
                follow_redirects=False).status_code == 303
    page = text(client.get(f"/letters/{letter}"))
    assert f'href="/debts/{debt}/letters/without_validating?after={letter}"' in page

    form = text(client.get(f"/debts/{debt}/letters/without_validating?after={letter}"))
    assert value_of(form, "dispute_date") == value_of(form, "dispute_received_on") == today
    assert value_of(form, "account_number") == "ACCT-55501"
    assert value_of(form, "recipient_name") == "Acme Recovery LLC"
