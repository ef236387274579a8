"""Paying approved requests, through the stewards' payouts page and the recipient's request page:
the book records a payout once, when it is received; the reserve holds; scarce money is shared by
the pool's rule."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
import sqlalchemy as sa

from debts.vault.tables import debts
from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.payouts import service as paying
from mutual_aid.pools import queries as pool_queries
from mutual_aid.tables import aid_payouts, aid_requests, ledger_entries
from server.db import utcnow
from server.registry import DOMAINS
from server.tables import notifications
from tests.conftest import post, run
from tests.factories.accounts import as_member
from tests.factories.mutual_aid import PAYOUTS, SLUG, ask, make_pool, payout_ids, receive, request_id, send, status


def balance(client: Any, pool_id: int) -> int:
    return run(client, lambda db: ledger_queries.balance(db, pool_id))


def entries(client: Any) -> int:
    return int(run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(ledger_entries))))


def approved_request(client: Any, amount: str = "120.00", **extra: str) -> int:
    """benito asks; it is approved at once (small amounts are automatic in these pools)."""
    as_member(client, "benito")
    rid = request_id(ask(client, amount, **extra))
    assert status(client, rid) == "approved"
    return rid


def test_a_payout_sent_then_received_is_booked_once_and_pays_the_linked_debt(client):
    ids = make_pool(client, ["anabel", "benito"], funds=1000_00, automatic_up_to_cents=1000_00)
    as_member(client, "benito")
    post(client, "/debts/new", {"kind": "medical", "original_creditor": "Navient", "balance": "300",
                                "currency": "USD", "status": "collections"})
    debt = run(client, lambda db: db.fetch_val(sa.select(debts.c.id).where(debts.c.member_id == ids["benito"])))
    rid = approved_request(client, debt=str(debt))
    as_member(client, "anabel")
    page = client.get(PAYOUTS).text
    assert "benito" in page and "$120.00" in page
    assert send(client, rid, "120.00").status_code == 303
    assert balance(client, ids["pool"]) == 1000_00  # the book waits for the recipient
    [payout] = payout_ids(client, rid)
    as_member(client, "benito")
    assert "I received it" in client.get(f"/pools/{SLUG}/requests/{rid}").text
    assert receive(client, rid, payout).status_code == 303
    assert receive(client, rid, payout).status_code == 409  # twice: booked once
    assert balance(client, ids["pool"]) == 1000_00 - 120_00
    assert entries(client) == 2
    assert status(client, rid) == "paid"
    assert run(client, lambda db: db.fetch_val(sa.select(debts.c.balance_cents).where(debts.c.id == debt))) == 180_00
    assert "amount owed changed to $180.00" in client.get(f"/debts/{debt}").text


def test_the_same_installment_recorded_twice_is_one_payout(client):
    make_pool(client, ["anabel", "benito", "cyrus"], stewards=("anabel", "cyrus"), funds=1000_00,
              automatic_up_to_cents=1000_00)
    rid = approved_request(client)
    as_member(client, "anabel")
    page = client.get(PAYOUTS).text
    installment = int(re.search(r'name="installment" value="(\d+)"', page).group(1))
    assert send(client, rid, "120.00", installment=installment).status_code == 303
    as_member(client, "cyrus")
    second = send(client, rid, "120.00", installment=installment)
    assert second.status_code == 409 and "Another steward already recorded this payout" in second.text
    assert len(payout_ids(client, rid)) == 1


def test_two_stewards_at_the_same_moment_record_and_confirm_once(client):
    if client.app_state["db"].is_sqlite:
        pytest.skip("SQLite serialises writers; the race exists only with PostgreSQL's concurrent transactions")
    ids = make_pool(client, ["anabel", "benito", "cyrus"], stewards=("anabel", "cyrus"), funds=1000_00,
                    automatic_up_to_cents=1000_00)
    rid = approved_request(client)
    keyring = client.app_state["keyring"]
    pool = run(client, lambda db: pool_queries.pool_by_id(db, ids["pool"]))

    async def both_send(db: Any) -> list[str]:
        async def one(steward: int) -> str:
            async with db.session(), db.writing():
                return await paying.record_payout(db, keyring, pool, rid, 1, 120_00, "cash", utcnow().date(),
                                                  steward, utcnow())

        return await asyncio.gather(one(ids["anabel"]), one(ids["cyrus"]))

    assert sorted(run(client, both_send)) == ["recorded", "taken"]
    [payout] = payout_ids(client, rid)
    request = run(client, lambda db: db.fetch_one(aid_requests.select().where(aid_requests.c.id == rid)))

    async def both_confirm(db: Any) -> list[bool]:
        async def one() -> bool:
            async with db.session(), db.writing():
                return await paying.confirm_receipt(db, keyring, pool, request, payout, utcnow(), DOMAINS.debt_watchers)

        return await asyncio.gather(one(), one())

    assert sorted(run(client, both_confirm)) == [False, True]
    assert entries(client) == 2 and balance(client, ids["pool"]) == 880_00


def test_payouts_never_go_below_the_reserve_and_scarce_money_is_shared_pro_rata(client):
    ids = make_pool(client, ["anabel", "benito"], funds=1000_00, reserve_cents=400_00, automatic_up_to_cents=1000_00)
    small = approved_request(client, "300.00")
    large = approved_request(client, "600.00")
    as_member(client, "anabel")
    page = client.get(PAYOUTS).text
    assert "Available to pay now" in page and "$600.00" in page
    assert "Planned now: $200.00" in page and "Planned now: $400.00" in page
    refused = send(client, small, "300.01")
    assert refused.status_code == 409 and "more than this request still needs" in refused.text
    assert send(client, small, "200.00").status_code == 303
    assert status(client, small) == "partly_funded"
    assert send(client, large, "400.01").status_code == 409
    assert send(client, large, "400.00").status_code == 303
    assert status(client, large) == "partly_funded"
    assert "Available to pay now</dt><dd>$0.00" in client.get(PAYOUTS).text
    # the reserve counts money sent but not yet confirmed
    assert send(client, large, "0.01", installment=2).status_code == 409
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.sum(aid_payouts.c.amount_cents)))) == 600_00
    assert balance(client, ids["pool"]) == 1000_00


def test_needs_first_meets_the_smallest_need_first(client):
    make_pool(client, ["anabel", "benito"], funds=600_00, automatic_up_to_cents=1000_00, allocation_rule="needs_first")
    for amount in ("100.00", "300.00", "900.00"):
        approved_request(client, amount)
    as_member(client, "anabel")
    page = client.get(PAYOUTS).text
    planned = re.findall(r"Planned now: (\$[0-9,]+\.[0-9]{2})", page)
    assert planned == ["$100.00", "$250.00", "$250.00"]


def test_a_received_payout_can_be_reversed_and_a_sent_one_cancelled(client):
    ids = make_pool(client, ["anabel", "benito"], funds=500_00, automatic_up_to_cents=1000_00)
    rid = approved_request(client, "100.00")
    as_member(client, "anabel")
    send(client, rid, "100.00")
    [payout] = payout_ids(client, rid)
    as_member(client, "benito")
    receive(client, rid, payout)
    as_member(client, "anabel")
    unconfirmed = post(client, f"{PAYOUTS}/{payout}/reverse")
    assert unconfirmed.status_code == 400 and status(client, rid) == "paid"
    assert "Tick the box to confirm the reversal" in unconfirmed.text
    reversed_ = post(client, f"{PAYOUTS}/{payout}/reverse", {"confirmed": "yes"})
    assert "The payout is reversed in the pool" in reversed_.text
    assert balance(client, ids["pool"]) == 500_00 and status(client, rid) == "approved"
    told = run(client, lambda db: db.fetch_all(sa.select(notifications.c.member_id)
                                               .where(notifications.c.kind == "aid_payout_reversed")))
    assert [row["member_id"] for row in told] == [ids["benito"]]
    send(client, rid, "100.00")
    second = max(payout_ids(client, rid))
    cancelled = post(client, f"{PAYOUTS}/{second}/cancel", follow_redirects=False)
    assert cancelled.status_code == 303 and "The payout is cancelled." in client.get(PAYOUTS).text
    assert status(client, rid) == "approved" and balance(client, ids["pool"]) == 500_00


def test_members_who_are_not_stewards_cannot_open_the_payouts_page(client):
    make_pool(client, ["anabel", "benito"])
    as_member(client, "benito")
    assert client.get(PAYOUTS).status_code == 404
