"""What an organizer's dashboard and CSV may show: the public figures plus the campaign's history.

Pure functions, no I/O, built on `campaigns.public.figures`. Everything comes from the published counters
(`campaigns.counters.published`), never the live ones, and goes through `campaigns.suppression`: the
history cells (how members first joined, who later pledged, departures after activation,
retaliation reports) are breakdowns of the same `suppress` call as the public ones, over fixed
lists of labels, so an organizer reloading the page learns nothing a visitor could not, except
these aggregates.

How members first joined is published as one partition of every join: joined as counted and
later pledged, joined as counted and not (yet) pledged, joined as pledged, joined as striking.
Publishing "joined as counted" and "converted" as two separate breakdowns would let a reader
subtract one from the other; as cells of one partition, suppression covers the difference too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from campaigns.public.figures import PublicFigures, breakdown_labels, public_figures
from campaigns.vocabulary import LEVELS
from server.disclosure.suppression import Cell, Hidden, Shown, suppress_series
from server.spreadsheets import spreadsheet_safe

RETALIATION_KINDS = ("calls", "threats", "lawsuit", "garnishment", "credit", "other")
RETALIATION_LABELS = (*RETALIATION_KINDS, "any")
# how members first joined: one partition of every join (see the module's docstring)
JOINED_LABELS = ("counted_converted", "counted_not_converted", "pledged", "striking")
PUBLIC_SECTIONS = ("level", "kind", "creditor", "region")
HISTORY_SECTIONS = ("joined", "confirmed", "departures", "retaliation")
# what a CSV cell may not start with, or a spreadsheet would run it as a formula
CSV_HEADER = ("section", "label", "name", "day", "members", "amount", "currency", "hidden")


@dataclass(frozen=True)
class Conversion:
    """Members who joined as counted and have since pledged, when both figures are shown."""

    converted: int
    joined_counted: int
    share: float | None  # converted / joined_counted; None when nobody joined as counted


@dataclass(frozen=True)
class LevelPoint:
    """Members at each level on a day of the growth series."""

    day: dt.date
    members: dict[str, int]


@dataclass(frozen=True)
class OrganizerFigures:
    """Everything on an organizer's dashboard, each figure already through suppression."""

    public: PublicFigures
    joined_counted: Cell  # both counted cells of the "joined" partition added up, or hidden
    conversion: Conversion | None  # None while either figure is hidden
    levels: list[LevelPoint]

    @property
    def total(self) -> Cell:
        return self.public.total

    def breakdown(self, section: str) -> dict[str, Cell]:
        return self.public.breakdowns[section]


@dataclass(frozen=True)
class FigureRow:
    """One line of the CSV: a cell of a section, or a point of a series (with its day)."""

    section: str
    label: str
    name: str
    day: dt.date | None
    members: int | None  # None when hidden
    amount_cents: int | None  # None when hidden, or when the section has no amounts
    hidden: bool


def organizer_labels(creditor_ids: Iterable[int]) -> dict[str, list[str]]:
    """Every label of every section, whether anyone is in it or not."""
    return {
        **breakdown_labels(creditor_ids),
        "joined": list(JOINED_LABELS),
        "confirmed": ["in"],
        "departures": ["left"],
        "retaliation": list(RETALIATION_LABELS),
    }


