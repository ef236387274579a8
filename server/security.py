"""Security on by default: response headers (`SecurityHeaders`), request body limits
(`BodyLimit`), and CSRF on every unsafe method (`CsrfGuard`).

CSRF uses a signed double-submit token: each browser holds a random `jubilee_csrf` cookie
(HttpOnly, SameSite=Lax) and every form carries `csrf_token`, an HMAC of that cookie under the
secret key. Another site can neither read the cookie nor compute the token, so a forged form gets
403 and a page that explains what happened. Requests whose `Sec-Fetch-Site` says they come
from another site are refused the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.cookies import cookie_header, is_https, request_cookies
from server.i18n import language_from_request, set_language

CSRF_COOKIE = "jubilee_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BODY = "jubilee.body"  # scope key: the request body, read in full by BodyLimit
# forms where a person may paste far too much get this limit, and their form back with a message
LARGE_FORM_BYTES = 16 * 1_048_576

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-src 'self'",  # a letter's preview, from this site only
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
# A letter's own document, shown in a frame of its page (a member's letter, a campaign's collective
# letter): its inline styles, nothing else; no form may send anywhere, no <base> may move its links.
PREVIEW_HEADERS = {
    "content-security-policy": "; ".join(
        [
            "default-src 'none'",
            "style-src 'unsafe-inline'",
            "form-action 'none'",
            "base-uri 'none'",
            "frame-ancestors 'self'",
        ]
    ),
    "x-frame-options": "SAMEORIGIN",
    "cache-control": "no-store",
}
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

ErrorPage = Callable[[Request, int], Awaitable[Any]]


def csrf_token_for(secret_key: str, cookie_value: str) -> str:
    return hmac.new(secret_key.encode(), b"csrf:" + cookie_value.encode(), hashlib.sha256).hexdigest()


class SecurityHeaders:
    """Adds the security headers to every response; pages for a logged-in member are not cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if is_https(scope):
                    headers.setdefault("strict-transport-security", "max-age=31536000; includeSubDomains")
                if scope.get("state", {}).get("member") is not None:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _refuse(error_page: ErrorPage, scope: Scope, receive: Receive, send: Send, status: int) -> None:
    response = await error_page(Request(scope, receive), status)
    await response(scope, receive, send)


class BodyLimit:
    """Refuses bodies over the limit (413), and reads the body of unsafe requests in full *before*
    any database work starts, so a slow upload never holds a transaction or SQLite's writer lock."""

    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, default_language: str, error_page: ErrorPage,
        larger: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # path prefix -> a larger limit, for forms where a person may paste far too much and
        # should get the form back with a message rather than an error page
        self.larger = larger or {}
        self.default_language = default_language
        self.error_page = error_page

    def limit_for(self, path: str) -> int:
        return max([self.max_body_bytes, *(n for prefix, n in self.larger.items() if path.startswith(prefix))])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        limit = self.limit_for(scope["path"])
        if declared.isdigit() and int(declared) <= limit:
            if scope["method"] in SAFE_METHODS:
                await self.app(scope, receive, send)
                return
            body = await self._read_body(receive, limit)
            if body is not None:
                scope[BODY] = body
                await self.app(scope, _replay(body, receive), send)
                return
        set_language(language_from_request(scope, self.default_language))
        await _refuse(self.error_page, scope, receive, send, 413 if declared.isdigit() else 400)

    async def _read_body(self, receive: Receive, limit: int) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


class CsrfGuard:
    """Every unsafe request must carry the token that matches this browser's CSRF cookie."""

    def __init__(self, app: ASGIApp, *, secret_key: str, error_page: ErrorPage) -> None:
        self.app = app
        self.secret_key = secret_key
        self.error_page = error_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = request_cookies(scope).get(CSRF_COOKIE)
        new_cookie = None
        if not cookie or len(cookie) > 100:
            cookie = new_cookie = secrets.token_urlsafe(32)
        expected = csrf_token_for(self.secret_key, cookie)
        scope.setdefault("state", {})["csrf_token"] = expected

        if scope["method"] not in SAFE_METHODS:
            body = scope.get(BODY, b"")
            if new_cookie or not await self._token_matches(scope, _replay(body, receive), expected):
                await _refuse(self.error_page, scope, receive, send, 403)
                return
            receive = _replay(body, receive)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and new_cookie:
                MutableHeaders(scope=message).append("set-cookie", cookie_header(CSRF_COOKIE, new_cookie, scope))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    async def _token_matches(self, scope: Scope, receive: Receive, expected: str) -> bool:
        headers = dict(scope["headers"])
        if headers.get(b"sec-fetch-site", b"same-origin") not in (b"same-origin", b"none"):
            return False
        given = headers.get(CSRF_HEADER.encode(), b"").decode("latin-1")
        if not given:
            content_type = headers.get(b"content-type", b"")
            if content_type.startswith((b"application/x-www-form-urlencoded", b"multipart/form-data")):
                try:
                    form = await Request(scope, receive).form(max_part_size=LARGE_FORM_BYTES)
                except Exception:
                    return False
                value = form.get(CSRF_FIELD)
                given = value if isinstance(value, str) else ""
        return hmac.compare_digest(given, expected)


def _replay(body: bytes, original: Receive) -> Receive:
    """Hand the buffered body to the app once, then pass on what the client sends next."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await original()

    return receive
