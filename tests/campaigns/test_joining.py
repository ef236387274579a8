"""Members find the campaigns their debts fit and join them through the pages: with the debts they
choose, at the level they choose, after reading what not paying can lead to; never with someone
else's debt or one that does not fit."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from campaigns.member.consequences import CONSEQUENCES, consequences_for
from debts.vocabulary import DEBT_KINDS
from server.settings import Settings
from tests.conftest import new_client, post, run, sign_up
from tests.factories.campaigns import campaign, cell, join, pledge_rows
from tests.factories.debts import navient_debt
from tests.factories.pages import notice, text

ATRIUM = "Atrium Health"


def checked(page: str, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" value="([^"]+)" checked', page))


def test_a_member_sees_how_many_campaigns_target_their_creditors(client: TestClient) -> None:
    campaign(client, "navient-strike")
    campaign(client, "navient-active", status="active")
    campaign(client, "navient-draft", status="draft")
    campaign(client, "navient-ended", status="ended")
    campaign(client, "hospital-strike", creditor_names=(ATRIUM,))
    campaign(client, "texas-students", creditor_names=(), kinds=("private_student",), regions=("US-CA",))
    visitor = text(client.get("/campaigns"))
    assert "Navient strike" in visitor and "Hospital strike" in visitor
    assert "Navient draft" not in visitor and "Navient ended" not in visitor
    assert "target your creditors" not in visitor
    sign_up(client, "maria")
    navient_debt(client)  # a private student loan from Navient, in Texas
    listing = text(client.get("/campaigns"))
    assert "2 campaigns target your creditors." in listing
    assert listing.count("Some of your debts fit this campaign.") == 2
    assert listing.count("None of your debts fits this campaign.") == 2
    assert "2 campaigns target your creditors." in text(client.get("/"))


def test_a_member_joins_with_two_debts_at_pledged_level_after_reading_the_consequences(client: TestClient) -> None:
    campaign_id = campaign(client)
    sign_up(client, "maria")
    first, second = navient_debt(client), navient_debt(client, balance="500", kind="federal_student")
    form = text(client.get("/campaigns/navient-strike/join"))
    assert "What not paying can lead to" in form
    assert "7 years" in form and "270 days" in form and "LawHelp.org" in form

    refused = join(client, [first, second], understood=False, min_others="25")
    assert refused.status_code == 400
    page = text(refused)
    assert "Tick the box to say you have read what not paying can lead to." in page
    assert checked(page, "debts") == {str(first), str(second)} and checked(page, "level") == {"pledged"}
    assert 'name="min_others" type="text" inputmode="numeric" maxlength="9" value="25"' in page
    assert pledge_rows(client) == []

    joined = join(client, [first, second], min_others="25")
    assert joined.status_code == 303 and joined.headers["location"] == "/campaigns/navient-strike/me"
    assert pledge_rows(client) == [(first, "pledged", 25), (second, "pledged", 25)]
    page = client.get(joined.headers["location"])
    assert notice(page) == "You have joined the campaign. Thank you: every debt counts."
    mine = text(page)
    assert "$12,345.67" in mine and "$500.00" in mine
    assert "only if at least 25 other members pledge" in mine
    assert run(client, cell, campaign_id, "total", "all") == (1, 12_845_67)


def test_being_counted_needs_no_box_and_ignores_a_condition(client: TestClient) -> None:
    campaign(client)
    sign_up(client, "maria")
    debt = navient_debt(client)
    assert join(client, [debt], level="counted", understood=False, min_others="10").status_code == 303
    assert pledge_rows(client) == [(debt, "counted", 0)]


def test_bad_choices_come_back_with_a_message_next_to_each_field(client: TestClient) -> None:
    campaign(client)
    sign_up(client, "maria")
    debt = navient_debt(client)
    for changes, field, message in (
        ({"debt_ids": []}, "debts", "Choose at least one debt."),
        ({"level": "rioting"}, "level", "Choose how you take part."),
        ({"min_others": "1000001"}, "min_others", "Write a whole number of members from 0 to 1,000,000"),
        ({"min_others": "-3"}, "min_others", "Write a whole number of members from 0 to 1,000,000"),
    ):
        response = join(client, changes.get("debt_ids", [debt]), level=changes.get("level", "pledged"),
                        min_others=changes.get("min_others", ""))
        assert response.status_code == 400, field
        assert message in text(response)
    assert pledge_rows(client) == []


def test_nobody_pledges_someone_elses_debt_or_one_that_does_not_fit(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    with new_client(settings) as other:
        sign_up(other, "jose")
        joses = navient_debt(other)
    sign_up(client, "maria")
    mine = navient_debt(client)
    hospital = navient_debt(client, kind="medical", original_creditor=ATRIUM)
    for chosen in ([joses], [mine, joses], [hospital], ["2147483648"], ["99999999999"], ["abc"]):
        response = post(client, "/campaigns/navient-strike/join",
                        {"debts": [str(c) for c in chosen], "level": "pledged", "understood": "yes"},
                        follow_redirects=False)
        assert response.status_code == 400, chosen
        page = text(response)
        assert "Choose among your own debts that fit this campaign." in page
        assert "12,345.67" in page and str(joses) not in checked(page, "debts")
    assert pledge_rows(client) == []
    assert run(client, cell, campaign_id, "total", "all") == (0, 0)
    assert f'value="{hospital}"' not in text(client.get("/campaigns/navient-strike/join"))


def test_a_member_with_no_fitting_debt_is_sent_to_add_one(client: TestClient) -> None:
    campaign(client)
    sign_up(client, "maria")
    navient_debt(client, kind="medical", original_creditor=ATRIUM)
    page = text(client.get("/campaigns/navient-strike/join"))
    assert "None of your debts fits this campaign yet." in page and "1 of your debts does not fit it." in page
    assert 'href="/debts/new"' in page and "<form method=\"post\" action=\"/campaigns/navient-strike/join\"" not in page


def test_drafts_are_not_found_and_closed_campaigns_take_no_pledges(client: TestClient) -> None:
    campaign(client, "navient-draft", status="draft")
    campaign(client, "navient-ended", status="ended")
    campaign(client, "navient-expired", status="expired")
    sign_up(client, "maria")
    debt = navient_debt(client)
    for path in ("/campaigns/navient-draft/join", "/campaigns/navient-draft/me", "/campaigns/nothing-here/join"):
        assert client.get(path).status_code == 404, path
    assert join(client, [debt], slug="navient-draft").status_code == 404
    ended = client.get("/campaigns/navient-ended/join")
    assert ended.status_code == 200 and "no longer takes pledges" in text(ended)
    assert join(client, [debt], slug="navient-ended").status_code == 409
    assert "nothing is asked of you" in text(client.get("/campaigns/navient-expired/join"))
    assert pledge_rows(client) == []


def test_visitors_are_sent_to_log_in_and_back(client: TestClient) -> None:
    campaign(client)
    response = client.get("/campaigns/navient-strike/join", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/campaigns/navient-strike/join"


def test_the_campaign_page_invites_to_join_then_leads_to_your_part(client: TestClient) -> None:
    campaign(client)
    assert 'href="/campaigns/navient-strike/join">Join this campaign' in client.get("/campaigns/navient-strike").text
    sign_up(client, "maria")
    join(client, [navient_debt(client)])
    page = client.get("/campaigns/navient-strike").text
    assert 'href="/campaigns/navient-strike/me">Your part in this campaign' in page
    assert "Join this campaign" not in page


def test_a_spanish_speaker_reads_the_consequences_in_spanish(client: TestClient) -> None:
    campaign(client)
    sign_up(client, "maria", language="es")
    first = navient_debt(client, kind="federal_student")
    page = text(client.get("/campaigns/navient-strike/join"))
    assert "Lo que puede pasar si no pagas" in page
    assert "Un préstamo estudiantil federal entra en incumplimiento (default) después de unos 270 días sin pagos." in page
    assert "Esto es información general, no asesoría legal" in page
    refused = join(client, [first], understood=False)
    assert "Marca la casilla para decir que leíste lo que puede pasar si no pagas." in text(refused)


def test_the_language_switch_gives_the_consequences_in_spanish_to_a_visitor_turned_member(client: TestClient) -> None:
    campaign(client)
    sign_up(client, "maria")
    navient_debt(client)
    english = text(client.get("/campaigns/navient-strike/join"))
    assert "Late fees and interest can keep adding to what you owe." in english
    post(client, "/language", {"language": "es", "next": "/campaigns/navient-strike/join"})
    spanish = text(client.get("/campaigns/navient-strike/join"))
    assert "Los cargos por mora y los intereses pueden seguir aumentando lo que debes." in spanish
    assert "Late fees and interest" not in spanish


def test_every_kind_of_debt_says_what_not_paying_can_lead_to_with_federal_loans_in_full():
    assert set(CONSEQUENCES) == set(DEBT_KINDS)
    federal = " ".join(str(t) for t in CONSEQUENCES["federal_student"])
    for fact in ("7 years", "judgment", "garnishment", "270 days", "15 percent", "without a court"):
        assert fact in federal, fact
    shown = consequences_for(["medical", "credit_card", "medical", "federal_student", "unknown"])
    assert [name for name, _texts in shown.by_kind] == ["Medical", "Federal student loan"]
    assert len(shown.every_debt) == 5