def joined_cells(cell_rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The "joined" partition, from the ("joined_as", level) and ("converted", "counted") counters.

    Each member is counted once, at their first level; those who joined as counted are split by
    whether they have since pledged. Conversions beyond the joins (counters older than these
    cells) are capped, so the two counted cells always add up to the members who joined as counted."""
    members = {(r["dimension"], r["label"]): int(r["members"]) for r in cell_rows}
    joined_counted = members.get(("joined_as", "counted"), 0)
    converted = min(members.get(("converted", "counted"), 0), joined_counted)
    values = {
        "counted_converted": converted,
        "counted_not_converted": joined_counted - converted,
        "pledged": members.get(("joined_as", "pledged"), 0),
        "striking": members.get(("joined_as", "striking"), 0),
    }
    return [{"dimension": "joined", "label": label, "members": values[label], "amount_cents": 0}
            for label in JOINED_LABELS]


def organizer_figures(
    cell_rows: Iterable[Mapping[str, Any]],
    daily_rows: Iterable[Mapping[str, Any]],
    creditor_ids: Iterable[int],
    k: int,
) -> OrganizerFigures:
    """From published `campaign_snapshot_cells` and `campaign_daily` rows to the dashboard."""
    cell_rows, daily_rows = list(cell_rows), list(daily_rows)
    rows = [r for r in cell_rows if r["dimension"] != "joined"] + joined_cells(cell_rows)
    figures = public_figures(rows, daily_rows, organizer_labels(creditor_ids), k)
    joined = figures.breakdowns["joined"]
    converted, not_converted = joined["counted_converted"], joined["counted_not_converted"]
    joined_counted: Cell = Hidden()
    conversion = None
    if isinstance(converted, Shown) and isinstance(not_converted, Shown):
        everyone = converted.members + not_converted.members
        joined_counted = Shown(everyone, 0)
        conversion = Conversion(converted.members, everyone, converted.members / everyone if everyone else None)
    shown_days = {day for day, _cell in figures.series}
    return OrganizerFigures(figures, joined_counted, conversion, level_series(daily_rows, shown_days, k))


def level_series(daily_rows: Iterable[Mapping[str, Any]], shown_days: set[dt.date], k: int) -> list[LevelPoint]:
    """Members by level over time: whole rows, on days the growth series shows, or nothing.

    Each level's steps go through `suppress_series`. Levels are not published one by one:
    three series suppressed each on its own would let a reader take the two shown levels from
    the total shown that day and find the third, hidden one, down to one member changing level.
    So a day's row is published only when every level is 0, unchanged since the last published
    row, or a step that `suppress_series` publishes (at least k members, and at least k from
    the last published value); otherwise the whole row waits. The rows' days are among the
    growth series' shown days, whose totals are already public."""
    published: list[LevelPoint] = []
    last = dict.fromkeys(LEVELS, 0)
    for row in sorted(daily_rows, key=lambda r: r["day"]):
        if row["day"] not in shown_days:
            continue
        values = {level: int(row[level]) for level in LEVELS}
        if all(_step_shown(last[level], values[level], row["day"], k) for level in LEVELS):
            published.append(LevelPoint(row["day"], values))
            last = values
    return published


def _step_shown(before: int, after: int, day: dt.date, k: int) -> bool:
    """A level may go from its last published value to `after`: unchanged, down to no one, or a
    step that `suppress_series` would publish after that value."""
    if after in (before, 0):
        return True
    series = suppress_series([(day - dt.timedelta(days=1), before, 0), (day, after, 0)], k)
    return isinstance(series[-1][1], Shown)


def figure_rows(
    figures: OrganizerFigures, names: Mapping[str, Mapping[str, str]], *, total_name: str = ""
) -> list[FigureRow]:
    """Every figure of the dashboard as CSV rows: hidden ones with neither members nor amount.

    `names` gives each section's labels in the reader's language (a label without one is its
    own name). Sections without amounts ("joined", "retaliation", the levels over time) leave
    the amount empty."""
    rows = [_row("total", "all", total_name, figures.total)]
    for section in (*PUBLIC_SECTIONS, *HISTORY_SECTIONS):
        with_amount = section not in ("joined", "confirmed", "retaliation")
        for label, cell in figures.breakdown(section).items():
            rows.append(_row(section, label, names.get(section, {}).get(label, label), cell, with_amount=with_amount))
    for day, point in figures.public.series:
        rows.append(_row("growth", "all", total_name, point, day=day))
    for level_point in figures.levels:
        for level in LEVELS:
            shown = Shown(level_point.members[level], 0)
            rows.append(_row("levels", level, names.get("level", {}).get(level, level), shown,
                             day=level_point.day, with_amount=False))
    return rows


def _row(section: str, label: str, name: str, cell: Cell, *, day: dt.date | None = None,
         with_amount: bool = True) -> FigureRow:
    if isinstance(cell, Shown):
        return FigureRow(section, label, name, day, cell.members, cell.amount_cents if with_amount else None, False)
    return FigureRow(section, label, name, day, None, None, True)


def figures_csv(rows: Sequence[FigureRow], currency: str) -> str:
    """The rows as CSV text. Codes (section, label, hidden) stay in English for formulas and
    scripts; the `name` column is in the reader's language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        amount = "" if row.amount_cents is None else f"{row.amount_cents // 100}.{row.amount_cents % 100:02d}"
        writer.writerow([
            spreadsheet_safe(row.section), spreadsheet_safe(row.label), spreadsheet_safe(row.name),
            row.day.isoformat() if row.day else "",
            "" if row.members is None else str(row.members), amount,
            currency if row.amount_cents is not None else "",
            "yes" if row.hidden else "no",
        ])
    return out.getvalue()
