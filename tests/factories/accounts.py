"""Members, roles and administrators, keys, and a member's own data (download, erasure)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from starlette.testclient import TestClient

from accounts.admin.service import create_administrator
from server import crypto
from server import members as queries
from server.crypto import Keyring
from server.db import Database, utcnow
from server.domain import Domain, Domains
from server.settings import Settings
from server.tables import email_outbox
from tests.conftest import STRONG_PASSWORD, log_in, log_out, new_client, post, run, sign_up, with_domain
from tests.conftest import test_keys as server_keys

ADMIN_PASSWORD = "quiet harbor lanterns at dusk"


def make_admin(client: TestClient, handle: str = "ana") -> int:
    created = run(client, create_administrator, handle, ADMIN_PASSWORD, "en")
    assert not isinstance(created, str), created
    return created.id


def log_in_admin(client: TestClient, handle: str = "ana") -> None:
    assert log_in(client, handle, ADMIN_PASSWORD).status_code == 303


def member_id(client: TestClient, handle: str) -> int:
    row = run(client, queries.member_by_handle_key, handle)
    assert row is not None, handle
    return int(row["id"])


def member_row(client: TestClient, handle: str) -> dict[str, Any] | None:
    return run(client, queries.member_by_handle_key, handle)


def queued_emails(client: TestClient, settings: Settings) -> list[dict[str, Any]]:
    rows = run(client, lambda db: db.fetch_all(email_outbox.select().order_by(email_outbox.c.id)))
    ring = crypto.Keyring(settings.encryption_keys, settings.current_key_id)
    return [{**r, **{f: ring.decrypt(r[f], crypto.OUTBOX) for f in ("recipient", "subject", "body")}} for r in rows]


def add_email(client: TestClient, settings: Settings, email: str) -> None:
    """Through the pages: ask for the address, then follow the link that was mailed."""
    post(client, "/account/email", {"email": email})
    body = next(m["body"] for m in reversed(queued_emails(client, settings)) if m["recipient"] == email)
    token = re.search(r"token=(\S+)", body).group(1)  # type: ignore[union-attr]
    assert post(client, "/email/confirm", {"token": token}).status_code == 200


def change_role(settings: Settings, handle: str, role: str, action: str, admin: str = "ana") -> None:
    """An administrator, in their own browser, gives or removes a role."""
    with new_client(settings) as browser:
        assert log_in(browser, admin, ADMIN_PASSWORD).status_code == 303
        target = member_id(browser, handle)
        response = post(browser, f"/admin/roles/{action}", {"member_id": target, "role": role},
                        follow_redirects=False)
        assert response.status_code == 303


def download(client: TestClient) -> tuple[Any, dict[str, Any]]:
    response = post(client, "/account/data/export", {})
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


def erase(client: TestClient, password: str = STRONG_PASSWORD, confirm: str | None = "yes", **kw: Any) -> Any:
    data = {"password": password} | ({"confirm": confirm} if confirm is not None else {})
    return post(client, "/account/erase", data, **kw)


def keyring(current: str = "t1", **extra: bytes) -> Keyring:
    return Keyring({**extra, **server_keys()}, current)


def member(client: TestClient, settings: Settings, handle: str, role: str | None = None) -> int:
    """A member (with `role` if given), logged in on `client`."""
    with new_client(settings) as browser:
        sign_up(browser, handle)
    row = run(client, queries.member_by_handle_key, handle)
    if role:
        run(client, lambda db: queries.grant_role(db, row["id"], role, None, utcnow()))
    assert log_in(client, handle).status_code == 303
    return int(row["id"])


def organizer(client: TestClient, settings: Settings, handle: str = "rosa") -> int:
    """A member with the organizer role, logged in on `client`."""
    with new_client(settings) as browser:
        sign_up(browser, handle)
    member = run(client, queries.member_by_handle_key, handle)
    run(client, lambda db: queries.grant_role(db, member["id"], "organizer", None, utcnow()))
    assert log_in(client, handle).status_code == 303
    return int(member["id"])


def as_member(client: Any, handle: str) -> None:
    log_out(client)
    assert log_in(client, handle).status_code == 303


def sign_up_all(client, *handles: str) -> None:
    for handle in handles:
        sign_up(client, handle)
        log_out(client)
