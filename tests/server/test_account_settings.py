"""What the account page says after each of its forms: once, at the top of the page, in the
member's language; a reload or another page shows nothing."""

from __future__ import annotations

import html

from starlette.testclient import TestClient

from server.settings import Settings
from tests.conftest import log_in, new_client, post, sign_up

STATUS = '<p class="notice notice-success" role="status">{}</p>'


def said_once(client: TestClient, response: object, message: str) -> None:
    assert response.status_code == 200 and response.url.path == "/account"  # type: ignore[attr-defined]
    assert STATUS.format(message) in html.unescape(response.text)  # type: ignore[attr-defined]
    assert "done=" not in str(response.url)  # type: ignore[attr-defined]
    assert message not in html.unescape(client.get("/account").text), "a reload shows it again"


def test_saving_the_language_says_so_in_that_language(client: TestClient) -> None:
    sign_up(client, "maria")

    said_once(client, post(client, "/account/language", {"language": "en"}), "Your language is saved.")
    said_once(client, post(client, "/account/language", {"language": "es"}), "Se guardó tu idioma.")


def test_an_unknown_language_is_refused_and_says_nothing(client: TestClient) -> None:
    sign_up(client, "maria")

    response = post(client, "/account/language", {"language": "klingon"})

    assert response.status_code == 400
    assert 'role="status"' not in response.text


def test_asking_for_a_confirmation_link_says_it_was_sent(client: TestClient) -> None:
    sign_up(client, "maria")

    response = post(client, "/account/email", {"email": "maria@example.org"})

    said_once(client, response, "We sent a confirmation link to that address. The address is added once you "
                                "open the link.")


def test_removing_the_email_says_so(client: TestClient) -> None:
    sign_up(client, "maria")

    said_once(client, post(client, "/account/email/remove", {}), "Your email address was removed.")


def test_logging_out_other_devices_says_so(client: TestClient, settings: Settings) -> None:
    sign_up(client, "maria")
    with new_client(settings) as phone:
        log_in(phone)

        said_once(client, post(client, "/account/sessions/others", {}), "Every other session was logged out.")
