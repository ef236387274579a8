"""Administrators give and remove roles on /admin/roles; everyone else is kept out."""

from __future__ import annotations

import html
import threading
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from accounts import email_address
from server import members as queries
from server.db import Database, utcnow
from server.settings import Settings
from server.tables import audit_log
from tests.conftest import STRONG_PASSWORD, log_in, new_client, post, run, sign_up
from tests.factories.accounts import log_in_admin, make_admin

STATUS = '<p class="notice notice-success" role="status">{}</p>'


def join(client: TestClient, settings: Settings, handle: str) -> int:
    """A member joins in their own browser; returns their id."""
    with new_client(settings) as browser:
        sign_up(browser, handle)
    member = run(client, queries.member_by_handle_key, handle)
    assert member is not None
    return int(member["id"])


def change(client: TestClient, member_id: Any, role: str, action: str, **kw: Any) -> Any:
    """Give (`grant`) or remove (`revoke`) a role with the roles page's forms."""
    return post(client, f"/admin/roles/{action}", {"member_id": member_id, "role": role}, **kw)


def roles_of(client: TestClient, member_id: int) -> frozenset[str]:
    return run(client, queries.roles_of, member_id)


def text(response: Any) -> str:
    return html.unescape(response.text)


def notices_of(settings: Settings, handle: str) -> str:
    with new_client(settings) as browser:
        log_in(browser, handle, STRONG_PASSWORD)
        return html.unescape(browser.get("/notifications").text)


def audit_count(client: TestClient) -> int:
    return run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(audit_log)))


def test_an_administrator_finds_a_member_gives_a_role_and_the_audit_log_shows_it(
    client: TestClient, settings: Settings
) -> None:
    rosa = join(client, settings, "rosa")
    join(client, settings, "marcus")
    make_admin(client)
    log_in_admin(client)

    found = text(client.get("/admin/roles", params={"q": "RO"}))
    assert "rosa" in found and "marcus" not in found
    assert f'name="member_id" value="{rosa}"' in found

    response = change(client, rosa, "organizer", "grant")

    page = text(response)
    assert response.url.path == "/admin/roles"
    assert STATUS.format("The role was changed and the change was written to the audit log.") in page
    assert "The role was changed" not in text(client.get("/admin/roles")), "a reload says it again"
    assert "ana gave rosa the role organizer." in page
    assert "Remove organizer from rosa" in page
    assert roles_of(client, rosa) == {"organizer"}
    notices = notices_of(settings, "rosa")
    assert "You are now organizer" in notices
    assert "An administrator gave your account the role organizer." in notices


def test_an_administrator_removes_a_role_and_the_member_is_told(client: TestClient, settings: Settings) -> None:
    rosa = join(client, settings, "rosa")
    make_admin(client)
    log_in_admin(client)
    change(client, rosa, "steward", "grant")

    page = text(change(client, rosa, "steward", "revoke"))

    assert roles_of(client, rosa) == frozenset()
    assert STATUS.format("The role was changed and the change was written to the audit log.") in page
    assert "ana removed the role steward from rosa." in page
    assert "Remove steward from rosa" not in page
    assert "You are no longer steward" in notices_of(settings, "rosa")


def test_giving_a_role_the_member_already_has_changes_nothing(client: TestClient, settings: Settings) -> None:
    rosa = join(client, settings, "rosa")
    make_admin(client)
    log_in_admin(client)
    change(client, rosa, "organizer", "grant")
    entries = audit_count(client)

    page = text(change(client, rosa, "organizer", "grant"))

    assert ('<p class="notice notice-info" role="status">Nothing to change: the member already had that role, '
            "or did not have it.</p>") in page
    assert audit_count(client) == entries


def test_removing_a_role_the_member_does_not_have_changes_nothing(client: TestClient, settings: Settings) -> None:
    rosa = join(client, settings, "rosa")
    make_admin(client)
    log_in_admin(client)
    entries = audit_count(client)

    page = text(change(client, rosa, "steward", "revoke"))

    assert "Nothing to change: the member already had that role, or did not have it." in page
    assert audit_count(client) == entries
    assert "You are no longer steward" not in notices_of(settings, "rosa")


def test_the_last_administrator_cannot_be_removed(client: TestClient) -> None:
    ana = make_admin(client)
    log_in_admin(client)

    response = change(client, ana, "administrator", "revoke")

    assert response.status_code == 400
    assert "Jubilee needs at least one administrator" in text(response)
    assert roles_of(client, ana) == {"administrator"}
    assert client.get("/admin/roles").status_code == 200


def test_an_administrator_can_step_down_once_another_one_exists(client: TestClient, settings: Settings) -> None:
    ana = make_admin(client)
    rosa = join(client, settings, "rosa")
    log_in_admin(client)
    change(client, rosa, "administrator", "grant")

    response = change(client, ana, "administrator", "revoke", follow_redirects=False)

    assert response.status_code == 303
    assert roles_of(client, ana) == frozenset()
    assert client.get("/admin/roles").status_code == 403


