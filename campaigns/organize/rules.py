"""What an organizer may do to a campaign: which statuses it can move to, when it may open, and
how far its threshold may change once members have pledged. Pure rules, with reasons in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from babel.support import LazyProxy

from campaigns.counters.activation import Threshold, can_lower
from campaigns.lifecycle.rules import is_past_deadline
from server.i18n import format_date
from server.i18n import gettext as _
from server.i18n import lazy_gettext as _l

EDITABLE = ("draft", "open")
STATUS_NAMES: dict[str, LazyProxy] = {
    "draft": _l("Draft"), "open": _l("Open for pledges"), "active": _l("Active: strike on"), "won": _l("Won"),
    "ended": _l("Ended"), "expired": _l("Expired"),
}
# what an organizer may do from each status: the new status, and the column that records when
TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "open"): "opened_at", ("open", "ended"): "closed_at",
    ("active", "won"): "closed_at", ("active", "ended"): "closed_at",
}
# each new status, the last part of the address its button posts to, and the button's words
ACTIONS: dict[str, tuple[str, LazyProxy]] = {
    "open": ("open", _l("Open the campaign for pledges")), "won": ("won", _l("Mark as won")),
    "ended": ("end", _l("End the campaign")),
}


def actions_from(status: str) -> dict[str, tuple[str, LazyProxy]]:
    """The status changes an organizer may make from `status`, with their addresses and words."""
    return {new: ACTIONS[new] for (old, new) in TRANSITIONS if old == status}


def refusal(campaign: Mapping[str, Any], new: str, now: dt.datetime) -> str:
    """Why the campaign cannot move to `new` now, in words; empty when it can."""
    status = campaign["status"]
    if (status, new) not in TRANSITIONS:
        return _("The campaign is now “%(status)s”, so it cannot become “%(new)s”. Someone may have changed it "
                 "a moment ago: check its status above.", status=STATUS_NAMES[status], new=STATUS_NAMES[new])
    if new == "open" and campaign["threshold_members"] is None and campaign["threshold_cents"] is None:
        return _("Set a threshold (a number of members, a total amount, or both) before opening the campaign: "
                 "without one, the strike could never start.")
    if new == "open" and is_past_deadline(campaign["deadline"], now):
        return _("The deadline, %(date)s, has passed. Set a later deadline before opening the campaign.",
                 date=format_date(campaign["deadline"], "long"))
    return ""


def threshold_errors(old: Threshold, new: Threshold, has_pledges: bool) -> dict[str, str]:
    """Messages for the threshold fields when members have pledged and the new threshold would
    lower or remove the old one; empty when the change is allowed."""
    if can_lower(old, new, has_pledges):
        return {}
    message = _("Members have already pledged, so the threshold can be raised but not lowered or removed.")
    errors: dict[str, str] = {}
    if old.members is not None and (new.members is None or new.members < old.members):
        errors["threshold_members"] = message
    if old.amount_cents is not None and (new.amount_cents is None or new.amount_cents < old.amount_cents):
        errors["threshold_amount"] = message
    return errors
