"""Throttling: failed log-ins per name and per address, sign-ups and the names they check per
address, and the windows that end them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.testclient import TestClient

from server.app import create_app
from server.db import utcnow
from tests.conftest import STRONG_PASSWORD, log_in, log_out, make_settings, new_client, post, run, sign_up


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
