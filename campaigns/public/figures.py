"""What a campaign's public page, counter and embed may show: the counters, through suppression.

Pure functions, no I/O. Every figure comes out of `campaigns.suppression`: breakdown cells through
`suppress` over every label of a fixed list (empty ones included), the growth series through
`suppress_series`, and the total is the series' last *shown* point rather than the live total, so
that reloading the page does not reveal one member joining.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from campaigns.counters.counting import TOTAL
from campaigns.vocabulary import LEVELS
from debts.api import DEBT_KINDS, US_REGIONS
from server.disclosure.suppression import Cell, Hidden, Shown, Tally, suppress, suppress_series

UNKNOWN_REGION = "unknown"


@dataclass(frozen=True)
class PublicFigures:
    """Everything of a campaign's counters that may be published."""

    total: Cell
    breakdowns: dict[str, dict[str, Cell]]
    series: list[tuple[dt.date, Shown]]


@dataclass(frozen=True)
class Progress:
    """How far a campaign is toward one part of its threshold, from the shown total."""

    measure: str  # "members" or "amount"
    goal: int
    reached: int | None  # None when the total is hidden
    percent: int | None  # 0..100, None when hidden


def breakdown_labels(creditor_ids: Iterable[int]) -> dict[str, list[str]]:
    """Every label each public breakdown names, whether anyone is in it or not.

    Creditors are the campaign's own targets: a fixed list, so a creditor never appears because
    someone pledged a debt it holds."""
    return {
        "level": list(LEVELS),
        "kind": list(DEBT_KINDS),
        "creditor": [str(creditor) for creditor in creditor_ids],
        "region": [*US_REGIONS, UNKNOWN_REGION],
    }


def public_figures(
    cell_rows: Iterable[Mapping[str, Any]],
    daily_rows: Iterable[Mapping[str, Any]],
    labels: Mapping[str, Sequence[str]],
    k: int,
) -> PublicFigures:
    """From `campaign_cells` and `campaign_daily` rows to what may be published."""
    tallies = {(r["dimension"], r["label"]): Tally(int(r["members"]), int(r["amount_cents"])) for r in cell_rows}
    live_total = tallies.get(TOTAL, Tally(0, 0))
    breakdowns = {
        dimension: {label: tallies.get((dimension, label), Tally(0, 0)) for label in names}
        for dimension, names in labels.items()
    }
    suppressed = suppress(live_total, breakdowns, k)
    points = [(r["day"], int(r["members"]), int(r["amount_cents"])) for r in daily_rows]
    series = [(day, cell) for day, cell in suppress_series(points, k) if isinstance(cell, Shown)]
    total: Cell = series[-1][1] if series and isinstance(suppressed.total, Shown) else Hidden()
    return PublicFigures(total, suppressed.breakdowns, series)


def progress(total: Cell, threshold_members: int | None, threshold_cents: int | None) -> list[Progress]:
    """Progress toward each part of the threshold the campaign has, from the shown total."""
    parts: list[Progress] = []
    for measure, goal in (("members", threshold_members), ("amount", threshold_cents)):
        if not goal:
            continue
        if isinstance(total, Shown):
            reached = total.members if measure == "members" else total.amount_cents
            parts.append(Progress(measure, goal, reached, min(100, reached * 100 // goal)))
        else:
            parts.append(Progress(measure, goal, None, None))
    return parts


def is_shown(cell: Cell) -> bool:
    return isinstance(cell, Shown)


def all_hidden(cells: Mapping[str, Cell]) -> bool:
    return bool(cells) and all(isinstance(cell, Hidden) for cell in cells.values())


def cell_document(cell: Cell) -> dict[str, int | None]:
    """A cell in JSON: both figures null when hidden."""
    if isinstance(cell, Shown):
        return {"members": cell.members, "amount_cents": cell.amount_cents}
    return {"members": None, "amount_cents": None}


def counter_document(campaign: Mapping[str, Any], figures: PublicFigures, url: str) -> dict[str, Any]:
    """The embeddable counter's JSON: the same figures as the page, null where hidden."""
    deadline = campaign["deadline"]
    return {
        "title": campaign["title"],
        **cell_document(figures.total),
        "currency": campaign["currency"],
        "threshold": {
            "members": campaign["threshold_members"],
            "amount_cents": campaign["threshold_cents"],
            "deadline": deadline.isoformat() if deadline else None,
        },
        "status": campaign["status"],
        "url": url,
        "breakdowns": {
            dimension: {label: cell_document(cell) for label, cell in cells.items()}
            for dimension, cells in figures.breakdowns.items()
        },
    }

