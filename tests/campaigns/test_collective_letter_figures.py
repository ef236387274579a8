"""What a collective letter prints about several members goes through the disclosure mechanism:
the campaign's totals as released by the start of the letter's date, and the number of members
who signed without their name, released once with noise when the letter is marked sent."""

from __future__ import annotations

import datetime as dt
import re

from starlette.testclient import TestClient

from campaigns.collective_letter.tables import campaign_letter_signers
from campaigns.counters import queries as campaign_queries
from server.db import utcnow
from server.disclosure import noise, wording
from server.i18n import format_date
from server.settings import Settings
from tests.campaigns.test_collective_letter import (
    add_participants,
    letter_url,
    member_taking_part,
    organizer,
    pdf_words,
    save,
    sign,
    the_letter,
)
from tests.conftest import new_client, post, run
from tests.factories.campaigns import campaign, release
from tests.factories.pages import text


def test_the_pdf_names_only_named_signers_and_counts_the_others_only_once_sent_with_noise(
    client: TestClient, settings: Settings,
) -> None:
    campaign_id = campaign(client)
    organizer(client, settings)
    save(client, campaign_id)
    with new_client(settings) as maria, new_client(settings) as jose:
        member_taking_part(maria, "maria")
        sign(maria, "named", name="María Quintero", city="El Paso")
        member_taking_part(jose, "jose")
        sign(jose, "not_named")
    client.get(letter_url(campaign_id))  # the "saved" notice shows once
    page = text(client.get(letter_url(campaign_id)))
    assert re.search(r"Signed without their name</dt>\s*<dd>counted, approximately, when the letter is sent</dd>", page)
    preview = client.get(letter_url(campaign_id, "/preview"))
    assert "frame-ancestors 'self'" in preview.headers["content-security-policy"]
    assert "form-action 'none'" in preview.headers["content-security-policy"]
    assert "base-uri 'none'" in preview.headers["content-security-policy"]
    assert "María Quintero, El Paso" in preview.text
    assert "Signed by 1 member of the campaign by name." in preview.text
    assert "Members who sign without their name are counted, approximately, when the letter is sent." in preview.text

    words = pdf_words(client, campaign_id)
    assert "Navient Solutions LLC" in words and "Wilmington, DE 19801" in words
    assert "Cancel every private student loan" in words and "collective political demand" in words
    assert "María Quintero, El Paso" in words
    assert "jose" not in words and "maria" not in words  # handles are never printed

    # more members sign without their name: a draft shows nothing that moves with them
    quiet = run(client, lambda db: add_participants(db, campaign_id, 4, "quiet"))
    run(client, lambda db: db.execute_many(campaign_letter_signers.insert(), [
        {"campaign_id": campaign_id, "member_id": m, "named": False, "signed_at": utcnow()} for m in quiet]))
    assert client.get(letter_url(campaign_id, "/preview")).text == preview.text
    assert text(client.get(letter_url(campaign_id))) == page

    assert post(client, letter_url(campaign_id, "/sent"), {"confirm": "yes"}).status_code == 200
    letter = the_letter(client, campaign_id)
    released, margin = letter["not_named_released"], letter["not_named_margin"]
    assert margin == noise.margin(noise.laplace_scale(settings.privacy_budget.epsilon_release, 1))
    sent = client.get(letter_url(campaign_id, "/preview")).text
    if released > margin:
        assert f"and by about {wording.rounded(released, margin)[0]:,} who chose not to be named." in sent
    else:
        assert "too few to count without revealing any of them, and are not counted here." in sent
    assert client.get(letter_url(campaign_id, "/preview")).text == sent  # drawn once, kept


def test_released_totals_are_printed_as_of_the_day_before_the_letter(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    organizer(client, settings)
    save(client, campaign_id)
    assert "members had joined the campaign" not in client.get(letter_url(campaign_id, "/preview")).text
    opened = utcnow() - dt.timedelta(days=10)
    run(client, lambda db: campaign_queries.update_campaign(db, campaign_id, created_at=opened, opened_at=opened))
    release(client, campaign_id, days=9, offset=5_000)  # yesterday at midnight
    today = release(client, campaign_id, days=10, offset=5_000)  # today at midnight: the day before is over
    members = today.value("members")  # two nodes (8 days and 2 days) of 5,000 each: 10,000
    preview = client.get(letter_url(campaign_id, "/preview")).text
    yesterday = utcnow().date() - dt.timedelta(days=1)
    assert f"As of {format_date(yesterday, 'long')}, about {members:,} members had joined the campaign" in preview
    assert "in debts was claimed from them" not in preview  # $10,000 is far within the amount's margin
    release(client, campaign_id, days=11, offset=90_000)  # tomorrow's release is not the letter's
    assert client.get(letter_url(campaign_id, "/preview")).text == preview
