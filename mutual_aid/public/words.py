"""A pool's released figures in words, in the reader's language: "about $4,000, give or take
$300", or "less than about $300" when the margin is larger than the figure; when they were
released, and when the next (or the first) release comes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mutual_aid.public.figures import Approx
from server.disclosure import wording
from server.disclosure.budget import Period
from server.disclosure.schedule import next_release
from server.i18n import format_date, format_datetime, format_number, format_whole_money
from server.i18n import gettext as _


@dataclass(frozen=True)
class Said:
    """One released figure: its words, and the value they round (for a `<data>` element)."""

    words: str
    value: int


def _within_margin(figure: Approx) -> bool:
    """Whether the figure, as rounded, is no larger than its margin: "about 600, give or take 600"
    says less plainly what "fewer than about 1,200" says."""
    shown, give_or_take = wording.rounded(figure.value, figure.margin)
    return shown <= give_or_take


def _limit(figure: Approx) -> int:
    """The upper end of the figure's interval, rounded up to the margin's step (never understated)."""
    return wording.rounded_up(figure.value + figure.margin, figure.margin)


def members(figure: Approx) -> Said:
    if _within_margin(figure):
        limit = _limit(figure)
        return Said(_("fewer than about %(limit)s", limit=format_number(limit)), figure.value)
    return Said(wording.about_members(figure.value, figure.margin), figure.value)


def amount(figure: Approx, currency: str) -> Said:
    if _within_margin(figure):
        limit = _limit(figure)
        return Said(_("less than about %(limit)s", limit=format_whole_money(limit, currency)), figure.value)
    return Said(wording.about_amount(figure.value, figure.margin, currency), figure.value)


def whole(value: int | None, margin: int, currency: str) -> Said | None:
    """A cell of a table of released figures, rounded to what its margin allows, or None (hidden)."""
    return None if value is None else Said(format_whole_money(wording.rounded(value, margin)[0], currency), value)


def _when(instant: dt.datetime, period: Period) -> str:
    """A release instant: its day for daily releases (always midnight UTC), day and hour for hourly
    (as campaigns say it)."""
    return format_datetime(instant, "short") if period == "hourly" else format_date(instant.date(), "long")


def released_on(released_at: dt.datetime, now: dt.datetime, period: Period) -> str:
    coming = next_release(now, period)
    return _("These figures were published on %(when)s. The next update is on %(next)s.",
             when=_when(released_at, period), next=_when(coming, period))


def first_figures(first: dt.datetime, now: dt.datetime, period: Period) -> str:
    """Before the first release: when it comes (the next instant, if that one has passed)."""
    when = first if first > now else next_release(now, period)
    return _("This pool's first figures will be published on %(when)s.", when=_when(when, period))
