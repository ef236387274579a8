"""Organizers send announcements to a campaign's members, at most one a day, while the campaign is
open or active; they are delivered in batches to every member who had joined and did not mute it."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from campaigns.announcements import service as announcements
from campaigns.announcements.rules import ANNOUNCEMENT_INTERVAL, Refused, why_refused
from campaigns.announcements.service import CAMPAIGN_ANNOUNCEMENT, deliver_announcements
from campaigns.tables import campaign_announcements, campaign_members, campaigns
from server.db import Database
from server.notices.kinds import Kind, words
from server.registry import DOMAINS
from server.settings import Settings
from server.tables import audit_log, notifications
from tests.conftest import post, run
from tests.factories.accounts import organizer
from tests.factories.campaigns import NOW, campaign_with
from tests.factories.pages import notice

PAGE = "/organize/campaigns/1/announcements"
LATER = NOW + dt.timedelta(days=1)  # members of `campaign_with` joined at NOW


def send(client: TestClient, subject: str = "March on Friday", body: str = "Meet at noon.\n\nBring a friend.") -> Any:
    return post(client, PAGE, {"subject": subject, "body": body}, follow_redirects=False)


def stored(client: TestClient) -> list[dict[str, Any]]:
    return run(client, lambda db: db.fetch_all(campaign_announcements.select().order_by(campaign_announcements.c.id)))


def campaign_row(client: TestClient) -> dict[str, Any]:
    row = run(client, lambda db: db.fetch_one(campaigns.select().where(campaigns.c.id == 1)))
    assert row is not None
    return dict(row)


def test_an_organizer_sends_an_announcement_and_sees_it_listed(client: TestClient, settings: Settings) -> None:
    run(client, campaign_with, [(100_00, "medical", "pledged")] * 6)
    rosa = organizer(client, settings)
    response = send(client)
    assert response.status_code == 303 and response.headers["location"] == PAGE
    [announcement] = stored(client)
    assert (announcement["subject"], announcement["body"]) == ("March on Friday", "Meet at noon.\n\nBring a friend.")
    assert announcement["author_id"] == rosa and announcement["delivered_at"] is None
    assert campaign_row(client)["announced_at"] == announcement["created_at"]
    page = client.get(PAGE).text
    assert notice(page) == "Your announcement is on its way. Members receive it over the next few minutes."
    assert "March on Friday" in page and "Being delivered" in page
    assert 'name="subject"' not in page  # the next one only tomorrow
    audit = run(client, lambda db: db.fetch_all(audit_log.select().where(audit_log.c.action == "campaign_announcement")))
    assert [json.loads(a["detail"]) for a in audit] == [{"campaign_id": 1, "announcement_id": announcement["id"]}]
    assert [(a["actor_id"], a["subject_id"]) for a in audit] == [(rosa, None)]


def test_a_second_announcement_within_a_day_is_refused_with_what_was_typed_kept(client: TestClient, settings: Settings) -> None:
    run(client, campaign_with, [(100_00, "medical", "pledged")] * 6)
    organizer(client, settings)
    assert send(client).status_code == 303
    refused = send(client, "Second news", "Another <b>message</b>")
    assert refused.status_code == 429
    text = html.unescape(refused.text)
    assert "already had an announcement in the last 24 hours" in text
    first = campaign_row(client)["announced_at"]
    assert (first + ANNOUNCEMENT_INTERVAL).strftime("%B %-d, %Y") in text
    assert 'value="Second news"' in refused.text and "Another &lt;b&gt;message&lt;/b&gt;</textarea>" in refused.text
    assert len(stored(client)) == 1

    later = first - ANNOUNCEMENT_INTERVAL - dt.timedelta(minutes=1)
    run(client, lambda db: db.execute(campaigns.update().values(announced_at=later)))
    assert 'name="subject"' in client.get(PAGE).text
    assert send(client, "Second news").status_code == 303
    assert [a["subject"] for a in stored(client)] == ["March on Friday", "Second news"]


@pytest.mark.parametrize(("subject", "body", "field", "message"), [
    ("", "Hello", "subject", "Write a subject."),
    ("x" * 201, "Hello", "subject", "A subject has at most 200 characters; this has 201."),
    ("Hello", "", "body", "Write the message."),
    ("Hello", "y" * 5001, "body", "A message has at most 5,000 characters; this has 5,001."),
])
def test_bad_input_comes_back_with_a_message_and_the_values_kept(
    client: TestClient, settings: Settings, subject: str, body: str, field: str, message: str
) -> None:
    run(client, campaign_with, [(100_00, "medical", "pledged")] * 6)
    organizer(client, settings)
    response = send(client, subject, body)
    assert response.status_code == 400
    assert f'<p class="error" id="f-{field}-error">{message}</p>' in response.text
    if subject and len(subject) < 300:
        assert f'value="{subject}"' in response.text
    if body and len(body) < 300:
        assert f">{body}</textarea>" in response.text
    assert stored(client) == [] and campaign_row(client)["announced_at"] is None


def test_a_message_of_exactly_5000_characters_with_line_breaks_is_taken(client: TestClient, settings: Settings) -> None:
    run(client, campaign_with, [(100_00, "medical", "pledged")] * 6)
    organizer(client, settings)
    body = ("z" * 99 + "\r\n") * 49 + "z" * 100  # a browser sends line breaks as CR LF: 5,049 characters
    assert send(client, "Long", body).status_code == 303
    assert stored(client)[0]["body"] == ("z" * 99 + "\n") * 49 + "z" * 100
    assert len(stored(client)[0]["body"]) == 5000


@pytest.mark.parametrize("status", ["draft", "won", "ended", "expired"])
def test_only_open_or_active_campaigns_take_announcements(client: TestClient, settings: Settings, status: str) -> None:
    run(client, campaign_with, [(100_00, "medical", "pledged")] * 6)
    run(client, lambda db: db.execute(campaigns.update().values(status=status)))
    organizer(client, settings)
    page = client.get(PAGE).text
    assert "only while the campaign is open or active" in page and 'name="subject"' not in page
    refused = send(client)
    assert refused.status_code == 409 and "only while the campaign is open or active" in refused.text
    assert stored(client) == []


async def members_of(db: Database, campaign_id: int) -> list[int]:
    query = sa.select(campaign_members.c.member_id).where(campaign_members.c.campaign_id == campaign_id)
    return sorted(r["member_id"] for r in await db.fetch_all(query))


async def announcement_notifications(db: Database) -> list[dict[str, Any]]:
    rows = await db.fetch_all(notifications.select().where(notifications.c.kind == "campaign_announcement")
                              .order_by(notifications.c.id))
    return [dict(r) for r in rows]


def test_delivery_reaches_each_member_once_in_batches_skipping_muted_and_later_ones(client: TestClient) -> None:
    keyring = client.app_state["keyring"]

    async def scenario(db: Database) -> tuple[list[int], int, int, Any]:
        campaign = await campaign_with(db, [(100_00, "medical", "pledged")] * 7)
        people = await members_of(db, campaign)
        muted, late = people[2], people[6]
        await db.execute(campaign_members.update().where(campaign_members.c.member_id == muted).values(muted=True))
        now = LATER
        await db.execute(campaign_members.update().where(campaign_members.c.member_id == late)
                         .values(joined_at=now + dt.timedelta(hours=1)))
        async with db.writing():
            announcement = await announcements.announce(db, campaign, people[0], "Strike day", "It is 50% done.", now)
        sent = await deliver_announcements(db, keyring, now, batch=2)
        again = await deliver_announcements(db, keyring, now, batch=2)
        row = await db.fetch_one(campaign_announcements.select().where(campaign_announcements.c.id == announcement))
        return [p for p in people if p not in (muted, late)], sent, again, row

    expected, sent, again, row = run(client, scenario)
    assert (sent, again) == (5, 0)
    assert row["delivered_at"] is not None and row["delivered_to"] == expected[-1]
    delivered = run(client, announcement_notifications)
    assert [n["member_id"] for n in delivered] == expected
    assert {n["link"] for n in delivered} == {"/campaigns/medical-strike/me"}
    assert words(CAMPAIGN_ANNOUNCEMENT, json.loads(delivered[0]["params"])) == ("Strike day", "It is 50% done.")


def test_a_delivery_cut_short_goes_on_where_it_stopped(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    keyring = client.app_state["keyring"]
    calls: list[int] = []

    async def failing_notify(db: Database, keyring: Any, member_id: int, kind: Kind, **params: Any) -> None:
        calls.append(member_id)
        if len(calls) == 3:
            raise RuntimeError("mail server down")
        await real_notify(db, keyring, member_id, kind, **params)

    real_notify = announcements.notify
    monkeypatch.setattr(announcements, "notify", failing_notify)

    async def scenario(db: Database) -> tuple[int, Any, int]:
        campaign = await campaign_with(db, [(100_00, "medical", "pledged")] * 5)
        now = LATER
        async with db.writing():
            await announcements.announce(db, campaign, (await members_of(db, campaign))[0], "News", "Body", now)
        first = await deliver_announcements(db, keyring, now, batch=2)
        row = await db.fetch_one(campaign_announcements.select())
        return first, row, await deliver_announcements(db, keyring, now, batch=2)

    first, row, rest = run(client, scenario)
    assert first == 2 and row["delivered_at"] is None
    assert rest == 3
    people = run(client, lambda db: members_of(db, 1))
    assert [n["member_id"] for n in run(client, announcement_notifications)] == people


def test_the_organizers_words_are_shown_as_written_whatever_they_contain() -> None:
    params = {"subject": "Rally <now> at 100%", "body": "Line one\nLine two %(subject)s"}
    assert words(CAMPAIGN_ANNOUNCEMENT, params) == ("Rally <now> at 100%", "Line one\nLine two %(subject)s")


def test_a_second_announcement_in_the_same_instant_is_refused(client: TestClient) -> None:
    async def scenario(db: Database) -> list[int | None]:
        campaign = await campaign_with(db, [(100_00, "medical", "pledged")] * 5)
        author = (await members_of(db, campaign))[0]
        now = LATER
        results = []
        for subject in ("First", "Second"):
            async with db.writing():
                results.append(await announcements.announce(db, campaign, author, subject, "Body", now))
        return results

    first, second = run(client, scenario)
    assert first is not None and second is None
    assert [a["subject"] for a in stored(client)] == ["First"]


def test_organizers_and_deliveries_racing_on_postgresql_send_once(client: TestClient) -> None:
    if client.app_state["db"].is_sqlite:
        pytest.skip("SQLite serialises writers; the race exists only with PostgreSQL's concurrent transactions")
    keyring = client.app_state["keyring"]

    async def setup(db: Database) -> tuple[int, int]:
        campaign = await campaign_with(db, [(100_00, "medical", "pledged")] * 30)
        return campaign, (await members_of(db, campaign))[0]

    campaign, author = run(client, setup)

    async def race(db: Database) -> tuple[list[int | None], list[int]]:
        now = LATER

        async def announce(subject: str) -> int | None:
            async with db.session(), db.writing():
                return await announcements.announce(db, campaign, author, subject, "Body", now)

        async def deliver() -> int:
            async with db.session():
                return await deliver_announcements(db, keyring, now, batch=3)

        sent = await asyncio.gather(*(announce(f"News {i}") for i in range(10)))
        return list(sent), list(await asyncio.gather(*(deliver() for _ in range(5))))

    sent, delivered = run(client, race)
    assert sum(1 for s in sent if s is not None) == 1
    assert sum(delivered) == 30
    told = [n["member_id"] for n in run(client, announcement_notifications)]
    assert sorted(told) == run(client, lambda db: members_of(db, campaign))


def test_the_maintenance_loop_delivers_announcements(client: TestClient, settings) -> None:
    from server.maintenance import clean_up

    async def announce(db: Database) -> int:
        campaign = await campaign_with(db, [(100_00, "medical", "pledged")] * 3)
        async with db.writing():
            await announcements.announce(db, campaign, (await members_of(db, campaign))[0], "Strike day", "Friday.",
                                         LATER)
        return campaign

    campaign = run(client, announce)
    for _ in range(2):  # a second run finds it delivered and sends nothing more
        run(client, lambda db: clean_up(db, settings, client.app_state["keyring"], DOMAINS))
    delivered = run(client, announcement_notifications)
    assert [n["member_id"] for n in delivered] == run(client, lambda db: members_of(db, campaign))
    assert {n["link"] for n in delivered} == {"/campaigns/medical-strike/me"}
    assert {words(CAMPAIGN_ANNOUNCEMENT, json.loads(n["params"])) for n in delivered} == {("Strike day", "Friday.")}
    [row] = stored(client)
    assert row["delivered_at"] is not None


def test_a_refused_announcement_says_first_what_the_organizer_cannot_fix_by_retyping() -> None:
    last = NOW - dt.timedelta(hours=1)
    assert why_refused("ended", last, NOW, typed_ok=False) is Refused.CLOSED
    assert why_refused("draft", None, NOW, typed_ok=True) is Refused.CLOSED
    assert why_refused("active", last, NOW, typed_ok=False) is Refused.TOO_SOON
    assert why_refused("open", NOW - ANNOUNCEMENT_INTERVAL, NOW, typed_ok=False) is Refused.TYPED  # 24 hours on: allowed
    assert why_refused("open", None, NOW, typed_ok=True) is Refused.RACE  # nothing wrong now: someone else was first
