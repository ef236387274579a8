"""When a published copy of live counters must be taken again.

Live counters would let anyone who reloads a page see one member join, leave or change level, and
which breakdown cells moved with them: a group of one. Published figures are therefore a copy,
taken again only once the live total has moved by at least k members since the last copy, so two
successive publications always differ by at least k members. Decisions (activation) always use
the live counters.
"""

from __future__ import annotations

import datetime as dt


def is_stale(published_at: dt.datetime | None, published_members: int | None, live_members: int, k: int) -> bool:
    """True when there is no copy yet, or the live total has moved by k or more since it."""
    return published_at is None or published_members is None or abs(live_members - published_members) >= k
