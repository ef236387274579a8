"""An organizer's dashboard and CSV show the campaign's status, progress, breakdowns and history,
each figure from the campaign's latest release; and nobody else gets in."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from campaigns.counters import pledging, queries
from campaigns.dashboard.figures import FigureRow, figures_csv, spreadsheet_safe
from server.db import Database
from server.settings import Settings
from tests.conftest import csrf_token, log_in, new_client, run, sign_up
from tests.factories.accounts import organizer
from tests.factories.campaigns import NOW, campaign_with, make_debt, make_pledgers, release
from tests.factories.pages import main_text


def table(page: str, caption: str) -> list[list[str]]:
    """The rows of the table with this caption, as the words in each cell."""
    found = re.search(r"<caption>" + re.escape(caption) + r"</caption>(.*?)</table>", page, re.S)
    assert found, caption
    rows = re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows][1:]


def read_csv(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


OFFSET = 25_000  # every released node is exact + 25,000: each cell clears twice its margin


def released_cells(publication: Any, section: str) -> dict[str, int]:
    return {label: value - OFFSET for label, value in publication.cells[section].items()}


def test_before_the_first_release_the_dashboard_says_so_and_the_csv_is_empty(client: TestClient, settings: Settings) -> None:
    run(client, campaign_with, [(1234_56, "medical", "pledged")] * 3)
    organizer(client, settings)
    text = main_text(client.get("/organize/campaigns/1").text)
    assert "No figures yet." in text and "Figures are published once a day" in text
    assert not re.search(r"(?<![\d,.])3(?![\d,.])", text.replace("Members toward the goal of 100", ""))
    assert read_csv(client.get("/organize/campaigns/1/figures.csv")) == []


def test_an_organizer_sees_the_release_status_threshold_progress_and_breakdowns(client: TestClient, settings: Settings) -> None:
    campaign = run(client, campaign_with, [(1000_00, "medical", "pledged")] * 7 + [(500_00, "medical", "counted")] * 5)
    publication = release(client, campaign, offset=OFFSET)
    # the exact figures went into the release (each node exact + OFFSET, one node per figure)
    assert publication.value("members") - OFFSET == 12 and publication.value("amount") - OFFSET == 9_500
    assert released_cells(publication, "level") == {"counted": 5, "pledged": 7, "striking": 0}
    organizer(client, settings)
    page = client.get("/organize/campaigns/1")
    assert page.status_code == 200
    text = main_text(page.text)
    counter = client.get("/campaigns/medical-strike/counter.json").json()
    assert "Medical debt strike" in text and "Open for pledges" in text
    assert "Members who have joined: about" in text and "give or take" in text
    levels = table(page.text, "Members by level of commitment")
    assert [row[0] for row in levels] == ["Counted (solidarity)", "Pledged", "Striking"]
    # the same shaped figures as the public page
    assert [row[1] for row in levels] == [f"about {counter['breakdowns']['level'][level]:,}"
                                          for level in ("counted", "pledged", "striking")]
    assert table(page.text, "Members over time, by level")[0][1] == f"{counter['members']['value']:,}"
    assert 'href="/organize/campaigns/1/figures.csv"' in page.text
    assert "pledger-qx" not in page.text


def test_how_members_joined_and_who_pledged_since(client: TestClient, settings: Settings) -> None:
    async def scenario(db: Database) -> int:
        campaign = await campaign_with(db, [(100_00, "medical", "counted")] * 12 + [(100_00, "medical", "pledged")] * 5)
        for pledge in (await queries.all_pledges(db, campaign))[:6]:
            await pledging.pledge(db, None, campaign, pledge["member_id"], pledge["debt_id"], "pledged", 0, NOW)
        return campaign

    campaign = run(client, scenario)
    publication = release(client, campaign, offset=OFFSET)
    assert released_cells(publication, "joined") == {
        "counted_converted": 6, "counted_not_converted": 6, "pledged": 5, "striking": 0}
    organizer(client, settings)
    page = client.get("/organize/campaigns/1").text
    assert "Of the members who joined as counted (about" in main_text(page)
    assert [row[0] for row in table(page, "How members first joined")] == [
        "Joined as counted, and have pledged since", "Joined as counted, and have not pledged",
        "Joined as pledged", "Joined as striking"]


def test_departures_and_retaliation_are_released_from_the_history_counters(client: TestClient, settings: Settings) -> None:
    async def scenario(db: Database) -> int:
        campaign = await campaign_with(db, [(200_00, "medical", "pledged")] * 12, status="active")
        pledges = await queries.all_pledges(db, campaign)
        for pledge in pledges[:5]:
            await pledging.withdraw(db, campaign, pledge["member_id"], pledge["debt_id"], NOW)
        for pledge, kinds in zip(pledges[5:], (("calls", "lawsuit", "threats"), ("calls",), ("garnishment",)),
                                 strict=False):
            for kind in kinds:
                for label in (kind, "any"):
                    await queries.add_member_cell(db, campaign, pledge["member_id"], "retaliation", label, 1)
        return campaign

    campaign = run(client, scenario)
    publication = release(client, campaign, offset=OFFSET)
    assert released_cells(publication, "departures") == {"all": 5}
    # each member counts in "any" and in at most two kinds: calls and threats, not the lawsuit
    assert released_cells(publication, "retaliation") == {
        "calls": 2, "threats": 1, "lawsuit": 0, "garnishment": 1, "credit": 0, "other": 0, "any": 3}
    organizer(client, settings)
    page = client.get("/organize/campaigns/1").text
    assert table(page, "Departures after the threshold was met")[0][0] == "Left after the threshold was met"
    assert "Members who reported retaliation, by kind" in page


def test_the_csv_holds_every_section_as_the_page_shows_it(client: TestClient, settings: Settings) -> None:
    campaign = run(client, lambda db: campaign_with(
        db, [(1000_00, "medical", "pledged")] * 6 + [(777_77, "credit_card", "pledged")],
        creditor="=HYPERLINK(\"http://evil\")"))
    release(client, campaign, offset=OFFSET)
    organizer(client, settings)
    response = client.get("/organize/campaigns/1/figures.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["cache-control"] == "no-store"
    assert re.fullmatch(r'attachment; filename="medical-strike-figures-\d{4}-\d{2}-\d{2}\.csv"',
                        response.headers["content-disposition"])
    rows = read_csv(response)
    counter = client.get("/campaigns/medical-strike/counter.json").json()
    by_key = {(r["section"], r["label"], r["day"]): r for r in rows}
    assert by_key[("total", "members", "")]["value"] == str(counter["members"]["value"])
    assert by_key[("total", "members", "")]["margin"] == str(counter["members"]["margin"])
    assert by_key[("total", "amount", "")]["currency"] == "USD"
    assert by_key[("level", "pledged", "")]["value"] == str(counter["breakdowns"]["level"]["pledged"])
    creditor = next(r for r in rows if r["section"] == "creditor")
    assert creditor["name"] == "'=HYPERLINK(\"http://evil\")"
    assert {r["section"] for r in rows} >= {"total", "level", "kind", "creditor", "region", "joined", "departures",
                                            "retaliation", "growth", "levels"}
    assert all(r["hidden"] in ("yes", "no") and (r["hidden"] == "yes") == (r["value"] == "") for r in rows)


def test_reloading_after_members_join_and_change_shows_exactly_the_same(client: TestClient, settings: Settings) -> None:
    campaign = run(client, campaign_with, [(1000_00, "medical", "pledged")] * 6 + [(500_00, "medical", "counted")] * 6)
    release(client, campaign, offset=OFFSET)
    organizer(client, settings)
    before = main_text(client.get("/organize/campaigns/1").text), client.get("/organize/campaigns/1/figures.csv").text

    async def more(db: Database) -> None:
        for member in await make_pledgers(db, 6, "more"):
            await pledging.pledge(db, None, campaign, member, await make_debt(db, member, 321_00, "credit_card"),
                                  "pledged", 0, NOW)
        counted = next(p for p in await queries.all_pledges(db, campaign) if p["level"] == "counted")
        await pledging.pledge(db, None, campaign, counted["member_id"], counted["debt_id"], "pledged", 0, NOW)

    run(client, more)
    after = main_text(client.get("/organize/campaigns/1").text), client.get("/organize/campaigns/1/figures.csv").text
    assert after == before
    release(client, campaign, days=2, offset=OFFSET)
    assert main_text(client.get("/organize/campaigns/1").text) != before[0]


def test_csv_cells_that_a_spreadsheet_would_run_are_made_text() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("Navient") == "Navient" and spreadsheet_safe("") == ""
    row = FigureRow("creditor", "-12", "@evil", None, 5, 3, False)
    [line] = list(csv.reader(io.StringIO(figures_csv([row], "USD"))))[1:]
    assert line == ["creditor", "'-12", "'@evil", "", "5", "3", "", "no"]


def test_links_to_the_dashboard_from_the_list_and_the_edit_page(client: TestClient, settings: Settings) -> None:
    run(client, campaign_with, [(1000_00, "medical", "pledged")] * 6)
    organizer(client, settings)
    assert 'href="/organize/campaigns/1"' in client.get("/organize/campaigns").text
    edit = client.get("/organize/campaigns/1/edit").text
    assert 'href="/organize/campaigns/1"' in edit and 'href="/organize/campaigns/1/announcements"' in edit


def test_an_unknown_campaign_is_404(client: TestClient, settings: Settings) -> None:
    organizer(client, settings)
    for path in ("/organize/campaigns/999", "/organize/campaigns/99999999999999", "/organize/campaigns/999/figures.csv",
                 "/organize/campaigns/999/announcements"):
        assert client.get(path).status_code == 404, path


def test_a_post_to_the_figures_is_405_for_an_organizer(client: TestClient, settings: Settings) -> None:
    run(client, campaign_with, [(1000_00, "medical", "pledged")] * 6)
    organizer(client, settings)
    token = csrf_token(client)
    for path in ("/organize/campaigns/1", "/organize/campaigns/1/figures.csv"):
        assert client.post(path, data={"csrf_token": token}).status_code == 405


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_members_without_the_role_get_403_whatever_the_method(client: TestClient, settings: Settings, method: str) -> None:
    run(client, campaign_with, [(1000_00, "medical", "pledged")] * 6)
    with new_client(settings) as browser:
        sign_up(browser, "maria")
    assert log_in(client, "maria").status_code == 303
    token = csrf_token(client)
    for path in ("/organize/campaigns/1", "/organize/campaigns/1/figures.csv", "/organize/campaigns/1/announcements"):
        data = None if method == "GET" else {"csrf_token": token, "subject": "Hi", "body": "Hello"}
        assert client.request(method, path, data=data).status_code == 403, (method, path)


def test_visitors_are_sent_to_log_in(client: TestClient) -> None:
    for path in ("/organize/campaigns/1", "/organize/campaigns/1/figures.csv", "/organize/campaigns/1/announcements"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
