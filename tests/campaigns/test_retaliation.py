"""Members on strike report what creditors do to them: organizers get counts of distinct members
per kind, never a report; the private note is readable only by its author; deleting a report,
or erasing the account, takes it out of the counts. The download holds a member's part in every
campaign."""

from __future__ import annotations

import json

import sqlalchemy as sa
from starlette.testclient import TestClient

from campaigns.counters.recount import recount
from campaigns.tables import retaliation_reports
from server.settings import Settings
from tests.conftest import STRONG_PASSWORD, new_client, post, run, sign_up
from tests.factories.campaigns import activate, campaign, cell, join
from tests.factories.debts import navient_debt
from tests.factories.pages import text

NOTE = "They called my boss on 3 May. Private note plugh."


def report(client: TestClient, kind: str, **fields: str) -> object:
    return post(client, "/campaigns/navient-strike/me/reports", {"kind": kind, **fields}, follow_redirects=False)


def report_ids(client: TestClient) -> list[int]:
    rows = run(client, lambda db: db.fetch_all(sa.select(retaliation_reports.c.id).order_by(retaliation_reports.c.id)))
    return [r["id"] for r in rows]


def counts(client: TestClient, campaign_id: int) -> dict[str, int]:
    return {label: run(client, cell, campaign_id, "retaliation", label)[0]
            for label in ("calls", "threats", "lawsuit", "any")}


def striker(client: TestClient, handle: str) -> None:
    sign_up(client, handle)
    join(client, [navient_debt(client)], level="striking")


def test_reports_count_distinct_members_per_kind_and_deleting_takes_them_back(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    with new_client(settings) as jose:
        striker(jose, "jose")
        striker(client, "maria")
        activate(client, campaign_id)
        assert report(jose, "calls").status_code == 303
        for kind in ("calls", "calls", "threats"):
            assert report(client, kind).status_code == 303
        assert counts(client, campaign_id) == {"calls": 2, "threats": 1, "lawsuit": 0, "any": 2}
        joses, *marias = report_ids(client)

        post(client, f"/campaigns/navient-strike/me/reports/{marias[0]}/delete", {})
        assert counts(client, campaign_id) == {"calls": 2, "threats": 1, "lawsuit": 0, "any": 2}
        post(client, f"/campaigns/navient-strike/me/reports/{marias[1]}/delete", {})
        assert counts(client, campaign_id) == {"calls": 1, "threats": 1, "lawsuit": 0, "any": 2}
        post(jose, f"/campaigns/navient-strike/me/reports/{joses}/delete", {})
        assert counts(client, campaign_id) == {"calls": 0, "threats": 1, "lawsuit": 0, "any": 1}
        assert report_ids(client) == [marias[2]]
        assert post(jose, f"/campaigns/navient-strike/me/reports/{marias[2]}/delete", {}).status_code == 404
        assert jose.get(f"/campaigns/navient-strike/me/reports/{marias[2]}/delete").status_code == 404
        assert post(jose, "/campaigns/navient-strike/me/reports/2147483648/delete", {}).status_code == 404
    assert counts(client, campaign_id)["threats"] == 1
    assert run(client, lambda db: recount(db))[campaign_id] == []
    assert counts(client, campaign_id) == {"calls": 0, "threats": 1, "lawsuit": 0, "any": 1}


def test_the_note_is_sealed_and_only_its_author_reads_it(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    striker(client, "maria")
    activate(client, campaign_id)
    creditor = run(client, lambda db: db.fetch_val(sa.text("SELECT id FROM creditors WHERE name = 'Navient'")))
    assert report(client, "garnishment", happened_on="2026-01-15", creditor=str(creditor), note=NOTE).status_code == 303
    row = run(client, lambda db: db.fetch_one(retaliation_reports.select()))
    assert row["creditor_id"] == creditor and str(row["happened_on"]) == "2026-01-15"
    assert b"plugh" not in bytes(row["note_sealed"])
    page = text(client.get("/campaigns/navient-strike/me"))
    assert NOTE in page and "Garnishment of pay or of a bank account" in page
    with new_client(settings) as jose:
        striker(jose, "jose")
        other = text(jose.get("/campaigns/navient-strike/me"))
        assert "plugh" not in other and "Your reports" not in other


def test_a_wrong_report_comes_back_with_what_was_typed(client: TestClient) -> None:
    campaign_id = campaign(client)
    striker(client, "maria")
    activate(client, campaign_id)
    for fields, message in (
        ({"kind": "arson"}, "Choose what happened."),
        ({"kind": "calls", "happened_on": "2999-01-01"}, "Choose a day from 2000 to today."),
        ({"kind": "calls", "happened_on": "yesterday"}, "Write the date like 2027-03-31"),
        ({"kind": "calls", "creditor": "999999"}, "Choose one of the creditors of your debts in this campaign."),
        ({"kind": "calls", "creditor": "99999999999999"}, "Choose one of the creditors of your debts in this campaign."),
        ({"kind": "calls", "note": "x" * 2001}, "A note has at most 2,000 characters; this has 2,001."),
    ):
        response = post(client, "/campaigns/navient-strike/me/reports", {"note": NOTE, **fields})
        assert response.status_code == 400, fields
        assert message in text(response)
        if "note" not in fields:
            assert NOTE in text(response)
    assert report_ids(client) == [] and counts(client, campaign_id)["any"] == 0


def test_nothing_to_report_before_the_strike_or_without_taking_part(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    striker(client, "maria")
    assert "Report retaliation" not in text(client.get("/campaigns/navient-strike/me"))
    assert report(client, "calls").status_code == 409
    activate(client, campaign_id)
    with new_client(settings) as jose:
        sign_up(jose, "jose")
        assert report(jose, "calls").status_code == 404
    assert report_ids(client) == []


def test_the_download_holds_the_members_campaigns_and_erasure_uncounts_their_reports(
    client: TestClient, settings: Settings,
) -> None:
    campaign_id = campaign(client, title="Navient strike")
    striker(client, "maria")
    activate(client, campaign_id)
    post(client, "/campaigns/navient-strike/me/confirm", {})
    report(client, "lawsuit", note=NOTE)
    response = post(client, "/account/data/export", {})
    [part] = json.loads(response.content)["campaigns"]
    assert part["campaign"] == "Navient strike" and part["first_level"] == "striking"
    assert part["confirmed_at"] is not None and part["joined_at"] is not None
    assert [(d["level"], d["creditor"]) for d in part["debts"]] == [("striking", "Navient")]
    assert [(r["kind"], r["note"]) for r in part["retaliation_reports"]] == [("lawsuit", NOTE)]

    assert counts(client, campaign_id)["lawsuit"] == 1
    erased = post(client, "/account/erase", {"password": STRONG_PASSWORD, "confirm": "yes"},
                  follow_redirects=False)
    assert erased.status_code in (200, 303), erased.text
    assert counts(client, campaign_id) == {"calls": 0, "threats": 0, "lawsuit": 0, "any": 0}
    assert report_ids(client) == []
    assert run(client, cell, campaign_id, "total", "all") == (0, 0)
