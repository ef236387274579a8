"""What an organizer's dashboard and CSV show: the public figures plus the campaign's history,
all from the same release (`campaigns.counters.released`) and shaped the same way
(`campaigns.public.figures`).

Pure functions, no I/O. An organizer reloading the page, or downloading the CSV, learns nothing
that changes before the next scheduled release. The history figures (how members first joined,
confirmations, departures after activation, retaliation reports) are released with the others
and spend part of the same budget.

How members first joined is one partition of every join: joined as counted and later pledged,
joined as counted and not (yet) pledged, joined as pledged, joined as striking. The share of those
who joined as counted and then pledged is worked out from the two released counted cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from campaigns.counters.release_figures import ALL, JOINED_LABELS
from campaigns.public.figures import PUBLIC_SECTIONS, PublicFigures, public_figures
from campaigns.vocabulary import LEVELS
from server.disclosure import shaping
from server.disclosure.publication import Point, Publication
from server.spreadsheets import spreadsheet_safe

HISTORY_SECTIONS = ("joined", "confirmed", "departures", "retaliation")
CSV_HEADER = ("section", "label", "name", "day", "value", "margin", "currency", "hidden")


@dataclass(frozen=True)
class Conversion:
    """Members who joined as counted and have since pledged, from the released cells."""

    converted: int
    joined_counted: int
    share: float | None  # converted / joined_counted; None when nobody joined as counted


@dataclass(frozen=True)
class LevelPoint:
    """Members at each level at one release (approximate, scaled to that release's total)."""

    day: dt.date
    members: dict[str, int]


@dataclass(frozen=True)
class OrganizerFigures:
    """Everything on an organizer's dashboard, as of the latest release."""

    public: PublicFigures
    margins: dict[str, int]
    conversion: Conversion | None  # None while either counted cell is hidden
    levels: list[LevelPoint]

    def breakdown(self, section: str) -> dict[str, int | None]:
        return self.public.breakdowns[section]


@dataclass(frozen=True)
class FigureRow:
    """One line of the CSV: a figure, a cell of a section, or a point of a series (with its day)."""

    section: str
    label: str
    name: str
    day: dt.date | None
    value: int | None  # None when hidden
    margin: int | None
    money: bool  # the value is an amount in whole units of the campaign's currency


def organizer_figures(publication: Publication | None, points: Sequence[Point], creditor_ids: Sequence[int],
                      k: int) -> OrganizerFigures:
    figures = public_figures(publication, points, creditor_ids, k, (*PUBLIC_SECTIONS, *HISTORY_SECTIONS))
    if publication is None:
        return OrganizerFigures(figures, {}, None, [])
    joined = figures.breakdowns["joined"]
    converted, not_converted = joined["counted_converted"], joined["counted_not_converted"]
    conversion = None
    if converted is not None and not_converted is not None:
        everyone = converted + not_converted
        conversion = Conversion(converted, everyone, converted / everyone if everyone else None)
    return OrganizerFigures(figures, dict(publication.margins), conversion, level_series(points))


def level_series(points: Sequence[Point]) -> list[LevelPoint]:
    """Members by level at each release, each row scaled to add up to that release's total."""
    series = []
    for point in points:
        total = shaping.whole(point.value("members"))
        cells = {level: point.value("level", level) for level in LEVELS}
        shaped = shaping.shape_breakdown(total, cells, 0, partition=True)
        series.append(LevelPoint(point.released_at.date(), {level: shaped[level] or 0 for level in LEVELS}))
    return series


def figure_rows(figures: OrganizerFigures, names: Mapping[str, Mapping[str, str]], *,
                total_name: str = "", amount_name: str = "") -> list[FigureRow]:
    """Every figure of the dashboard as CSV rows: hidden ones without a value.

    `names` gives each section's labels in the reader's language (a label without one is its
    own name)."""
    public = figures.public
    if public.members is None or public.amount is None:
        return []
    rows = [FigureRow("total", "members", total_name, None, public.members.value, public.members.margin, False),
            FigureRow("total", "amount", amount_name, None, public.amount.value, public.amount.margin, True)]
    for section in (*PUBLIC_SECTIONS, *HISTORY_SECTIONS):
        for label, value in figures.breakdown(section).items():
            rows.append(FigureRow(section, label, names.get(section, {}).get(label, label), None, value,
                                  figures.margins.get(section), False))
    for day, members, amount in public.series:
        rows.append(FigureRow("growth", "members", total_name, day, members, None, False))
        rows.append(FigureRow("growth", "amount", amount_name, day, amount, None, True))
    for level_point in figures.levels:
        for level in LEVELS:
            rows.append(FigureRow("levels", level, names.get("level", {}).get(level, level), level_point.day,
                                  level_point.members[level], None, False))
    return rows


def figures_csv(rows: Sequence[FigureRow], currency: str) -> str:
    """The rows as CSV text. Codes (section, label, hidden) stay in English for formulas and
    scripts; the `name` column is in the reader's language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow([
            spreadsheet_safe(row.section), spreadsheet_safe(row.label), spreadsheet_safe(row.name),
            row.day.isoformat() if row.day else "",
            "" if row.value is None else str(row.value),
            "" if row.margin is None or row.value is None else str(row.margin),
            currency if row.money else "",
            "yes" if row.value is None else "no",
        ])
    return out.getvalue()


__all__ = ["ALL", "CSV_HEADER", "HISTORY_SECTIONS", "JOINED_LABELS", "Conversion", "FigureRow", "LevelPoint",
           "OrganizerFigures", "figure_rows", "figures_csv", "level_series", "organizer_figures", "spreadsheet_safe"]
