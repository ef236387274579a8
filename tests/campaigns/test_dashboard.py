"""An organizer's dashboard and CSV show the campaign's status, progress, breakdowns and history,
each figure from the published counters and through suppression; and nobody else gets in."""

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
from tests.factories.campaigns import NOW, campaign_with
from tests.factories.pages import main_text, words

HIDDEN = "hidden to protect small groups"
def table(page: str, caption: str) -> list[list[str]]:
    """The rows of the table with this caption, as the words in each cell."""
    found = re.search(r"<caption>" + re.escape(caption) + r"</caption>(.*?)</table>", page, re.S)
    assert found, caption
    rows = re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows][1:]


def read_csv(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_an_organizer_sees_status_threshold_progress_and_breakdowns(client: TestClient, settings: Settings) -> None:
    run(client, campaign_with, [(1000_00, "medical", "pledged")] * 7 + [(500_00, "medical", "counted")] * 5)
    organizer(client, settings)
    page = client.get("/organize/campaigns/1")
    assert page.status_code == 200
    text = main_text(page.text)
    assert "Medical debt strike" in text and "Open for pledges" in text
    assert "12 members have joined, with $9,500.00 of debt." in text
    assert "Members toward the goal of 100" in text and "12% of the goal" in text
    assert table(page.text, "Members by level of commitment") == [
        ["Counted (solidarity)", "5", "$2,500.00"], ["Pledged", "7", "$7,000.00"], ["Striking", "0", "$0.00"]]
    assert ["Medical", "12", "$9,500.00"] in table(page.text, "Members and debt by kind of debt")
    assert table(page.text, "Members over time, by level")[0][1:] == ["12", "$9,500.00", "5", "7", "0"]
    assert 'href="/organize/campaigns/1/figures.csv"' in page.text
    assert "pledger-qx" not in page.text


def test_how_members_joined_and_who_pledged_since(client: TestClient, settings: Settings) -> None:
    async def scenario(db: Database) -> None:
        campaign = await campaign_with(db, [(100_00, "medical", "counted")] * 12 + [(100_00, "medical", "pledged")] * 5)
        for pledge in (await queries.all_pledges(db, campaign))[:6]:
            await pledging.pledge(db, None, campaign, pledge["member_id"], pledge["debt_id"], "pledged", 0, NOW)

    run(client, scenario)
    organizer(client, settings)
    page = client.get("/organize/campaigns/1").text
    assert "6 of the 12 members who joined as counted have since pledged (50%)." in main_text(page)
    assert table(page, "How members first joined") == [
        ["Joined as counted, and have pledged since", "6"], ["Joined as counted, and have not pledged", "6"],
        ["Joined as pledged", "5"], ["Joined as striking", "0"]]


def test_a_conversion_of_fewer_than_k_is_hidden_with_its_complement(client: TestClient, settings: Settings) -> None:
    async def scenario(db: Database) -> None:
        campaign = await campaign_with(db, [(100_00, "medical", "counted")] * 10)
        first = (await queries.all_pledges(db, campaign))[0]
        await pledging.pledge(db, None, campaign, first["member_id"], first["debt_id"], "pledged", 0, NOW)

    run(client, scenario)
    organizer(client, settings)
    page = client.get("/organize/campaigns/1").text
    text = main_text(page)
    assert "have since pledged" not in text
    assert "How many members went from counted to pledged is hidden to protect small groups." in text
    joined = words(page.split('id="joined-heading">', 1)[1].split('<section aria-labelledby="confirmed-heading"', 1)[0])
    assert "How members first joined This breakdown is hidden to protect small groups." in joined
    assert not re.search(r"\d", joined)


def test_departures_and_retaliation_are_counted_and_small_ones_hidden(client: TestClient, settings: Settings) -> None:
    async def scenario(db: Database) -> None:
        campaign = await campaign_with(db, [(200_00, "medical", "pledged")] * 12, status="active")
        for pledge in (await queries.all_pledges(db, campaign))[:5]:
            await pledging.withdraw(db, campaign, pledge["member_id"], pledge["debt_id"], NOW)
        for kind, members in (("calls", 6), ("lawsuit", 1), ("garnishment", 5), ("any", 7)):
            await queries.add_cell(db, campaign, "retaliation", kind, members, 0)

    run(client, scenario)
    organizer(client, settings)
    page = client.get("/organize/campaigns/1").text
    assert table(page, "Departures after the threshold was met") == [
        ["Left after the threshold was met", "5", "$1,000.00"]]
    retaliation = dict((row[0], row[1]) for row in table(page, "Members who reported retaliation, by kind"))
    assert retaliation["Calls"] == "6" and retaliation["Any of these (members who reported at least one)"] == "7"
    assert retaliation["Lawsuits"] == retaliation["Wage or bank garnishment"] == HIDDEN
    assert retaliation["Threats"] == "0"


def test_everything_is_hidden_while_the_campaign_has_fewer_than_k_members(client: TestClient, settings: Settings) -> None:
    run(client, campaign_with, [(1234_56, "medical", "pledged")] * 3)
    organizer(client, settings)
    page = client.get("/organize/campaigns/1").text
    text = main_text(page)
    assert "Totals appear once enough members have joined" in text
    assert "This breakdown is hidden to protect small groups." in text
    assert not re.search(r"(?<![\d,.])3(?![\d,.])", text.replace("Members toward the goal of 100", ""))
    assert "1,234" not in text and "1,200" not in text
    rows = read_csv(client.get("/organize/campaigns/1/figures.csv"))
    assert rows and all(r["hidden"] == "yes" and r["members"] == "" and r["amount"] == "" for r in rows)


def test_the_csv_holds_every_section_with_hidden_cells_empty(client: TestClient, settings: Settings) -> None:
    run(client, lambda db: campaign_with(db, [(1000_00, "medical", "pledged")] * 6 + [(777_77, "credit_card", "pledged")],
                                         creditor="=HYPERLINK(\"http://evil\")"))
    organizer(client, settings)
    response = client.get("/organize/campaigns/1/figures.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["cache-control"] == "no-store"
    assert re.fullmatch(r'attachment; filename="medical-strike-figures-\d{4}-\d{2}-\d{2}\.csv"',
                        response.headers["content-disposition"])
    rows = read_csv(response)
    by_key = {(r["section"], r["label"], r["day"]): r for r in rows}
    assert by_key[("total", "all", "")]["members"] == "7"
    assert by_key[("level", "pledged", "")] == {
        "section": "level", "label": "pledged", "name": "Pledged", "day": "", "members": "7", "amount": "6800.00",
        "currency": "USD", "hidden": "no"}
    assert by_key[("kind", "credit_card", "")]["hidden"] == "yes" and by_key[("kind", "credit_card", "")]["members"] == ""
    assert by_key[("kind", "medical", "")]["hidden"] == "yes"  # its complement
    creditor = next(r for r in rows if r["section"] == "creditor")
    assert creditor["name"] == "'=HYPERLINK(\"http://evil\")" and creditor["members"] == "7"
    assert {r["section"] for r in rows} >= {"total", "level", "kind", "creditor", "region", "joined", "departures",
                                            "retaliation", "growth", "levels"}
    assert [r["members"] for r in rows if r["section"] == "levels"] == ["0", "7", "0"]
    assert all(r["hidden"] in ("yes", "no") for r in rows)


def test_csv_cells_that_a_spreadsheet_would_run_are_made_text() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("Navient") == "Navient" and spreadsheet_safe("") == ""
    row = FigureRow("creditor", "-12", "@evil", None, 5, 500_00, False)
    [line] = list(csv.reader(io.StringIO(figures_csv([row], "USD"))))[1:]
    assert line == ["creditor", "'-12", "'@evil", "", "5", "500.00", "USD", "no"]


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
