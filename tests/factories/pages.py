"""Reading what a page shows: its text, its main part, money as written, its security headers."""

from __future__ import annotations

import html
import re
from typing import Any


def text(response: Any) -> str:
    return html.unescape(response.text)


def notice(page: Any) -> str:
    """The message shown once at the top of the page, saying what the form that led here did; '' if none."""
    body = page if isinstance(page, str) else page.text
    found = re.search(r'<p class="notice notice-(?:success|info)" role="status">(.*?)</p>', body, re.S)
    return html.unescape(found.group(1)) if found else ""


# The title of each error page, as written in English (the source language).
ERROR_TITLES = {
    400: "Something in that request was not right",
    403: "You can't do that here",
    404: "Page not found",
    405: "That action is not allowed here",
    413: "That was too much to send at once",
    429: "Too many attempts",
    500: "Something went wrong on our side",
}


def text_of(response: object) -> str:
    return html.unescape(response.text)  # type: ignore[attr-defined]


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_security_headers(response: object, where: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    policy = directives(headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"], where
    for name in ("script-src", "style-src"):
        assert policy[name] == ["'self'"], f"{where}: {name} {policy[name]}"
    assert "unsafe-inline" not in headers["content-security-policy"], where
    assert "unsafe-eval" not in headers["content-security-policy"], where
    assert policy["frame-ancestors"] == ["'none'"], where
    assert headers["x-frame-options"] == "DENY", where
    assert headers["x-content-type-options"] == "nosniff", where
    assert headers["referrer-policy"] in ("same-origin", "no-referrer", "strict-origin"), where


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def main_text(page: str) -> str:
    return words(page.split("<main", 1)[1].split("</main>", 1)[0])


def money(cents: int) -> str:
    sign, cents = ("-", -cents) if cents < 0 else ("", cents)
    return f"{sign}${cents // 100:,}.{cents % 100:02d}"
