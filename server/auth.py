"""Who is asking: the session cookie, the current member, and guards for endpoints.

The cookie holds a random token signed with the secret key. The database keeps only the token's
SHA-256 (so a copy of the database cannot be used as a cookie) and the member's data key wrapped
by a key derived from the token (so the data key is usable only while the member's browser holds
the cookie). Sessions expire after `JUBILEE_SESSION_IDLE_MINUTES` without use and after
`JUBILEE_SESSION_MAX_DAYS` in any case.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from itsdangerous import BadSignature, Signer
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import crypto, members
from server.cookies import cookie_header, request_cookies
from server.db import Database, utcnow
from server.i18n import gettext as _
from server.settings import Settings

SESSION_COOKIE = "jubilee_session"
TOUCH_EVERY = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class CurrentMember:
    id: int
    handle: str
    language: str
    roles: frozenset[str]
    session_id: str
    wrapped_data_key: str
    token: str

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def data_key(self) -> bytes:
        """The member's own key, available only during their session."""
        return crypto.unwrap_with_secret(self.wrapped_data_key, self.token, crypto.SESSION_DATA_KEY)


def session_id_for(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _signer(settings: Settings) -> Signer:
    return Signer(settings.secret_key, salt="jubilee.session")


async def start_session(
    db: Database, settings: Settings, member_id: int, data_key: bytes, device: str
) -> str:
    """Create a session and return the cookie value. Always a new id: log-in rotates the session."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    await members.create_session(
        db,
        id=session_id_for(token),
        member_id=member_id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + dt.timedelta(days=settings.session_max_days),
        data_key=crypto.wrap_with_secret(data_key, token, crypto.SESSION_DATA_KEY),
        device=device[:60],
    )
    return _signer(settings).sign(token).decode()


def session_cookie(value: str, scope: Scope, settings: Settings) -> str:
    return cookie_header(SESSION_COOKIE, value, scope, max_age=settings.session_max_days * 86400)


def clear_session_cookie(scope: Scope) -> str:
    return cookie_header(SESSION_COOKIE, "", scope, max_age=0)


def logged_out_redirect(request: Request, target: str) -> RedirectResponse:
    """Go to `target` with the session cookie removed (its session is already gone)."""
    response = RedirectResponse(target, status_code=303)
    response.headers.append("set-cookie", clear_session_cookie(request.scope))
    return response


def device_label(user_agent: str) -> str:
    """A coarse, non-identifying description of the browser: "Firefox/Android", stored as the
    browser's and the system's names and put into words by `describe_device` when shown."""
    ua = user_agent.lower()
    browser = next(
        (name for key, name in (("edg/", "Edge"), ("firefox", "Firefox"), ("chrome", "Chrome"),
                                ("safari", "Safari")) if key in ua),
        "",
    )
    system = next(
        (name for key, name in (("android", "Android"), ("iphone", "iPhone"), ("ipad", "iPad"),
                                ("windows", "Windows"), ("mac os", "Mac"), ("linux", "Linux")) if key in ua),
        "",
    )
    return f"{browser}/{system}"


def describe_device(device: str) -> str:
    """A session's device in the reader's language, e.g. "Firefox on Android"."""
    browser, _sep, system = device.partition("/")
    browser = browser or _("A browser")
    return _("%(browser)s on %(system)s", browser=browser, system=system) if system else browser


class SessionMiddleware:
    """Loads the member behind the session cookie into `request.state.member`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["member"] = None
        cookie = request_cookies(scope).get(SESSION_COOKIE)
        clear_cookie = False
        if cookie:
            member = await self._load(state["db"], state["settings"], cookie, state)
            state["member"] = member
            clear_cookie = member is None

        async def send_clearing(message: Message) -> None:
            if message["type"] == "http.response.start" and clear_cookie:
                headers = MutableHeaders(scope=message)
                if SESSION_COOKIE not in "".join(headers.getlist("set-cookie")):
                    headers.append("set-cookie", clear_session_cookie(scope))
            await send(message)

        await self.app(scope, receive, send_clearing)

    async def _load(self, db: Database, settings: Settings, cookie: str, state: dict[str, Any]) -> CurrentMember | None:
        try:
            token = _signer(settings).unsign(cookie).decode()
        except (BadSignature, UnicodeDecodeError):
            return None
        session_id = session_id_for(token)
        row = await members.session_with_member(db, session_id)
        if row is None:
            return None
        now = utcnow()
        idle = dt.timedelta(minutes=settings.session_idle_minutes)
        if now >= row["expires_at"] or now - row["last_seen_at"] >= idle:
            await members.delete_session(db, session_id)
            return None
        if now - row["last_seen_at"] >= TOUCH_EVERY:
            await members.touch_session(db, session_id, now)
        state["unread_notifications"] = row["unread"]
        return CurrentMember(
            id=row["id"],
            handle=row["handle"],
            language=row["language"],
            roles=row["roles"],
            session_id=session_id,
            wrapped_data_key=row["data_key"],
            token=token,
        )


Endpoint = Callable[[Request], Awaitable[Response]]


def current_member(request: Request) -> CurrentMember | None:
    member: CurrentMember | None = request.state.member
    return member


def me(request: Request) -> CurrentMember:
    """The logged-in member, in an endpoint guarded by `member_required` or `role_required`."""
    member = current_member(request)
    assert member is not None, "me() outside a guarded endpoint"
    return member


def member_required(endpoint: Endpoint) -> Endpoint:
    """Send visitors to the log-in page, and back here afterwards."""

    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        if current_member(request) is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        return await endpoint(request)

    return guarded


# Routes of what belongs to one member (a debt, a letter) and of a role's pages take every method,
# so that what is not yours is 404 or 403 whatever you try (a 405 would tell that it exists); the
# owner gets 405 for a method the page lacks.
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
READ, FORM, POST = frozenset({"GET", "HEAD"}), frozenset({"GET", "HEAD", "POST"}), frozenset({"POST"})


def owner_only(methods: Collection[str], owned: Callable[[Request], Awaitable[Any]], endpoint: Endpoint) -> Endpoint:
    """For a route with `methods=ANY_METHOD`: visitors go to log in; `owned(request)` raises 404
    when the thing in the URL is not the member's, whatever the method; then a method outside
    `methods` is 405."""

    async def guarded(request: Request) -> Response:
        await owned(request)
        if request.method not in methods:
            raise HTTPException(status_code=405, headers={"allow": ", ".join(sorted(methods))})
        return await endpoint(request)

    return member_required(guarded)


def role_required(*roles: str, methods: Collection[str] | None = None) -> Callable[[Endpoint], Endpoint]:
    """Visitors go to log in; members holding none of `roles` get 403 whatever the method. With
    `methods`, the route takes every method (so nothing about it shows to others) and answers
    405 to a permitted member for the rest."""

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def guarded(request: Request) -> Response:
            member = current_member(request)
            if member is None:
                return await member_required(endpoint)(request)
            if not any(member.has_role(role) for role in roles):
                raise HTTPException(status_code=403)
            if methods is not None and request.method not in methods:
                raise HTTPException(status_code=405, headers={"allow": ", ".join(sorted(methods))})
            return await endpoint(request)

        return guarded

    return decorate


def safe_next(target: Any) -> str:
    """Only same-site paths are followed after log-in (no open redirects)."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target[:500]
    return "/"
