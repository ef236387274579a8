"""Names to be known by, as people write them: accents, other alphabets and spaces are welcome;
a name mixing alphabets with look-alike letters is refused; log-in finds the name however it is
typed (NFKC, case, spaces)."""

from __future__ import annotations

import unicodedata

import pytest
import sqlalchemy as sa

from server.tables import members
from tests.conftest import STRONG_PASSWORD, log_in, log_out, post, run, sign_up


def _signup(client, handle):
    return post(client, "/signup", {"handle": handle, "password": STRONG_PASSWORD, "password_confirm": STRONG_PASSWORD,
                                    "language": "en", "understood": "yes"})


@pytest.mark.parametrize("handle", ["Lucía García", "Ελένη", "प्रिया", "محمد", "李小龙", "O'Brien", "Lucia\u0301 Garci\u0301a"])
def test_accented_and_non_latin_names_can_sign_up_and_log_in(client, handle):
    sign_up(client, handle)
    log_out(client)
    assert log_in(client, handle).status_code == 303
    kept = run(client, lambda db: db.fetch_val(sa.select(members.c.handle)))
    assert kept == " ".join(unicodedata.normalize("NFKC", handle).split())


def test_log_in_finds_the_name_by_its_normalised_form(client):
    sign_up(client, "Lucía García")
    log_out(client)
    for typed in ("lucía garcía", "LUCÍA   GARCÍA", "Luci\u0301a Garci\u0301a", "  Lucía García "):
        assert log_in(client, typed).status_code == 303, typed
        log_out(client)
    assert _signup(client, "lucía  garcía").status_code == 400  # the same name, taken


def test_existing_handles_keep_working(client):
    sign_up(client, "jlee-65")
    log_out(client)
    assert log_in(client, "JLEE-65").status_code == 303


@pytest.mark.parametrize("handle", ["pаypal", "Νikos", "jlее-65"])  # Cyrillic а, Greek Ν, Cyrillic е
def test_names_mixing_look_alike_alphabets_are_refused(client, handle):
    response = _signup(client, handle)
    assert response.status_code == 400
    assert "mixes letters from different alphabets" in response.text
    assert f'value="{handle}"' in response.text


@pytest.mark.parametrize("handle", ["ab", "rosa!", "-rosa", "zero\u200bwidth", "a\u0301\u0301\u0301\u0301\u0301bc", "x" * 41])
def test_names_that_are_not_names_are_refused_in_words(client, handle):
    response = _signup(client, handle)
    assert response.status_code == 400
    assert "starting with a letter or a number" in response.text
