"""Security a member never has to think about: forged forms, headers, cookies, limits, error pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from starlette.testclient import TestClient

from server import members as queries
from server.app import create_app
from server.settings import Settings
from tests.conftest import STRONG_PASSWORD, csrf_token, log_in, log_out, make_settings, new_client, post, run, sign_up
from tests.factories.pages import assert_security_headers, text_of

NEW_PASSWORD = "seven geese crossed the frozen pond"
SIGNUP = {"handle": "rosa", "password": STRONG_PASSWORD, "password_confirm": STRONG_PASSWORD,
          "language": "en", "understood": "yes"}
def member_count(client: TestClient) -> int:
    return run(client, queries.count_members)


# --- forged forms ---------------------------------------------------------------------------


def forge(client: TestClient, kind: str, path: str, data: dict[str, str], *, page: str) -> object:
    """Submit `data` to `path` the way another site (or a stale page) would."""
    if kind == "no token":
        client.get(page)
        return client.post(path, data=data)
    if kind == "wrong token":
        return client.post(path, data={**data, "csrf_token": "0" * 64})
    if kind == "token without its cookie":
        token = csrf_token(client, page)
        client.cookies.delete("jubilee_csrf")
        return client.post(path, data={**data, "csrf_token": token})
    if kind == "cross-site request":
        return post(client, path, data, headers={"sec-fetch-site": "cross-site"})
    raise AssertionError(kind)


FORGERIES = ["no token", "wrong token", "token without its cookie", "cross-site request"]


def assert_refused_as_forged(response: object) -> None:
    assert response.status_code == 403  # type: ignore[attr-defined]
    page = text_of(response)
    assert "You can't do that here" in page
    assert "did not come from Jubilee. Nothing was changed." in page


@pytest.mark.parametrize("kind", FORGERIES)
def test_forged_sign_up_is_refused_and_creates_no_member(client: TestClient, kind: str) -> None:
    response = forge(client, kind, "/signup", SIGNUP, page="/signup")

    assert_refused_as_forged(response)
    assert member_count(client) == 0
    assert "jubilee_session" not in client.cookies


@pytest.mark.parametrize("kind", FORGERIES)
def test_forged_password_change_is_refused_and_changes_nothing(client: TestClient, kind: str) -> None:
    sign_up(client, "maria")
    data = {"current_password": STRONG_PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}

    response = forge(client, kind, "/account/password", data, page="/account")

    assert_refused_as_forged(response)
    assert client.get("/account", follow_redirects=False).status_code == 200, "the member was logged out"
    log_out(client)
    assert log_in(client, "maria", NEW_PASSWORD).status_code == 400
    assert log_in(client, "maria", STRONG_PASSWORD).status_code == 303


# --- headers and what pages load -------------------------------------------------------------


def test_every_page_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/signup", "/login", "/privacy", "/recover", "/no-such-page", "/static/jubilee.css"):
        assert_security_headers(client.get(path), path)
    assert_security_headers(client.post("/signup", data={}), "forged POST")
    sign_up(client)
    for path in ("/account", "/notifications"):
        assert_security_headers(client.get(path), path)


class Links(HTMLParser):
    """Every URL a page makes the browser load or go to, and anything a strict CSP would block."""

    URL_ATTRIBUTES = {"src", "href", "action", "formaction", "srcset", "poster", "data", "background", "cite"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name == "srcset" and value:
                self.urls.extend(candidate.split()[0] for candidate in value.split(",") if candidate.strip())
            elif name in self.URL_ATTRIBUTES and value is not None:
                self.urls.append(value.strip())
            if name == "style" or name.startswith("on"):
                self.inline.append(f"<{tag} {name}=…>")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.urls.append((values.get("content") or "").partition("=")[2])
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script" and not values.get("src"):
            self.inline.append("<script> without src")


def is_same_origin(url: str) -> bool:
    parts = urlsplit(url)
    if url.startswith("#"):
        return True
    return not parts.scheme and not parts.netloc and url.startswith("/") and not url.startswith(("//", "/\\"))


def test_no_page_loads_or_links_anything_from_another_site(client: TestClient) -> None:
    pages = {path: client.get(path) for path in ("/", "/signup", "/login", "/privacy", "/recover", "/no-such-page")}
    pages["403"] = client.post("/signup", data={})
    sign_up(client)
    for path in ("/", "/account", "/notifications"):
        pages[f"{path} (logged in)"] = client.get(path)

    for name, response in pages.items():
        links = Links()
        links.feed(response.text)
        off_site = [url for url in links.urls if not is_same_origin(url)]
        assert links.urls, f"{name}: no links found; the scan is not reading the page"
        assert off_site == [], f"{name} points off-site: {off_site}"
        assert links.inline == [], f"{name} has inline code or style that the CSP blocks: {links.inline}"


def test_pages_for_a_logged_in_member_are_never_cached(client: TestClient) -> None:
    recovery_code_page = post(client, "/signup", SIGNUP)

    assert recovery_code_page.headers.get("cache-control") == "no-store"
    for path in ("/", "/account", "/notifications", "/privacy", "/no-such-page"):
        assert client.get(path).headers.get("cache-control") == "no-store", path


# --- cookies -------------------------------------------------------------------------------


def set_cookies(response: object) -> dict[str, str]:
    """Set-Cookie headers by cookie name."""
    found = {}
    for header in response.headers.get_list("set-cookie"):  # type: ignore[attr-defined]
        found[header.split("=", 1)[0]] = header
    return found


def cookies_of_a_visit(client: TestClient) -> dict[str, str]:
    """The cookies Jubilee sets while a visitor looks around, joins and switches language."""
    cookies = set_cookies(client.get("/"))
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', client.get("/signup").text)
    assert token
    joined = client.post("/signup", data={**SIGNUP, "csrf_token": token.group(1)})
    assert joined.status_code == 200
    cookies.update(set_cookies(joined))
    cookies.update(set_cookies(post(client, "/language", {"language": "es", "next": "/"}, follow_redirects=False)))
    return cookies


def test_cookies_are_http_only_and_same_site(client: TestClient) -> None:
    cookies = cookies_of_a_visit(client)

    assert set(cookies) >= {"jubilee_csrf", "jubilee_session", "jubilee_lang"}
    for name, header in cookies.items():
        attributes = [a.strip().lower() for a in header.split(";")]
        assert "httponly" in attributes, header
        assert "samesite=lax" in attributes, header
        assert "secure" not in attributes, f"{name} would be lost on a plain-HTTP local install"


def test_cookies_are_secure_when_the_site_is_https(settings: Settings) -> None:
    with TestClient(create_app(settings, background=False), base_url="https://testserver") as client:
        cookies = cookies_of_a_visit(client)
        strict_transport = client.get("/").headers.get("strict-transport-security", "")

    assert set(cookies) >= {"jubilee_csrf", "jubilee_session", "jubilee_lang"}
    for header in cookies.values():
        attributes = [a.strip().lower() for a in header.split(";")]
        assert {"secure", "httponly", "samesite=lax"} <= set(attributes), header
    assert strict_transport.startswith("max-age=")


# --- redirects after log-in -----------------------------------------------------------------


OFF_SITE_TARGETS = ["//evil.example", "https://evil.example/login", "/\\evil.example", "///evil.example",
                    "http:evil.example", " //evil.example", "\\\\evil.example"]


def test_log_in_never_sends_the_member_to_another_site(client: TestClient) -> None:
    sign_up(client, "maria")
    log_out(client)

    for target in OFF_SITE_TARGETS:
        response = post(client, "/login", {"login": "maria", "password": STRONG_PASSWORD, "next": target},
                        follow_redirects=False)
        assert response.status_code == 303, target
        assert response.headers["location"] == "/", target
        # the log-in page reached with such a `next` does not carry it either
        assert f'value="{target.strip()}"' not in client.get("/login", params={"next": target}).text


# --- size limits ---------------------------------------------------------------------------


def test_a_body_larger_than_the_limit_is_refused_and_nothing_is_saved(client: TestClient, settings: Settings) -> None:
    padding = "x" * settings.max_body_bytes

    response = post(client, "/signup", {**SIGNUP, "notes": padding})

    assert response.status_code == 413
    assert "Nothing was saved" in text_of(response)
    assert member_count(client) == 0


def test_a_streamed_body_is_cut_off_at_the_limit_and_nothing_is_saved(client: TestClient, settings: Settings) -> None:
    """No Content-Length (chunked upload): Jubilee stops reading once the limit is passed."""
    token = csrf_token(client, "/signup")
    form = "&".join(f"{k}={v.replace(' ', '+')}" for k, v in {**SIGNUP, "csrf_token": token}.items())
    chunk = b"x" * 65536
    total_chunks = 4 * settings.max_body_bytes // len(chunk)
    sent = 0

    async def receive() -> dict[str, object]:
        nonlocal sent
        sent += 1
        if sent == 1:
            return {"type": "http.request", "body": form.encode() + b"&notes=", "more_body": True}
        return {"type": "http.request", "body": chunk, "more_body": sent < total_chunks}

    messages: list[dict[str, object]] = []

    async def send(message: dict[str, object]) -> None:
        messages.append(message)

    scope = {
        "type": "http", "http_version": "1.1", "method": "POST", "scheme": "http", "path": "/signup",
        "raw_path": b"/signup", "root_path": "", "query_string": b"", "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80), "state": client.app_state.copy(), "extensions": {},
        "headers": [
            (b"host", b"testserver"), (b"transfer-encoding", b"chunked"),
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"cookie", f"jubilee_csrf={client.cookies['jubilee_csrf']}".encode()),
        ],
    }
    assert client.portal is not None
    client.portal.call(client.app, scope, receive, send)

    assert messages[0]["status"] == 413
    assert sent <= settings.max_body_bytes // len(chunk) + 2, "the whole body was read before refusing it"
    assert member_count(client) == 0


# --- error pages ----------------------------------------------------------------------------


def test_the_body_limit_is_a_setting(database_url: str, tmp_path: Path) -> None:
    settings = make_settings(database_url, tmp_path, max_body_bytes=8192)
    with new_client(settings) as client:
        small = post(client, "/signup", {**SIGNUP, "notes": "x" * 4000})
        log_out(client)
        large = post(client, "/signup", {**SIGNUP, "handle": "pablo", "notes": "x" * 9000})

    assert small.status_code == 200
    assert large.status_code == 413
