"""What the dashboard and its CSV make of a release is post-processing only: whatever the noisy
values, nothing shown is negative, a partition's shown cells never add up to more than the shown
total, a cell is hidden exactly when its noisy value is below max(k, twice its margin), and the CSV
holds the page's figures and nothing else."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from campaigns.counters.release_figures import labels
from campaigns.dashboard.figures import HISTORY_SECTIONS, figure_rows, organizer_figures
from campaigns.public.figures import PUBLIC_SECTIONS
from server.disclosure.publication import Point, Publication

CREDITORS = [11, 12]
ALL_LABELS = labels(CREDITORS)
noisy = st.integers(-5_000, 50_000)
margins = st.integers(1, 3_000)


@st.composite
def publications(draw: st.DrawFn) -> Publication:
    cells = {name: {label: draw(noisy) for label in names} for name, names in ALL_LABELS.items()}
    return Publication(3, dt.datetime(2026, 11, 4, tzinfo=dt.UTC), cells,
                       {name: draw(margins) for name in ALL_LABELS})


@hypothesis_settings(max_examples=200, deadline=None)
@given(publications(), st.integers(2, 8))
def test_shown_figures_are_whole_consistent_and_hidden_by_the_noisy_value_only(publication: Publication, k: int) -> None:
    points = [Point(publication.released_at, {n: publication.cells[n] for n in ("members", "amount", "level")})]
    figures = organizer_figures(publication, points, CREDITORS, k)
    total = figures.public.members
    assert total is not None and total.value >= 0
    for section in (*PUBLIC_SECTIONS, *HISTORY_SECTIONS):
        cells = figures.breakdown(section)
        assert set(cells) == set(ALL_LABELS[section])
        for label, value in cells.items():
            raw = publication.cells[section][label]
            if not total.telling or raw < max(k, 2 * publication.margins[section]):
                assert value is None
            else:
                assert value is not None and 0 <= value <= total.value
        if section in ("level", "joined"):
            assert sum(value for value in cells.values() if value is not None) <= total.value
    for point in figures.levels:  # each row adds up to its total, unless every level came out empty
        any_level = any(publication.value("level", level) > 0 for level in point.members)
        assert sum(point.members.values()) == (max(0, publication.value("members")) if any_level else 0)
    rows = figure_rows(figures, {})
    shown = {(row.section, row.label): row.value for row in rows if row.day is None and row.section != "total"}
    assert shown == {(section, label): value for section in (*PUBLIC_SECTIONS, *HISTORY_SECTIONS)
                     for label, value in figures.breakdown(section).items()}
