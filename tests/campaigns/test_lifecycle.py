"""Campaigns expire at their deadline and strikers are asked every 30 days, on both databases."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import pytest
import sqlalchemy as sa

from campaigns.counters import pledging, queries
from campaigns.lifecycle import jobs as lifecycle
from campaigns.lifecycle import rules as lifecycle_rules
from campaigns.tables import campaign_members, campaigns, pledges
from server import members as account_queries
from server.db import Database, utcnow
from server.domain import Domain, Domains
from server.maintenance import clean_up
from server.registry import DOMAINS
from server.tables import notifications
from tests.conftest import run
from tests.factories.campaigns import NOW, cell, make_debt, make_members, status

DEADLINE = NOW + dt.timedelta(days=10)
DAY = dt.timedelta(days=1)


async def make_campaign(db: Database, *, threshold: int = 10, deadline: dt.datetime | None = DEADLINE,
                        start_delay_days: int = 0, slug: str = "medical-strike") -> int:
    return await queries.create_campaign(
        db, slug=slug, title="Medical debt strike", status="open", currency="USD", threshold_members=threshold,
        deadline=deadline, created_at=NOW, start_delay_days=start_delay_days)


async def join(db: Database, keyring, campaign: int, member: int, level: str) -> None:
    await pledging.pledge(db, keyring, campaign, member, await make_debt(db, member, 100_00), level, 0, NOW)


async def told(db: Database, kind: str) -> list[tuple[int, str]]:
    rows = await db.fetch_all(sa.select(notifications.c.member_id, notifications.c.link)
                              .where(notifications.c.kind == kind).order_by(notifications.c.member_id))
    return [(r["member_id"], r["link"]) for r in rows]


async def strike(db: Database, keyring, levels: list[str], *, start_delay_days: int = 0) -> tuple[int, list[int]]:
    """An active campaign whose strike starts on NOW's day plus the delay; one member per level."""
    people = await make_members(db, len(levels))
    campaign = await make_campaign(db, threshold=levels.count("pledged") + levels.count("striking"),
                                   start_delay_days=start_delay_days)
    for member, level in sorted(zip(people, levels, strict=True), key=lambda p: p[1] != "counted"):
        await join(db, keyring, campaign, member, level)
    assert await status(db, campaign) == "active"
    return campaign, people


def test_the_deadline_itself_still_counts_and_no_deadline_never_expires():
    assert not lifecycle_rules.is_past_deadline(DEADLINE, DEADLINE)
    assert lifecycle_rules.is_past_deadline(DEADLINE, DEADLINE + dt.timedelta(seconds=1))
    assert not lifecycle_rules.is_past_deadline(None, DEADLINE + dt.timedelta(days=9999))


def test_an_open_campaign_expires_once_past_its_deadline_and_tells_each_participant_once(client):
    keyring = client.app_state["keyring"]

    async def scenario(db):
        maria, jose, ana = await make_members(db, 3)
        campaign = await make_campaign(db)
        await join(db, keyring, campaign, maria, "pledged")
        await join(db, keyring, campaign, maria, "striking")  # a second debt: still one notice
        await join(db, keyring, campaign, jose, "pledged")
        await join(db, keyring, campaign, ana, "counted")
        before = await cell(db, campaign, "total", "all")
        runs = [await lifecycle.expire_overdue(db, keyring, at) for at in (NOW, DEADLINE, DEADLINE + DAY, DEADLINE + 2 * DAY)]
        row = await db.fetch_one(campaigns.select().where(campaigns.c.id == campaign))
        kept = await db.fetch_val(sa.select(sa.func.count()).select_from(pledges))
        return campaign, runs, row, before, await cell(db, campaign, "total", "all"), kept, await told(
            db, "campaign_expired"), [maria, jose, ana]

    campaign, runs, row, before, after, kept, notices, people = run(client, scenario)
    assert runs == [[], [], [campaign], []]
    assert row["status"] == "expired" and row["closed_at"] == DEADLINE + DAY
    assert after == before == (3, 400_00) and kept == 4  # released, not erased: the record stays
    assert notices == [(member, "/campaigns/medical-strike") for member in people]


def test_a_campaign_that_activated_before_its_deadline_is_left_alone(client):
    keyring = client.app_state["keyring"]

    async def scenario(db):
        campaign, _people = await strike(db, keyring, ["pledged", "pledged"])
        expired = await lifecycle.expire_overdue(db, keyring, DEADLINE + DAY)
        return expired, await status(db, campaign), await told(db, "campaign_expired")

    assert run(client, scenario) == ([], "active", [])


