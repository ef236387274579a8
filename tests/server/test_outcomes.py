"""What came of a form is said once, on the page the member is sent to, in their language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from babel.support import LazyProxy
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from server import i18n
from server.app import create_app
from server.domain import Domain, Domains
from server.i18n import lazy_gettext as _l
from server.outcomes import COOKIE, Outcome, Severity, see_other
from server.registry import DOMAINS
from server.settings import Settings
from tests.conftest import post

SAVED = Outcome("test.saved", _l("Your changes are saved."))
NOTHING = Outcome("test.nothing", _l("Nothing was changed."), Severity.INFO)
UNDECLARED = Outcome("test.undeclared", LazyProxy(lambda: "never shown"))


async def save(request: Request) -> Response:
    outcome = {"saved": SAVED, "nothing": NOTHING, "undeclared": UNDECLARED}[request.path_params["what"]]
    return see_other(request, "/privacy#top", outcome)


async def figures(request: Request) -> Response:
    return JSONResponse({"members": 12})


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    stand_in = Domain("test", routes=[Route("/test/{what}", save, methods=["POST"]), Route("/test.json", figures)],
                      outcomes=[SAVED, NOTHING])
    app = create_app(settings, background=False, domains=Domains([*DOMAINS.all, stand_in]))
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def test_the_message_shows_once_on_the_page_it_was_meant_for(client: TestClient) -> None:
    response = post(client, "/test/saved", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/privacy#top"
    assert "done=" not in response.headers["location"]
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie

    assert client.get("/test.json").json() == {"members": 12}, "a JSON answer leaves the message for the page"
    assert "Your changes are saved." not in client.get("/").text, "another page does not show it"
    page = client.get("/privacy").text
    assert '<p class="notice notice-success" role="status">Your changes are saved.</p>' in page
    assert "Your changes are saved." not in client.get("/privacy").text, "a reload does not show it again"


def test_the_message_is_in_the_readers_language_and_says_how_it_went(client: TestClient) -> None:
    client.cookies.set(i18n.COOKIE, "es")
    page = post(client, "/test/nothing").text  # the redirect followed, as a browser does
    assert '<p class="notice notice-info" role="status">No se cambió nada.</p>' in page


def test_an_outcome_no_domain_declared_or_a_forged_cookie_shows_nothing(client: TestClient) -> None:
    post(client, "/test/undeclared", follow_redirects=False)
    assert "never shown" not in client.get("/privacy").text
    client.cookies.set(COOKIE, "<script>alert(1)</script>%20%2Fprivacy")
    page = client.get("/privacy").text
    assert "<script>alert" not in page and 'role="status"' not in page
