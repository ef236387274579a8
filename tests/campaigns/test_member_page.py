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
from tests.factories.pages import notice, text


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

    changed = change(client, debt, "pledged", "40", understood=True)
    assert changed.status_code == 303 and changed.headers["location"] == f"/campaigns/navient-strike/me#debt-{debt}"
    page = client.get("/campaigns/navient-strike/me")
    assert notice(page) == "Your choice for this debt was saved."
    assert "only if at least 40 other members pledge" in text(page)
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
    assert done.headers["location"] == "/campaigns/navient-strike/me"
    assert notice(client.get("/campaigns/navient-strike/me")) == "The debt was withdrawn from the campaign."
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
    assert done.headers["location"] == "/campaigns/navient-strike/me"
    assert notice(client.get("/campaigns/navient-strike/me")) == (
        "You have left the strike with this debt. It is counted as leaving, without your name.")
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

    assert notice(post(client, "/campaigns/navient-strike/me/confirm", {})) == "Thank you for confirming that you are in."
    post(client, "/campaigns/navient-strike/me/confirm", {})  # a second press changes nothing
    assert my_row(client, campaign_id)["confirmed_at"] is not None
    assert run(client, cell, campaign_id, "confirmed", "in") == (1, 0)  # what organizers count, suppressed
    page = text(client.get("/campaigns/navient-strike/me"))
    assert "You confirmed on" in page and ">I am in<" not in page

    assert post(client, "/campaigns/navient-strike/me/checkin", {"answer": "yes"}).status_code == 404  # no answer by a word
    assert my_row(client, campaign_id)["checked_in_at"] is None
    yes = post(client, "/campaigns/navient-strike/me/checkin/still", {}, follow_redirects=False)
    assert yes.status_code == 303 and yes.headers["location"] == "/campaigns/navient-strike/me#strike"
    assert my_row(client, campaign_id)["checked_in_at"] is not None
    page = client.get("/campaigns/navient-strike/me")
    assert notice(page) == "Thank you: you are still on strike. We will ask again in 30 days."
    assert "Your last answer:" in text(page)


def test_no_i_stopped_leads_to_staying_as_counted_or_leaving(client: TestClient) -> None:
    campaign_id = campaign(client)
    sign_up(client, "maria")
    debt = navient_debt(client)
    join(client, [debt], level="striking")
    activate(client, campaign_id)
    no = post(client, "/campaigns/navient-strike/me/checkin/stopped", {}, follow_redirects=False)
    assert no.status_code == 303 and no.headers["location"] == "/campaigns/navient-strike/me/stopped"
    assert pledge_rows(client) == [(debt, "striking", 0)]  # the answer alone changes nothing
    choices = text(client.get(no.headers["location"]))
    assert "Stay, as counted" in choices and "Leave the strike" in choices
    assert post(client, "/campaigns/navient-strike/me/stopped", {"choice": "counted"}).status_code == 405  # one address a choice
    stayed = post(client, "/campaigns/navient-strike/me/stopped/counted", {})
    assert notice(stayed) == "Your debts are now counted in solidarity: nothing more is asked of you."
    assert pledge_rows(client) == [(debt, "counted", 0)]
    assert run(client, cell, campaign_id, "level", "striking") == (0, 0)


def test_no_i_stopped_then_leaving_takes_every_debt_on_strike_out_and_counts_it(client: TestClient) -> None:
    campaign_id = campaign(client)
    sign_up(client, "maria")
    striking, counted = navient_debt(client), navient_debt(client, balance="100")
    join(client, [striking], level="striking")
    join(client, [counted], level="counted")
    activate(client, campaign_id)
    assert "Leave the strike" in text(post(client, "/campaigns/navient-strike/me/checkin/stopped", {}))
    left = post(client, "/campaigns/navient-strike/me/stopped/leave", {}, follow_redirects=False)
    assert left.status_code == 303 and left.headers["location"] == "/campaigns/navient-strike/me"
    assert notice(client.get("/campaigns/navient-strike/me")) == (
        "You have left the strike with this debt. It is counted as leaving, without your name.")
    assert pledge_rows(client) == [(counted, "counted", 0)]  # only the debt on strike leaves
    assert run(client, cell, campaign_id, "departures", "left") == (1, 12_345_67)


def test_the_answers_to_the_check_in_wait_for_the_strike(client: TestClient) -> None:
    campaign(client)
    sign_up(client, "maria")
    debt = navient_debt(client)
    join(client, [debt], level="striking")
    for path in ("checkin/still", "checkin/stopped", "stopped/counted", "stopped/leave"):
        refused = post(client, f"/campaigns/navient-strike/me/{path}", {})
        assert refused.status_code == 409, path
        assert "This can be done only once the strike is on. Nothing was changed." in text(refused)
    assert pledge_rows(client) == [(debt, "striking", 0)]


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
    muted = post(client, "/campaigns/navient-strike/me/announcements/mute", {}, follow_redirects=False)
    assert muted.headers["location"] == "/campaigns/navient-strike/me#announcements"
    assert my_row(client, campaign_id)["muted"] is True
    page = client.get("/campaigns/navient-strike/me")
    assert notice(page) == "You will no longer receive this campaign's announcements."
    assert "Receive announcements again" in text(page)
    unmuted = post(client, "/campaigns/navient-strike/me/announcements/unmute", {})
    assert notice(unmuted) == "You will receive this campaign's announcements again."
    assert my_row(client, campaign_id)["muted"] is False
    assert "Mute announcements" in text(unmuted)


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
        for path in ("/campaigns/navient-strike/me/confirm", "/campaigns/navient-strike/me/announcements/mute",
                     "/campaigns/navient-strike/me/announcements/unmute"):
            assert post(jose, path, {}).status_code == 404
    assert pledge_rows(client) == [(debt, "pledged", 0)]
    assert my_row(client, campaign_id)["confirmed_at"] is None and my_row(client, campaign_id)["muted"] is False
