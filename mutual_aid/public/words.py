"""A pool's released figures in words, in the reader's language, through the shell's wording
(`server.disclosure.wording`, as campaigns say theirs): "about $4,000 (give or take $300)", or
"less than about $700" when the figure says no more than its margin; when they were released, and
when the next (or the first) release comes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from server.disclosure import wording
from server.disclosure.budget import Period
from server.disclosure.schedule import next_release
from server.disclosure.wording import Approx
from server.i18n import format_whole_money
from server.i18n import gettext as _


@dataclass(frozen=True)
class Said:
    """One released figure: its words, and the value they round (for a `<data>` element)."""

    words: str
    value: int


def members(figure: Approx) -> Said:
    return Said(wording.members(figure), figure.value)


def amount(figure: Approx, currency: str) -> Said:
    return Said(wording.amount(figure, currency), figure.value)


def whole(value: int | None, margin: int, currency: str) -> Said | None:
    """A cell of a table of released figures, rounded to what its margin allows, or None (hidden)."""
    return None if value is None else Said(format_whole_money(wording.rounded(value, margin)[0], currency), value)


def released_on(released_at: dt.datetime, now: dt.datetime, period: Period) -> str:
    coming = next_release(now, period)
    return _("These figures were published on %(when)s. The next update is on %(next)s.",
             when=wording.release_instant(released_at, period), next=wording.release_instant(coming, period))


def first_figures(first: dt.datetime, now: dt.datetime, period: Period) -> str:
    """Before the first release: when it comes (the next instant, if that one has passed)."""
    when = first if first > now else next_release(now, period)
    return _("This pool's first figures will be published on %(when)s.", when=wording.release_instant(when, period))
