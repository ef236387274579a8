"""When a campaign may have an announcement: while it is open or active, at most one every 24 hours;
and, when one is refused, why. Pure rules."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

ANNOUNCEMENT_INTERVAL = dt.timedelta(hours=24)
ANNOUNCEABLE = ("open", "active")
SUBJECT_MAX = 200
BODY_MAX = 5_000


class Refused(StrEnum):
    """Why an announcement was not sent."""

    CLOSED = "closed"  # the campaign is not open or active
    TOO_SOON = "too_soon"  # the last one went out less than 24 hours ago
    TYPED = "typed"  # the subject or the message needs fixing
    RACE = "race"  # another organizer changed the campaign between reading and writing


def next_allowed(announced_at: dt.datetime | None) -> dt.datetime | None:
    """When the campaign's next announcement may go out; None if it may go out now or never sent."""
    return announced_at + ANNOUNCEMENT_INTERVAL if announced_at is not None else None


def may_announce(announced_at: dt.datetime | None, now: dt.datetime) -> bool:
    allowed = next_allowed(announced_at)
    return allowed is None or now >= allowed


def why_refused(status: str, announced_at: dt.datetime | None, now: dt.datetime, typed_ok: bool) -> Refused:
    """Why an announcement that was not stored was refused, from the campaign as it is now."""
    if status not in ANNOUNCEABLE:
        return Refused.CLOSED
    if not may_announce(announced_at, now):
        return Refused.TOO_SOON
    if not typed_ok:
        return Refused.TYPED
    return Refused.RACE
