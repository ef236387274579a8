"""Erasing an account: confirmed with the password and a ticked box, all or nothing, and afterwards
nothing in the database points to the member."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from server import members as queries
from server.app import create_app
from server.db import Database
from server.domain import Domain, Domains
from server.schema import metadata
from server.settings import Settings
from server.tables import audit_log, members, notifications
from tests.conftest import STRONG_PASSWORD, csrf_token, log_in, new_client, post, run, sign_up, with_domain
from tests.dumps import dump_database
from tests.factories.accounts import (
    ADMIN_PASSWORD,
    add_email,
    change_role,
    download,
    erase,
    make_admin,
    member_id,
    member_row,
    queued_emails,
    registered_vault,
)
from tests.factories.pages import text


@pytest.fixture
def vault(client: TestClient) -> Iterator[dict[str, list[Any]]]:
    yield from registered_vault(client)


def references_to(client: TestClient, member: int) -> list[str]:
    """Every column of every table that refers to members, where a row still holds this id."""

    async def scan(db: Database) -> list[str]:
        found = []
        for table in metadata.sorted_tables:
            for column in table.columns:
                refers = any(fk.column.table.name == "members" for fk in column.foreign_keys)
                if refers or (table.name == "members" and column.name == "id"):
                    query = sa.select(sa.func.count()).select_from(table).where(column == member)
                    if await db.fetch_val(query):
                        found.append(f"{table.name}.{column.name}")
        return found

    return run(client, scan)


def test_the_erase_page_explains_what_erasing_means(client: TestClient) -> None:
    sign_up(client, "maria")

    page = text(client.get("/account/erase"))

    assert "cannot be undone" in page
    assert "You are taken out of every count and total" in page
    assert 'type="password"' in page and 'name="confirm"' in page


def test_a_wrong_password_erases_nothing(client: TestClient, vault: Any) -> None:
    sign_up(client, "maria")

    response = erase(client, password="not my password at all")

    assert response.status_code == 400
    assert "That is not your password. Nothing was erased." in text(response)
    assert 'name="confirm" value="yes" checked' in response.text
    assert "not my password at all" not in response.text
    assert member_row(client, "maria") is not None
    assert vault["erased"] == []
    assert client.get("/account", follow_redirects=False).status_code == 200


def test_erasing_needs_the_confirmation_and_a_form_from_jubilee(client: TestClient, vault: Any) -> None:
    sign_up(client, "maria")

    unticked = erase(client, confirm=None)
    forged_value = erase(client, confirm="on")
    no_password = erase(client, password="")
    forged_form = client.post("/account/erase", data={"password": STRONG_PASSWORD, "confirm": "yes"})

    assert unticked.status_code == forged_value.status_code == 400
    assert "Tick the box to confirm" in text(unticked) and "Tick the box to confirm" in text(forged_value)
    assert no_password.status_code == 400 and "Enter your password." in text(no_password)
    assert forged_form.status_code == 403
    assert member_row(client, "maria") is not None
    assert vault["erased"] == []


def test_failed_erasures_are_throttled_like_failed_log_ins(client: TestClient) -> None:
    sign_up(client, "maria")

    statuses = [erase(client, password=f"wrong password number {i}").status_code for i in range(10)]
    right_but_too_soon = erase(client)

    assert statuses == [400] * 9 + [429]
    assert right_but_too_soon.status_code == 429
    assert "Too many failed attempts" in text(right_but_too_soon)
    assert member_row(client, "maria") is not None


@contextmanager
def another_connection(settings: Settings) -> Iterator[None]:
    """On SQLite, a connection held open elsewhere, as on a busy server: the write-ahead log then
    keeps old pages (here, the member's row) until it is emptied on purpose."""
    if not settings.is_sqlite:
        yield
        return
    connection = sqlite3.connect(settings.database_url.removeprefix("sqlite:///"))
    try:
        connection.execute("SELECT count(*) FROM members").fetchall()
        yield
    finally:
        connection.close()


def test_export_then_erase_leaves_nothing_that_points_to_the_member(
    client: TestClient, settings: Settings, vault: Any
) -> None:
    with another_connection(settings):
        _export_then_erase(client, settings, vault)


def _export_then_erase(client: TestClient, settings: Settings, vault: Any) -> None:
    make_admin(client)
    handle, email = "zoraida_q", "zoraida.quintero@example.org"
    sign_up(client, handle)
    add_email(client, settings, email)
    zoraida = member_id(client, handle)
    debt = {"kind": "medical", "original_creditor": "Navient", "balance": "980.00", "currency": "USD",
            "status": "collections", "account_number": "ZQ-ACCOUNT-4455", "notes": "zq private note"}
    assert post(client, "/debts/new", debt, follow_redirects=False).status_code == 303
    change_role(settings, handle, "organizer", "grant")
    with new_client(settings) as phone:
        assert log_in(phone, handle).status_code == 303
        with new_client(settings) as intruder:  # queues a warning to her address, under his account
            sign_up(intruder, "intruder", email=email)
        _, export = download(client)
        assert export["account"]["email"] == email
        assert [(d["account_number"], d["notes"], d["balance_cents"]) for d in export["debts"]] == [
            ("ZQ-ACCOUNT-4455", "zq private note", 98000)]

        response = erase(client)

        assert response.status_code == 200
        assert "Your account is erased" in text(response)
        assert 'href="/account"' not in response.text
        assert response.headers["cache-control"] == "no-store"
        assert phone.get("/account", follow_redirects=False).status_code == 303
    assert client.get("/account", follow_redirects=False).status_code == 303
    assert log_in(client, handle).status_code == 400
    assert log_in(client, email).status_code == 400
    assert vault["erased"] == [(zoraida, True, True)]
    assert references_to(client, zoraida) == []
    assert email not in [m["recipient"] for m in queued_emails(client, settings)]
    dump = dump_database(settings.database_url)
    assert "intruder" in dump, "the dump is real: it holds the other member's handle"
    assert handle not in dump and email not in dump and "zoraida" not in dump
    assert "98000" not in dump and "ZQ-ACCOUNT" not in dump


def test_what_remains_of_an_erased_member_is_anonymous(client: TestClient, settings: Settings) -> None:
    make_admin(client)
    sign_up(client, "maria")
    change_role(settings, "maria", "steward", "grant")

    erase(client)

    entries = run(client, lambda db: db.fetch_all(audit_log.select().order_by(audit_log.c.id)))
    assert entries[-1]["action"] == "member_erased"
    assert (entries[-1]["actor_id"], entries[-1]["subject_id"], entries[-1]["detail"]) == (None, None, "{}")
    assert entries[-2]["subject_id"] is None
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(notifications))) == 0
    assert log_in(client, "ana", ADMIN_PASSWORD).status_code == 303
    roles_page = text(client.get("/admin/roles"))
    assert "ana gave an erased member the role steward." in roles_page
    assert "A member erased their account." in roles_page


