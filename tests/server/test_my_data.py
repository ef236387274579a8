"""Your data: a member downloads everything Jubilee holds about them and reads who changed their
account. Erasure is in test_my_data_erasure.py, which shares the helpers here."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from accounts.admin.service import create_administrator
from accounts.audit_words import describe
from accounts.my_data.download import export_disposition
from server import crypto
from server import members as queries
from server.db import Database
from server.domain import Domain, Domains
from server.settings import Settings
from server.tables import email_outbox, sessions
from tests.conftest import STRONG_PASSWORD, log_in, new_client, post, run, sign_up, with_domain

ADMIN_PASSWORD = "quiet harbor lanterns at dusk"
FIREFOX_ON_ANDROID = "Mozilla/5.0 (Linux; Android 14) Firefox/131.0"
SAFARI_ON_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Safari/605.1"


def text(response: Any) -> str:
    return html.unescape(response.text)


def member_id(client: TestClient, handle: str) -> int:
    row = run(client, queries.member_by_handle_key, handle)
    assert row is not None, handle
    return int(row["id"])


def member_row(client: TestClient, handle: str) -> dict[str, Any] | None:
    return run(client, queries.member_by_handle_key, handle)


def keyring(settings: Settings) -> crypto.Keyring:
    return crypto.Keyring(settings.encryption_keys, settings.current_key_id)


def queued_emails(client: TestClient, settings: Settings) -> list[dict[str, Any]]:
    rows = run(client, lambda db: db.fetch_all(email_outbox.select().order_by(email_outbox.c.id)))
    ring = keyring(settings)
    return [{**r, **{f: ring.decrypt(r[f], crypto.OUTBOX) for f in ("recipient", "subject", "body")}} for r in rows]


def add_email(client: TestClient, settings: Settings, email: str) -> None:
    """Through the pages: ask for the address, then follow the link that was mailed."""
    post(client, "/account/email", {"email": email}, page="/account")
    body = next(m["body"] for m in reversed(queued_emails(client, settings)) if m["recipient"] == email)
    token = re.search(r"token=(\S+)", body).group(1)  # type: ignore[union-attr]
    assert post(client, "/email/confirm", {"token": token}, page="/account").status_code == 200


def make_admin(client: TestClient, handle: str = "ana") -> int:
    created = run(client, create_administrator, handle, ADMIN_PASSWORD, "en")
    assert not isinstance(created, str), created
    return created.id


def change_role(settings: Settings, handle: str, role: str, action: str, admin: str = "ana") -> None:
    """An administrator, in their own browser, gives or removes a role."""
    with new_client(settings) as browser:
        assert log_in(browser, admin, ADMIN_PASSWORD).status_code == 303
        target = member_id(browser, handle)
        response = post(browser, f"/admin/roles/{action}", {"member_id": target, "role": role},
                        follow_redirects=False)
        assert response.status_code == 303


def download(client: TestClient) -> tuple[Any, dict[str, Any]]:
    response = post(client, "/account/data/export", {}, page="/account/data")
    assert response.status_code == 200, response.text
    return response, json.loads(response.content)


def registered_vault(client: TestClient) -> Iterator[dict[str, list[Any]]]:
    """A stand-in for a domain: an exporter and an eraser, in the app while in use."""
    calls: dict[str, list[Any]] = {"exported": [], "erased": []}

    async def exporter(db: Database, member: int, data_key: bytes, keyring: crypto.Keyring) -> dict[str, Any]:
        calls["exported"].append((member, data_key))
        return {"note": f"vault note of member {member}", "saved_on": dt.date(2026, 1, 15)}

    async def eraser(db: Database, member: int, domains: Domains) -> None:
        still_there = await queries.member_by_id(db, member) is not None
        calls["erased"].append((member, still_there, db.in_write))

    with with_domain(client, Domain("test_vault", exporters={"test_vault": exporter}, erasers=[eraser])):
        yield calls


@pytest.fixture
def vault(client: TestClient) -> Iterator[dict[str, list[Any]]]:
    yield from registered_vault(client)


# --- the page and the download --------------------------------------------------------------


def test_the_data_page_says_what_is_kept_and_offers_download_and_erasure(client: TestClient) -> None:
    sign_up(client, "maria")
    assert 'href="/account/data"' in client.get("/account").text

    page = text(client.get("/account/data"))

    assert "What Jubilee keeps about you" in page
    assert "The name you are known by here, maria." in page
    assert 'action="/account/data/export"' in page
    assert "Nobody but you has done anything to your account." in page
    assert 'href="/account/erase"' in page


def test_a_visitor_is_sent_to_log_in(client: TestClient) -> None:
    for path in ("/account/data", "/account/erase"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == f"/login?next={path}"


def test_the_download_is_one_private_file_with_the_decrypted_email_and_the_notifications(
    client: TestClient, settings: Settings
) -> None:
    client.headers["user-agent"] = FIREFOX_ON_ANDROID
    sign_up(client, "maria")
    add_email(client, settings, "maria.private@example.org")

    response, export = download(client)

    assert response.headers["content-type"].startswith("application/json")
    assert re.fullmatch(r'attachment; filename="jubilee-maria-\d{4}-\d\d-\d\d\.json"; .*',
                        response.headers["content-disposition"])
    assert response.headers["cache-control"] == "no-store"
    assert export["account"]["handle"] == "maria"
    assert export["account"]["email"] == "maria.private@example.org"
    assert [s["device"] for s in export["sessions"]] == ["Firefox on Android"]
    titles = [n["title"] for n in export["notifications"]]
    assert titles == ["Your email address is confirmed"]
    assert "Jubilee will send notices to the address you confirmed." in export["notifications"][0]["text"]


def test_the_download_holds_no_password_hash_key_session_id_or_lookup_hash(
    client: TestClient, settings: Settings
) -> None:
    sign_up(client, "maria")
    add_email(client, settings, "maria.private@example.org")

    response, _ = download(client)

    row = member_row(client, "maria")
    assert row is not None
    stored_sessions = run(client, lambda db: db.fetch_all(sessions.select()))
    secrets = [row["password_hash"], row["data_key_by_password"], row["data_key_by_recovery"],
               row["email_lookup"], row["email_ciphertext"]]
    secrets += [s["id"] for s in stored_sessions] + [s["data_key"] for s in stored_sessions]
    body = response.content.decode()
    for secret in secrets:
        assert secret and secret not in body
    for part in (row["password_hash"].split("$")[-1], row["data_key_by_password"].split(".")[-1]):
        assert part not in body


def test_the_download_holds_nothing_of_another_member(client: TestClient, settings: Settings, vault: Any) -> None:
    make_admin(client)
    with new_client(settings) as other:
        other.headers["user-agent"] = SAFARI_ON_IPHONE
        sign_up(other, "bruno")
        add_email(other, settings, "bruno.hidden@example.org")
    change_role(settings, "bruno", "steward", "grant")
    client.headers["user-agent"] = FIREFOX_ON_ANDROID
    sign_up(client, "maria")
    bruno = member_id(client, "bruno")

    response, export = download(client)

    body = response.content.decode()
    for trace in ("bruno", "bruno.hidden@example.org", "iPhone", "steward", f"vault note of member {bruno}",
                  "Your email address is confirmed"):
        assert trace not in body
    assert export["test_vault"]["note"] == f"vault note of member {member_id(client, 'maria')}"
    assert export["roles"] == [] and export["access_log"] == []


def test_every_registered_exporter_adds_its_section_opened_with_the_members_own_key(
    client: TestClient, vault: Any
) -> None:
    sign_up(client, "maria")

    _, export = download(client)

    maria = member_row(client, "maria")
    assert maria is not None
    member_data_key = crypto.unwrap_with_password(maria["data_key_by_password"], STRONG_PASSWORD)
    assert vault["exported"] == [(maria["id"], member_data_key)]
    assert export["test_vault"] == {"note": f"vault note of member {maria['id']}", "saved_on": "2026-01-15"}


def test_the_download_needs_a_form_from_jubilee(client: TestClient) -> None:
    sign_up(client, "maria")

    forged = client.post("/account/data/export", data={})
    by_link = client.get("/account/data/export")

    assert forged.status_code == 403
    assert "json" not in forged.headers["content-type"]
    assert by_link.status_code == 405


def test_a_handle_in_any_alphabet_gives_a_safe_file_name() -> None:
    header = export_disposition("maría", dt.date(2026, 11, 22))

    assert header == ("attachment; filename=\"jubilee-mar_a-2026-11-22.json\"; "
                      "filename*=UTF-8''jubilee-mar%C3%ADa-2026-11-22.json")


# --- the access log -------------------------------------------------------------------------


def test_the_member_reads_what_administrators_did_to_their_account_newest_first(
    client: TestClient, settings: Settings
) -> None:
    make_admin(client)
    sign_up(client, "maria")
    with new_client(settings) as other:
        sign_up(other, "bruno")
    change_role(settings, "maria", "organizer", "grant")
    change_role(settings, "maria", "organizer", "revoke")
    change_role(settings, "bruno", "steward", "grant")

    page = text(client.get("/account/data"))
    _, export = download(client)

    removed = page.index("ana removed the role organizer from maria.")
    gave = page.index("ana gave maria the role organizer.")
    assert removed < gave
    assert "bruno" not in page
    assert [e["description"] for e in export["access_log"]] == [
        "ana removed the role organizer from maria.", "ana gave maria the role organizer."]
    assert {e["by"] for e in export["access_log"]} == {"ana"}


def test_an_entry_about_no_member_is_not_said_to_be_about_an_erased_one() -> None:
    entry = {"action": "some_future_action", "detail": "{}", "actor": "ana", "subject": None}
    erased = {"action": "role_grant", "detail": '{"role": "steward", "subject_erased": true}', "actor": None,
              "subject": None}

    assert describe(entry) == "ana: some_future_action."
    assert describe(erased) == "The server's terminal gave an erased member the role steward."
