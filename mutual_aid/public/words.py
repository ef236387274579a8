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
from server.i18n import format_datetime, format_number, format_whole_money
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


def members(figure: Approx) -> Said:
    if _within_margin(figure):
        limit = wording.rounded(figure.value + figure.margin, figure.margin)[0]
        return Said(_("fewer than about %(limit)s", limit=format_number(limit)), figure.value)
    return Said(wording.about_members(figure.value, figure.margin), figure.value)


def amount(figure: Approx, currency: str) -> Said:
    if _within_margin(figure):
        limit = wording.rounded(figure.value + figure.margin, figure.margin)[0]
        return Said(_("less than about %(limit)s", limit=format_whole_money(limit, currency)), figure.value)
    return Said(wording.about_amount(figure.value, figure.margin, currency), figure.value)


def whole(value: int | None, margin: int, currency: str) -> Said | None:
    """A cell of a table of released figures, rounded to what its margin allows, or None (hidden)."""
    return None if value is None else Said(format_whole_money(wording.rounded(value, margin)[0], currency), value)


def released_on(released_at: dt.datetime, now: dt.datetime, period: Period) -> str:
    coming = next_release(now, period)
    return _("These figures were published on %(when)s. The next update is on %(next)s.",
             when=format_datetime(released_at, "long"), next=format_datetime(coming, "long"))


def first_figures(first: dt.datetime, now: dt.datetime, period: Period) -> str:
    """Before the first release: when it comes (the next instant, if that one has passed)."""
    when = first if first > now else next_release(now, period)
    return _("This pool's first figures will be published on %(when)s.", when=format_datetime(when, "long"))
