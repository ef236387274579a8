"""What came of a form: one typed outcome, carrying its message and severity, shown once on the
page the member is sent to next.

A route that changed something answers `see_other(url, OUTCOME)`: a 303 to the page, with a
short-lived cookie that names the outcome and the page it is for (a code and a path, never
anything about the member). `server.templating.render` shows the message when it renders that
page, in the reader's language, and deletes the cookie, so a reload or another page shows nothing.
Each domain declares its outcomes in its `Domain`, so a code nobody declared is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote, unquote, urlsplit

from babel.support import LazyProxy
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.types import Scope

from server.cookies import cookie_header, request_cookies

COOKIE = "jubilee_outcome"
# long enough for a slow phone to follow the redirect, short enough not to greet a later visit
LIFETIME_SECONDS = 120


class Severity(StrEnum):
    SUCCESS = "success"  # what the member asked for was done
    INFO = "info"  # nothing needed doing, or something to know


@dataclass(frozen=True)
class Outcome:
    code: str  # unique across Jubilee: "<domain>.<what happened>"
    message: LazyProxy
    severity: Severity = Severity.SUCCESS


def see_other(request: Request, url: str, outcome: Outcome | None = None) -> RedirectResponse:
    """303 to `url`; with `outcome`, its message is shown once there."""
    response = RedirectResponse(url, status_code=303)
    if outcome is not None:
        value = quote(f"{outcome.code} {urlsplit(url).path}", safe="")
        response.headers.append("set-cookie", cookie_header(COOKIE, value, request.scope, max_age=LIFETIME_SECONDS))
    return response


def pending_code(scope: Scope) -> str | None:
    """The outcome waiting for this page, if the cookie names this page."""
    value = request_cookies(scope).get(COOKIE)
    if not value:
        return None
    code, _sep, path = unquote(value).partition(" ")
    return code if path == scope.get("path") else None


def forget(scope: Scope) -> str:
    """The Set-Cookie header that deletes the outcome cookie."""
    return cookie_header(COOKIE, "", scope, max_age=0)
