"""Whatever a campaign's counters hold, the organizer's dashboard and CSV never show a group of 1
to k-1 members, directly or by subtraction; and reloading them shows no single member's change."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from typing import Any

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from campaigns.counters import pledging, queries
from campaigns.dashboard.figures import (
    HISTORY_SECTIONS,
    PUBLIC_SECTIONS,
    RETALIATION_KINDS,
    OrganizerFigures,
    figure_rows,
    figures_csv,
    organizer_figures,
)
from campaigns.vocabulary import LEVELS
from server.db import Database
from server.disclosure.suppression import Hidden, Shown
from server.settings import Settings
from tests.conftest import run
from tests.factories.accounts import organizer
from tests.factories.campaigns import NOW, campaign_with, make_debt, make_pledgers
from tests.factories.pages import main_text

CREDITORS = [11, 12, 13]
KINDS = ["medical", "credit_card", "private_student"]
REGIONS = ["US-TX", "US-CA", "US-NY", None]
START = dt.date(2026, 1, 1)

member_strategy = st.fixed_dictionaries({
    "level": st.sampled_from(LEVELS),
    "first": st.sampled_from(LEVELS),
    "converted": st.booleans(),
    "debts": st.dictionaries(st.sampled_from(KINDS), st.integers(0, 5_000_000), min_size=1),
    "creditors": st.sets(st.sampled_from(CREDITORS), max_size=2),
    "region": st.sampled_from(REGIONS),
    "retaliation": st.sets(st.sampled_from(RETALIATION_KINDS), max_size=3),
})
day_strategy = st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40), st.integers(0, 10_000_000))


def counters(members: list[dict[str, Any]], departed: list[str], left: tuple[int, int]) -> list[dict[str, Any]]:
    """The cells the pledging code would keep for these members (one level each), plus the members
    who joined and have left since (their first level) and departures after activation."""
    tallies: Counter[tuple[str, str]] = Counter()
    amounts: Counter[tuple[str, str]] = Counter()
    for member in members:
        amount = sum(member["debts"].values())
        cells = [("total", "all"), ("level", member["level"]), ("region", member["region"] or "unknown"),
                 *(("creditor", str(c)) for c in member["creditors"])]
        for cell in cells:
            tallies[cell] += 1
            amounts[cell] += amount
        for kind, cents in member["debts"].items():
            tallies[("kind", kind)] += 1
            amounts[("kind", kind)] += cents
        for kind in member["retaliation"]:
            tallies[("retaliation", kind)] += 1
        tallies[("retaliation", "any")] += bool(member["retaliation"])
    for first, converted in [(m["first"], m["converted"]) for m in members] + [(f, False) for f in departed]:
        tallies[("joined_as", first)] += 1
        tallies[("converted", "counted")] += first == "counted" and converted
    tallies[("departures", "left")], amounts[("departures", "left")] = left
    return [{"dimension": d, "label": label, "members": n, "amount_cents": amounts[(d, label)]}
            for (d, label), n in tallies.items()]


def daily(points: list[tuple[int, int, int, int]]) -> list[dict[str, Any]]:
    return [{"day": START + dt.timedelta(days=i), "members": c + p + s, "amount_cents": cents,
             "counted": c, "pledged": p, "striking": s} for i, (c, p, s, cents) in enumerate(points)]


def small(members: int | None, k: int) -> bool:
    return members is not None and 0 < members < k


def true_members(cells: list[dict[str, Any]], dimension: str) -> dict[str, int]:
    return {r["label"]: r["members"] for r in cells if r["dimension"] == dimension}


def check_no_small_figure(figures: OrganizerFigures, k: int) -> None:
    assert not (isinstance(figures.total, Shown) and figures.total.members < k)
    for section in (*PUBLIC_SECTIONS, *HISTORY_SECTIONS):
        for label, cell in figures.breakdown(section).items():
            assert not (isinstance(cell, Shown) and small(cell.members, k)), (section, label, cell)
    if isinstance(figures.joined_counted, Shown):
        assert not small(figures.joined_counted.members, k)
    if figures.conversion is not None:
        conversion = figures.conversion
        for members in (conversion.converted, conversion.joined_counted, conversion.joined_counted - conversion.converted):
            assert not small(members, k)
    last_shown = 0
    for _day, point in figures.public.series:
        assert point.members >= k and abs(point.members - last_shown) >= k
        last_shown = point.members


def check_levels_over_time(figures: OrganizerFigures, k: int) -> None:
    shown_days = {day for day, _cell in figures.public.series}
    last = dict.fromkeys(LEVELS, 0)
    for point in figures.levels:
        assert point.day in shown_days
        for level in LEVELS:
            assert not small(point.members[level], k)
            assert not small(abs(point.members[level] - last[level]), k), (level, last, point)
        last = point.members


def check_partitions(figures: OrganizerFigures, cells: list[dict[str, Any]], members: list[dict[str, Any]], k: int) -> None:
    """Level, state and first level each put every member in one cell: the hidden cells of each
    hold no one or at least k, so the shown total minus the shown cells is never a small group."""
    joined = true_members(cells, "joined_as")
    converted = min(true_members(cells, "converted").get("counted", 0), joined.get("counted", 0))
    partitions = {
        "level": true_members(cells, "level"),
        "region": true_members(cells, "region"),
        "joined": {"counted_converted": converted, "counted_not_converted": joined.get("counted", 0) - converted,
                   "pledged": joined.get("pledged", 0), "striking": joined.get("striking", 0)},
    }
    for section, truth in partitions.items():
        shown = figures.breakdown(section)
        if len(members) < k:
            assert all(isinstance(cell, Hidden) for cell in shown.values()), section
            continue
        hidden_members = sum(truth.get(label, 0) for label, cell in shown.items() if isinstance(cell, Hidden))
        assert not small(hidden_members, k), (section, truth, shown)


def check_csv(figures: OrganizerFigures, k: int) -> None:
    text = figures_csv(figure_rows(figures, {}), "USD")
    for row in csv.DictReader(io.StringIO(text)):
        assert row["hidden"] in ("yes", "no")
        if row["hidden"] == "yes":
            assert row["members"] == row["amount"] == ""
        else:
            assert not small(int(row["members"]), k), row


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    k=st.integers(2, 8),
    members=st.lists(member_strategy, max_size=40),
    departed=st.lists(st.sampled_from(LEVELS), max_size=10),
    left=st.tuples(st.integers(0, 12), st.integers(0, 1_000_000)),
    days=st.lists(day_strategy, max_size=12),
)
def test_no_figure_or_csv_row_shows_a_small_group(
    k: int, members: list[dict[str, Any]], departed: list[str], left: tuple[int, int],
    days: list[tuple[int, int, int, int]],
) -> None:
    cells = counters(members, departed, left)
    figures = organizer_figures(cells, daily(days), CREDITORS, k)
    check_no_small_figure(figures, k)
    check_levels_over_time(figures, k)
    check_partitions(figures, cells, members, k)
    check_csv(figures, k)


def test_a_level_that_moved_by_one_hides_the_whole_row_not_just_itself() -> None:
    # total, counted and pledged shown, striking hidden, would give striking away by subtraction
    days = daily([(10, 10, 0, 0), (10, 15, 1, 0)])
    figures = organizer_figures([{"dimension": "total", "label": "all", "members": 26, "amount_cents": 0}],
                                days, [], 5)
    assert [day for day, _cell in figures.public.series] == [START, START + dt.timedelta(days=1)]
    assert [point.day for point in figures.levels] == [START]


async def join(db: Database, campaign: int, count: int, tag: str, level: str = "pledged") -> None:
    for member in await make_pledgers(db, count, tag):
        await pledging.pledge(db, None, campaign, member, await make_debt(db, member, 321_00, "credit_card"), level, 0, NOW)


def test_reloading_after_one_more_member_pledges_shows_exactly_the_same(client: TestClient, settings: Settings) -> None:
    run(client, campaign_with, [(1000_00, "medical", "pledged")] * 6 + [(500_00, "medical", "counted")] * 6)
    organizer(client, settings)
    before = main_text(client.get("/organize/campaigns/1").text), client.get("/organize/campaigns/1/figures.csv").text

    async def one_more(db: Database) -> None:
        await join(db, 1, 1, "one")
        counted = next(p for p in await queries.all_pledges(db, 1) if p["level"] == "counted")
        await pledging.pledge(db, None, 1, counted["member_id"], counted["debt_id"], "pledged", 0, NOW)

    run(client, one_more)
    after = main_text(client.get("/organize/campaigns/1").text), client.get("/organize/campaigns/1/figures.csv").text
    assert after == before
    assert "12 members have joined" in before[0]

    run(client, lambda db: join(db, 1, 4, "four"))  # the total has moved by k: a new publication
    moved = main_text(client.get("/organize/campaigns/1").text)
    assert moved != before[0] and "17 members have joined" in moved
