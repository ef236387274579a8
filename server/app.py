"""The application factory: settings, database, middleware, routes and background work."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import pages, pdf
from server.auth import SessionMiddleware
from server.crypto import Keyring
from server.db import Database, RequestTransaction
from server.domain import Domains
from server.errors import error_page, http_exception, server_error
from server.i18n import LanguageMiddleware
from server.maintenance import run_maintenance
from server.notices.outbox import run_outbox
from server.registry import DOMAINS
from server.security import LARGE_FORM_BYTES, BodyLimit, CsrfGuard, SecurityHeaders
from server.settings import Settings, load_settings
from server.templating import templates_for

log = logging.getLogger("jubilee.app")
STATIC_DIR = Path(__file__).resolve().parent / "static"


class StaticFirst:
    """Serves /static/ before any database, session or language work: a stylesheet costs no
    query, carries no cookie, and may be cached even by a logged-in member's browser."""

    def __init__(self, app: ASGIApp, *, static: ASGIApp) -> None:
        self.app = app
        self.static = static

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return

        async def send_cacheable(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                MutableHeaders(scope=message)["cache-control"] = "public, max-age=3600"
            await send(message)

        try:
            await self.static({**scope, "root_path": scope.get("root_path", "") + "/static"}, receive, send_cacheable)
        except HTTPException as error:  # raised outside the app's exception handlers
            await PlainTextResponse(error.detail, status_code=error.status_code)(scope, receive, send)


def create_app(settings: Settings | None = None, *, background: bool = True, domains: Domains = DOMAINS) -> Starlette:
    """Build Jubilee from its domains. `background=False` leaves out the outbox sender and clean-up
    loops (tests)."""
    settings = settings or load_settings()
    keyring = Keyring(settings.encryption_keys, settings.current_key_id)
    templates = templates_for(tuple(domains.template_dirs))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        db = Database(settings.database_url)
        await db.connect()
        pdf.pool.resize(settings.pdf_workers)
        tasks: list[asyncio.Task[None]] = []
        if background:
            tasks.append(asyncio.create_task(run_outbox(db, settings, keyring)))
            tasks.append(asyncio.create_task(run_maintenance(db, settings, domains)))
        log.info("Jubilee is ready (database: %s)", db.dialect)
        try:
            yield {"db": db, "settings": settings, "keyring": keyring, "domains": domains, "templates": templates}
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await db.disconnect()
            pdf.close_pool()

    routes = [*pages.routes, *domains.routes]
    # Outermost first. The body is read in full before any database work; CSRF is checked once
    # the member and language are known, so its 403 page is in the right language.
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(StaticFirst, static=StaticFiles(directory=STATIC_DIR)),
        Middleware(
            BodyLimit,
            max_body_bytes=settings.max_body_bytes,
            larger={prefix: LARGE_FORM_BYTES for prefix in domains.large_forms},
            default_language=settings.default_language,
            error_page=error_page,
        ),
        Middleware(RequestTransaction),
        Middleware(SessionMiddleware),
        Middleware(LanguageMiddleware, default=settings.default_language, timezone=settings.timezone),
        Middleware(CsrfGuard, secret_key=settings.secret_key, error_page=error_page),
    ]
    handlers: dict[Any, Any] = {
        400: http_exception, 403: http_exception, 404: http_exception, 405: http_exception,
        413: http_exception, 429: http_exception, 500: server_error,
    }
    return Starlette(routes=routes, middleware=middleware, exception_handlers=handlers, lifespan=lifespan)
