"""Who may use the organizer's pages of a campaign, and the campaign they are about.

Only organizers and administrators get in, whatever the method; everyone else gets 403 and
visitors are sent to log in. A campaign id that names nothing is 404.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from campaigns.counters import queries
from server.auth import role_required
from server.db import Row

ORGANIZING_ROLES = ("organizer", "administrator")

organizer_page = role_required(*ORGANIZING_ROLES, methods={"GET", "HEAD", "POST"})
organizer_view = role_required(*ORGANIZING_ROLES, methods={"GET", "HEAD"})
organizer_action = role_required(*ORGANIZING_ROLES, methods={"POST"})


async def campaign_in_url(request: Request) -> Row:
    """The campaign whose id is in the URL, whatever its status."""
    campaign = await queries.campaign_by_id(request.state.db, request.path_params["campaign_id"])
    if campaign is None:
        raise HTTPException(status_code=404)
    return campaign
