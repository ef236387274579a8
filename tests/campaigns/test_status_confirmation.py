"""Every change of a campaign's status goes through a confirmation page: without `confirm` nothing
changes and nobody is told; confirmed, the change is made and the campaign's members are told. The
page says how many members from the released figure only, and opening shows the public page first."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from campaigns.public.figures import public_figures
from campaigns.tables import campaigns
from server.disclosure import wording
from server.i18n import using_language
from server.settings import Settings
from server.tables import members, notifications
from tests.conftest import csrf_token, run
from tests.factories.accounts import member, organizer
from tests.factories.campaigns import campaign_with, change_status, create, release, status, submit
from tests.factories.pages import main_text

OFFSET = 25_000  # every released node is exact + 25,000: the released figure is far from the exact one
PLEDGES = [(1000_00, "medical", "pledged")] * 7 + [(500_00, "medical", "counted")] * 5  # 12 members


def notices(client: TestClient) -> list[tuple[int, str]]:
    rows = run(client, lambda db: db.fetch_all(
        sa.select(notifications.c.member_id, notifications.c.kind).order_by(notifications.c.member_id)))
    return [(r["member_id"], r["kind"]) for r in rows if r["kind"].startswith("campaign_")]


def released_members(client: TestClient, publication: Any) -> str:
    """The members figure in words, as the dashboard and the public page word it."""
    settings = client.app_state["settings"]
    figures = public_figures(publication, [], [], settings.suppression_k)
    assert figures.members is not None
    return wording.members(figures.members)


@pytest.mark.parametrize(("start", "new", "told"), [("open", "ended", "that the campaign ended"),
                                                     ("active", "ended", "that the campaign ended"),
                                                     ("active", "won", "that the campaign was won")])
def test_closing_without_confirming_changes_nothing_and_tells_nobody(
    client: TestClient, settings: Settings, start: str, new: str, told: str
) -> None:
    campaign_id = run(client, lambda db: campaign_with(db, PLEDGES, status=start))
    publication = release(client, campaign_id, offset=OFFSET)
    organizer(client, settings)
    shown = client.get(f"/organize/campaigns/{campaign_id}/{'end' if new == 'ended' else new}")
    one_click = change_status(client, campaign_id, new, confirm=False)  # the old one-click button's POST
    for page in (shown, one_click):
        assert page.status_code == 200
        text = html.unescape(main_text(page.text))
        assert f"The members who have joined — {released_members(client, publication)}, as last published — " \
               f"will each be told {told}." in text
        assert not re.search(r"(?<![\d,.])12(?![\d,.])", text), "the exact count of members"
        assert 'name="confirm" value="yes"' in page.text
    assert run(client, status, campaign_id) == start
    assert notices(client) == []


def test_ending_once_confirmed_ends_the_campaign_and_tells_every_member(client: TestClient, settings: Settings) -> None:
    campaign_id = run(client, campaign_with, PLEDGES)
    organizer(client, settings)
    done = change_status(client, campaign_id, "ended")
    assert done.status_code == 303 and done.headers["location"] == f"/organize/campaigns/{campaign_id}/edit"
    assert run(client, status, campaign_id) == "ended"
    told = notices(client)
    assert len(told) == 12 and {kind for _m, kind in told} == {"campaign_ended"}
    assert len({m for m, _k in told}) == 12
    again = change_status(client, campaign_id, "ended")  # a second click, or a second organizer
    assert again.status_code == 409 and len(notices(client)) == 12


def test_winning_once_confirmed_tells_every_member(client: TestClient, settings: Settings) -> None:
    campaign_id = run(client, lambda db: campaign_with(db, PLEDGES, status="active"))
    organizer(client, settings)
    assert change_status(client, campaign_id, "won").status_code == 303
    assert run(client, status, campaign_id) == "won"
    assert {kind for _m, kind in notices(client)} == {"campaign_won"} and len(notices(client)) == 12


def test_before_the_first_release_the_page_does_not_guess_how_many(client: TestClient, settings: Settings) -> None:
    campaign_id = run(client, campaign_with, PLEDGES)
    organizer(client, settings)
    text = html.unescape(main_text(client.get(f"/organize/campaigns/{campaign_id}/end").text))
    assert "Every member who has joined will be told that the campaign ended." in text
    assert "No figures have been published yet" in text
    assert not re.search(r"(?<![\d,.])12(?![\d,.])", text)


def test_opening_shows_the_public_page_first_and_changes_nothing_until_confirmed(
    client: TestClient, settings: Settings
) -> None:
    member(client, settings, "rosa", "organizer")
    campaign_id = create(client, story="We are **all** in this.")
    for page in (client.get(f"/organize/campaigns/{campaign_id}/open"),
                 change_status(client, campaign_id, "open", confirm=False)):
        assert page.status_code == 200
        text = html.unescape(main_text(page.text))
        assert "Open this campaign for pledges?" in text
        assert "The public page, as it will look once open" in text
        assert "<strong>all</strong>" in page.text and "Open for pledges" in text  # the story, as the public reads it
        assert f"Its page becomes public at {settings.base_url}/campaigns/medical-debt-strike:" in text
        assert 'href="/campaigns/medical-debt-strike/join"' not in page.text  # the preview's button leads nowhere
    assert run(client, status, campaign_id) == "draft"
    assert client.get("/campaigns/medical-debt-strike").status_code == 404  # still a draft: not public
    assert change_status(client, campaign_id, "open").status_code == 303
    assert run(client, status, campaign_id) == "open" and notices(client) == []


def test_the_edit_page_links_to_the_confirmation_not_a_one_click_form(client: TestClient, settings: Settings) -> None:
    member(client, settings, "rosa", "organizer")
    campaign_id = create(client)
    page = client.get(f"/organize/campaigns/{campaign_id}/edit").text
    assert f'href="/organize/campaigns/{campaign_id}/open"' in page
    assert f'action="/organize/campaigns/{campaign_id}/open"' not in page


@pytest.mark.parametrize("path", ["open", "won", "end"])
def test_members_who_do_not_organize_get_403_even_confirmed(client: TestClient, settings: Settings, path: str) -> None:
    campaign_id = run(client, lambda db: campaign_with(db, PLEDGES, status="active" if path == "won" else "open"))
    member(client, settings, "maria")
    assert client.get(f"/organize/campaigns/{campaign_id}/{path}").status_code == 403
    assert submit(client, f"/organize/campaigns/{campaign_id}/{path}", {"confirm": "yes"}).status_code == 403
    assert run(client, status, campaign_id) in ("open", "active") and notices(client) == []


def test_a_forged_confirmation_without_the_csrf_token_is_refused(client: TestClient, settings: Settings) -> None:
    campaign_id = run(client, campaign_with, PLEDGES)
    organizer(client, settings)
    csrf_token(client)  # the browser has a session with a token, which the forged form does not carry
    forged = client.post(f"/organize/campaigns/{campaign_id}/end", data={"confirm": "yes"})
    assert forged.status_code == 403
    assert run(client, status, campaign_id) == "open" and notices(client) == []
    assert run(client, lambda db: db.fetch_val(sa.select(campaigns.c.closed_at))) is None


def test_the_confirmation_reads_in_spanish(client: TestClient, settings: Settings) -> None:
    campaign_id = run(client, campaign_with, PLEDGES)
    publication = release(client, campaign_id, offset=OFFSET)
    organizer(client, settings)
    run(client, lambda db: db.execute(members.update().values(language="es")))
    text = html.unescape(main_text(client.get(f"/organize/campaigns/{campaign_id}/end").text))
    with using_language("es"):
        figure = released_members(client, publication)
    assert "¿Terminar esta campaña?" in text
    assert f"Se avisará a los miembros que se han sumado —{figure}, según las últimas cifras publicadas— de que " \
           "la campaña terminó." in text
