"""Approximate figures in words: "about 1,200, give or take 60", in the reader's language.

The value is rounded to the precision the noise allows (a step of the margin's leading power of
ten), the margin is rounded up to that step, and both are formatted by Babel. The margin is the
half-width of an interval holding the true figure 19 times out of 20 (`noise.margin`).
"""

from __future__ import annotations

from server.i18n import format_number, format_whole_money, gettext


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
    return gettext("about %(value)s, give or take %(margin)s", value=format_number(shown),
                   margin=format_number(give_or_take))


def about_amount(dollars: int, margin_dollars: int, currency: str = "USD") -> str:
    shown, give_or_take = rounded(dollars, margin_dollars)
    return gettext("about %(value)s, give or take %(margin)s", value=format_whole_money(shown, currency),
                   margin=format_whole_money(give_or_take, currency))


def margin_sentence() -> str:
    """What the margin means, once per page."""
    return gettext("Figures are approximate on purpose, so that none of them reveals one member. "
                   "The true figure is within the margin shown 19 times out of 20.")
