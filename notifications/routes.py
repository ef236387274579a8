"""A member's notifications: the list, newest first, and marking them all read."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from server.auth import me, member_required
from server.db import utcnow
from server.notices import queries
from server.notices.kinds import words_of
from server.templating import render

PAGE_SIZE = 50


@member_required
async def notification_list(request: Request) -> Response:
    rows = await queries.notifications_of(request.state.db, me(request).id, limit=PAGE_SIZE)
    items = []
    for row in rows:
        title, body = words_of(request.state.domains.notices, row["kind"], row["params"])
        items.append({"title": title, "body": body, "link": row["link"], "created_at": row["created_at"],
                      "unread": row["read_at"] is None})
    return render(request, "notifications/list.html", {"items": items})


@member_required
async def mark_read(request: Request) -> Response:
    await queries.mark_all_read(request.state.db, me(request).id, utcnow())
    return RedirectResponse("/notifications", status_code=303)


routes = [
    Route("/notifications", notification_list, name="notifications"),
    Route("/notifications/read", mark_read, methods=["POST"], name="notifications_read"),
]
