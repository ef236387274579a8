"""Forged and nonsensical forms never break a page: every form of campaigns and letters, sent with
missing fields, huge values, repeated fields, wrong types and impossible ids, answers below 500
and never shows the data of the member who owns what was targeted."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from server.settings import Settings
from tests.conftest import new_client, post, sign_up
from tests.factories.accounts import member
from tests.factories.campaigns import activate, campaign, join
from tests.factories.debts import navient_debt
from tests.factories.letters import letter_id_from, write

HUGE = "x" * 200_000
JUNK: list[dict[str, Any]] = [
    {},
    {"level": HUGE, "min_others": HUGE, "debts": [HUGE, "-1", "99999999999"], "understood": HUGE},
    {"level": ["pledged", "striking"], "min_others": "-5", "debts": "abc", "kind": "lawsuit",
     "happened_on": "2026-02-31", "creditor": "99999999999", "note": HUGE, "answer": "maybe"},
    {"subject": HUGE, "body": HUGE, "status": "won", "signing": "sideways", "name": HUGE, "city": HUGE,
     "recipient": HUGE, "language": "xx", "confirm": HUGE},
    {"sent_on": "9999-99-99", "method": HUGE, "tracking_number": HUGE, "response": "lost", "response_on": "x",
     "letter_language": HUGE, "ssn": HUGE, "sender_name": ["a", "b"], "reasons": [HUGE] * 50},
]


def forms(campaign_id: int, debt: int, letter: int) -> list[str]:
    me = "/campaigns/navient-strike/me"
    return [
        "/campaigns/navient-strike/join", f"{me}/debts/{debt}", f"{me}/debts/{debt}/withdraw", f"{me}/confirm",
        f"{me}/checkin/still", f"{me}/checkin/stopped", f"{me}/stopped/counted", f"{me}/stopped/leave", f"{me}/reports",
        f"{me}/reports/99999999999/delete", f"{me}/reports/1/delete", f"{me}/announcements/mute",
        f"{me}/announcements/unmute", f"{me}/letter", f"{me}/letter/withdraw", f"{me}/debts/99999999999",
        f"/debts/{debt}/letters/validation", f"/debts/{debt}/letters/no_such_type", f"/letters/{letter}/edit",
        f"/letters/{letter}/pdf", f"/letters/{letter}/sent", f"/letters/{letter}/response", "/letters/99999999999/sent",
    ]


def organizer_forms(campaign_id: int) -> list[str]:
    base = f"/organize/campaigns/{campaign_id}"
    return ["/organize/campaigns/new", f"{base}/edit", f"{base}/open", f"{base}/won", f"{base}/end",
            f"{base}/announcements", f"{base}/letter",
            f"{base}/letter/sent", "/organize/campaigns/99999999999/edit"]


def test_no_form_answers_500_to_anything(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    sign_up(client, "maria")
    debt = navient_debt(client)
    assert join(client, [debt]).status_code == 303
    activate(client, campaign_id)
    letter = letter_id_from(write(client, debt))
    answered: set[int] = set()
    for path in forms(campaign_id, debt, letter):
        for data in JUNK:
            response = post(client, path, data)
            assert response.status_code < 500, (path, data.keys(), response.status_code)
            answered.add(response.status_code)
    assert {400, 404} <= answered and 403 not in answered  # real refusals, not a CSRF wall

    with new_client(settings) as stranger:
        sign_up(stranger, "jose")
        for path in forms(campaign_id, debt, letter):
            for data in JUNK[:2]:
                response = post(stranger, path, data)
                assert response.status_code < 500, (path, response.status_code)
                assert "Maria" not in response.text and "ACCT-55501" not in response.text

    with new_client(settings) as organizer:
        member(organizer, settings, "rosa", "organizer")
        for path in organizer_forms(campaign_id):
            for data in JUNK:
                response = post(organizer, path, data)
                assert response.status_code < 500, (path, data.keys(), response.status_code)
