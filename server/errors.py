"""Error pages in the reader's language. A 500 logs its cause and never shows it."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server.cookies import is_https
from server.i18n import lazy_gettext as _l
from server.security import HEADERS
from server.templating import render

log = logging.getLogger("jubilee.errors")

MESSAGES = {
    400: (_l("Something in that request was not right"),
          _l("The page could not understand what was sent. Go back, check the form and try again.")),
    403: (_l("You can't do that here"),
          _l("This page is not open to your account, or the form you sent had expired or did not come "
             "from Jubilee. Nothing was changed. Go back, reload the page and try again.")),
    404: (_l("Page not found"),
          _l("There is nothing at this address, or it is not yours to see.")),
    405: (_l("That action is not allowed here"),
          _l("This address does not accept that kind of request.")),
    413: (_l("That was too much to send at once"),
          _l("What you sent is larger than Jubilee accepts. Nothing was saved. Make it shorter and try again.")),
    429: (_l("Too many attempts"),
          _l("Please wait a few minutes before trying again.")),
    500: (_l("Something went wrong on our side"),
          _l("Jubilee could not finish this. Nothing you did caused it, and it has been logged. "
             "Please try again in a moment.")),
}


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


async def error_page(request: Request, status_code: int) -> Response:
    title, explanation = MESSAGES.get(status_code, MESSAGES[400 if status_code < 500 else 500])
    if _wants_json(request):
        return JSONResponse({"error": str(title)}, status_code=status_code)
    return render(request, "error.html", {"title": title, "explanation": explanation, "status": status_code},
                  status_code=status_code)


async def http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    response = await error_page(request, exc.status_code)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def server_error(request: Request, exc: Exception) -> Response:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    request.scope.setdefault("state", {})["member"] = None  # render without touching the database
    response = await error_page(request, 500)
    # Starlette sends this from outside every middleware, so SecurityHeaders never sees it.
    response.headers.update(HEADERS)
    if is_https(request.scope):
        response.headers["strict-transport-security"] = "max-age=31536000; includeSubDomains"
    return response
