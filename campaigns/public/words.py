"""A campaign's released figures in words, in the reader's language: "about 1,200 members (give or
take 200)", when they were released and when the next release comes. Shared by the public page,
the embed and the organizer's dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from campaigns.public.figures import Approx, PublicFigures
from server.db import utcnow
from server.disclosure import wording
from server.disclosure.schedule import next_release
from server.i18n import format_date, format_datetime, format_number, format_whole_money
from server.i18n import gettext as _
from server.settings import Settings


@dataclass(frozen=True)
class FigureWords:
    headline: str  # the totals in one sentence; empty before the first release
    members: str  # "about 1,200 (give or take 200)"; empty before the first release
    amount: str
    as_of: str  # when these figures were released, and when the next ones come
    noise: str  # why they are approximate, once per page


def _limit(figure: Approx) -> int:
    """The upper end of the figure's interval, rounded up to the margin's step."""
    return wording.rounded_up(figure.high, figure.margin)


def members_words(figure: Approx) -> str:
    value, margin = wording.rounded(figure.value, figure.margin)
    if figure.value <= figure.margin:
        return _("fewer than about %(limit)s", limit=format_number(_limit(figure)))
    return _("about %(value)s (give or take %(margin)s)", value=format_number(value), margin=format_number(margin))


def amount_words(figure: Approx, currency: str) -> str:
    value, margin = wording.rounded(figure.value, figure.margin)
    if figure.value <= figure.margin:
        return _("less than about %(limit)s", limit=format_whole_money(_limit(figure), currency))
    return _("about %(value)s (give or take %(margin)s)", value=format_whole_money(value, currency),
             margin=format_whole_money(margin, currency))


def _when(instant: dt.datetime, hourly: bool) -> str:
    """A release instant: its day for daily releases (always midnight UTC), day and hour for hourly."""
    return format_datetime(instant, "short") if hourly else format_date(instant.date(), "long")


def figure_words(figures: PublicFigures, currency: str, settings: Settings | None,
                 now: dt.datetime | None = None) -> FigureWords:
    noise = wording.margin_sentence()
    upcoming = ""
    hourly = settings is not None and settings.privacy_budget.period == "hourly"
    if settings is not None:
        coming = next_release(now or utcnow(), settings.privacy_budget.period)
        upcoming = _("The next update is on %(when)s.", when=_when(coming, hourly))
    if figures.members is None or figures.amount is None or figures.released_at is None:
        first = (_("Figures are published once an hour, from the hour after the campaign opens.") if hourly
                 else _("Figures are published once a day, from the day after the campaign opens."))
        return FigureWords("", "", "", f"{first} {upcoming}".strip(), noise)
    members, amount = members_words(figures.members), amount_words(figures.amount, currency)
    headline = _("Members who have joined: %(members)s, with %(amount)s of debt.", members=members, amount=amount)
    as_of = _("These figures were published on %(when)s.", when=_when(figures.released_at, hourly))
    return FigureWords(headline, members, amount, f"{as_of} {upcoming}".strip(), noise)
