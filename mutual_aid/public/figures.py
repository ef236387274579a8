"""A pool's figures for anyone but its stewards: exact from the ledger (internal, never shown), then
as released with noise (`released`) and shaped to be shown. Pure.

The exact figures (`exact_figures`) are running totals since the pool started, from the ledger
entry by entry (`Fact`): money in is contributions, money out is aid paid, and a reversal counts
against the entry it undoes (a contribution reversed adds nothing, whenever the reversal came). In
whole dollars, with each member's contributions dated the same day together, and each payout,
counted for at most the clip bound: so one entry of the book moves money in or money out by at
most the bound, the sensitivity the noise covers.

What is shown (`pool_figures`) reads only the released (noisy) figures: the balance is released
money in minus released money out; the months are differences of released running totals at the
month's ends, made non-decreasing first; a category or a month whose value is below k or below
twice its own margin (`shaping.cell_threshold`, as campaigns do) is hidden. None of this spends privacy: it is post-processing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from mutual_aid.vocabulary import CATEGORIES
from server.disclosure import shaping
from server.disclosure.budget import clip_in_dollars
from server.disclosure.continual import Cells
from server.disclosure.publication import Point, Publication
from server.disclosure.wording import Approx

MONTHS = 12
ALL = "all"


@dataclass(frozen=True)
class Fact:
    """One ledger entry as the released figures see it: its cash movement and who stands behind it."""

    key: str
    kind: str  # contribution, payout, reversal
    happened_on: dt.date
    cash_cents: int  # into the pool's cash (positive) or out of it (negative)
    person: str  # the member account it moved against (pseudonymous), or the entry's own key
    category: str | None = None
    reverses: str | None = None


def exact_figures(facts: Sequence[Fact], members: int, funded: int, clip_dollars: int) -> Cells:
    """The pool's exact running totals (internal, never shown): members, requests funded, money in
    and out in whole clipped dollars, and money out by category (the same clipped payouts)."""
    by_key = {fact.key: fact for fact in facts}
    net: dict[str, int] = {}  # original entry -> its cash with its reversals
    for fact in facts:
        original = by_key.get(fact.reverses or "") if fact.kind == "reversal" else fact
        if original is None or original.kind == "reversal":
            continue  # a reversal of an entry not (yet) counted
        net[original.key] = net.get(original.key, 0) + fact.cash_cents
    days: dict[tuple[str, dt.date], int] = {}
    money_out = 0
    categories = dict.fromkeys(CATEGORIES, 0)
    for key, cents in net.items():
        original = by_key[key]
        if original.kind == "contribution":
            day = (original.person, original.happened_on)
            days[day] = days.get(day, 0) + cents
        else:
            dollars = clip_in_dollars(-cents, clip_dollars)
            money_out += dollars
            category = original.category if original.category in categories else "other"
            categories[category] = categories.get(category, 0) + dollars
    money_in = sum(clip_in_dollars(cents, clip_dollars) for cents in days.values())
    return {"members": {ALL: members}, "funded": {ALL: funded}, "money_in": {ALL: money_in},
            "money_out": {ALL: money_out}, "category": categories}


@dataclass(frozen=True)
class Month:
    month: str  # "2026-03"
    money_in: int | None  # None: hidden
    money_out: int | None


@dataclass(frozen=True)
class PoolFigures:
    released_at: dt.datetime
    balance: Approx
    money_in: Approx
    money_out: Approx
    members: Approx
    funded: Approx
    months: list[Month]
    categories: dict[str, int | None]  # None: hidden
    table_margins: dict[str, int]  # of a month's money in and out, and of a kind of need

    @property
    def months_hidden(self) -> bool:
        return all(m.money_in is None and m.money_out is None for m in self.months)

    @property
    def categories_hidden(self) -> bool:
        return all(value is None for value in self.categories.values())


def last_months(today: dt.date, count: int = MONTHS) -> list[str]:
    """The `count` months up to and including today's, oldest first ("2026-03", ...)."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month_start(month: str) -> dt.datetime:
    return dt.datetime(int(month[:4]), int(month[5:]), 1, tzinfo=dt.UTC)


def _month_after(month: str) -> dt.datetime:
    start = _month_start(month)
    return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)


def combined_margin(*margins: int) -> int:
    """The margin of a sum or difference of independently noisy figures (their noises add)."""
    return math.ceil(math.sqrt(sum(margin * margin for margin in margins)))


def month_margin(margin: int) -> int:
    """A month's figure is the difference of two released running totals: their margins combine."""
    return combined_margin(margin, margin)


def _at(points: Sequence[Point], shaped: Sequence[int], instant: dt.datetime) -> int:
    """The shaped running total released last at or before `instant` (0 before the first)."""
    found = 0
    for point, value in zip(points, shaped, strict=True):
        if point.released_at > instant:
            break
        found = value
    return found


def months_of(points: Sequence[Point], months: Sequence[str], figure: str, margin: int, k: int) -> list[int | None]:
    """Each month's change of a released running total (from its shaped series), or None when it is
    below k or twice its margin (a difference of two released totals: their margins combine)."""
    shaped = shaping.shape_series([point.value(figure) for point in points], never_decreases=True)
    threshold = shaping.cell_threshold(k, month_margin(margin))
    values: list[int | None] = []
    for month in months:
        change = shaping.whole(_at(points, shaped, _month_after(month)) - _at(points, shaped, _month_start(month)))
        values.append(change if change >= threshold else None)
    return values


def pool_figures(publication: Publication | None, points: Sequence[Point], months: Sequence[str],
                 k: int) -> PoolFigures | None:
    """What the page shows of the latest release, or None before the first."""
    if publication is None:
        return None
    margins = publication.margins

    def approx(figure: str) -> Approx:
        return Approx(shaping.whole(publication.value(figure)), margins.get(figure, 0))

    money_in, money_out = approx("money_in"), approx("money_out")
    # the balance is never above the money in: its upper limit is not above money in's either
    value = shaping.whole(money_in.value - money_out.value)
    balance = Approx(value, min(combined_margin(money_in.margin, money_out.margin),
                                money_in.value + money_in.margin - value))
    ins = months_of(points, months, "money_in", money_in.margin, k)
    outs = months_of(points, months, "money_out", money_out.margin, k)
    category_cells = {code: publication.value("category", code) for code in CATEGORIES}
    threshold = shaping.cell_threshold(k, margins.get("category", 0))
    shaped = shaping.shape_breakdown(money_out.value, category_cells, threshold, partition=True)
    # a cell scaled down below the threshold (to fit a small total) says no more than a hidden one
    categories = {code: None if value is None or value < threshold else value for code, value in shaped.items()}
    return PoolFigures(
        released_at=publication.released_at, balance=balance, money_in=money_in, money_out=money_out,
        members=approx("members"), funded=approx("funded"),
        months=[Month(month, money_in_month, money_out_month)
                for month, money_in_month, money_out_month in zip(months, ins, outs, strict=True)],
        categories=categories,
        table_margins={"money_in": month_margin(money_in.margin), "money_out": month_margin(money_out.margin),
                       "category": margins.get("category", 0)},
    )


def labels() -> dict[str, list[str]]:
    """Every label of every released figure, whether any entry is in it or not."""
    return {"members": [ALL], "funded": [ALL], "money_in": [ALL], "money_out": [ALL], "category": list(CATEGORIES)}

