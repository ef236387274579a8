"""Forged and nonsensical forms never break a pool page: every pool form, sent by a steward, a
member and a stranger with missing fields, huge values, repeated fields, wrong types and impossible
ids, answers below 500, refuses for real (400/404/409, not a CSRF wall), and never shows a stranger
who asked for aid or why."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from starlette.testclient import TestClient

from server.settings import Settings
from tests.conftest import csrf_token, new_client, post, sign_up
from tests.factories.mutual_aid import pool_row, start_pool

HUGE = "x" * 200_000
WHY = "Secret reason: my hours were cut at the plant."
TODAY = dt.date.today()
ACTIONS = ["", "income", "paid", "leave", "approve", "decline", "promote", "step_down", "new_code", "confirm",
           "decline_contribution", "reverse", "vote", "withdraw", "received", "not_received", "send", "cancel", HUGE]
IDS = ["99999999999", "9999999999", "-1", "0", "1e3", "٣", "M-ZZZZ", HUGE]
JUNK: list[dict[str, Any]] = [
    {},
    {"amount": HUGE, "income": "99999999999999999999", "month": "2026-13", "paid_on": "9999-99-99", "method": "gold",
     "form_key": HUGE},
    {"amount": ["1", "2"], "choice": ["yes", "no"], "kind": "lottery", "months": "-3", "category": "yachts",
     "needed_by": "yesterday", "debt": "99999999999", "explanation": HUGE},
    {"amount": "NaN", "installment": "-1", "sent_on": "2026-02-31", "confirm": "yes", "confirmed": "yes",
     "version": HUGE},
    {"name": HUGE, "description": HUGE, "currency": "XXX", "contribution_kind": "tithe", "contribution_amount": "1e309",
     "share_percent": "-0", "floor": "Infinity", "cap": "-1", "decision_method": "dice", "stewards_k": "0",
     "quorum_percent": "1000", "majority_percent": "x", "automatic_up_to": HUGE, "allocation_rule": "lottery",
     "requests_enabled": ["on", "off"], "hardship_max_months": "99999999999"},
]


def variants() -> list[dict[str, Any]]:
    """Every action once, each with one of the junk sets and one of the impossible ids; and every
    junk set without an action."""
    out = [{**data, "member": IDS[0], "contribution": IDS[1], "payout": IDS[2], "request": IDS[3]} for data in JUNK]
    for number, action in enumerate(ACTIONS):
        ids = IDS[number % len(IDS)]
        out.append({**JUNK[number % len(JUNK)], "action": action, "member": ids, "contribution": ids, "payout": ids,
                    "request": ids})
        for ids in IDS[:3]:  # ids past what the database can hold, with every action
            out.append({"action": action, "member": ids, "contribution": ids, "payout": ids, "request": ids,
                        "installment": ids, "amount": "1.00", "method": "cash", "sent_on": TODAY.isoformat(),
                        "confirm": "yes", "confirmed": "yes", "choice": "yes"})
    return out


def paths(slug: str, code: str, request_id: str) -> list[str]:
    base = f"/pools/{slug}"
    return ["/pools/new", f"/pools/join/{code}", "/pools/join/not-a-code", f"{base}/join", f"{base}/me",
            f"{base}/steward", f"{base}/steward/rules", f"{base}/requests/new", f"{base}/requests/{request_id}",
            f"{base}/requests/99999999999", f"{base}/steward/payouts", "/pools/no-such-pool/me"]


def setup(client: TestClient, settings: Settings) -> tuple[str, str, str]:
    sign_up(client, "maria")
    slug = start_pool(client, waiting_days="0")
    code = pool_row(client, slug)["invite_code"]
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        post(ana, f"/pools/join/{code}")
        form = ana.get(f"/pools/{slug}/requests/new").text
        key = re.search(r'name="form_key" value="([^"]+)"', form)
        assert key
        asked = post(ana, f"/pools/{slug}/requests/new", {
            "form_key": key[1], "kind": "one_off", "amount": "40.00", "category": "rent",
            "needed_by": TODAY.isoformat(), "explanation": WHY},
            follow_redirects=False)
        assert asked.status_code == 303
    return slug, code, asked.headers["location"].split("?")[0].rsplit("/", 1)[1]


def test_no_pool_form_answers_500_to_anything(client: TestClient, settings: Settings) -> None:
    slug, code, request_id = setup(client, settings)
    answered: set[int] = set()
    token = csrf_token(client, f"/pools/{slug}/steward")
    for path in paths(slug, code, request_id):
        for data in variants():
            response = client.post(path, data={"csrf_token": token, **data})
            assert response.status_code < 500, (path, data["action"][:20], response.status_code)
            answered.add(response.status_code)
    assert {400, 404} <= answered and 403 not in answered  # real refusals, not a CSRF wall

    with new_client(settings) as stranger:
        sign_up(stranger, "jose")
        token = csrf_token(stranger)
        for path in paths(slug, code, request_id):
            if path.startswith("/pools/join/") or path.endswith("/join") or path == "/pools/new":
                continue  # anyone may join or start a pool
            for data in variants()[::3]:
                response = stranger.post(path, data={"csrf_token": token, **data})
                assert response.status_code < 500, (path, response.status_code)
                assert "ana" not in re.findall(r"\b\w+\b", response.text) and WHY not in response.text
        for path in (f"/pools/{slug}/steward/ledger?page={HUGE[:50]}", f"/pools/{slug}/steward/ledger?page=-1",
                     f"/pools/{slug}/steward/ledger.csv?order=sideways", f"/pools/{slug}?month=x"):
            assert stranger.get(path).status_code < 500
            assert client.get(path).status_code < 500
