"""What a campaign's public page, counter and embed show: its latest release, made fit to show.

Pure functions, no I/O. Everything comes from a release (`campaigns.counters.released`): noisy
figures, drawn once per period, that no member's action changes in between. Shaping them here is
post-processing and reveals nothing more (`server.disclosure.shaping`):
- the totals are whole and never negative, each with its margin (the half-width of an interval
  holding the true figure 19 times out of 20), and are read "about 1,200 (give or take 200)";
- a breakdown cell is shown when its noisy value is at least k and at least twice its margin
  (`shaping.cell_threshold`), otherwise hidden: a cell that small is mostly noise; every cell is
  hidden while the total says no more than its margin (`Approx.telling`); cells of the level breakdown (one per member) are scaled to add up to the shown total;
- the growth series is every release's total, whole and never negative, shown once the latest
  member total says more than its margin (and its amounts once the total debt does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from campaigns.counters.release_figures import ALL, labels
from server.disclosure import shaping
from server.disclosure.publication import Point, Publication
from server.disclosure.wording import Approx

PUBLIC_SECTIONS = ("level", "kind", "creditor", "region")
PARTITIONS = frozenset({"level", "joined"})  # one cell per member: shown cells add up to the total


@dataclass(frozen=True)
class PublicFigures:
    """Everything of a campaign that may be published, as of its latest release."""

    released_at: dt.datetime | None  # None before the first release: nothing is shown
    members: Approx | None
    amount: Approx | None  # whole dollars (or the campaign's currency unit)
    breakdowns: dict[str, dict[str, int | None]]  # None: hidden
    series: list[tuple[dt.date, int, int | None]]  # (day, members, amount or None) of each release;
    # empty while the member total is within its margin, amounts None while the debt is

    @property
    def released(self) -> bool:
        return self.released_at is not None


@dataclass(frozen=True)
class Progress:
    """How far a campaign is toward one part of its threshold, from the released total."""

    measure: str  # "members" or "amount"
    goal: int  # members, or cents
    reached: int | None  # members, or whole units; None while there is no telling figure
    percent: int | None  # 0..100, None while there is no telling figure


def breakdown(publication: Publication, name: str, names: Sequence[str], total: int, k: int) -> dict[str, int | None]:
    cells = {label: publication.cells.get(name, {}).get(label, 0) for label in names}
    threshold = shaping.cell_threshold(k, publication.margins.get(name, 0))
    return shaping.shape_breakdown(total, cells, threshold, partition=name in PARTITIONS)


def public_figures(publication: Publication | None, points: Sequence[Point], creditor_ids: Sequence[int],
                   k: int, sections: Sequence[str] = PUBLIC_SECTIONS) -> PublicFigures:
    """From the latest release and the series of releases to what may be shown."""
    if publication is None:
        return PublicFigures(None, None, None, {section: {} for section in sections}, [])
    members = Approx(shaping.whole(publication.value("members")), publication.margins["members"])
    amount = Approx(shaping.whole(publication.value("amount")), publication.margins["amount"])
    every_label = labels(creditor_ids)
    breakdowns = {section: breakdown(publication, section, every_label[section], members.value, k)
                  if members.telling else dict.fromkeys(every_label[section]) for section in sections}
    series: list[tuple[dt.date, int, int | None]] = []
    if members.telling:  # a chart of noise alone would only mislead
        series = [(point.released_at.date(), shaping.whole(point.value("members")),
                   shaping.whole(point.value("amount")) if amount.telling else None) for point in points]
    return PublicFigures(publication.released_at, members, amount, breakdowns, series)


def progress(figures: PublicFigures, threshold_members: int | None, threshold_cents: int | None) -> list[Progress]:
    """Progress toward each part of the threshold the campaign has, from the released totals."""
    parts: list[Progress] = []
    for measure, goal, figure, unit in (("members", threshold_members, figures.members, 1),
                                        ("amount", threshold_cents, figures.amount, 100)):
        if not goal:
            continue
        if figure is None or not figure.telling:
            parts.append(Progress(measure, goal, None, None))
        else:
            parts.append(Progress(measure, goal, figure.value, min(100, figure.value * unit * 100 // goal)))
    return parts


def all_hidden(cells: Mapping[str, int | None]) -> bool:
    return bool(cells) and all(value is None for value in cells.values())


def _approx_document(figure: Approx | None) -> dict[str, int | None]:
    if figure is None:
        return {"value": None, "margin": None}
    return {"value": figure.value, "margin": figure.margin}


def counter_document(campaign: Mapping[str, Any], figures: PublicFigures, url: str) -> dict[str, Any]:
    """The embeddable counter's JSON: the same figures as the page, null before the first release
    and for hidden cells. Members and amount are approximate: each comes with its margin."""
    deadline = campaign["deadline"]
    return {
        "title": campaign["title"],
        "released_at": figures.released_at.isoformat() if figures.released_at else None,
        "members": _approx_document(figures.members),
        "amount": {**_approx_document(figures.amount), "unit": "whole"},
        "currency": campaign["currency"],
        "threshold": {
            "members": campaign["threshold_members"],
            "amount_cents": campaign["threshold_cents"],
            "deadline": deadline.isoformat() if deadline else None,
        },
        "status": campaign["status"],
        "url": url,
        "breakdowns": {dimension: dict(cells) for dimension, cells in figures.breakdowns.items()},
    }


__all__ = ["ALL", "Approx", "Progress", "PublicFigures", "all_hidden", "breakdown", "counter_document",
           "progress", "public_figures"]
