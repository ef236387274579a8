"""An organizer's change of a campaign's status, done once confirmed: the conditional status
change, the audit line, and a notice to every member who took part when the campaign closes
(won or ended), all in one transaction so that nobody is told of a change that did not happen.

The confirmation page that comes first is `campaigns.dashboard.status.routes`.
"""

from __future__ import annotations

import datetime as dt

from campaigns.counters import queries
from campaigns.lifecycle import queries as lifecycle_queries
from campaigns.organize.rules import TRANSITIONS, refusal
from server import crypto
from server.audit import record_audit
from server.db import Database, Row
from server.i18n import gettext as _
from server.i18n import lazy_gettext as _l
from server.notices.kinds import Kind
from server.notices.outbox import notify

CAMPAIGN_ENDED = Kind(
    "campaign_ended",
    _l("%(title)s has ended"),
    _l("The organizers ended the campaign %(title)s. Your pledges end with it: nothing more is asked of you, "
       "and no strike will start or go on. The campaign's page keeps its final figures."),
)
CAMPAIGN_WON = Kind(
    "campaign_won",
    _l("%(title)s was won"),
    _l("The organizers marked the campaign %(title)s as won. Your pledges end with it: nothing more is asked "
       "of you. Thank you for taking part. The campaign's page keeps its final figures."),
)
CLOSING_NOTICES = {"ended": CAMPAIGN_ENDED, "won": CAMPAIGN_WON}


async def change_status(db: Database, keyring: crypto.Keyring, campaign: Row, new: str, actor_id: int,
                        now: dt.datetime) -> str:
    """Move `campaign` to `new` and tell its members when it closes; returns why not, in words,
    or an empty string once done."""
    why = refusal(campaign, new, now)
    if why:
        return why
    async with db.writing():
        if not await queries.set_status(db, campaign["id"], campaign["status"], status=new,
                                        **{TRANSITIONS[(campaign["status"], new)]: now}):
            current = await queries.campaign_by_id(db, campaign["id"])  # someone else changed it first
            return (refusal(current, new, now) if current is not None else "") or _(
                "Someone else changed this campaign a moment ago. Try again.")
        await record_audit(db, at=now, actor_id=actor_id, subject_id=None, action=f"campaign_{new}",
                           campaign_id=campaign["id"], old_status=campaign["status"])
        kind = CLOSING_NOTICES.get(new)
        if kind is not None:
            for member_id in await lifecycle_queries.participant_ids(db, campaign["id"]):
                await notify(db, keyring, member_id, kind, link=f"/campaigns/{campaign['slug']}",
                             title=campaign["title"])
    return ""
