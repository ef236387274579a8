"""When a campaign is past its deadline, and when a striker is asked again whether they are still
on strike. Pure rules."""

from __future__ import annotations

import datetime as dt

CHECKIN_EVERY = dt.timedelta(days=30)


def is_past_deadline(deadline: dt.datetime | None, now: dt.datetime) -> bool:
    """The deadline itself still counts (as in activation); a campaign without one never expires."""
    return deadline is not None and now > deadline


def checkin_cutoff(now: dt.datetime) -> dt.datetime:
    """Members last asked or heard from at this moment or before are asked again."""
    return now - CHECKIN_EVERY