def test_the_goodbye_page_speaks_the_members_language(client: TestClient) -> None:
    sign_up(client, "lucia", language="es")

    response = erase(client)

    assert response.status_code == 200
    assert '<html lang="es"' in response.text
    assert response.headers["content-language"] == "es"
    assert "Jubilee es software libre" in response.text


def test_the_last_administrator_cannot_erase_their_account(client: TestClient, vault: Any) -> None:
    make_admin(client)
    assert log_in(client, "ana", ADMIN_PASSWORD).status_code == 303

    page = text(client.get("/account/erase"))
    response = erase(client, password=ADMIN_PASSWORD)

    assert "You are the only administrator" in page
    assert 'name="password"' not in page
    assert response.status_code == 400
    assert "You are the only administrator" in text(response)
    assert member_row(client, "ana") is not None
    assert vault["erased"] == []


def test_an_administrator_can_erase_once_another_exists_and_their_entries_stay_anonymous(
    client: TestClient, settings: Settings
) -> None:
    make_admin(client, "ana")
    make_admin(client, "ben")
    with new_client(settings) as other:
        sign_up(other, "maria")
    change_role(settings, "maria", "organizer", "grant", admin="ana")
    assert log_in(client, "ana", ADMIN_PASSWORD).status_code == 303

    assert erase(client, password=ADMIN_PASSWORD).status_code == 200

    with new_client(settings) as maria:
        log_in(maria, "maria")
        log = text(maria.get("/account/data"))
    assert "A member who has since erased their account gave maria the role organizer." in log
    assert run(client, queries.count_with_role, "administrator") == 1


def test_erasure_is_all_or_nothing(client: TestClient) -> None:
    sign_up(client, "maria")
    maria = member_id(client, "maria")
    token = csrf_token(client, "/account/erase")

    async def forget_notices(db: Database, member: int, domains: Domains) -> None:
        await db.execute(notifications.delete().where(notifications.c.member_id == member))

    async def fail(db: Database, member: int, domains: Domains) -> None:
        raise RuntimeError("a package could not erase its part")

    run(client, lambda db: db.execute(notifications.insert().values(
        member_id=maria, kind="password_changed", params="{}", created_at=dt.datetime.now(dt.UTC))))
    with with_domain(client, Domain("test_failing", erasers=[forget_notices, fail])), pytest.raises(RuntimeError):
        client.post("/account/erase", data={"csrf_token": token, "password": STRONG_PASSWORD, "confirm": "yes"})

    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(notifications))) == 1
    assert run(client, lambda db: db.fetch_val(sa.select(members.c.id).where(members.c.id == maria))) == maria


def test_erasure_leaves_no_trace_in_the_sqlite_files_when_it_answers(settings: Settings) -> None:
    """Read at the moment the goodbye page is sent, before any work left for later: neither the
    database file nor its write-ahead log holds the erased member's name."""
    if not settings.is_sqlite:
        pytest.skip("PostgreSQL keeps its files to itself: pg_dump never shows deleted rows")
    path = Path(settings.database_url.removeprefix("sqlite:///"))
    app = create_app(settings, background=False)
    at_answer: list[bytes] = []

    async def spying(scope: Any, receive: Any, send: Any) -> None:
        async def sending(message: Any) -> None:
            await send(message)
            if scope.get("path") == "/account/erase" and message["type"] == "http.response.body":
                at_answer.append(b"".join(f.read_bytes() for f in path.parent.glob(path.name + "*")))

        await app(scope, receive, sending)

    with TestClient(spying, base_url="http://testserver") as client:
        sign_up(client, "zebulon-quixote")
        assert b"zebulon-quixote" in b"".join(f.read_bytes() for f in path.parent.glob(path.name + "*"))
        response = post(client, "/account/erase", {"confirm": "yes", "password": STRONG_PASSWORD})
        assert response.status_code == 200
    assert at_answer and all(b"zebulon-quixote" not in snapshot for snapshot in at_answer)
