"""Contributions through the pages: what a member owes, a declared income only they can read,
"I paid" recorded once however often it is sent, a steward's confirmation written to the ledger
once (even when two stewards confirm at the same moment), reversals, and monthly reminders."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
import sqlalchemy as sa

from mutual_aid.contributions import reminders
from mutual_aid.contributions import service as contribution_service
from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.tables import contributions, ledger_entries, pool_members
from server.tables import notifications
from tests.conftest import new_client, post, run, sign_up
from tests.factories.mutual_aid import TODAY, claims, form_key, i_paid, join, pool_row, start_pool, steward
from tests.factories.pages import text


def balance(client, slug):
    return run(client, ledger_queries.balance, pool_row(client, slug)["id"])


def test_i_paid_sent_twice_records_once_and_lowers_what_is_owed(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        join(ana, slug)
        page = text(ana.get(f"/pools/{slug}/me"))
        assert "Still to pay this month: $20.00" in page and 'value="20.00"' in page
        key = form_key(ana, slug)
        assert "A steward will confirm" in text(i_paid(ana, slug, "12.50", key))
        i_paid(ana, slug, "12.50", key)
        assert len(claims(client)) == 1
        page = text(ana.get(f"/pools/{slug}/me"))
        assert "Still to pay this month: $7.50" in page and "Waiting for a steward" in page


def test_i_paid_with_bad_values_keeps_them_and_records_nothing(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    for changes in ({"amount": "99999999999999999999"}, {"amount": "-3"}, {"amount": "0"},
                    {"paid_on": (TODAY + dt.timedelta(days=1)).isoformat()}, {"method": "gold"},
                    {"month": "2026-13"}):
        response = i_paid(client, slug, **{"amount": "20.00", **changes})
        assert response.status_code == 400, changes
        name, typed = next(iter(changes.items()))
        assert f'href="#f-{name}"' in response.text
        assert typed in text(response) or name == "method"
    assert claims(client) == []


def test_a_declared_income_is_seen_by_the_member_and_only_its_amount_by_stewards(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client, contribution_kind="income_share", contribution_amount="", share_percent="3",
                      floor="10", cap="100")
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        join(ana, slug)
        assert "Still to pay this month: $10.00" in text(ana.get(f"/pools/{slug}/me"))
        saved = post(ana, f"/pools/{slug}/me/income", {"income": "1,987.65"})
        assert "Your income is saved." in text(saved)
        page = text(ana.get(f"/pools/{slug}/me"))
        assert "You declared $1,987.65 a month." in page and "Still to pay this month: $52.50" in page
        assert "your monthly income is between $1,750.00 and $1,999.99" in page
    steward_page = text(client.get(f"/pools/{slug}/steward"))
    assert "$52.50" in steward_page  # 3% of $1,750.00, the lower edge of the income's bracket
    assert "1,987.65" not in steward_page and "1987.65" not in steward_page and "198765" not in steward_page
    sealed = run(client, lambda db: db.fetch_val(sa.select(pool_members.c.income_sealed).where(
        pool_members.c.income_sealed.is_not(None))))
    assert "198765" not in sealed


def test_a_confirmed_contribution_is_in_the_ledger_to_the_cent_once(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        join(ana, slug)
        i_paid(ana, slug, "20.37")
    contribution = claims(client)[0]
    waiting = text(client.get(f"/pools/{slug}/steward"))
    assert "ana" in waiting and TODAY.strftime("%B %Y") in waiting  # the month in words, not "2026-11"
    assert "recorded in the accounts" in text(steward(client, slug, action="confirm", contribution=str(contribution["id"])))
    assert "already confirmed" in text(steward(client, slug, action="confirm", contribution=str(contribution["id"])))
    assert balance(client, slug) == 20_37
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(ledger_entries))) == 1
    assert claims(client)[0]["status"] == "confirmed"


def test_a_steward_does_not_confirm_their_own_contribution_unless_alone(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    i_paid(client, slug)
    own = claims(client)[0]["id"]
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        join(ana, slug)
        ana_pseudonym = run(client, lambda db: db.fetch_val(sa.select(pool_members.c.pseudonym).where(
            pool_members.c.role == "member")))
        steward(client, slug, action="promote", member=ana_pseudonym)
        assert "Another steward confirms" in text(steward(client, slug, action="confirm", contribution=str(own)))
        assert balance(client, slug) == 0
        steward(ana, slug, action="confirm", contribution=str(own))
    assert balance(client, slug) == 20_00


def test_a_sole_steward_confirms_their_own_contribution(client):
    sign_up(client, "maria")
    slug = start_pool(client)
    i_paid(client, slug)
    steward(client, slug, action="confirm", contribution=str(claims(client)[0]["id"]))
    assert balance(client, slug) == 20_00


def test_two_stewards_confirming_at_the_same_moment_record_once(client):
    if client.app_state["db"].is_sqlite:
        pytest.skip("SQLite serialises writers; the race exists only with PostgreSQL's concurrent transactions")
    sign_up(client, "maria")
    slug = start_pool(client)
    i_paid(client, slug, "33.33")
    pool_id, contribution_id = pool_row(client, slug)["id"], claims(client)[0]["id"]
    steward_id = claims(client)[0]["member_id"]

    async def both(db):
        async def one() -> bool:
            async with db.session():
                return await contribution_service.confirm(db, pool_id, contribution_id, steward_id,
                                                          dt.datetime.now(dt.UTC))

        return list(await asyncio.gather(*(asyncio.create_task(one()) for _ in range(4))))

    results = run(client, both)
    assert sorted(results) == [False, False, False, True]
    assert balance(client, slug) == 33_33
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(ledger_entries))) == 1


def test_a_reversal_brings_the_balance_back_and_cannot_be_done_twice(client):
    sign_up(client, "maria")
    slug = start_pool(client)
    i_paid(client, slug, "15.00")
    contribution_id = str(claims(client)[0]["id"])
    steward(client, slug, action="confirm", contribution=contribution_id)
    assert balance(client, slug) == 15_00
    ask = text(client.get(f"/pools/{slug}/steward?reverse={contribution_id}"))
    assert "Reverse this contribution?" in ask
    unconfirmed = steward(client, slug, action="reverse", contribution=contribution_id)
    assert unconfirmed.status_code == 400 and balance(client, slug) == 15_00  # the question was not answered
    assert "a correcting entry" in text(steward(client, slug, action="reverse", contribution=contribution_id,
                                                confirmed="yes"))
    assert balance(client, slug) == 0
    assert "already reversed" in text(steward(client, slug, action="reverse", contribution=contribution_id,
                                              confirmed="yes"))
    assert balance(client, slug) == 0
    kinds = run(client, lambda db: db.fetch_all(sa.select(ledger_entries.c.kind).order_by(ledger_entries.c.id)))
    assert [k["kind"] for k in kinds] == ["contribution", "reversal"]
    assert claims(client)[0]["status"] == "reversed"


def test_a_declined_contribution_tells_the_member_and_stays_out_of_the_ledger(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        join(ana, slug)
        i_paid(ana, slug)
        steward(client, slug, action="decline", contribution=str(claims(client)[0]["id"]))
        assert "Not confirmed" in text(ana.get(f"/pools/{slug}/me"))
    assert balance(client, slug) == 0
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(notifications).where(
        notifications.c.kind == "pool_contribution_declined"))) == 1


def test_reminders_come_once_a_month_and_not_to_who_reported(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        join(ana, slug)
        i_paid(ana, slug)
    keyring = client.app_state["keyring"]
    now = dt.datetime.now(dt.UTC)

    async def remind_twice(db):
        return [await reminders.remind_contributions(db, keyring, now) for _ in range(2)]

    assert run(client, remind_twice) == [1, 0]
    told = run(client, lambda db: db.fetch_all(sa.select(notifications).where(
        notifications.c.kind == "pool_contribution_due")))
    steward_id = run(client, lambda db: db.fetch_val(sa.select(pool_members.c.member_id).where(
        pool_members.c.role == "steward")))
    assert [t["member_id"] for t in told] == [steward_id]
    assert "is due" in text(client.get("/notifications"))
    next_month = (now.replace(day=1) + dt.timedelta(days=32)).replace(day=2)

    async def next_run(db):
        await reminders.remind_contributions(db, keyring, next_month)
        return await db.fetch_val(sa.select(sa.func.count()).select_from(notifications).where(
            notifications.c.kind == "pool_contribution_due"))

    assert run(client, next_run) == 3  # the steward again, and now ana: next month is due for both


def test_stewards_are_reminded_of_old_contributions_at_most_once_a_day(client):
    sign_up(client, "maria")
    slug = start_pool(client)
    i_paid(client, slug)
    keyring = client.app_state["keyring"]
    now = dt.datetime.now(dt.UTC)

    async def twice(db):
        await reminders.remind_contributions(db, keyring, now)
        assert await db.fetch_val(sa.select(sa.func.count()).select_from(notifications).where(
            notifications.c.kind == "pool_contributions_waiting")) == 0  # not 3 days old yet
        await db.execute(contributions.update().values(claimed_at=now - dt.timedelta(days=4)))
        for _ in range(2):
            await reminders.remind_contributions(db, keyring, now)
        return await db.fetch_val(sa.select(sa.func.count()).select_from(notifications).where(
            notifications.c.kind == "pool_contributions_waiting"))

    assert run(client, twice) == 1
