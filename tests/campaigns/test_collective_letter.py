"""A campaign's collective letter through the pages: organizers write it from the campaign's demands;
members taking part sign it with their name and city or without their name, and may withdraw
until it is sent; marking it sent freezes it under a kept hash. The PDF prints named signers and
only counts the others, never a small group's number; nobody but organizers reaches its pages."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from starlette.testclient import TestClient

from campaigns.collective_letter.contents import CITY, NAME, collective_letter
from campaigns.collective_letter.rules import content_hash
from campaigns.collective_letter.tables import campaign_letter_signers, campaign_letters
from campaigns.counters import queries as campaign_queries
from campaigns.tables import campaign_members
from server import members as accounts
from server.db import Database, utcnow
from server.pdf import pdf_text
from server.registry import DOMAINS
from server.settings import Settings
from server.tables import members
from tests.conftest import STRONG_PASSWORD, log_in, new_client, post, run, sign_up
from tests.factories.campaigns import campaign, join
from tests.factories.debts import navient_debt
from tests.factories.pages import notice, text

ME = "/campaigns/navient-strike/me"
RECIPIENT = "Navient Solutions LLC\nOffice of the General Counsel\n123 Justison St\nWilmington, DE 19801"
BODY = "We, members of the campaign, demand:\n- Cancel every private student loan\n- Stop every lawsuit against us"


def organizer(client: TestClient, settings: Settings, handle: str = "olga") -> int:
    with new_client(settings) as browser:
        sign_up(browser, handle)
    member_id = int(run(client, accounts.member_by_handle_key, handle)["id"])
    run(client, lambda db: accounts.grant_role(db, member_id, "organizer", None, utcnow()))
    assert log_in(client, handle).status_code == 303
    return member_id


def letter_url(campaign_id: int, rest: str = "") -> str:
    return f"/organize/campaigns/{campaign_id}/letter{rest}"


def save(client: TestClient, campaign_id: int, **changes: str) -> Any:
    data = {"recipient": RECIPIENT, "body": BODY, "language": "en", **changes}
    return post(client, letter_url(campaign_id), data, follow_redirects=False)


def sign(browser: TestClient, signing: str = "named", name: str = "", city: str = "") -> Any:
    return post(browser, f"{ME}/letter", {"signing": signing, "name": name, "city": city},
                follow_redirects=False)


def member_taking_part(browser: TestClient, handle: str) -> None:
    sign_up(browser, handle)
    assert join(browser, [navient_debt(browser)]).status_code == 303


def pdf_words(client: TestClient, campaign_id: int) -> str:
    response = client.get(letter_url(campaign_id, ".pdf"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    return " ".join(pdf_text(response.content).split())


def the_letter(client: TestClient, campaign_id: int) -> dict[str, Any]:
    row = run(client, lambda db: db.fetch_one(campaign_letters.select().where(
        campaign_letters.c.campaign_id == campaign_id)))
    assert row is not None
    return dict(row)


def signer_rows(client: TestClient) -> list[dict[str, Any]]:
    return [dict(r) for r in run(client, lambda db: db.fetch_all(campaign_letter_signers.select()))]


async def insert_rows(db: Database, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Many rows in few statements (row by row, 10,000 take ten seconds on SQLite)."""
    for start in range(0, len(rows), 500):
        await db.execute(table.insert().values(rows[start:start + 500]))


async def add_participants(db: Database, campaign_id: int, count: int, prefix: str) -> list[int]:
    """Members taking part in the campaign, straight into the tables (no debts: the letter only
    asks whether they take part)."""
    now = utcnow()
    await insert_rows(db, members, [{
        "handle": f"{prefix}{i}", "handle_key": f"{prefix}{i}", "password_hash": "x", "language": "en",
        "data_key_by_password": "x", "data_key_by_recovery": "x", "created_at": now, "password_changed_at": now,
    } for i in range(count)])
    ids = [r["id"] for r in await db.fetch_all(
        sa.select(members.c.id).where(members.c.handle.like(f"{prefix}%")).order_by(members.c.id))]
    await insert_rows(db, campaign_members, [
        {"campaign_id": campaign_id, "member_id": i, "joined_at": now, "first_level": "counted"} for i in ids])
    return ids


