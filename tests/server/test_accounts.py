"""Member accounts as a member meets them: joining, logging in and out, sessions, recovery."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from accounts import email_address
from server import crypto
from server.auth import SESSION_COOKIE
from server.db import utcnow
from server.tables import members, sessions
from tests.conftest import STRONG_PASSWORD, log_in, log_out, new_client, post, run, sign_up


def member_row(client, handle="maria"):
    async def fetch(db):
        return await db.fetch_one(members.select().where(members.c.handle == handle))

    return run(client, fetch)


def test_joining_shows_the_recovery_code_once_and_logs_the_member_in(client):
    code = sign_up(client, "maria")
    assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", code)
    account = client.get("/account")
    assert account.status_code == 200
    assert "maria" in account.text
    assert code not in account.text
    row = member_row(client)
    assert code not in str(row)


def test_a_refused_sign_up_keeps_what_was_typed_except_the_password(client):
    response = post(
        client, "/signup",
        {"handle": "rosa!", "password": "short", "password_confirm": "short", "email": "rosa@example.org",
         "language": "es", "understood": "yes"},
    )
    assert response.status_code == 400
    assert 'value="rosa!"' in response.text
    assert 'value="rosa@example.org"' in response.text
    assert "short" not in re.findall(r'type="password"[^>]*', response.text).__str__()
    assert "starting with a letter or a number" in response.text
    assert "at least 12 characters" in response.text


def test_common_leaked_and_guessable_passwords_are_refused(client):
    for password in ("qwertyuiopasdf", "passwordpassword", "maria-maria-maria"):
        response = post(
            client, "/signup",
            {"handle": "maria", "password": password, "password_confirm": password, "language": "en",
             "understood": "yes"},
        )
        assert response.status_code == 400, password
        assert "leaked" in response.text or "easy to guess" in response.text
    assert member_row(client) is None


def test_a_handle_is_taken_whatever_its_case(client):
    sign_up(client, "Maria")
    log_out(client)
    response = post(
        client, "/signup",
        {"handle": "mARIA", "password": STRONG_PASSWORD, "password_confirm": STRONG_PASSWORD, "language": "en",
         "understood": "yes"},
    )
    assert response.status_code == 400
    assert "That name is taken" in response.text


def test_joining_requires_understanding_the_recovery_code(client):
    response = post(
        client, "/signup",
        {"handle": "maria", "password": STRONG_PASSWORD, "password_confirm": STRONG_PASSWORD, "language": "en"},
    )
    assert response.status_code == 400
    assert "understand how the recovery code works" in response.text


def test_garbage_in_the_sign_up_form_is_refused_without_a_server_error(client):
    response = post(
        client, "/signup",
        {"handle": "x" * 100_000, "password": "p" * 10_000, "password_confirm": "", "language": "klingon",
         "email": "@" * 500},
    )
    assert response.status_code == 400
    assert "Choose English or Spanish" in response.text


def test_logging_in_by_name_lands_on_the_page_asked_for(client):
    sign_up(client, "maria")
    log_out(client)
    assert client.get("/account", follow_redirects=False).headers["location"] == "/login?next=/account"
    response = post(client, "/login", {"login": "MARIA", "password": STRONG_PASSWORD, "next": "/account"},
                    follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/account"
    assert "maria" in client.get("/account").text


def test_a_wrong_password_says_so_without_telling_whether_the_account_exists(client):
    sign_up(client, "maria")
    log_out(client)
    wrong = log_in(client, "maria", "not the password at all")
    unknown = log_in(client, "nobody-here", "not the password at all")
    assert wrong.status_code == unknown.status_code == 400
    message = "That name or email and password do not match"
    assert message in wrong.text and message in unknown.text
    assert 'value="maria"' in wrong.text


def test_logging_in_gives_a_new_session_id_and_logging_out_ends_it(client):
    sign_up(client, "maria")
    first = client.cookies.get(SESSION_COOKIE)
    log_out(client)
    assert client.get("/account", follow_redirects=False).status_code == 303
    log_in(client)
    second = client.cookies.get(SESSION_COOKIE)
    assert first and second and first != second
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, first)
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_the_database_holds_only_a_hash_of_the_session_token(client):
    sign_up(client, "maria")
    cookie = client.cookies.get(SESSION_COOKIE)
    token = cookie.rsplit(".", 1)[0]

    async def ids(db):
        return [r["id"] for r in await db.fetch_all(sa.select(sessions.c.id))]

    stored = run(client, ids)
    assert len(stored) == 1
    assert token not in stored[0] and cookie not in stored[0]


def _age_sessions(client, **changes):
    async def update(db):
        await db.execute(sessions.update().values(**changes))

    run(client, update)


def test_an_idle_session_expires(client, settings):
    sign_up(client, "maria")
    _age_sessions(client, last_seen_at=utcnow() - dt.timedelta(minutes=settings.session_idle_minutes + 1))
    response = client.get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert "jubilee_session=;" in response.headers.get("set-cookie", "") or SESSION_COOKIE not in client.cookies


def test_a_session_expires_after_its_absolute_lifetime_even_when_used(client):
    sign_up(client, "maria")
    _age_sessions(client, expires_at=utcnow() - dt.timedelta(seconds=1))
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_log_out_everywhere_ends_every_session(client, settings):
    sign_up(client, "maria")
    with new_client(settings) as phone:
        log_in(phone)
        assert phone.get("/account", follow_redirects=False).status_code == 200
        post(client, "/account/sessions/all", {})
        assert phone.get("/account", follow_redirects=False).status_code == 303
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_logging_out_other_devices_keeps_this_one(client, settings):
    sign_up(client, "maria")
    with new_client(settings) as phone:
        log_in(phone)
        post(client, "/account/sessions/others", {})
        assert phone.get("/account", follow_redirects=False).status_code == 303
    assert client.get("/account", follow_redirects=False).status_code == 200


def test_the_account_page_lists_sessions_by_device(client):
    client.headers["user-agent"] = "Mozilla/5.0 (Linux; Android 14) Firefox/131.0"
    sign_up(client, "maria")
    assert "Firefox on Android" in client.get("/account").text


def _data_key(client, handle, password):
    async def unwrap(db):
        row = await db.fetch_one(members.select().where(members.c.handle == handle))
        return crypto.unwrap_with_password(row["data_key_by_password"], password)

    return run(client, unwrap)


def test_changing_the_password_keeps_the_data_key_and_logs_out_everywhere(client, settings):
    sign_up(client, "maria")
    before = _data_key(client, "maria", STRONG_PASSWORD)
    new_password = "blue kettle over seven hills"
    response = post(client, "/account/password",
                    {"current_password": STRONG_PASSWORD, "password": new_password, "password_confirm": new_password},
                    follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/account", follow_redirects=False).status_code == 303
    assert _data_key(client, "maria", new_password) == before
    assert log_in(client, "maria", STRONG_PASSWORD).status_code == 400
    assert log_in(client, "maria", new_password).status_code == 303
    assert "Your password was changed" in client.get("/notifications").text


def test_a_wrong_current_password_changes_nothing(client):
    sign_up(client, "maria")
    new_password = "blue kettle over seven hills"
    response = post(client, "/account/password",
                    {"current_password": "a guess at the password", "password": new_password,
                     "password_confirm": new_password})
    assert response.status_code == 400
    assert "That is not your current password" in response.text
    assert client.get("/account", follow_redirects=False).status_code == 200


def test_the_recovery_code_sets_a_new_password_and_keeps_the_data_key(client):
    code = sign_up(client, "maria")
    before = _data_key(client, "maria", STRONG_PASSWORD)
    log_out(client)
    new_password = "blue kettle over seven hills"
    typed = code.lower().replace("-", " ")
    response = post(client, "/recover", {"login": "maria", "recovery_code": typed, "password": new_password,
                                         "password_confirm": new_password})
    assert response.status_code == 200
    assert "Your new password is set" in response.text
    assert _data_key(client, "maria", new_password) == before
    assert log_in(client, "maria", new_password).status_code == 303


def test_a_wrong_recovery_code_is_refused_and_keeps_the_typed_name(client):
    sign_up(client, "maria")
    log_out(client)
    response = post(client, "/recover", {"login": "maria", "recovery_code": "AAAA-BBBB-CCCC-DDDD-EEEE",
                                         "password": "blue kettle over seven hills",
                                         "password_confirm": "blue kettle over seven hills"})
    assert response.status_code == 400
    assert 'value="maria"' in response.text
    assert log_in(client).status_code == 303


def _outbox_messages(client, keyring):
    from server.tables import email_outbox

    async def read(db):
        return await db.fetch_all(email_outbox.select().order_by(email_outbox.c.id))

    rows = run(client, read)
    return [{f: keyring.decrypt(r[f], crypto.OUTBOX) for f in ("recipient", "subject", "body")} for r in rows]


def _keyring(settings):
    return crypto.Keyring(settings.encryption_keys, settings.current_key_id)


def test_an_email_is_linked_only_after_its_confirmation_link_is_used(client, settings):
    sign_up(client, "maria", email="Maria@Example.org")
    account = client.get("/account").text
    assert "maria@example.org" not in account
    [message] = _outbox_messages(client, _keyring(settings))
    assert message["recipient"] == "maria@example.org"
    link = re.search(r"http://\S+/email/confirm\?token=\S+", message["body"]).group(0)
    path = link.split("127.0.0.1:8000", 1)[1]
    confirm_page = client.get(path)
    assert "Confirm my email" in confirm_page.text
    token = re.search(r'name="token" value="([^"]+)"', confirm_page.text).group(1)
    post(client, "/email/confirm", {"token": token})
    assert "maria@example.org" in client.get("/account").text
    log_out(client)
    assert log_in(client, "MARIA@example.org", STRONG_PASSWORD).status_code == 303


def test_a_forged_confirmation_token_is_refused(client):
    sign_up(client, "maria")
    response = client.get("/email/confirm?token=not-a-real-token")
    assert response.status_code == 400
    assert "not valid" in response.text


def test_joining_with_an_address_already_in_use_reveals_nothing(client, settings):
    keyring = _keyring(settings)
    sign_up(client, "maria")

    async def attach(db):
        row = await db.fetch_one(members.select().where(members.c.handle == "maria"))
        await email_address.confirm_email(db, settings, keyring, row["id"], "shared@example.org")

    run(client, attach)
    log_out(client)
    page_for_new = post(
        client, "/signup",
        {"handle": "intruder", "password": STRONG_PASSWORD, "password_confirm": STRONG_PASSWORD, "language": "en",
         "understood": "yes", "email": "shared@example.org"},
    )
    assert page_for_new.status_code == 200
    assert "We sent a link to the email address you gave" in page_for_new.text
    [warning] = _outbox_messages(client, keyring)
    assert warning["subject"] == "Someone tried to use your address on Jubilee"
    assert "/email/confirm" not in warning["body"]


def test_a_database_dump_holds_no_email_in_clear(client, settings):
    sign_up(client, "maria")
    keyring = _keyring(settings)

    async def attach(db):
        row = await db.fetch_one(members.select().where(members.c.handle == "maria"))
        await email_address.confirm_email(db, settings, keyring, row["id"], "maria.secret@example.org")

    run(client, attach)
    from tests.dumps import dump_database

    dump = dump_database(settings.database_url)
    assert "maria" in dump  # the dump is real: it holds the public handle
    assert "maria.secret@example.org" not in dump
    assert "maria.secret" not in dump
