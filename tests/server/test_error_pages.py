"""Error pages: each explains itself in the reader's language; a crash shows nothing and is logged."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from server.app import create_app
from server.i18n import translations
from server.settings import Settings
from tests.conftest import post
from tests.factories.pages import ERROR_TITLES, assert_security_headers, text_of


async def _raise_status(request: Request) -> Response:
    raise HTTPException(status_code=int(request.path_params["code"]))


async def _crash(request: Request) -> Response:
    raise RuntimeError("card number 4111-1111-1111-1111 in the SQL")


@pytest.fixture
def crashing_client(settings: Settings) -> Iterator[TestClient]:
    """Jubilee plus two test-only routes: one raises an HTTP error, one crashes."""
    app = create_app(settings, background=False)
    app.router.routes.append(Route("/test/status/{code:int}", _raise_status))
    app.router.routes.append(Route("/test/crash", _crash, methods=["GET", "POST"]))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def error_response(client: TestClient, status: int, headers: dict[str, str]) -> object:
    """Reach each error page the way people do (400 and 429 come from endpoints that raise them)."""
    if status == 403:
        client.get("/", headers=headers)
        return client.post("/signup", data={}, headers=headers)
    if status == 404:
        return client.get("/no-such-page", headers=headers)
    if status == 405:
        return post(client, "/privacy", {}, headers=headers)
    if status == 413:
        return client.post("/signup", content=b"x" * (1_048_576 + 1), headers=headers)
    if status == 500:
        return client.get("/test/crash", headers=headers)
    return client.get(f"/test/status/{status}", headers=headers)


def test_every_error_page_explains_itself_in_english(crashing_client: TestClient) -> None:
    for status, title in ERROR_TITLES.items():
        response = error_response(crashing_client, status, {"accept-language": "en"})
        assert response.status_code == status  # type: ignore[attr-defined]
        page = text_of(response)
        assert f"<h1>{title}</h1>" in page, status
        assert '<html lang="en"' in page, status
        assert 'href="/"' in page, f"{status}: no way back to the home page"


def test_every_error_page_follows_the_readers_language(crashing_client: TestClient) -> None:
    for status in ERROR_TITLES:
        response = error_response(crashing_client, status, {"accept-language": "es-MX,es;q=0.9,en;q=0.5"})
        assert response.status_code == status  # type: ignore[attr-defined]
        assert '<html lang="es"' in response.text, status  # type: ignore[attr-defined]


def test_every_error_page_is_written_in_spanish_for_a_spanish_reader(crashing_client: TestClient) -> None:
    spanish = translations("es")
    waiting = [title for title in ERROR_TITLES.values() if spanish.ugettext(title) == title]
    assert not waiting, f"the Spanish catalogue has no translation for: {waiting}"
    for status, title in ERROR_TITLES.items():
        response = error_response(crashing_client, status, {"accept-language": "es-MX,es;q=0.9,en;q=0.5"})
        assert f"<h1>{spanish.ugettext(title)}</h1>" in text_of(response), status


def test_a_crash_shows_no_details_and_logs_the_cause(
    crashing_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="jubilee.errors"):
        response = crashing_client.get("/test/crash")

    assert response.status_code == 500
    page = text_of(response)
    assert "Something went wrong on our side" in page
    for leak in ("Traceback", "RuntimeError", "4111", "_crash", ".py"):
        assert leak not in page, f"the error page shows {leak!r}"
    causes = [r for r in caplog.records if r.name == "jubilee.errors" and r.exc_info]
    assert len(causes) == 1
    assert isinstance(causes[0].exc_info[1], RuntimeError)  # type: ignore[index]
    assert "/test/crash" in causes[0].getMessage()


def test_a_crash_page_carries_the_security_headers(crashing_client: TestClient) -> None:
    response = crashing_client.get("/test/crash")

    assert response.status_code == 500
    assert_security_headers(response, "500 page")
