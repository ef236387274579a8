"""What the member's campaign pages share: finding the campaign, and the words for levels."""

from __future__ import annotations

from babel.support import LazyProxy
from starlette.exceptions import HTTPException
from starlette.requests import Request

from campaigns.counters import queries
from server.db import Row
from server.i18n import lazy_gettext as _l

JOINABLE = ("open", "active")

LEVEL_NAMES: dict[str, LazyProxy] = {
    "counted": _l("Counted (solidarity)"),
    "pledged": _l("Pledged"),
    "striking": _l("Striking"),
}
LEVEL_HINTS: dict[str, LazyProxy] = {
    "counted": _l("Count my debt in the campaign's totals. I keep paying; nothing more is asked of me."),
    "pledged": _l("I will stop paying this debt once the campaign activates."),
    "striking": _l("I have already stopped paying this debt."),
}
STATUS_NAMES: dict[str, LazyProxy] = {
    "open": _l("Open for pledges"), "active": _l("Active: the strike is on"), "won": _l("Won"),
    "ended": _l("Ended"), "expired": _l("Expired: the threshold was not met in time"),
}


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