def test_expired_campaigns_take_no_more_pledges(client):
    keyring = client.app_state["keyring"]

    async def scenario(db):
        [maria] = await make_members(db, 1)
        campaign = await make_campaign(db)
        await lifecycle.expire_overdue(db, keyring, DEADLINE + DAY)
        with pytest.raises(pledging.PledgeRefused):
            await pledging.pledge(db, keyring, campaign, maria, await make_debt(db, maria, 1_00), "pledged", 0,
                                  DEADLINE + 2 * DAY)

    run(client, scenario)


def test_strikers_are_asked_thirty_days_after_the_start_then_every_thirty_days(client):
    keyring = client.app_state["keyring"]

    async def scenario(db):
        campaign, people = await strike(db, keyring, ["pledged", "striking"])
        start = NOW
        days = (29, 30, 31, 59, 60)
        asked = [await lifecycle.ask_strikers(db, keyring, start + d * DAY) for d in days]
        return asked, await told(db, "campaign_checkin"), people

    asked, notices, people = run(client, scenario)
    assert asked == [0, 2, 0, 0, 2]
    assert notices == [(m, "/campaigns/medical-strike/me") for m in people for _ in range(2)]


def test_no_one_is_asked_before_the_strike_starts(client):
    keyring = client.app_state["keyring"]

    async def scenario(db):
        await strike(db, keyring, ["pledged", "pledged"], start_delay_days=60)
        # 45 days after activation: long since anyone was asked, but the strike is two weeks away
        return await lifecycle.ask_strikers(db, keyring, NOW + 45 * DAY), await told(db, "campaign_checkin")

    assert run(client, scenario) == (0, [])


def test_members_who_only_count_in_solidarity_are_never_asked(client):
    keyring = client.app_state["keyring"]

    async def scenario(db):
        _campaign, people = await strike(db, keyring, ["counted", "pledged"])
        await lifecycle.ask_strikers(db, keyring, NOW + 40 * DAY)
        return await told(db, "campaign_checkin"), people

    notices, [counted, pledged] = run(client, scenario)
    assert notices == [(pledged, "/campaigns/medical-strike/me")]


def test_a_recent_answer_confirmation_or_joining_counts_as_being_heard_from(client):
    keyring = client.app_state["keyring"]

    async def scenario(db):
        campaign, [checked_in, confirmed, silent] = await strike(db, keyring, ["pledged"] * 3)
        for member, column in ((checked_in, "checked_in_at"), (confirmed, "confirmed_at")):
            await db.execute(campaign_members.update().where(campaign_members.c.member_id == member)
                             .values({column: NOW + 20 * DAY}))
        newcomer = await account_queries.create_member(
            db, handle="newcomer", handle_key="newcomer", password_hash="x", language="en",
            data_key_by_password="x", data_key_by_recovery="x", created_at=NOW, password_changed_at=NOW)
        await pledging.pledge(db, keyring, campaign, newcomer, await make_debt(db, newcomer, 1_00), "striking", 0,
                              NOW + 35 * DAY)
        await lifecycle.ask_strikers(db, keyring, NOW + 40 * DAY)
        return [m for m, _link in await told(db, "campaign_checkin")], silent

    asked, silent = run(client, scenario)
    assert asked == [silent]


def test_check_ins_go_out_in_batches_and_two_runs_at_once_ask_each_member_once(client, monkeypatch):
    monkeypatch.setattr(lifecycle, "CHECKIN_BATCH", 2)
    monkeypatch.setattr(lifecycle, "CHECKINS_PER_RUN", 5)
    keyring = client.app_state["keyring"]
    when = NOW + 40 * DAY

    _campaign, people = run(client, lambda db: strike(db, keyring, ["pledged"] * 7))

    async def two_at_once(db):
        async def one() -> int:
            async with db.session():
                return await lifecycle.ask_strikers(db, keyring, when)

        return await asyncio.gather(one(), one())

    first = run(client, two_at_once)
    later = run(client, lambda db: lifecycle.ask_strikers(db, keyring, when))
    notices = run(client, lambda db: told(db, "campaign_checkin"))
    assert sum(first) + later == 7 and max(first) <= 5
    assert sorted(m for m, _link in notices) == people


def test_the_maintenance_loop_expires_campaigns_and_survives_a_failing_step(client, settings, caplog):
    async def broken(*_args):
        raise RuntimeError("check-ins are down")

    # a job that fails before the campaigns' own: they still run
    domains = Domains([Domain("broken", jobs=[broken]), *DOMAINS.all])
    campaign = run(client, lambda db: make_campaign(db, deadline=utcnow() - dt.timedelta(hours=1)))
    with caplog.at_level(logging.ERROR, logger="jubilee.maintenance"):
        run(client, lambda db: clean_up(db, settings, client.app_state["keyring"], domains))
    assert run(client, lambda db: status(db, campaign)) == "expired"
    assert "check-ins are down" in caplog.text