def test_two_administrators_removing_each_other_at_once_leave_one(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    if settings.is_sqlite:
        pytest.skip("SQLite is served by one process, whose writer lock already runs these one after the other")
    with new_client(settings) as first, new_client(settings) as second:
        ana, ben = make_admin(first, "ana"), make_admin(first, "ben")
        log_in_admin(first, "ana")
        log_in_admin(second, "ben")
        # Hold both requests just after they have looked up the member, so they overlap.
        both_here = threading.Barrier(2, timeout=10)
        arrivals = iter(range(2))
        looked_up = queries.member_by_id

        async def member_by_id(db: Database, member_id: int) -> Any:
            row = await looked_up(db, member_id)
            if next(arrivals, None) is not None:  # only the look-up at the start of each request
                both_here.wait()
            return row

        monkeypatch.setattr(queries, "member_by_id", member_by_id)
        statuses: list[int] = []
        threads = [
            threading.Thread(target=lambda c=c, m=m: statuses.append(change(c, m, "administrator", "revoke").status_code))
            for c, m in ((first, ben), (second, ana))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        monkeypatch.undo()

        remaining = run(first, queries.count_with_role, "administrator")

    assert sorted(statuses) == [200, 400]
    assert remaining == 1


def test_a_member_without_the_administrator_role_is_refused(client: TestClient, settings: Settings) -> None:
    make_admin(client)
    rosa = join(client, settings, "rosa")
    run(client, lambda db: queries.grant_role(db, rosa, "organizer", None, utcnow()))
    log_in(client, "rosa", STRONG_PASSWORD)
    entries = audit_count(client)

    page = client.get("/admin/roles")
    attempt = change(client, rosa, "administrator", "grant")

    assert page.status_code == 403
    assert attempt.status_code == 403
    assert "You can't do that here" in text(attempt)
    assert roles_of(client, rosa) == {"organizer"}
    assert audit_count(client) == entries
    assert "/admin/roles" not in client.get("/").text, "the menu offers a page that is closed"


def test_a_visitor_is_sent_to_log_in(client: TestClient) -> None:
    ana = make_admin(client)

    page = client.get("/admin/roles", follow_redirects=False)
    attempt = change(client, ana, "administrator", "revoke", follow_redirects=False)

    assert page.status_code == attempt.status_code == 303
    assert page.headers["location"] == "/login?next=/admin/roles"
    assert attempt.headers["location"].startswith("/login")
    assert roles_of(client, ana) == {"administrator"}


@pytest.mark.parametrize(
    ("member_id", "role", "action", "status"),
    [
        ("999999", "organizer", "grant", 404),
        ("999999", "organizer", "revoke", 404),
        ("rosa", "organizer", "grant", 400),
        ("", "organizer", "grant", 400),
        ("1.5", "organizer", "grant", 400),
        ("-1", "organizer", "revoke", 400),
        ("2147483648", "organizer", "grant", 400),  # 2**31: no row can have that id
        ("99999999999", "organizer", "revoke", 400),
        ("9223372036854775808", "organizer", "grant", 400),  # 2**63: beyond SQLite's integers too
        ("\u00b2", "organizer", "grant", 400),  # a digit to str.isdigit(), not to int()
        (None, "superuser", "grant", 400),
        (None, "", "grant", 400),
        (None, "superuser", "revoke", 400),
        (None, "organizer", "delete", 404),  # no such action: no such form
    ],
)
def test_a_forged_role_change_is_refused_and_changes_nothing(
    client: TestClient, settings: Settings, member_id: str | None, role: str, action: str, status: int
) -> None:
    rosa = join(client, settings, "rosa")
    make_admin(client)
    log_in_admin(client)
    entries = audit_count(client)

    response = change(client, rosa if member_id is None else member_id, role, action)

    assert response.status_code == status
    assert roles_of(client, rosa) == frozenset()
    assert audit_count(client) == entries


def test_the_page_itself_takes_no_form(client: TestClient, settings: Settings) -> None:
    rosa = join(client, settings, "rosa")
    make_admin(client)
    log_in_admin(client)
    entries = audit_count(client)

    response = post(client, "/admin/roles", {"member_id": rosa, "role": "organizer", "action": "grant"})

    assert response.status_code == 405
    assert roles_of(client, rosa) == frozenset()
    assert audit_count(client) == entries


def test_searching_treats_wildcards_as_plain_characters(client: TestClient, settings: Settings) -> None:
    for handle in ("m_x", "max"):
        join(client, settings, handle)
    make_admin(client)
    log_in_admin(client)

    underscore = text(client.get("/admin/roles", params={"q": "m_"}))
    percent = text(client.get("/admin/roles", params={"q": "%"}))

    assert "<strong>m_x</strong>" in underscore and "<strong>max</strong>" not in underscore
    assert "No member's name begins with that." in percent


def test_the_roles_page_never_shows_an_email_address(client: TestClient, settings: Settings) -> None:
    keyring = client.app_state["keyring"]
    for handle in ("rosa", "rodrigo"):
        member = join(client, settings, handle)
        run(client, email_address.confirm_email, settings, keyring, member, f"{handle}.private@example.org")
    ana = make_admin(client)
    run(client, email_address.confirm_email, settings, keyring, ana, "ana.private@example.org")
    log_in_admin(client)
    change(client, run(client, queries.member_by_handle_key, "rosa")["id"], "organizer", "grant")

    page = text(client.get("/admin/roles", params={"q": "ro"}))

    assert "<strong>rodrigo</strong>" in page and "<strong>rosa</strong>" in page
    assert "@" not in page
    assert "private" not in page
