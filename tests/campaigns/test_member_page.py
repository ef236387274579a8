"""A member's own page for a campaign: their debts with level and condition, changing and
withdrawing them, and once the strike is on, "I am in", the check-in and the announcements.
Nobody else's pledges ever show, and nothing of theirs is anyone else's to touch."""

from __future__ import annotations

import sqlalchemy as sa
from starlette.testclient import TestClient

from campaigns.counters import queries
from campaigns.tables import campaign_announcements, campaign_members, campaigns
from server.db import utcnow
from server.settings import Settings
from server.tables import notifications
from tests.conftest import new_client, post, run, sign_up
from tests.factories.campaigns import activate, campaign, cell, join, pledge_rows
from tests.factories.debts import navient_debt
from tests.factories.pages import text


def my_row(client: TestClient, campaign_id: int) -> dict:
    row = run(client, lambda db: db.fetch_one(campaign_members.select().where(campaign_members.c.campaign_id == campaign_id)))
    assert row is not None
    return dict(row)


def change(client: TestClient, debt_id: int, level: str, min_others: str = "", understood: bool = False) -> object:
    data = {"level": level, "min_others": min_others, **({"understood": "yes"} if understood else {})}
    return post(client, f"/campaigns/navient-strike/me/debts/{debt_id}", data, follow_redirects=False)


def test_a_member_sees_their_debts_and_changes_a_level_and_a_condition(client: TestClient) -> None:
    campaign_id = campaign(client)
    sign_up(client, "maria")
    debt = navient_debt(client)
    join(client, [debt], level="counted")
    page = text(client.get("/campaigns/navient-strike/me"))
    assert "Counted (solidarity)" in page and "$12,345.67" in page and "Private student loan" in page

    refused = change(client, debt, "pledged", "40")
    assert refused.status_code == 400
    assert "Tick the box to say you have read what not paying can lead to." in text(refused)
    assert 'value="40"' in refused.text and pledge_rows(client) == [(debt, "counted", 0)]

    assert change(client, debt, "pledged", "40", understood=True).status_code == 303
    page = text(client.get("/campaigns/navient-strike/me?done=changed"))
    assert "Your choice for this debt was saved." in page and "only if at least 40 other members pledge" in page
    assert change(client, debt, "striking").status_code == 303  # already not paying: no box asked again
    assert pledge_rows(client) == [(debt, "striking", 0)]
    assert run(client, cell, campaign_id, "level", "striking") == (1, 12_345_67)
    assert run(client, cell, campaign_id, "level", "counted") == (0, 0)
    assert run(client, cell, campaign_id, "converted", "counted") == (1, 0)
    assert change(client, debt, "striking", "a lot").status_code == 400


def test_withdrawing_before_activation_asks_first_then_takes_the_debt_out(client: TestClient) -> None:
    campaign_id = campaign(client)
    sign_up(client, "maria")
    first, second = navient_debt(client), navient_debt(client, balance="100")
    join(client, [first, second])
    confirm = text(client.get(f"/campaigns/navient-strike/me/debts/{first}/withdraw"))
    assert "Withdraw this debt from the campaign?" in confirm and pledge_rows(client)[0][0] == first
    done = post(client, f"/campaigns/navient-strike/me/debts/{first}/withdraw", {}, follow_redirects=False)
    assert done.headers["location"] == "/campaigns/navient-strike/me?done=withdrawn"
    assert pledge_rows(client) == [(second, "pledged", 0)]
    assert run(client, cell, campaign_id, "total", "all") == (1, 100_00)
    assert run(client, cell, campaign_id, "departures", "left") == (0, 0)


def test_after_activation_withdrawing_is_leaving_the_strike_and_is_counted(client: TestClient) -> None:
    campaign_id = campaign(client)
    sign_up(client, "maria")
    debt = navient_debt(client)
    join(client, [debt], level="striking")
    activate(client, campaign_id)
    assert "Leave the strike with this debt" in text(client.get("/campaigns/navient-strike/me"))
    assert "Leave the strike with this debt?" in text(client.get(f"/campaigns/navient-strike/me/debts/{debt}/withdraw"))
    done = post(client, f"/campaigns/navient-strike/me/debts/{debt}/withdraw", {}, follow_redirects=False)
    assert done.headers["location"] == "/campaigns/navient-strike/me?done=left"
    assert pledge_rows(client) == []
    assert run(client, cell, campaign_id, "departures", "left") == (1, 12_345_67)


