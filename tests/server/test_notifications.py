"""Notifications on the page and by email: what a member sees, and how the email outbox behaves."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from accounts import email_address, notices
from server import crypto
from server import members as queries
from server.db import Database, Row, utcnow
from server.i18n import translations
from server.notices import outbox
from server.notices.kinds import Kind
from server.notices.queries import claim_due_emails, enqueue_email
from server.settings import Settings
from server.tables import email_outbox
from tests.conftest import new_client, post, run, sign_up

BADGE = re.compile(r'class="badge">(\d+)<')
PASSWORD_CHANGED = "Your password was changed"


def member_id(client: TestClient, handle: str) -> int:
    member = run(client, queries.member_by_handle_key, handle)
    assert member is not None
    return int(member["id"])


def give_email(client: TestClient, settings: Settings, handle: str, email: str) -> int:
    """Attach a confirmed email (what following the confirmation link does)."""
    found = member_id(client, handle)
    assert run(client, email_address.confirm_email, settings, client.app_state["keyring"], found, email)
    return found


def notify(client: TestClient, member: int, kind: Kind, **params: Any) -> None:
    keyring = client.app_state["keyring"]
    run(client, lambda db: outbox.notify(db, keyring, member, kind, **params))


def outbox_rows(client: TestClient) -> list[Row]:
    return run(client, lambda db: db.fetch_all(email_outbox.select().order_by(email_outbox.c.id)))


def make_due(client: TestClient) -> None:
    """Pretend the pause before the next attempt is over."""
    past = utcnow() - dt.timedelta(seconds=1)
    run(client, lambda db: db.execute(email_outbox.update().values(next_attempt_at=past)))


def send_due(client: TestClient, settings: Settings) -> int:
    return run(client, outbox.send_due, settings, client.app_state["keyring"])


def badge(page: str) -> int | None:
    match = BADGE.search(page)
    return int(match.group(1)) if match else None


# --- in the app ------------------------------------------------------------------------------


def test_a_notice_shows_on_the_notifications_page_and_as_a_count_in_the_header(client: TestClient) -> None:
    sign_up(client, "maria")
    assert badge(client.get("/").text) is None
    notify(client, member_id(client, "maria"), notices.ROLE_GRANTED, role="organizer")
    notify(client, member_id(client, "maria"), notices.PASSWORD_CHANGED)

    page = client.get("/notifications").text

    assert "You are now organizer" in page
    assert "An administrator gave your account the role organizer." in page
    assert PASSWORD_CHANGED in page
    assert badge(page) == 2
    assert badge(client.get("/").text) == 2
    assert outbox_rows(client) == [], "an email was queued for a member who gave no address"


def test_mark_all_as_read_clears_the_count_and_keeps_the_notices(client: TestClient) -> None:
    sign_up(client, "maria")
    notify(client, member_id(client, "maria"), notices.PASSWORD_CHANGED)

    response = post(client, "/notifications/read", page="/notifications")

    assert response.url.path == "/notifications"
    assert badge(response.text) is None
    assert PASSWORD_CHANGED in response.text
    assert "(unread)" not in response.text
    assert "Mark all as read" not in response.text


def test_another_member_can_neither_see_nor_clear_my_notices(client: TestClient, settings: Settings) -> None:
    sign_up(client, "maria")
    notify(client, member_id(client, "maria"), notices.ROLE_GRANTED, role="steward")
    with new_client(settings) as other:
        sign_up(other, "kwame")
        notify(other, member_id(other, "kwame"), notices.PASSWORD_CHANGED)

        page = other.get("/notifications").text
        post(other, "/notifications/read", page="/notifications")

    assert "steward" not in page
    assert badge(page) == 1
    mine = client.get("/notifications").text
    assert "You are now steward" in mine and badge(mine) == 1
    assert PASSWORD_CHANGED not in mine


def test_a_visitor_is_sent_to_log_in_to_see_notifications(client: TestClient) -> None:
    response = client.get("/notifications", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/notifications"


# --- by email -------------------------------------------------------------------------------


def test_a_member_with_an_email_gets_one_email_stored_only_as_ciphertext(
    client: TestClient, settings: Settings
) -> None:
    sign_up(client, "maria")
    member = give_email(client, settings, "maria", "maria@example.org")

    notify(client, member, notices.PASSWORD_CHANGED)

    rows = outbox_rows(client)
    assert len(rows) == 1
    row, keyring = rows[0], client.app_state["keyring"]
    assert row["member_id"] == member
    stored = " ".join(row[f] for f in ("recipient", "subject", "body"))
    for clear in ("maria@example.org", "maria", PASSWORD_CHANGED, "password", "Jubilee"):
        assert clear not in stored, f"{clear!r} is stored in clear"
    assert keyring.decrypt(row["recipient"], crypto.OUTBOX) == "maria@example.org"
    assert keyring.decrypt(row["subject"], crypto.OUTBOX) == PASSWORD_CHANGED
    body = keyring.decrypt(row["body"], crypto.OUTBOX)
    assert body.startswith("The password of your Jubilee account was changed")
    assert "You can remove your email address in your account settings." in body


def test_the_email_is_written_in_the_members_language(client: TestClient, settings: Settings) -> None:
    spanish = translations("es").ugettext
    sign_up(client, "lupita", language="es")
    notify(client, give_email(client, settings, "lupita", "lupita@example.org"), notices.PASSWORD_CHANGED)

    [row] = outbox_rows(client)

    keyring = client.app_state["keyring"]
    assert spanish(PASSWORD_CHANGED) != PASSWORD_CHANGED, "no Spanish translation"
    assert keyring.decrypt(row["subject"], crypto.OUTBOX) == spanish(PASSWORD_CHANGED)
    assert keyring.decrypt(row["body"], crypto.OUTBOX).startswith(spanish(
        "The password of your Jubilee account was changed, and you were logged out everywhere, "
        "including this device. If this was not you, use your recovery code to set a new password now."
    ))


def test_without_a_mail_server_a_due_email_goes_to_the_log_and_leaves_the_queue(
    client: TestClient, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    sign_up(client, "maria")
    notify(client, give_email(client, settings, "maria", "maria@example.org"), notices.PASSWORD_CHANGED)

    with caplog.at_level(logging.INFO, logger="jubilee.outbox"):
        sent = send_due(client, settings)

    assert sent == 1
    assert outbox_rows(client) == []
    assert PASSWORD_CHANGED in caplog.text
    assert "maria@example.org" not in caplog.text, "the log holds the member's address"


@pytest.fixture
def failing_mail_server(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every delivery fails as an unreachable mail server does; returns the subjects tried."""
    tried: list[str] = []

    async def deliver(settings: Settings, recipient: str, subject: str, body: str, member: int | None) -> None:
        tried.append(subject)
        raise ConnectionRefusedError("mail.example.org:587")

    monkeypatch.setattr(outbox, "_deliver", deliver)
    return tried


