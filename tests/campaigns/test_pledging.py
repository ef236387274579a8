"""Pledges keep a campaign's counters and activation right, on both databases."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from campaigns.counters import pledging, queries
from campaigns.counters.recount import recount
from campaigns.tables import campaign_cells, campaigns
from debts.vault import queries as debt_queries
from debts.vault import watchers as events
from debts.vault.tables import debts
from server.db import Database
from server.registry import DOMAINS
from server.tables import members, notifications
from tests.conftest import run
from tests.factories.campaigns import NOW, cell, make_debt, make_members, status


async def make_campaign(db: Database, *, members: int | None = 3, cents: int | None = None) -> int:
    return await queries.create_campaign(
        db, slug=f"c{members}-{cents}", title="Medical debt strike", status="open", currency="USD",
        threshold_members=members, threshold_cents=cents, created_at=NOW, start_delay_days=7)


def test_a_member_with_two_debts_of_one_kind_counts_once_and_both_amounts_count(client):
    async def scenario(db):
        [maria, jose] = await make_members(db, 2)
        campaign = await make_campaign(db, members=10)
        for member, cents in ((maria, 100_00), (maria, 250_00), (jose, 40_00)):
            await pledging.pledge(db, None, campaign, member, await make_debt(db, member, cents), "pledged", 0, NOW)
        return await cell(db, campaign, "total", "all"), await cell(db, campaign, "kind", "medical")

    assert run(client, scenario) == ((2, 390_00), (2, 390_00))


def test_the_pledge_that_meets_the_threshold_activates_once_and_tells_every_pledger(client, settings):
    keyring = client.app_state["keyring"]

    async def scenario(db):
        people = await make_members(db, 4)
        campaign = await make_campaign(db, members=3)
        results = []
        for member in people:
            debt = await make_debt(db, member, 500_00)
            results.append(await pledging.pledge(db, keyring, campaign, member, debt, "pledged", 0, NOW))
        told = await db.fetch_all(sa.select(notifications.c.member_id).where(notifications.c.kind == "campaign_activated"))
        row = await db.fetch_one(campaigns.select().where(campaigns.c.id == campaign))
        return results, sorted(r["member_id"] for r in told), people, row

    results, told, people, row = run(client, scenario)
    assert results == [False, False, True, False]
    assert told == people[:3]
    assert row["status"] == "active" and row["strike_starts_on"] == dt.date(2026, 11, 29)


def test_personal_conditions_hold_back_activation_until_enough_others_pledge(client):
    async def scenario(db):
        people = await make_members(db, 6)
        campaign = await make_campaign(db, members=3)
        seen = []
        for member in people:
            await pledging.pledge(db, None, campaign, member, await make_debt(db, member, 10_00), "pledged", 5, NOW)
            seen.append(await status(db, campaign))
        return seen

    assert run(client, scenario) == ["open"] * 5 + ["active"]


def test_counted_solidarity_never_activates_but_is_counted(client):
    async def scenario(db):
        people = await make_members(db, 5)
        campaign = await make_campaign(db, members=2)
        for member in people:
            await pledging.pledge(db, None, campaign, member, await make_debt(db, member, 10_00), "counted", 0, NOW)
        return await status(db, campaign), await cell(db, campaign, "level", "counted")

    assert run(client, scenario) == ("open", (5, 50_00))


def test_editing_or_deleting_a_pledged_debt_moves_the_totals(client):
    async def scenario(db):
        [maria] = await make_members(db, 1)
        campaign = await make_campaign(db, members=10)
        debt = await make_debt(db, maria, 100_00)
        await pledging.pledge(db, None, campaign, maria, debt, "striking", 0, NOW)
        before = await db.fetch_one(debts.select().where(debts.c.id == debt))
        async with db.writing(), events.changing(db, debt, None, DOMAINS.debt_watchers):
            await debt_queries.update_debt(db, maria, debt, {**{k: before[k] for k in (
                "kind", "original_creditor_id", "current_holder_id", "original_cents", "currency", "interest_rate_bp",
                "status", "opened_on", "last_payment_on", "first_delinquency_on", "first_collection_notice_on",
                "experiences", "account_number_sealed", "notes_sealed")}, "balance_cents": 900_00, "region": "US-CA"},
                before, NOW)
        edited = await cell(db, campaign, "total", "all"), await cell(db, campaign, "region", "US-CA")
        async with db.writing(), events.changing(db, debt, None, DOMAINS.debt_watchers):
            await debt_queries.delete_debt(db, maria, debt)
        return edited, await cell(db, campaign, "total", "all"), await recount(db, repair=False)

    edited, after_delete, report = run(client, scenario)
    assert edited == ((1, 900_00), (1, 900_00))
    assert after_delete == (0, 0)
    assert all(not lines for lines in report.values())


def test_leaving_the_strike_counts_the_member_once_and_every_debt_that_left(client):
    async def scenario(db):
        people = await make_members(db, 3)
        campaign = await make_campaign(db, members=2)
        rosa_debts = [await make_debt(db, people[0], cents) for cents in (100_00, 200_00)]
        for debt in rosa_debts:
            await pledging.pledge(db, None, campaign, people[0], debt, "striking", 0, NOW)
        await pledging.pledge(db, None, campaign, people[1], await make_debt(db, people[1], 50_00), "pledged", 0, NOW)
        assert await status(db, campaign) == "active"
        await pledging.withdraw(db, campaign, people[0], rosa_debts[0], NOW)
        still_on = await cell(db, campaign, "departures", "left")
        await pledging.pledge(db, None, campaign, people[0], rosa_debts[1], "counted", 0, NOW)  # off the strike
        return still_on, await cell(db, campaign, "departures", "left")

    still_on, left = run(client, scenario)
    assert still_on == (0, 100_00)  # one debt left the strike, the member did not
    assert left == (1, 300_00)


def test_recount_reports_and_repairs_drift(client):
    async def scenario(db):
        [maria] = await make_members(db, 1)
        campaign = await make_campaign(db, members=10)
        await pledging.pledge(db, None, campaign, maria, await make_debt(db, maria, 100_00), "pledged", 0, NOW)
        await db.execute(campaign_cells.update().where(campaign_cells.c.dimension == "total").values(members=99))
        first = await recount(db)
        second = await recount(db)
        return first[campaign], second[campaign], await cell(db, campaign, "total", "all")

    first, second, total = run(client, scenario)
    assert first == ["cell total=all: kept (99, 10000), recounted (1, 10000)"]
    assert second == [] and total == (1, 100_00)


operations = st.lists(
    st.tuples(st.sampled_from(["pledge", "withdraw", "edit", "delete"]), st.integers(0, 3), st.integers(0, 5),
              st.sampled_from(["counted", "pledged", "striking"]), st.integers(0, 4), st.integers(1, 90_000)),
    min_size=1, max_size=25,
)


@hypothesis_settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_any_sequence_of_changes_leaves_no_drift(client, ops):
    async def scenario(db):
        await db.execute(campaigns.delete())  # Hypothesis runs every example on the same database
        await db.execute(members.delete())
        people = await make_members(db, 4)
        campaign = await make_campaign(db, members=3, cents=5_000_00)
        owned: list[tuple[int, int]] = [(m, await make_debt(db, m, 1_000, kind)) for m in people
                                       for kind in ("medical", "credit_card")]
        for op, who, which, level, others, cents in ops:
            member, debt = owned[(who * 2 + which) % len(owned)]
            if op == "pledge":
                try:
                    await pledging.pledge(db, None, campaign, member, debt, level, others, NOW)
                except pledging.PledgeRefused:
                    assert await db.fetch_val(sa.select(debts.c.id).where(debts.c.id == debt)) is None
            elif op == "withdraw":
                await pledging.withdraw(db, campaign, member, debt, NOW)
            elif op == "edit" and await db.fetch_val(sa.select(debts.c.id).where(debts.c.id == debt)):
                async with db.writing(), events.changing(db, debt, None, DOMAINS.debt_watchers):
                    await db.execute(debts.update().where(debts.c.id == debt).values(balance_cents=cents))
            elif op == "delete":
                async with db.writing(), events.changing(db, debt, None, DOMAINS.debt_watchers):
                    await debt_queries.delete_debt(db, member, debt)
        return await recount(db, repair=False)

    report = run(client, scenario)
    assert all(not lines for lines in report.values()), report


def test_five_hundred_pledges_at_once_activate_exactly_once(client):
    if client.app_state["db"].is_sqlite:
        pytest.skip("SQLite serialises writers; the race exists only with PostgreSQL's concurrent transactions")
    keyring = client.app_state["keyring"]

    async def setup(db):
        people = await make_members(db, 500)
        # the last of the 500 meets the threshold: without the campaign lock, two last pledges
        # committing together would each see 499 and the campaign would never activate
        campaign = await make_campaign(db, members=500)
        return campaign, [(m, await make_debt(db, m, 1_00)) for m in people]

    campaign, owned = run(client, setup)

    async def everyone(db):
        async def one(member: int, debt: int) -> bool:
            async with db.session():
                return await pledging.pledge(db, keyring, campaign, member, debt, "pledged", 0, NOW)

        return await asyncio.gather(*(asyncio.create_task(one(m, d)) for m, d in owned))

    results = run(client, everyone)

    async def outcome(db):
        told = await db.fetch_all(sa.select(notifications.c.member_id).where(notifications.c.kind == "campaign_activated"))
        return (await status(db, campaign), [r["member_id"] for r in told], await cell(db, campaign, "total", "all"),
                await recount(db, repair=False))

    state, told, total, report = run(client, outcome)
    assert sum(results) == 1 and state == "active"
    assert len(told) == len(set(told)) == 500
    assert total == (500, 500_00)
    assert not report[campaign]



def test_an_erased_member_leaves_every_count(client):
    from tests.conftest import STRONG_PASSWORD, post, sign_up

    sign_up(client, "maria")
    post(client, "/debts/new", {"kind": "medical", "original_creditor": "Navient", "balance": "300",
                                "currency": "USD", "status": "collections"})

    async def join(db):
        member = await db.fetch_val(sa.select(members.c.id).where(members.c.handle == "maria"))
        debt = await db.fetch_val(sa.select(debts.c.id).where(debts.c.member_id == member))
        campaign = await make_campaign(db, members=10)
        await pledging.pledge(db, None, campaign, member, debt, "striking", 0, NOW)
        return campaign, await cell(db, campaign, "total", "all")

    campaign, joined = run(client, join)
    assert joined == (1, 300_00)
    post(client, "/account/erase", {"password": STRONG_PASSWORD, "confirm": "yes"})

    async def after(db):
        return await cell(db, campaign, "total", "all"), await cell(db, campaign, "level", "striking"), await recount(
            db, repair=False)

    total, striking, report = run(client, after)
    assert total == (0, 0) and striking == (0, 0) and not report[campaign]


def test_the_activation_notice_gives_the_start_date_in_the_readers_language():
    from campaigns.counters.pledging import CAMPAIGN_ACTIVATED
    from server.i18n import using_language
    from server.notices.kinds import words

    params = {"title": "Huelga médica", "starts": "2026-11-29"}
    with using_language("es"):
        title, body = words(CAMPAIGN_ACTIVATED, params)
    assert title == "Huelga médica: la huelga empezó"
    assert "29 de noviembre de 2026" in body


def test_merging_two_creditors_moves_their_campaign_counts(client):
    from debts.creditors import queries as registry_queries
    from debts.creditors import service as registry_changes
    from debts.creditors.tables import creditors

    async def scenario(db):
        [maria, jose] = await make_members(db, 2)
        campaign = await make_campaign(db, members=10)
        navient = await db.fetch_val(sa.select(creditors.c.id).where(creditors.c.name == "Navient"))
        typo = await registry_changes.propose(db, "Naveint Solutions Group", "collector")
        for member, creditor in ((maria, navient), (jose, typo)):
            debt = await make_debt(db, member, 100_00)
            await db.execute(debts.update().where(debts.c.id == debt).values(original_creditor_id=creditor))
            await pledging.pledge(db, None, campaign, member, debt, "pledged", 0, NOW)
        keep = await registry_queries.creditor_by_id(db, navient)
        duplicate = await registry_queries.creditor_by_id(db, typo)
        await registry_changes.merge(db, keep=keep, duplicate=duplicate, actor_id=None, now=NOW,
                                     references=DOMAINS.creditor_references, watchers=DOMAINS.merge_watchers)
        return (await cell(db, campaign, "creditor", str(navient)), await cell(db, campaign, "creditor", str(typo)),
                await recount(db, repair=False))

    kept, gone, report = run(client, scenario)
    assert kept == (2, 200_00) and gone == (0, 0)
    assert all(not lines for lines in report.values())
