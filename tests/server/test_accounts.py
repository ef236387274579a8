"""Member accounts as a member meets them: joining, logging in and out, sessions, recovery."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa
from starlette.testclient import TestClient

from accounts import email_address
from server import crypto
from server.app import create_app
from server.auth import SESSION_COOKIE
from server.db import utcnow
from server.tables import members, sessions
from tests.conftest import STRONG_PASSWORD, log_in, log_out, make_settings, new_client, post, run, sign_up


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
        {"handle": "rosa m", "password": "short", "password_confirm": "short", "email": "rosa@example.org",
         "language": "es", "understood": "yes"},
    )
    assert response.status_code == 400
    assert 'value="rosa m"' in response.text
    assert 'value="rosa@example.org"' in response.text
    assert "short" not in re.findall(r'type="password"[^>]*', response.text).__str__()
    assert "no spaces" in response.text
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


def test_the_tenth_wrong_password_in_a_row_is_throttled(client):
    sign_up(client, "maria")
    log_out(client)
    statuses = [log_in(client, "maria", f"wrong password number {i}").status_code for i in range(10)]
    assert statuses == [400] * 9 + [429]
    blocked = log_in(client, "maria", STRONG_PASSWORD)
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.text
    assert int(blocked.headers["retry-after"]) > 0


def test_another_spelling_of_a_paused_name_is_paused_too(client):
    """Full-width letters and another case find the same account, so they count in its window."""
    sign_up(client, "maria")
    log_out(client)
    for i in range(10):
        log_in(client, "maria", f"wrong password number {i}")
    for spelling in ("\uff4d\uff41\uff52\uff49\uff41", "MARIA", " Maria "):
        assert log_in(client, spelling, "yet another guess").status_code == 429, spelling
        assert log_in(client, spelling, STRONG_PASSWORD).status_code == 429, spelling


def _browser(database_url, tmp_path, address="203.0.113.7", **limits):
    """A browser at `address`, on a Jubilee with these per-address limits."""
    app = create_app(make_settings(database_url, tmp_path, **limits), background=False)
    return TestClient(app, base_url="http://testserver", client=(address, 50000))


def _join(browser, handle):
    data = {"handle": handle, "password": STRONG_PASSWORD, "password_confirm": STRONG_PASSWORD, "language": "en",
            "understood": "yes"}
    response = post(browser, "/signup", data)
    browser.cookies.clear()  # the next sign-up from the same address, as someone else
    return response


def test_accounts_made_from_one_address_are_limited(database_url, tmp_path):
    with _browser(database_url, tmp_path, signup_max_per_address=3) as browser:
        assert [_join(browser, f"member{i}").status_code for i in range(3)] == [200] * 3
        refused = _join(browser, "member3")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
        assert "Many accounts were made from your connection in a short time." in refused.text
        assert 'value="member3"' in refused.text  # what was typed is kept
    with _browser(database_url, tmp_path, "198.51.100.4", signup_max_per_address=3) as elsewhere:
        assert _join(elsewhere, "member3").status_code == 200


def test_names_checked_at_sign_up_from_one_address_are_limited(database_url, tmp_path):
    """Whether a name is taken is said to an honest person, a limited number of times."""
    with _browser(database_url, tmp_path, name_checks_per_address=4) as browser:
        assert _join(browser, "maria").status_code == 200
        tries = [_join(browser, "Maria") for _ in range(4)]
        assert [t.status_code for t in tries] == [400, 400, 400, 429]
        assert "That name is taken" in tries[0].text
        assert "That name is taken" not in tries[-1].text
        assert "You have tried many names in a short time." in tries[-1].text
        assert int(tries[-1].headers["retry-after"]) > 0


def test_each_throttle_row_goes_once_its_own_window_is_over(client, settings):
    from server import throttle
    from server.tables import login_throttle

    now = utcnow()
    ages = {"account:a": 16, "address:b": 14, "signups:c": 61, "signups:d": 59, "names:e": 30, "lookups:f": 16,
            "lookups:g": 14}

    async def age_and_clean(db):
        for key, minutes in ages.items():
            await db.execute(login_throttle.insert().values(key=key, window_start=now - dt.timedelta(minutes=minutes),
                                                            failures=1))
        await throttle.delete_stale_throttles(db, settings, now)
        return {row["key"] for row in await db.fetch_all(login_throttle.select())}

    assert run(client, age_and_clean) == {"address:b", "signups:d", "names:e", "lookups:g"}


def test_throttling_treats_unknown_accounts_like_real_ones(client):
    """Side by side, a real account and a name nobody has get the same answers, attempt by attempt:
    nothing tells whether an account exists."""
    sign_up(client, "maria")
    log_out(client)

    def attempts(login: str) -> list[Any]:
        wrong = [log_in(client, login, f"wrong password number {i}") for i in range(10)]
        return [*wrong, log_in(client, login, STRONG_PASSWORD)]  # the right password, once blocked

    def seen(response: Any, login: str) -> tuple[int, str, bool]:
        page = response.text.replace(login, "NAME")
        return response.status_code, page, int(response.headers.get("retry-after", "0")) > 0

    real, unknown = attempts("maria"), attempts("nobody-here")
    assert [r.status_code for r in real] == [400] * 9 + [429] * 2
    assert [seen(r, "nobody-here") for r in unknown] == [seen(r, "maria") for r in real]


def test_throttling_ends_with_its_window(client, settings):
    sign_up(client, "maria")
    log_out(client)
    for i in range(10):
        log_in(client, "maria", f"wrong password number {i}")

    async def age(db):
        from server.tables import login_throttle

        await db.execute(login_throttle.update().values(
            window_start=utcnow() - dt.timedelta(minutes=settings.login_window_minutes + 1)))

    run(client, age)
    assert log_in(client).status_code == 303


def test_a_success_resets_the_count_of_failures(client):
    sign_up(client, "maria")
    log_out(client)
    for i in range(8):
        log_in(client, "maria", f"wrong password number {i}")
    assert log_in(client).status_code == 303
    log_out(client)
    statuses = [log_in(client, "maria", f"wrong again {i}").status_code for i in range(9)]
    assert 429 not in statuses


def test_one_address_guessing_many_accounts_is_throttled(database_url, tmp_path):
    limit = 12  # the default is 50: the rule is the same, and each failure costs a password hash
    with new_client(make_settings(database_url, tmp_path, address_max_failures=limit)) as client:
        statuses = [log_in(client, f"someone{i}", "not the password at all").status_code for i in range(limit)]
    assert statuses[-1] == 429
    assert statuses[: limit - 1] == [400] * (limit - 1)


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