def test_a_failed_email_is_kept_and_tried_again_after_a_growing_pause(
    client: TestClient, settings: Settings, failing_mail_server: list[str]
) -> None:
    sign_up(client, "maria")
    notify(client, give_email(client, settings, "maria", "maria@example.org"), notices.PASSWORD_CHANGED)

    for attempt in (1, 2, 3):
        before = utcnow()
        assert send_due(client, settings) == 0
        after = utcnow()
        [row] = outbox_rows(client)
        assert row["attempts"] == attempt
        assert before + outbox.backoff(attempt) <= row["next_attempt_at"] <= after + outbox.backoff(attempt)
        assert (row["failed_at"], row["lease_until"]) == (None, None)
        assert row["last_error"] == "ConnectionRefusedError"
        assert send_due(client, settings) == 0
        assert len(failing_mail_server) == attempt, "retried before its pause was over"
        make_due(client)

    assert outbox.backoff(1) < outbox.backoff(2) < outbox.backoff(3) <= outbox.backoff(100) == dt.timedelta(hours=4)


def test_after_the_last_attempt_an_email_is_marked_failed_and_never_tried_again(
    client: TestClient, settings: Settings, failing_mail_server: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    sign_up(client, "maria")
    notify(client, give_email(client, settings, "maria", "maria@example.org"), notices.PASSWORD_CHANGED)
    run(client, lambda db: db.execute(email_outbox.update().values(attempts=outbox.MAX_ATTEMPTS - 1)))

    with caplog.at_level(logging.WARNING, logger="jubilee.outbox"):
        send_due(client, settings)
    make_due(client)
    send_due(client, settings)

    [row] = outbox_rows(client)
    assert row["attempts"] == outbox.MAX_ATTEMPTS
    assert row["failed_at"] is not None
    assert len(failing_mail_server) == 1
    assert "giving up" in caplog.text
    assert "maria@example.org" not in caplog.text


async def _queue(db: Database, count: int) -> list[int]:
    now = utcnow()
    for number in range(count):
        await enqueue_email(db, None, f"to-{number}", "subject", "body", now)
    rows = await db.fetch_all(email_outbox.select().where(email_outbox.c.lease_until.is_(None)))
    return sorted(r["id"] for r in rows)


async def _two_senders_at_once(db: Database) -> tuple[list[int], list[int]]:
    async def sender() -> list[int]:
        async with db.session():  # each task has its own connection
            return [r["id"] for r in await claim_due_emails(db, utcnow(), outbox.LEASE, limit=10)]

    first, second = await asyncio.gather(sender(), sender())
    return first, second


def test_two_senders_at_once_never_claim_the_same_email(client: TestClient) -> None:
    for _ in range(5):
        queued = run(client, _queue, 6)

        first, second = run(client, _two_senders_at_once)

        assert not set(first) & set(second), "both senders would send the same email"
        assert sorted(first + second) == queued, "a due email was claimed by nobody"
