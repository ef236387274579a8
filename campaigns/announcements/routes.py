"""An organizer's announcements to the members of a campaign: the ones sent, and a form to send
the next (open or active campaigns, at most one every 24 hours; `campaigns.announcements.service`
delivers them).

Organizers and administrators only, whatever the method (`campaigns.organize.access`).
"""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from campaigns.announcements import outcomes, queries
from campaigns.announcements.forms import AnnouncementForm, announcement_form
from campaigns.announcements.rules import (
    ANNOUNCEABLE,
    BODY_MAX,
    SUBJECT_MAX,
    Refused,
    may_announce,
    next_allowed,
    why_refused,
)
from campaigns.announcements.service import announce
from campaigns.organize.access import campaign_in_url, organizer_page
from server.audit import record_audit
from server.auth import ANY_METHOD, me
from server.db import Row, utcnow
from server.i18n import format_datetime
from server.i18n import gettext as _
from server.outcomes import see_other
from server.templating import render


def _when(announced_at: dt.datetime | None) -> str:
    """When the next announcement may go out, in words (with the time zone: organizers may be anywhere)."""
    after = next_allowed(announced_at)
    return format_datetime(after, "long") if after is not None else ""


def _announcements_page(
    request: Request, campaign: Row, sent: list[Row], form: AnnouncementForm | None, *, refusal: str = "",
    status_code: int = 200,
) -> Response:
    now = utcnow()
    open_for_announcements = campaign["status"] in ANNOUNCEABLE
    allowed = may_announce(campaign["announced_at"], now)
    return render(request, "campaigns/organize/announcements.html", {
        "campaign": campaign, "announcements": sent, "refusal": refusal,
        "form": form or AnnouncementForm({"subject": "", "body": ""}),
        "show_form": open_for_announcements and (allowed or form is not None),
        "open_for_announcements": open_for_announcements,
        "next_time": _when(campaign["announced_at"]) if not allowed else "",
        "subject_max": SUBJECT_MAX, "body_max": BODY_MAX,
    }, status_code=status_code)


@organizer_page
async def announcements(request: Request) -> Response:
    """The campaign's announcements, and a form to send one (open or active campaigns, one a day)."""
    campaign = await campaign_in_url(request)
    db = request.state.db
    if request.method in ("GET", "HEAD"):
        return _announcements_page(request, campaign, await queries.announcements_of(db, campaign["id"]), None)
    form = announcement_form(await request.form(), SUBJECT_MAX, BODY_MAX)
    now = utcnow()
    announcement_id = None
    if form.ok:
        announcement_id = await announce(db, campaign["id"], me(request).id, form.clean["subject"], form.clean["body"],
                                         now)
    if announcement_id is not None:
        await record_audit(db, at=now, actor_id=me(request).id, subject_id=None, action="campaign_announcement",
                           campaign_id=campaign["id"], announcement_id=announcement_id)
        return see_other(request, f"/organize/campaigns/{campaign['id']}/announcements", outcomes.SENT)
    campaign = await campaign_in_url(request)  # as it is now: another organizer may have just sent one
    sent = await queries.announcements_of(db, campaign["id"])
    why = why_refused(campaign["status"], campaign["announced_at"], now, form.ok)
    if why is Refused.CLOSED:
        refusal, status_code = _("Announcements can be sent only while the campaign is open or active."), 409
    elif why is Refused.TOO_SOON:
        refusal = _("This campaign already had an announcement in the last 24 hours. You can send the next one "
                    "after %(when)s. Your message is kept below.", when=_when(campaign["announced_at"]))
        status_code = 429
    elif why is Refused.TYPED:
        refusal, status_code = "", 400
    else:
        refusal, status_code = _("Someone else changed this campaign a moment ago. Try again."), 409
    return _announcements_page(request, campaign, sent, form, refusal=refusal, status_code=status_code)


routes = [
    Route("/organize/campaigns/{campaign_id:int}/announcements", announcements, methods=ANY_METHOD,
          name="organize_campaign_announcements"),
]
