"""Monthly hardship support through the pages (one payment a month, for the months asked, cut pro
rata when the pool is short), and the reminders time brings: deciders the day before a decision
closes, recipients who have not confirmed a payout after three days, each once."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa

from mutual_aid.aid_requests import jobs as request_jobs
from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.payouts import jobs as payout_jobs
from mutual_aid.tables import aid_payouts, aid_requests
from server.db import utcnow
from server.tables import notifications
from tests.conftest import post, run
from tests.factories.accounts import as_member
from tests.factories.mutual_aid import PAYOUTS, SLUG, ask, make_pool, receive, request_id, send, status, vote


def told(client: Any, kind: str) -> list[int]:
    rows = run(client, lambda db: db.fetch_all(sa.select(notifications.c.member_id)
                                                .where(notifications.c.kind == kind)))
    return sorted(r["member_id"] for r in rows)


def planned(client: Any, rid: int) -> str:
    page = client.get(PAYOUTS).text
    match = re.search(rf'name="request" value="{rid}">.*?name="amount"[^>]*value="([0-9.,]+)"', page, re.S)
    assert match, page
    return match[1]


def test_hardship_support_is_paid_once_a_month_and_cut_pro_rata_when_short(client):
    ids = make_pool(client, ["anabel", "benito", "carmen"], hardship_enabled=True, hardship_max_months=3,
                    automatic_up_to_cents=1_000_00, funds=250_00, reserve_cents=50_00)
    as_member(client, "benito")
    too_long = ask(client, "100.00", kind="hardship", months="4")
    assert too_long.status_code == 400
    ben = request_id(ask(client, "100.00", kind="hardship", months="3"))
    as_member(client, "carmen")
    cruz = request_id(ask(client, "150.00", kind="hardship", months="2"))
    assert status(client, ben) == status(client, cruz) == "approved"  # under the automatic limit

    # $200 above the reserve for $250 of claims this month: everyone gets 80%
    as_member(client, "anabel")
    assert (planned(client, ben), planned(client, cruz)) == ("80.00", "120.00")
    assert send(client, ben, "80.00").status_code == 303
    assert send(client, cruz, "120.00").status_code == 303
    # this month is done for both: nothing more is planned until next month
    page = client.get(PAYOUTS).text
    assert f'name="request" value="{ben}"' not in page and f'name="request" value="{cruz}"' not in page

    as_member(client, "benito")
    payout = run(client, lambda db: db.fetch_val(sa.select(aid_payouts.c.id).where(aid_payouts.c.request_id == ben)))
    assert receive(client, ben, payout).status_code == 303
    assert run(client, ledger_queries.balance, ids["pool"]) == 250_00 - 80_00
    assert status(client, ben) == "approved"  # two more months to go


def test_deciders_who_have_not_voted_are_reminded_once_the_day_before(client):
    ids = make_pool(client, ["anabel", "benito", "carmen", "dora"], decision_method="vote", quorum_percent=100)
    as_member(client, "benito")
    rid = request_id(ask(client, "60.00"))
    as_member(client, "carmen")
    vote(client, rid, "yes")
    decide_by = run(client, lambda db: db.fetch_val(sa.select(aid_requests.c.decide_by).where(aid_requests.c.id == rid)))
    keyring = client.app_state["keyring"]
    two_days_before = decide_by - dt.timedelta(days=2)
    run(client, request_jobs.aid_requests_over_time, keyring, two_days_before)
    assert told(client, "aid_decision_reminder") == []
    hours_before = decide_by - dt.timedelta(hours=12)
    run(client, request_jobs.aid_requests_over_time, keyring, hours_before)
    run(client, request_jobs.aid_requests_over_time, keyring, hours_before + dt.timedelta(hours=1))
    # anabel and dora have not voted; carmen has; benito asked
    assert told(client, "aid_decision_reminder") == sorted([ids["anabel"], ids["dora"]])
    # at the deadline the decision closes without quorum, and benito is told
    run(client, request_jobs.aid_requests_over_time, keyring, decide_by + dt.timedelta(minutes=1))
    assert status(client, rid) == "declined"
    assert told(client, "aid_request_declined") == [ids["benito"]]


def test_a_recipient_is_reminded_once_of_a_payout_not_yet_confirmed(client):
    ids = make_pool(client, ["anabel", "benito"], automatic_up_to_cents=100_00, funds=300_00)
    as_member(client, "benito")
    rid = request_id(ask(client, "70.00"))
    as_member(client, "anabel")
    assert send(client, rid, "70.00").status_code == 303
    keyring, now = client.app_state["keyring"], utcnow()
    run(client, payout_jobs.remind_recipients, keyring, now + dt.timedelta(days=1))
    assert told(client, "aid_payout_reminder") == []
    for days in (4, 5, 9):
        run(client, payout_jobs.remind_recipients, keyring, now + dt.timedelta(days=days))
    assert told(client, "aid_payout_reminder") == [ids["benito"]]
    # "I did not receive it" reaches the stewards, and nothing enters the book
    as_member(client, "benito")
    payout = run(client, lambda db: db.fetch_val(sa.select(aid_payouts.c.id).where(aid_payouts.c.request_id == rid)))
    path = f"/pools/{SLUG}/requests/{rid}"
    assert post(client, f"{path}/payouts/{payout}/not-received",
                follow_redirects=False).status_code == 303
    assert told(client, "aid_payout_not_received") == [ids["anabel"]]
    assert run(client, ledger_queries.balance, ids["pool"]) == 300_00