def test_once_active_a_member_confirms_and_answers_the_check_in(client: TestClient) -> None:
    campaign_id = campaign(client)
    sign_up(client, "maria")
    debt = navient_debt(client)
    join(client, [debt])
    assert "I am in" not in text(client.get("/campaigns/navient-strike/me"))
    assert post(client, "/campaigns/navient-strike/me/confirm", {}).status_code == 409
    activate(client, campaign_id)
    page = text(client.get("/campaigns/navient-strike/me"))
    assert "The strike started on" in page and "I am in" in page and "Are you still on strike?" in page

    post(client, "/campaigns/navient-strike/me/confirm", {})
    post(client, "/campaigns/navient-strike/me/confirm", {})  # a second press changes nothing
    assert my_row(client, campaign_id)["confirmed_at"] is not None
    assert run(client, cell, campaign_id, "confirmed", "in") == (1, 0)  # what organizers count, suppressed
    page = text(client.get("/campaigns/navient-strike/me"))
    assert "You confirmed on" in page and ">I am in<" not in page

    yes = post(client, "/campaigns/navient-strike/me/checkin", {"answer": "yes"}, follow_redirects=False)
    assert yes.headers["location"].endswith("done=checked_in#strike")
    assert my_row(client, campaign_id)["checked_in_at"] is not None
    assert "Your last answer:" in text(client.get("/campaigns/navient-strike/me"))
    assert post(client, "/campaigns/navient-strike/me/checkin", {"answer": "maybe"}).status_code == 400


def test_no_i_stopped_leads_to_staying_as_counted_or_leaving(client: TestClient) -> None:
    campaign_id = campaign(client)
    sign_up(client, "maria")
    debt = navient_debt(client)
    join(client, [debt], level="striking")
    activate(client, campaign_id)
    no = post(client, "/campaigns/navient-strike/me/checkin", {"answer": "no"}, follow_redirects=False)
    assert no.headers["location"] == "/campaigns/navient-strike/me/stopped"
    assert pledge_rows(client) == [(debt, "striking", 0)]  # the answer alone changes nothing
    choices = text(client.get(no.headers["location"]))
    assert "Stay, as counted" in choices and "Leave the strike" in choices
    post(client, "/campaigns/navient-strike/me/stopped", {"choice": "counted"})
    assert pledge_rows(client) == [(debt, "counted", 0)]
    assert run(client, cell, campaign_id, "level", "striking") == (0, 0)


def test_a_member_reads_announcements_and_mutes_them(client: TestClient) -> None:
    campaign_id = campaign(client)
    sign_up(client, "maria")
    join(client, [navient_debt(client)])
    run(client, lambda db: db.execute(campaign_announcements.insert().values(
        campaign_id=campaign_id, subject="Meeting on Friday", body="Bring a friend.\n\n<script>alert(1)</script>",
        created_at=utcnow())))
    page = client.get("/campaigns/navient-strike/me").text
    assert "Meeting on Friday" in page and "<p>Bring a friend.</p>" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    muted = post(client, "/campaigns/navient-strike/me/mute", {"muted": "yes"}, follow_redirects=False)
    assert muted.headers["location"] == "/campaigns/navient-strike/me?done=muted#announcements"
    assert my_row(client, campaign_id)["muted"] is True
    assert "Receive announcements again" in text(client.get("/campaigns/navient-strike/me"))
    post(client, "/campaigns/navient-strike/me/mute", {"muted": "no"})
    assert my_row(client, campaign_id)["muted"] is False


def test_an_expired_campaign_releases_the_pledge(client: TestClient) -> None:
    campaign_id = campaign(client)
    sign_up(client, "maria")
    join(client, [navient_debt(client)])
    run(client, lambda db: queries.set_status(db, campaign_id, "open", status="expired"))
    page = text(client.get("/campaigns/navient-strike/me"))
    assert "This campaign expired before reaching its goal: your pledge is released, nothing is asked of you." in page
    assert "Withdraw this debt" not in page


def test_the_activation_notice_leads_to_the_members_own_page(client: TestClient) -> None:
    campaign_id = campaign(client, threshold=1)
    sign_up(client, "maria")
    join(client, [navient_debt(client)])
    assert run(client, lambda db: db.fetch_val(sa.select(campaigns.c.status).where(campaigns.c.id == campaign_id))) == "active"
    links = run(client, lambda db: db.fetch_all(sa.select(notifications.c.link).where(
        notifications.c.kind == "campaign_activated")))
    assert [r["link"] for r in links] == ["/campaigns/navient-strike/me"]


def test_another_member_sees_none_of_it_and_touches_nothing(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    sign_up(client, "maria")
    debt = navient_debt(client, balance="777.77")
    join(client, [debt])
    activate(client, campaign_id)
    with new_client(settings) as jose:
        sign_up(jose, "jose")
        page = text(jose.get("/campaigns/navient-strike/me"))
        assert "777.77" not in page and "You have no debts in this campaign." in page
        for path in (f"/campaigns/navient-strike/me/debts/{debt}", f"/campaigns/navient-strike/me/debts/{debt}/withdraw"):
            assert jose.get(path).status_code == 404
        assert post(jose, f"/campaigns/navient-strike/me/debts/{debt}/withdraw", {}).status_code == 404
        assert post(jose, f"/campaigns/navient-strike/me/debts/{debt}", {"level": "counted"}).status_code == 404
        assert post(jose, "/campaigns/navient-strike/me/debts/2147483648/withdraw", {}).status_code == 404
        for path in ("/campaigns/navient-strike/me/confirm", "/campaigns/navient-strike/me/mute"):
            assert post(jose, path, {"muted": "yes"}).status_code == 404
    assert pledge_rows(client) == [(debt, "pledged", 0)]
    assert my_row(client, campaign_id)["confirmed_at"] is None and my_row(client, campaign_id)["muted"] is False
