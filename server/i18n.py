"""Languages: the request's language, message catalogues, and Babel formatting.

English is the source language; Spanish is complete. The language of a request comes from the
member's setting, then the `jubilee_lang` cookie, then `Accept-Language`, then the default
(`JUBILEE_DEFAULT_LANGUAGE`). Catalogues are read from `locales/<lang>/LC_MESSAGES/messages.po`
at start-up, so a checkout never runs with a stale compiled file.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent
from babel.support import LazyProxy, NullTranslations, Translations

from server.cookies import request_cookies

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
# The language codes Jubilee speaks, each with the locale used to format money, numbers and dates.
FORMAT_LOCALES = {"en": Locale.parse("en_US"), "es": Locale.parse("es_US")}
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
COOKIE = "jubilee_lang"

_language: contextvars.ContextVar[str] = contextvars.ContextVar("jubilee_language", default="en")
_timezone: contextvars.ContextVar[str] = contextvars.ContextVar("jubilee_timezone", default="UTC")


@cache
def translations(language: str) -> NullTranslations:
    po_path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return NullTranslations()
    with po_path.open("rb") as po:
        catalog = read_po(po, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer)


def current_language() -> str:
    return _language.get()


@contextmanager
def using_language(language: str) -> Iterator[None]:
    """Render in `language` for the duration (emails and letters in another language)."""
    token = _language.set(language if language in FORMAT_LOCALES else "en")
    try:
        yield
    finally:
        _language.reset(token)


def set_language(language: str) -> None:
    _language.set(language if language in FORMAT_LOCALES else "en")


def set_timezone(name: str) -> None:
    _timezone.set(name)


def gettext(message: str, **variables: Any) -> str:
    text = translations(current_language()).ugettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    text = translations(current_language()).ungettext(singular, plural, n)
    return text % {"num": n, **variables}


def lazy_gettext(message: str) -> LazyProxy:
    """For strings defined at import time, translated when shown."""
    return LazyProxy(gettext, message, enable_cache=False)


_ = gettext


def negotiate(accept_language: str | None, default: str) -> str:
    """The best of our languages for an `Accept-Language` header, by its q-values."""
    if not accept_language:
        return default
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = tag.strip().split("-")[0].lower()
        if language in FORMAT_LOCALES and quality > 0:
            choices.append((-quality, position, language))
    return min(choices)[2] if choices else default


def _locale() -> Locale:
    return FORMAT_LOCALES[current_language()]


def format_money(cents: int, currency: str = "USD") -> str:
    """Money is integer cents plus an ISO currency code, never a float."""
    return format_currency(Decimal(cents) / 100, currency, locale=_locale())


def format_whole_money(units: int, currency: str = "USD") -> str:
    """A rounded amount in whole units of the currency, without cents: "$1,200"."""
    pattern = _locale().currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(Decimal(units), currency, format=pattern, currency_digits=False, locale=_locale())


def format_number(value: int | Decimal) -> str:
    return format_decimal(value, locale=_locale())


def format_percent_value(value: float | Decimal) -> str:
    """0.068 is "6.8%"."""
    return format_percent(value, "#,##0.##%", locale=_locale())


def format_date(value: dt.date | dt.datetime, form: str = "medium") -> str:
    if isinstance(value, dt.datetime):
        value = value.astimezone(ZoneInfo(_timezone.get())).date()
    return _format_date(value, form, locale=_locale())


def format_month(month: str) -> str:
    """A month stored as "2026-11", as "November 2026" in the reader's language (as typed when it
    is not one)."""
    try:
        year, number = (int(part) for part in month.split("-"))
        return _format_date(dt.date(year, number, 1), "LLLL y", locale=_locale())
    except (ValueError, TypeError):
        return month


def format_datetime(value: dt.datetime, form: str = "medium") -> str:
    return _format_datetime(value, form, tzinfo=ZoneInfo(_timezone.get()), locale=_locale())


def language_from_request(scope: Any, default: str) -> str:
    """The visitor's language: the cookie, then Accept-Language, then the default."""
    language = request_cookies(scope).get(COOKIE)
    if language in FORMAT_LOCALES:
        return language
    headers = dict(scope["headers"])
    return negotiate(headers.get(b"accept-language", b"").decode("latin-1"), default)


class LanguageMiddleware:
    """Sets the request's language: member setting, then cookie, then Accept-Language."""

    def __init__(self, app: Any, *, default: str, timezone: str) -> None:
        self.app = app
        self.default = default
        self.timezone = timezone

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        member = state.get("member")
        language = member.language if member is not None else None
        if language not in FORMAT_LOCALES:
            language = language_from_request(scope, self.default)
        state["language"] = language
        set_language(language)
        set_timezone(self.timezone)

        async def send_with_language(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"content-language", language.encode()),
                                      (b"vary", b"Cookie, Accept-Language")]
            await send(message)

        await self.app(scope, receive, send_with_language)
