"""Forged and nonsensical forms never break a pool page: every pool form, sent by a steward, a
member and a stranger with missing fields, huge values, repeated fields, wrong types and impossible
ids (in the form and in its address), answers below 500, refuses for real (400/404/409, not a CSRF
wall), and never shows a stranger who asked for aid or why."""

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
IDS = ["99999999999", "9999999999", "-1", "0", "1e3", "٣", "M-ZZZZ", HUGE]
JUNK: list[dict[str, Any]] = [
    {},
    {"amount": HUGE, "income": "99999999999999999999", "month": "2026-13", "paid_on": "9999-99-99", "method": "gold",
     "form_key": HUGE},
    {"amount": ["1", "2"], "choice": ["yes", "no"], "kind": "lottery", "months": "-3", "category": "yachts",
     "needed_by": "yesterday", "debt": "99999999999", "explanation": HUGE},
    {"amount": "NaN", "installment": "-1", "sent_on": "2026-02-31", "confirm": "yes", "confirmed": "yes",
     "version": HUGE},
    {"amount": "²", "installment": "²", "months": "²", "debt": "²", "income": "²", "version": "²"},
    {"name": HUGE, "description": HUGE, "currency": "XXX", "contribution_kind": "tithe", "contribution_amount": "1e309",
     "share_percent": "-0", "floor": "Infinity", "cap": "-1", "decision_method": "dice", "stewards_k": "0",
     "quorum_percent": "1000", "majority_percent": "x", "automatic_up_to": HUGE, "allocation_rule": "lottery",
     "requests_enabled": ["on", "off"], "hardship_max_months": "99999999999"},
]


def variants() -> list[dict[str, Any]]:
    """Every junk set, each with one of the impossible ids; and every impossible id with the other
    fields right."""
    out = [{**data, "member": IDS[n % len(IDS)], "contribution": IDS[(n + 1) % len(IDS)],
            "payout": IDS[(n + 2) % len(IDS)], "request": IDS[(n + 3) % len(IDS)]} for n, data in enumerate(JUNK)]
    for ids in IDS:  # ids past what the database can hold, with every form
        out.append({"member": ids, "contribution": ids, "payout": ids, "request": ids, "installment": ids,
                    "amount": "1.00", "method": "cash", "sent_on": TODAY.isoformat(), "confirm": "yes",
                    "confirmed": "yes", "choice": "yes", "income": "1"})
    return out


PATH_IDS = ["1", "0", "9999999999", "99999999999"]  # no such row, and numbers no row can have


def paths(slug: str, code: str, request_id: str) -> list[str]:
    """Every form of the pool pages, each at its own address; and the pages' own addresses, which
    take no form."""
    base = f"/pools/{slug}"
    steward = f"{base}/steward"
    requests = [f"{base}/requests/{request_id}", *(f"{base}/requests/{n}" for n in PATH_IDS)]
    return [
        "/pools/new", f"/pools/join/{code}", "/pools/join/not-a-code", f"{base}/join",
        f"{base}/me/income", f"{base}/me/paid", f"{base}/me/leave", "/pools/no-such-pool/me/paid",
        *(f"{steward}/{action}" for action in ("approve", "decline", "promote", "step-down", "invitation")),
        *(f"{steward}/contributions/{n}/{action}" for n in PATH_IDS for action in ("confirm", "decline", "reverse")),
        f"{steward}/rules", f"{steward}/payouts/send",
        *(f"{steward}/payouts/{n}/{action}" for n in PATH_IDS for action in ("cancel", "reverse")),
        f"{base}/requests/new",
        *(f"{path}/{action}" for path in requests for action in ("vote", "withdraw")),
        *(f"{path}/payouts/{n}/{action}" for path in requests[:2] for n in PATH_IDS[::3]
          for action in ("received", "not-received")),
        # the pages' own addresses: they answer GET only
        f"{base}/me", steward, f"{steward}/payouts", f"{base}/requests/{request_id}",
        # last, as they change the pool for the rest
        f"{steward}/close", f"{steward}/reopen",
    ]


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
            assert response.status_code < 500, (path, sorted(data)[:5], response.status_code)
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
                     f"/pools/{slug}/steward/ledger?page=²", f"/pools/{slug}/steward?reverse=²",
                     f"/pools/{slug}/steward/ledger.csv?order=sideways", f"/pools/{slug}?month=x"):
            assert stranger.get(path).status_code < 500
            assert client.get(path).status_code < 500
