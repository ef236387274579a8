"""Who may see what in a pool: the pool in the URL, and the logged-in member's part in it.

Every pool page that is not the public one goes through `membership_or_404` or `steward_or_404`:
a member who is not in the pool (or a steward of it) gets the same 404 as for a pool that does
not exist, so guessing slugs or ids tells nobody anything.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from mutual_aid.pools import queries as pool_queries
from server.auth import me
from server.db import Row
from server.fields import is_id


async def pool_or_404(request: Request) -> Row:
    pool = await pool_queries.pool_by_slug(request.state.db, str(request.path_params["slug"])[:80])
    if pool is None:
        raise HTTPException(status_code=404)
    return pool


async def membership_or_404(request: Request, pool: Row) -> Row:
    """The logged-in member's active membership of `pool` (call from a `member_required` endpoint)."""
    membership = await pool_queries.membership(request.state.db, pool["id"], me(request).id)
    if membership is None or membership["status"] != "active":
        raise HTTPException(status_code=404)
    return membership


async def steward_or_404(request: Request, pool: Row) -> Row:
    membership = await membership_or_404(request, pool)
    if membership["role"] != "steward":
        raise HTTPException(status_code=404)
    return membership


def id_param(request: Request, name: str) -> int:
    """An id from the URL (an `int` path parameter); 404 when it cannot be a row's id."""
    value: int = request.path_params[name]
    if not is_id(value):
        raise HTTPException(status_code=404)
    return value
