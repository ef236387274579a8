"""Organizers create, edit, open and close campaigns through the pages; bad input comes back on
the same page with every value kept; a threshold never goes down once anyone has pledged; and
nobody else gets in."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from campaigns.counters import pledging, queries
from campaigns.organize.routes import routes as organize_routes
from campaigns.tables import campaign_targets, campaigns
from debts.creditors.tables import creditors
from server.app import create_app
from server.db import Database, utcnow
from server.settings import Settings
from server.tables import audit_log
from tests.conftest import csrf_token, run
from tests.factories.accounts import member
from tests.factories.campaigns import (
    NEXT_MONTH,
    TODAY,
    change_status,
    create,
    form,
    make_debt,
    make_members,
    make_pledgers,
    submit,
)
from tests.factories.pages import notice


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, background=False)
    if not any(getattr(r, "name", "") == "organize_campaigns" for r in app.router.routes):
        app.router.routes.extend(organize_routes)  # until server/app.py mounts them
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def the_campaign(client: TestClient, campaign_id: int = 1) -> dict[str, Any]:
    row = run(client, lambda db: db.fetch_one(campaigns.select().where(campaigns.c.id == campaign_id)))
    assert row is not None
    return dict(row)


def audit_actions(client: TestClient) -> list[tuple[str, Any, dict[str, Any]]]:
    rows = run(client, lambda db: db.fetch_all(audit_log.select().order_by(audit_log.c.id)))
    return [(r["action"], r["subject_id"], json.loads(r["detail"])) for r in rows if r["action"].startswith("campaign")]


def test_an_organizer_creates_a_draft_with_its_targets_and_threshold(client: TestClient, settings: Settings) -> None:
    organizer = member(client, settings, "rosa", "organizer")
    campaign_id = create(client)
    campaign = the_campaign(client, campaign_id)
    assert campaign["status"] == "draft" and campaign["slug"] == "medical-debt-strike"
    assert campaign["story"] == "# Why\n\n*Now*." and campaign["demands"] == "- Cancel it all"
    assert (campaign["threshold_members"], campaign["threshold_cents"]) == (500, 100_000_000)
    assert campaign["deadline"] == dt.datetime.combine(TODAY + dt.timedelta(days=30), dt.time(23, 59, 59), dt.UTC)
    assert campaign["start_delay_days"] == 14 and campaign["created_by"] == organizer
    targets = run(client, lambda db: db.fetch_all(campaign_targets.select()))
    navient = run(client, lambda db: db.fetch_val(sa.select(creditors.c.id).where(creditors.c.name == "Navient")))
    assert {(t["creditor_id"], t["debt_kind"], t["region"]) for t in targets} == {
        (navient, None, None), (None, "medical", None), (None, "private_student", None),
        (None, None, "US-CA"), (None, None, "US-TX")}
    page = client.get(f"/organize/campaigns/{campaign_id}/edit")
    assert "Navient" in page.text and "Open the campaign for pledges" in page.text
    assert ("campaign_created", None, {"campaign_id": campaign_id, "slug": "medical-debt-strike"}) in audit_actions(client)
    assert "Medical Debt Strike" in client.get("/organize/campaigns").text


def test_titles_alike_get_distinct_slugs(client: TestClient, settings: Settings) -> None:
    member(client, settings, "rosa", "organizer")
    ids = [create(client), create(client), create(client, title="¡Médical debt strike!")]
    assert [the_campaign(client, i)["slug"] for i in ids] == [
        "medical-debt-strike", "medical-debt-strike-2", "medical-debt-strike-3"]


def test_a_creditor_not_typed_exactly_is_chosen_among_matches(client: TestClient, settings: Settings) -> None:
    member(client, settings, "rosa", "organizer")
    response = submit(client, "/organize/campaigns/new", form(creditor_0="Navientt", creditor_1="Great Lakes"))
    assert response.status_code == 400
    assert "Choose one of these" in response.text and 'value="Navientt"' in response.text
    choice = re.search(r'name="creditor_0_choice" value="(\d+)"> <span>Navient\b', response.text)
    assert choice
    campaign_id = create(client, creditor_0="Navientt", creditor_0_choice=choice.group(1), creditor_1="Great Lakes")
    targets = run(client, lambda db: db.fetch_all(
        campaign_targets.select().where(campaign_targets.c.campaign_id == campaign_id,
                                        campaign_targets.c.creditor_id.is_not(None))))
    assert len(targets) == 2
    forged = submit(client, "/organize/campaigns/new", form(creditor_0="Navientt", creditor_0_choice="999999"))
    assert forged.status_code == 400


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"threshold_members": "", "threshold_amount": ""}, "threshold_members", "a number of members, a total amount"),
    ({"threshold_members": "-5"}, "threshold_members", "whole number of members"),
    ({"threshold_members": "99999999999"}, "threshold_members", "whole number of members"),
    ({"threshold_amount": "-100"}, "threshold_amount", "Write an amount"),
    ({"threshold_amount": "999999999999999"}, "threshold_amount", "Write an amount"),
    ({"kinds": ["medical", "unicorn"]}, "kinds", "kinds of debt from the list"),
    ({"regions": ["US-ZZ"]}, "regions", "states or territories from the list"),
    ({"creditor_0": "", "kinds": []}, "kinds", "at least one kind of debt"),
    ({"deadline": "2999-12-31"}, "deadline", "at most 5 years away"),
    ({"deadline": "2020-01-01"}, "deadline", "has passed"),
    ({"deadline": "soon"}, "deadline", "Write the date like"),
    ({"start_delay_days": "9000"}, "start_delay_days", "from 0 to 365"),
    ({"start_delay_days": "-1"}, "start_delay_days", "from 0 to 365"),
    ({"title": "x" * 10_000}, "title", "at most 200 characters"),
    ({"title": ""}, "title", "Give the campaign a title"),
    ({"summary": "y" * 501}, "summary", "at most 500 characters"),
    ({"currency": "BTC"}, "currency", "currency from the list"),
    ({"creditor_0": "Zzyzx Qwerty Holdings"}, "creditor_0", "No creditor in the registry"),
])
def test_bad_input_comes_back_on_the_same_page_with_values_kept(
    client: TestClient, settings: Settings, changes: dict[str, Any], field: str, message: str
) -> None:
    member(client, settings, "rosa", "organizer")
    response = submit(client, "/organize/campaigns/new", form(**changes))
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert f'id="f-{field}-error"' in response.text or f'id="f-{field}"' in response.text
    assert message in text
    kept = {"title": 'value="Medical Debt Strike"', "summary": ">Hospitals sue their patients.<",
            "demands": ">- Cancel it all<", "deadline": f'value="{NEXT_MONTH}"', "threshold_amount": 'value="1,000,000"'}
    for name, shown in kept.items():
        assert name in changes or shown in text, name
    for name, typed in changes.items():
        if isinstance(typed, str) and typed and len(typed) < 1000 and name != "currency":  # a select shows its options
            assert f'value="{typed}"' in text or f">{typed}<" in text, name
    for kind in ("medical", "private_student"):
        if kind in changes.get("kinds", ["medical", "private_student"]):
            assert f'value="{kind}" checked' in response.text
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(campaigns))) == 0


def test_an_organizer_edits_opens_and_closes_a_campaign(client: TestClient, settings: Settings) -> None:
    member(client, settings, "rosa", "organizer")
    campaign_id = create(client)
    edit = f"/organize/campaigns/{campaign_id}/edit"
    saved = submit(client, edit, form(title="Medical debt strike, Texas", threshold_members="200", regions=["US-TX"]))
    assert saved.status_code == 303 and saved.headers["location"] == edit
    assert notice(client.get(edit)) == "Your changes were saved."
    campaign = the_campaign(client, campaign_id)
    assert campaign["title"] == "Medical debt strike, Texas" and campaign["threshold_members"] == 200
    assert campaign["slug"] == "medical-debt-strike"  # share links keep working
    assert [t["region"] for t in run(client, lambda db: db.fetch_all(
        campaign_targets.select().where(campaign_targets.c.region.is_not(None))))] == ["US-TX"]

    assert change_status(client, campaign_id, "won").status_code == 409  # a draft cannot be won
    assert change_status(client, campaign_id, "open").status_code == 303
    campaign = the_campaign(client, campaign_id)
    assert campaign["status"] == "open" and campaign["opened_at"] is not None
    page = client.get(edit)
    assert notice(page) == "The campaign is open for pledges." and "End the campaign" in page.text
    assert change_status(client, campaign_id, "ended").status_code == 303
    campaign = the_campaign(client, campaign_id)
    assert campaign["status"] == "ended" and campaign["closed_at"] is not None
    page = client.get(edit)
    assert notice(page) == "The campaign is closed." and "can no longer be changed" in page.text
    refused = submit(client, edit, form(title="Too late"))
    assert refused.status_code == 400 and "can no longer be changed" in refused.text
    assert the_campaign(client, campaign_id)["title"] == "Medical debt strike, Texas"
    actions = [a for a, _s, _d in audit_actions(client)]
    assert actions == ["campaign_created", "campaign_threshold_changed", "campaign_open", "campaign_ended"]


def test_an_active_campaign_can_be_won(client: TestClient, settings: Settings) -> None:
    member(client, settings, "rosa", "administrator")
    campaign_id = create(client)
    run(client, lambda db: db.execute(campaigns.update().values(status="active")))
    assert change_status(client, campaign_id, "won").status_code == 303
    assert the_campaign(client, campaign_id)["status"] == "won"
    assert notice(client.get(f"/organize/campaigns/{campaign_id}/edit")) == "The campaign is closed."


async def one_pledge(db: Database, campaign_id: int) -> None:
    [someone] = await make_members(db, 1)
    debt_id = await make_debt(db, someone, 50_000)
    await pledging.pledge(db, None, campaign_id, someone, debt_id, "pledged", 0, utcnow())


def test_after_a_pledge_the_threshold_may_rise_but_not_fall(client: TestClient, settings: Settings) -> None:
    member(client, settings, "rosa", "organizer")
    campaign_id = create(client)
    edit = f"/organize/campaigns/{campaign_id}/edit"
    assert change_status(client, campaign_id, "open").status_code == 303
    run(client, one_pledge, campaign_id)

    for lower in ({"threshold_members": "499"}, {"threshold_amount": "999,999.99"}, {"threshold_amount": ""}):
        refused = submit(client, edit, form(**lower))
        assert refused.status_code == 400, lower
        assert "can be raised but not lowered" in refused.text
        assert f'value="{next(iter(lower.values()))}"' in refused.text
    assert (the_campaign(client, campaign_id)["threshold_members"], the_campaign(client, campaign_id)["threshold_cents"]) \
        == (500, 100_000_000)

    assert submit(client, edit, form(threshold_members="800", threshold_amount="2,000,000")).status_code == 303
    campaign = the_campaign(client, campaign_id)
    assert (campaign["threshold_members"], campaign["threshold_cents"]) == (800, 200_000_000)
    changed = [d for a, _s, d in audit_actions(client) if a == "campaign_threshold_changed"]
    assert changed == [{"campaign_id": campaign_id, "threshold_members": [500, 800],
                        "threshold_cents": [100_000_000, 200_000_000]}]


def test_before_any_pledge_the_threshold_may_fall(client: TestClient, settings: Settings) -> None:
    member(client, settings, "rosa", "organizer")
    campaign_id = create(client)
    assert change_status(client, campaign_id, "open").status_code == 303
    assert submit(client, f"/organize/campaigns/{campaign_id}/edit", form(threshold_members="10")).status_code == 303
    assert the_campaign(client, campaign_id)["threshold_members"] == 10


def test_an_unknown_campaign_is_404(client: TestClient, settings: Settings) -> None:
    member(client, settings, "rosa", "organizer")
    assert client.get("/organize/campaigns/999/edit").status_code == 404
    assert client.get("/organize/campaigns/99999999999999/edit").status_code == 404
    assert change_status(client, 999, "open").status_code == 404


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_members_without_the_role_get_403_whatever_the_method(
    client: TestClient, settings: Settings, method: str
) -> None:
    member(client, settings, "maria")
    token = csrf_token(client)
    for path in ("/organize/campaigns", "/organize/campaigns/new", "/organize/campaigns/1/edit",
                 "/organize/campaigns/1/open", "/organize/campaigns/1/won", "/organize/campaigns/1/end"):
        data = None if method == "GET" else {"csrf_token": token, "status": "open", **form()}
        assert client.request(method, path, data=data).status_code == 403, (method, path)


def test_visitors_are_sent_to_log_in(client: TestClient) -> None:
    for path in ("/organize/campaigns", "/organize/campaigns/new", "/organize/campaigns/1/edit"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")


def test_a_slug_taken_at_the_same_moment_by_another_organizer_gets_the_next_one(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    member(client, settings, "rosa", "organizer")
    # another organizer's campaign, committed between our look-up of free slugs and our insert
    run(client, lambda db: queries.create_campaign(db, slug="medical-debt-strike", title="Theirs", status="draft",
                                                   currency="USD", created_at=utcnow()))
    looked_up: list[str] = []

    async def stale_slugs(db: Database, base: str) -> set[str]:
        looked_up.append(base)
        return set() if len(looked_up) == 1 else {"medical-debt-strike"}

    monkeypatch.setattr(queries, "slugs_starting", stale_slugs)
    campaign_id = create(client)
    assert the_campaign(client, campaign_id)["slug"] == "medical-debt-strike-2"
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(campaign_targets))) == 5
    assert ("campaign_created", None, {"campaign_id": campaign_id, "slug": "medical-debt-strike-2"}) in audit_actions(client)


def test_organizers_creating_alike_titles_at_once_on_postgresql_all_succeed(client: TestClient) -> None:
    if client.app_state["db"].is_sqlite:
        pytest.skip("SQLite serialises writers; the race exists only with PostgreSQL's concurrent transactions")
    from campaigns.organize.routes import _create

    async def race(db: Database) -> list[tuple[int, str]]:
        async def one() -> tuple[int, str]:
            async with db.session(), db.writing():
                return await _create(db, "rent-strike", title="Rent strike", status="draft", currency="USD",
                                     created_at=utcnow())

        return list(await asyncio.gather(*(one() for _ in range(8))))

    made = run(client, race)
    assert sorted(slug for _id, slug in made) == sorted(["rent-strike", *(f"rent-strike-{n}" for n in range(2, 9))])


def test_a_status_change_that_no_longer_applies_shows_the_page_with_why(client: TestClient, settings: Settings) -> None:
    member(client, settings, "rosa", "organizer")
    campaign_id = create(client)
    refused = change_status(client, campaign_id, "won")
    assert refused.status_code == 409
    text = html.unescape(refused.text)
    assert "The campaign is now “Draft”, so it cannot become “Won”." in text and "<h1>Edit a campaign</h1>" in text
    assert change_status(client, campaign_id, "open").status_code == 303
    stale = change_status(client, campaign_id, "open")  # a second organizer's page still showed "Open for pledges"
    assert stale.status_code == 409
    assert "The campaign is now “Open for pledges”, so it cannot become “Open for pledges”." in html.unescape(stale.text)
    forged = change_status(client, campaign_id, "active")  # no status has an address but those of the buttons
    assert forged.status_code == 404
    assert the_campaign(client, campaign_id)["status"] == "open"
    assert [a for a, _s, _d in audit_actions(client)] == ["campaign_created", "campaign_open"]


def test_a_campaign_past_its_deadline_cannot_be_opened(client: TestClient, settings: Settings) -> None:
    member(client, settings, "rosa", "organizer")
    campaign_id = create(client)
    passed = dt.datetime.combine(TODAY - dt.timedelta(days=2), dt.time(23, 59, 59), dt.UTC)
    run(client, lambda db: db.execute(campaigns.update().values(deadline=passed)))
    refused = change_status(client, campaign_id, "open")
    assert refused.status_code == 409
    assert re.search(r"The deadline, \w+ \d+, \d{4}, has passed\. Set a later deadline", html.unescape(refused.text))
    assert the_campaign(client, campaign_id)["status"] == "draft"


def test_a_campaign_without_any_threshold_cannot_be_opened(client: TestClient, settings: Settings) -> None:
    member(client, settings, "rosa", "organizer")
    campaign_id = create(client)
    run(client, lambda db: db.execute(campaigns.update().values(threshold_members=None, threshold_cents=None)))
    refused = change_status(client, campaign_id, "open")
    assert refused.status_code == 409
    assert "Set a threshold (a number of members, a total amount, or both) before opening" in refused.text
    assert the_campaign(client, campaign_id)["status"] == "draft"


def test_the_edit_page_does_not_count_pledges_one_by_one(client: TestClient, settings: Settings) -> None:
    member(client, settings, "rosa", "organizer")
    campaign_id = create(client)
    edit = f"/organize/campaigns/{campaign_id}/edit"
    assert "Members have joined" not in client.get(edit).text
    assert change_status(client, campaign_id, "open").status_code == 303
    assert notice(client.get(edit)) == "The campaign is open for pledges."  # said once, then gone
    run(client, one_pledge, campaign_id)
    page = client.get(edit).text
    assert "Members have joined: the threshold can be raised but not lowered." in page

    async def another_pledge(db: Database) -> None:
        [someone] = await make_pledgers(db, 1, "another")
        await pledging.pledge(db, None, campaign_id, someone, await make_debt(db, someone, 20_000), "pledged", 0, utcnow())

    run(client, another_pledge)
    assert client.get(edit).text == page
