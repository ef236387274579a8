"""What the member's campaign pages share: finding the campaign and the debt in the URL."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from campaigns.counters import queries
from server.db import Row


async def campaign_or_404(request: Request) -> Row:
    """The campaign in the URL; drafts and unknown slugs are 404 for members as for everyone."""
    campaign = await queries.public_campaign(request.state.db, request.path_params["slug"])
    if campaign is None:
        raise HTTPException(status_code=404)
    return campaign


def debt_id_param(request: Request) -> int | None:
    """The debt id in the URL, or None when it cannot be an id (out of int4 range)."""
    debt_id: int = request.path_params["debt_id"]
    return debt_id if 0 < debt_id < 2**31 else None
