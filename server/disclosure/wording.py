"""Approximate figures in words: "about 1,200 (give or take 60)", in the reader's language.

The value is rounded to the precision the noise allows (a step of the margin's leading power of
ten), the margin is rounded up to that step, and both are formatted by Babel. The margin is the
half-width of an interval holding the true figure 19 times out of 20 (`noise.margin`). A figure
no larger than its margin once rounded says less plainly what its upper end says: it reads
"fewer than about 1,300" (or "less than about $1,300"), the upper end rounded up, never down.
Every domain words its released figures with these, so they read alike everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from server.disclosure.budget import Period
from server.i18n import format_date, format_datetime, format_number, format_whole_money, gettext


@dataclass(frozen=True)
class Approx:
    """A released figure as shown: whole, never negative, with its margin (95 %)."""

    value: int
    margin: int

    @property
    def high(self) -> int:
        return self.value + self.margin

    @property
    def telling(self) -> bool:
        """Whether the figure, as rounded, says more than its margin ("about 600 (give or take 600)"
        does not: it is shown as an upper limit instead)."""
        shown, give_or_take = rounded(self.value, self.margin)
        return shown > give_or_take


def _step(margin: int) -> int:
    return int(10 ** max(len(str(max(margin, 1))) - 1, 0))


def rounded_up(value: int, margin: int) -> int:
    """The value up to a whole step: the upper end of an interval, never understated."""
    step = _step(margin)
    return max(0, -(-value // step) * step)


def rounded(value: int, margin: int) -> tuple[int, int]:
    """The value to the nearest step (halves up) and the margin up to a whole step."""
    step = _step(margin)
    return max(0, (value + step // 2) // step * step), -(-margin // step) * step


def about_members(value: int, margin: int) -> str:
    shown, give_or_take = rounded(value, margin)
    return gettext("about %(value)s (give or take %(margin)s)", value=format_number(shown),
                   margin=format_number(give_or_take))


def about_amount(dollars: int, margin_dollars: int, currency: str = "USD") -> str:
    shown, give_or_take = rounded(dollars, margin_dollars)
    return gettext("about %(value)s (give or take %(margin)s)", value=format_whole_money(shown, currency),
                   margin=format_whole_money(give_or_take, currency))


def members(figure: Approx) -> str:
    """A count of members (or requests) in words."""
    if not figure.telling:
        return gettext("fewer than about %(limit)s", limit=format_number(rounded_up(figure.high, figure.margin)))
    return about_members(figure.value, figure.margin)


def amount(figure: Approx, currency: str) -> str:
    """An amount in whole units of `currency` in words."""
    if not figure.telling:
        return gettext("less than about %(limit)s",
                       limit=format_whole_money(rounded_up(figure.high, figure.margin), currency))
    return about_amount(figure.value, figure.margin, currency)


def release_instant(instant: dt.datetime, period: Period) -> str:
    """When a release was (or will be) made: its day for daily releases (always midnight UTC), the
    day and hour for hourly ones."""
    return format_datetime(instant, "short") if period == "hourly" else format_date(instant.date(), "long")


def margin_sentence() -> str:
    """What the margin means, once per page."""
    return gettext("Figures are approximate on purpose, so that none of them reveals one member. "
                   "The true figure is within the margin shown 19 times out of 20.")