def test_an_organizer_writes_the_letter_from_the_campaigns_demands(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    run(client, lambda db: campaign_queries.update_campaign(db, campaign_id, demands="- Cancel the loans"))
    organizer(client, settings)
    assert "The campaign's letter" in text(client.get(f"/organize/campaigns/{campaign_id}"))
    page = text(client.get(letter_url(campaign_id)))
    assert "- Cancel the loans</textarea>" in page and ">Navient\n</textarea>" in page
    assert "does not dispute anyone's debt" in page and "Mark as sent" not in page

    refused = save(client, campaign_id, recipient="  ", language="klingon", body="Our words, kept")
    assert refused.status_code == 400
    page = text(refused)
    assert "Write who the letter goes to" in page and "Choose the letter's language." in page
    assert "Our words, kept</textarea>" in page
    assert save(client, campaign_id, body="x" * 20_001).status_code == 400
    assert client.get(letter_url(campaign_id, "/preview")).status_code == 404  # nothing saved yet

    assert save(client, campaign_id).headers["location"] == letter_url(campaign_id)
    saved = the_letter(client, campaign_id)
    assert (saved["recipient"], saved["body"], saved["language"], saved["status"]) == (RECIPIENT, BODY, "en", "draft")
    shown = client.get(letter_url(campaign_id))
    assert notice(shown) == "The letter was saved. Members taking part can sign it from their page of the campaign."
    page = text(shown)
    assert "Mark as sent" in page and "Cancel every private student loan" in page
    assert client.get(letter_url(2**31, "")).status_code == 404


def test_members_taking_part_sign_named_or_not_and_may_withdraw(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    organizer(client, settings)
    with new_client(settings) as maria, new_client(settings) as jose, new_client(settings) as pedro:
        member_taking_part(maria, "maria")
        assert "The campaign's letter" not in text(maria.get(ME))  # nothing until it is written
        save(client, campaign_id)
        page = text(maria.get(ME))
        assert "The campaign is writing to Navient Solutions LLC" in page
        assert "It does not dispute your debt, stop collection, pause credit reporting" in page
        assert 'href="/debts"' in page and "“Write a letter”" in page and "LawHelp.org" in page

        missing = sign(maria, "named", name="María Quintero")
        assert missing.status_code == 400
        assert "Write your city." in text(missing) and 'value="María Quintero"' in text(missing)
        assert sign(maria, "maybe").status_code == 400
        assert sign(maria, "named", name="M" * 121, city="El Paso").status_code == 400
        assert signer_rows(client) == []
        assert sign(maria, "named", name=" María   Quintero ", city="El Paso").headers["location"] == f"{ME}#letter"
        shown = maria.get(ME)
        assert notice(shown) == "Thank you: you have signed the campaign's letter."
        assert "with your name and city: María Quintero, El Paso" in text(shown)
        [row] = signer_rows(client)
        assert row["named"] and "María" not in str(row) and row["name_sealed"].startswith("t1.")

        member_taking_part(jose, "jose")
        assert sign(jose, "not_named", name="ignored", city="ignored").status_code == 303
        assert "as a member who chose not to be named" in text(jose.get(ME))
        assert [r["name_sealed"] for r in signer_rows(client) if not r["named"]] == [None]

        sign_up(pedro, "pedro")  # not taking part
        refused = sign(pedro, "named", name="Pedro", city="Austin")
        assert refused.status_code == 403 and "Only members taking part" in text(refused)

        save(client, campaign_id, body=BODY + "\n\nAnd meet with us.")
        assert "The letter changed after you signed it." in text(jose.get(ME))
        withdrawn = post(jose, f"{ME}/letter/withdraw", {})  # the redirect followed, as a browser does
        assert withdrawn.status_code == 200 and notice(withdrawn) == "Your signature was taken off the campaign's letter."
        assert post(jose, f"{ME}/letter/withdraw", {}).status_code == 404  # nothing left to withdraw
        assert len(signer_rows(client)) == 1


def test_the_letters_own_words_follow_its_language_not_the_pages(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    organizer(client, settings)
    save(client, campaign_id, language="es")
    with new_client(settings) as maria:
        member_taking_part(maria, "maria")
        sign(maria, "named", name="María Quintero", city="El Paso")
    preview = client.get(letter_url(campaign_id, "/preview")).text
    assert '<html lang="es">' in preview and "Exigencias de los miembros de" in preview
    assert "Firmada por 1 miembro de la campaña con su nombre." in preview and "exigencia política colectiva" in preview
    assert "Signatories" not in preview
    save(client, campaign_id, language="both")
    assert the_letter(client, campaign_id)["language"] == "es"  # "both" is not a language code
    save(client, campaign_id, language="bilingual")
    preview = client.get(letter_url(campaign_id, "/preview")).text
    assert "Signatories" in preview and "Traducción al español, para referencia" in preview and "Firmantes" in preview
    assert preview.count("María Quintero, El Paso") == 1  # the Spanish copy refers to the English list
    assert "figuran en la versión en inglés" in preview


def test_marking_sent_freezes_the_letter_and_keeps_its_hash(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    organizer(client, settings)
    save(client, campaign_id)
    with new_client(settings) as maria, new_client(settings) as ana:
        member_taking_part(maria, "maria")
        sign(maria, "named", name="María Quintero", city="El Paso")
        member_taking_part(ana, "ana")
        sign(ana, "named", name="Ana Ruiz", city="Austin")
        ana_id = run(client, accounts.member_by_handle_key, "ana")["id"]
        run(client, lambda db: campaign_queries.delete_participation(db, campaign_id, ana_id))  # she left
        assert "Ana Ruiz" not in client.get(letter_url(campaign_id, "/preview")).text

        unconfirmed = post(client, letter_url(campaign_id, "/sent"), {}, follow_redirects=False)
        assert unconfirmed.status_code == 400 and "Tick the box" in text(unconfirmed)
        sent = post(client, letter_url(campaign_id, "/sent"), {"confirm": "yes"}, follow_redirects=False)
        assert sent.headers["location"] == letter_url(campaign_id)
        letter = the_letter(client, campaign_id)
        assert letter["status"] == "sent" and letter["sent_at"] is not None
        assert re.fullmatch(r"[0-9a-f]{64}", letter["content_hash"])
        maria_id = run(client, accounts.member_by_handle_key, "maria")["id"]
        assert [r["member_id"] for r in signer_rows(client)] == [maria_id]  # hers went as the letter was sent

        keyring = client.app_state["keyring"]
        campaign_row = run(client, campaign_queries.campaign_by_id, campaign_id)
        contents = run(client, lambda db: collective_letter(
            db, keyring, campaign_row, letter, k=5, contact="http://testserver/campaigns/navient-strike"))
        assert content_hash(contents) == letter["content_hash"]
        shown = client.get(letter_url(campaign_id))
        assert notice(shown) == "The letter is marked as sent. It can no longer change."
        page = text(shown)
        assert letter["content_hash"] in page.replace("<wbr>", "") and "reads exactly as it did when it was sent" in page

        assert sign(maria, "not_named").status_code == 409
        late = post(maria, f"{ME}/letter/withdraw", {})
        assert late.status_code == 409 and "it can no longer be withdrawn" in text(late)
        assert "The letter was sent on" in text(maria.get(ME)) and "It carries your name and city." in text(maria.get(ME))
        assert save(client, campaign_id, body="Changed").status_code == 409
        assert post(client, letter_url(campaign_id, "/sent"), {"confirm": "yes"}).status_code == 409
        assert the_letter(client, campaign_id) == letter

        erased = post(maria, "/account/erase", {"password": STRONG_PASSWORD, "confirm": "yes"},
                      follow_redirects=False)
        assert erased.status_code in (200, 303), erased.text
    assert signer_rows(client) == []
    assert "no longer reads exactly as it did" in text(client.get(letter_url(campaign_id)))
    assert "María" not in client.get(letter_url(campaign_id, "/preview")).text


def test_only_organizers_reach_the_letters_pages(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    with new_client(settings) as olga:
        organizer(olga, settings)
        save(olga, campaign_id)
    pages = [letter_url(campaign_id), letter_url(campaign_id, "/preview"), letter_url(campaign_id, ".pdf")]
    for path in pages:
        assert client.get(path, follow_redirects=False).headers["location"].startswith("/login")
    sign_up(client, "maria")
    for path in pages:
        assert client.get(path).status_code == 403
    for path in (letter_url(campaign_id), letter_url(campaign_id, "/sent")):
        assert post(client, path, {"recipient": "x", "body": "y", "language": "en", "confirm": "yes"}).status_code == 403
    assert the_letter(client, campaign_id)["body"] == BODY


def test_the_download_holds_the_signature_and_erasure_takes_it_off(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client, title="Navient strike")
    with new_client(settings) as olga:
        organizer(olga, settings)
        save(olga, campaign_id)
    member_taking_part(client, "maria")
    sign(client, "named", name="María Quintero", city="El Paso")
    export = json.loads(post(client, "/account/data/export", {}).content)
    assert [(s["campaign"], s["named"], s["name"], s["city"], s["letter_status"]) for s in export["campaign_letters"]] \
        == [("Navient strike", True, "María Quintero", "El Paso", "draft")]
    erased = post(client, "/account/erase", {"password": STRONG_PASSWORD, "confirm": "yes"},
                  follow_redirects=False)
    assert erased.status_code in (200, 303), erased.text
    assert signer_rows(client) == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # one run: it is about WeasyPrint
def test_a_letter_with_ten_thousand_signatories_renders(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    organizer(client, settings)
    save(client, campaign_id)
    keyring = client.app_state["keyring"]

    async def ten_thousand(db: Database) -> None:
        ids = await add_participants(db, campaign_id, 10_000, "signer")
        await insert_rows(db, campaign_letter_signers, [{
            "campaign_id": campaign_id, "member_id": member_id, "named": True, "signed_at": utcnow(),
            "name_sealed": keyring.encrypt(f"Signer {n:05d} Quintero", NAME),
            "city_sealed": keyring.encrypt(f"City {n % 97}", CITY),
        } for n, member_id in enumerate(ids)])

    run(client, ten_thousand)
    response = client.get(letter_url(campaign_id, ".pdf"))
    assert response.status_code == 200
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    assert 10_000 / 400 <= pages <= 10_000 / 40  # small type, many names a page, nobody dropped
    words = " ".join(pdf_text(response.content).split())
    assert "Signed by 10,000 members of the campaign by name." in words
    assert "Signer 00000 Quintero, City 0 ·" in words and "Signer 09999 Quintero, City 8" in words
    assert words.count("Quintero, City") == 10_000


def test_key_rotation_moves_every_signers_name_and_city_to_the_new_key(client, monkeypatch) -> None:
    import os

    from campaigns.collective_letter.contents import CITY, NAME
    from campaigns.collective_letter.tables import campaign_letter_signers
    from campaigns.counters import queries as campaign_queries
    from server import rotation
    from server.db import utcnow
    from tests.factories.accounts import keyring
    from tests.factories.campaigns import NOW, make_members

    monkeypatch.setattr(rotation, "BATCH", 3)  # several pages over the two-column key
    old = keyring("t0")

    async def signers(db) -> list[int]:
        people = await make_members(db, 4)
        rows = []
        for slug in ("one", "two"):
            campaign = await campaign_queries.create_campaign(
                db, slug=slug, title=slug, status="open", currency="USD", threshold_members=10, created_at=NOW)
            rows += [{"campaign_id": campaign, "member_id": member, "named": True, "signed_at": utcnow(),
                      "name_sealed": old.encrypt(f"Name {campaign}-{member}", NAME),
                      "city_sealed": old.encrypt(f"City {member}", CITY)} for member in people]
        await db.execute_many(campaign_letter_signers.insert(), rows)
        return people

    run(client, signers)
    new = keyring("t2", t2=os.urandom(32))
    counts = run(client, rotation.rotate, new, DOMAINS.encrypted_fields)
    assert counts["campaign_letter_signers.name_sealed"] == counts["campaign_letter_signers.city_sealed"] == 8
    rows = run(client, lambda db: db.fetch_all(campaign_letter_signers.select()))
    assert all(r["name_sealed"].startswith("t2.") and r["city_sealed"].startswith("t2.") for r in rows)
    assert sorted(new.decrypt(r["city_sealed"], CITY) for r in rows) == sorted(
        f"City {r['member_id']}" for r in rows)
    assert run(client, rotation.remaining, new, DOMAINS.encrypted_fields) == 0
