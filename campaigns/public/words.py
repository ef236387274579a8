"""A campaign's released figures in words, in the reader's language: "about 1,200 (give or take 200)"
members, when they were released and when the next release comes. Shared by the public page,
the embed and the organizer's dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from campaigns.public.figures import PublicFigures
from server.db import utcnow
from server.disclosure import wording
from server.disclosure.budget import Period
from server.disclosure.schedule import next_release
from server.i18n import gettext as _
from server.settings import Settings


@dataclass(frozen=True)
class FigureWords:
    headline: str  # the totals in one sentence; empty before the first release
    members: str  # "about 1,200 (give or take 200)"; empty before the first release
    amount: str
    as_of: str  # when these figures were released, and when the next ones come
    noise: str  # why they are approximate, once per page


def figure_words(figures: PublicFigures, currency: str, settings: Settings | None,
                 now: dt.datetime | None = None) -> FigureWords:
    noise = wording.margin_sentence()
    upcoming = ""
    period: Period = settings.privacy_budget.period if settings is not None else "daily"
    hourly = period == "hourly"
    if settings is not None:
        coming = next_release(now or utcnow(), settings.privacy_budget.period)
        upcoming = _("The next update is on %(when)s.", when=wording.release_instant(coming, period))
    if figures.members is None or figures.amount is None or figures.released_at is None:
        first = (_("Figures are published once an hour, from the hour after the campaign opens.") if hourly
                 else _("Figures are published once a day, from the day after the campaign opens."))
        return FigureWords("", "", "", f"{first} {upcoming}".strip(), noise)
    members, amount = wording.members(figures.members), wording.amount(figures.amount, currency)
    headline = _("Members who have joined: %(members)s, with %(amount)s of debt.", members=members, amount=amount)
    as_of = _("These figures were published on %(when)s.", when=wording.release_instant(figures.released_at, period))
    return FigureWords(headline, members, amount, f"{as_of} {upcoming}".strip(), noise)
