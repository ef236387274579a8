"""Languages: how the language is chosen, Babel formatting, and a complete Spanish catalogue."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from server import i18n
from server.i18n import negotiate
from tests.conftest import post, sign_up

ROOT = Path(__file__).resolve().parents[2]


def test_the_home_page_speaks_english_by_default(client):
    page = client.get("/")
    assert '<html lang="en"' in page.text
    assert "Join the collective" in page.text


def test_accept_language_spanish_gives_the_home_page_in_spanish(client):
    page = client.get("/", headers={"accept-language": "es-MX,es;q=0.9,en;q=0.5"})
    assert '<html lang="es"' in page.text
    assert "Únete al colectivo" in page.text
    assert page.headers["content-language"] == "es"


def test_the_language_cookie_beats_accept_language(client):
    client.cookies.set(i18n.COOKIE, "en")
    assert '<html lang="en"' in client.get("/", headers={"accept-language": "es"}).text


def test_the_switcher_remembers_the_choice_and_returns_to_the_same_page(client):
    response = post(client, "/language", {"language": "es", "next": "/login"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert '<html lang="es"' in client.get("/login").text


def test_the_switcher_ignores_unknown_languages_and_foreign_targets(client):
    response = post(client, "/language", {"language": "xx", "next": "https://evil.example/"}, follow_redirects=False)
    assert response.headers["location"] == "/"
    assert '<html lang="en"' in client.get("/").text


def test_a_members_language_setting_beats_the_cookie(client):
    sign_up(client, "maria", language="es")
    client.cookies.set(i18n.COOKIE, "en")
    assert '<html lang="es"' in client.get("/account", headers={"accept-language": "en"}).text


def test_switching_language_while_logged_in_saves_it_to_the_account(client, settings):
    sign_up(client, "maria")
    post(client, "/language", {"language": "es", "next": "/account"})
    client.cookies.delete(i18n.COOKIE)
    assert '<html lang="es"' in client.get("/account").text


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es", "es"),
        ("es-419", "es"),
        ("fr-FR, es;q=0.8, en;q=0.7", "es"),
        ("en;q=0.4, es;q=0.9", "es"),
        ("es;q=0, en", "en"),
        ("de, fr", "en"),
        ("", "en"),
        ("es;q=abc, en;q=0.1", "en"),
        ("*", "en"),
    ],
)
def test_accept_language_is_matched_by_quality(header, expected):
    assert negotiate(header, "en") == expected


def test_money_numbers_and_dates_follow_the_language():
    with i18n.using_language("en"):
        assert i18n.format_money(123456789) == "$1,234,567.89"
        assert i18n.format_date(dt.date(2026, 11, 22), "long") == "November 22, 2026"
    with i18n.using_language("es"):
        assert i18n.format_money(123456789) == "$1,234,567.89"
        assert i18n.format_date(dt.date(2026, 11, 22), "long") == "22 de noviembre de 2026"
        assert i18n.format_number(1234567) == "1,234,567"


def test_money_is_exact_for_large_amounts_in_cents():
    with i18n.using_language("en"):
        assert i18n.format_money(9_007_199_254_740_993) == "$90,071,992,547,409.93"


def _catalogue():
    with (ROOT / "locales/es/LC_MESSAGES/messages.po").open("rb") as po:
        return read_po(po, locale="es")


def test_the_message_template_is_up_to_date(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "--omit-header", "--no-location",
         "-F", "locales/babel.cfg", "-k", "lazy_gettext", "-k", "_l", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    committed = (ROOT / "locales/messages.pot").read_text()
    assert fresh.read_text() == committed, "locales/messages.pot is stale: run `make translations`"


def test_every_message_has_a_spanish_translation_that_is_not_fuzzy():
    catalogue = _catalogue()
    template_ids = {m.id for m in read_po((ROOT / "locales/messages.pot").open("rb")) if m.id}
    translated = {m.id for m in catalogue if m.id and m.string and not m.fuzzy
                  and (all(m.string) if isinstance(m.string, tuple) else True)}
    missing = sorted(str(i) for i in template_ids - translated)
    assert not missing, f"{len(missing)} messages lack a Spanish translation, e.g. {missing[:5]}"


def test_spanish_translations_keep_every_placeholder():
    problems = [(message.id, errors) for message, errors in _catalogue().check()]
    assert not problems
