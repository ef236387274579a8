"""A whole strike through the pages: an organizer opens a campaign, members join and pledge, and the
pledge that meets the threshold starts the strike and tells every pledger once."""

from __future__ import annotations

import html

import sqlalchemy as sa
from starlette.testclient import TestClient

from campaigns.counters.recount import recount
from server.settings import Settings
from server.tables import notifications
from tests.conftest import new_client, run, sign_up
from tests.factories.accounts import member
from tests.factories.campaigns import change_status, create, join
from tests.factories.debts import add_debt, debt_id_from


def joins(settings: Settings, handle: str, level: str, min_others: str = "") -> TestClient:
    browser = new_client(settings).__enter__()
    sign_up(browser, handle)
    debt = debt_id_from(add_debt(browser, account_number="", notes=""))
    assert join(browser, [debt], slug="navient-debt-strike", level=level, min_others=min_others).status_code == 303
    return browser


def status_seen_by_a_visitor(settings: Settings) -> str:
    with new_client(settings) as visitor:
        return html.unescape(visitor.get("/campaigns/navient-debt-strike/counter.json").json()["status"])


async def activations(db) -> dict[int, int]:
    rows = await db.fetch_all(sa.select(notifications.c.member_id).where(notifications.c.kind == "campaign_activated"))
    counts: dict[int, int] = {}
    for row in rows:
        counts[row["member_id"]] = counts.get(row["member_id"], 0) + 1
    return counts


def test_the_pledge_that_meets_the_threshold_starts_the_strike_and_tells_each_pledger_once(
    client: TestClient, settings: Settings
) -> None:
    member(client, settings, "rosa", "organizer")
    campaign_id = create(client, title="Navient Debt Strike", kinds=[], regions=[], threshold_members="3",
                         threshold_amount="", deadline="", start_delay_days="7")
    assert change_status(client, campaign_id, "open").status_code == 303

    browsers = [joins(settings, "solidaria", "counted"),
                joins(settings, "maria", "pledged"),
                joins(settings, "jose", "pledged", min_others="2"),  # only if two others pledge
                ]
    try:
        assert status_seen_by_a_visitor(settings) == "open"  # two pledged, but jose's condition does not hold
        browsers.append(joins(settings, "lupe", "striking"))
        assert status_seen_by_a_visitor(settings) == "active"
        browsers.append(joins(settings, "late", "pledged"))  # after activation: no second activation

        told = run(client, activations)
        assert sorted(told.values()) == [1, 1, 1]  # maria, jose, lupe; not the counted member, not the late one
        maria = browsers[1]
        notice = html.unescape(maria.get("/notifications").text)
        assert "Navient Debt Strike: the strike is on" in notice
        page = html.unescape(maria.get("/campaigns/navient-debt-strike/me").text)
        assert "The strike starts on" in page  # a week after the threshold was met
        assert "I am in" in page
        assert run(client, lambda db: recount(db, repair=False)) == {campaign_id: []}
    finally:
        for browser in browsers:
            browser.__exit__(None, None, None)
