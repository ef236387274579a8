"""A pool's exact figures (internal) and what its page shows of a release: reversals count against
what they undo, one entry of the book moves a sum by at most the clip bound, and what is shown is
post-processing of the release only."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from mutual_aid.public import words
from mutual_aid.public.figures import ALL, Approx, Fact, combined_margin, exact_figures, last_months, pool_figures
from mutual_aid.vocabulary import CATEGORIES
from server.disclosure.publication import Point, Publication
from server.i18n import using_language

CLIP = 500
DAY = dt.date(2026, 10, 20)
K = 5


def contribution(key: str, day: dt.date, cents: int, person: str) -> Fact:
    return Fact(key, "contribution", day, cents, person)


def payout(key: str, day: dt.date, cents: int, person: str = "M-R", category: str = "rent") -> Fact:
    return Fact(key, "payout", day, -cents, person, category=category)


def reversal(key: str, original: Fact) -> Fact:
    return Fact(key, "reversal", original.happened_on, -original.cash_cents, original.person,
                reverses=original.key)


def test_the_last_twelve_months_end_with_this_one():
    months = last_months(dt.date(2026, 11, 22))
    assert months[0] == "2025-12" and months[-1] == "2026-11" and len(months) == 12
    assert last_months(dt.date(2026, 1, 5), 3) == ["2025-11", "2025-12", "2026-01"]


def test_reversals_count_against_what_they_undo_and_sums_are_whole_dollars():
    mistaken = contribution("c2", DAY, 30_00, "M-B")
    paid = payout("p1", DAY, 120_50, category="medical")
    wrong = payout("p2", DAY, 80_00, category="food")
    facts = [contribution("c1", DAY, 25_99, "M-A"), mistaken, reversal("r1", mistaken), paid, wrong,
             reversal("r2", wrong), Fact("r3", "reversal", DAY, 10_00, "M-C", reverses="not-yet-counted")]
    cells = exact_figures(facts, members=7, funded=2, clip_dollars=CLIP)
    assert cells["money_in"] == {ALL: 25} and cells["money_out"] == {ALL: 120}
    assert cells["members"] == {ALL: 7} and cells["funded"] == {ALL: 2}
    assert cells["category"]["medical"] == 120 and cells["category"]["food"] == 0
    assert set(cells["category"]) == set(CATEGORIES)


def test_a_members_contributions_of_one_day_and_each_payout_count_for_at_most_the_bound():
    facts = [contribution("a", DAY, 400_00, "M-A"), contribution("b", DAY, 300_00, "M-A"),
             contribution("c", DAY + dt.timedelta(days=1), 300_00, "M-A"), contribution("d", DAY, 900_00, "M-B"),
             payout("p", DAY, 2_000_00, category="rent"), payout("q", DAY, 100_00, category="rent")]
    cells = exact_figures(facts, 0, 0, CLIP)
    assert cells["money_in"][ALL] == 500 + 300 + 500
    assert cells["money_out"][ALL] == cells["category"]["rent"] == 500 + 100


entries = st.lists(st.tuples(st.sampled_from(["contribution", "payout"]), st.integers(0, 3), st.integers(1, 3_000_00),
                             st.sampled_from(["M-A", "M-B", "M-C"]), st.sampled_from(list(CATEGORIES))), max_size=12)


def facts_of(drawn: list[tuple[str, int, int, str, str]]) -> list[Fact]:
    return [Fact(f"e{i}", kind, DAY + dt.timedelta(days=day), cents if kind == "contribution" else -cents, person,
                 category=category if kind == "payout" else None)
            for i, (kind, day, cents, person, category) in enumerate(drawn)]


@given(entries, st.sampled_from(["contribution", "payout"]), st.integers(0, 3), st.integers(1, 5_000_00),
       st.sampled_from(["M-A", "M-B", "M-C"]), st.sampled_from(list(CATEGORIES)), st.booleans())
def test_one_entry_or_its_reversal_moves_each_sum_by_at_most_the_bound_and_one_category_only(
        drawn, kind, day, cents, person, category, undo):
    """The sensitivity `released.figures` states: one more entry of the book (or the reversal of
    one) moves money in or money out by at most the bound, one category cell by at most the bound,
    and the counts not at all."""
    facts = facts_of(drawn)
    added = facts_of([*drawn, (kind, day, cents, person, category)])[-1]
    after = [*facts, added]
    before = facts
    if undo:  # the entry was already counted; now it is reversed
        before, after = after, [*after, reversal("undo", added)]
    old, new = exact_figures(before, 3, 1, CLIP), exact_figures(after, 3, 1, CLIP)
    moved = {name: sum(abs(new[name][label] - old[name].get(label, 0)) for label in new[name]) for name in new}
    assert moved["money_in"] + moved["money_out"] <= CLIP
    assert moved["category"] <= CLIP and moved["members"] == moved["funded"] == 0
    assert sum(1 for label in new["category"] if new["category"][label] != old["category"][label]) <= 1


AT = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def publication(cells: dict[str, dict[str, int]], margins: dict[str, int]) -> Publication:
    return Publication(100, AT, cells, margins)


def test_the_balance_is_released_money_in_minus_released_money_out():
    shown = pool_figures(publication({"money_in": {ALL: 4_300}, "money_out": {ALL: 1_200}, "members": {ALL: -3},
                                      "funded": {ALL: 9}, "category": {"rent": 900, "food": 2}},
                                     {"money_in": 300, "money_out": 400, "members": 20, "funded": 10, "category": 50}),
                         [], last_months(AT.date()), K)
    assert shown is not None
    assert shown.balance.value == 3_100 and shown.balance.margin == combined_margin(300, 400) == 500
    small = pool_figures(publication({"money_in": {ALL: 100}, "money_out": {ALL: 40}},
                                     {"money_in": 300, "money_out": 400}), [], [], K)
    assert small is not None and small.balance.value + small.balance.margin == 100 + 300  # not above money in's
    assert shown.members.value == 0  # never below zero
    assert shown.categories["rent"] is not None and shown.categories["food"] is None  # below its margin
    assert sum(v for v in shown.categories.values() if v is not None) <= shown.money_out.value
    tiny = pool_figures(publication({"money_in": {ALL: 100}, "money_out": {ALL: 3}, "category": {"other": 900}},
                                    {"money_in": 300, "money_out": 400, "category": 50}), [], [], K)
    assert tiny is not None and tiny.categories_hidden  # 900 scaled to the total of 3: too small to show
    assert pool_figures(None, [], last_months(AT.date()), K) is None


def test_months_are_differences_of_released_running_totals_never_negative_and_hidden_when_small():
    def point(day: dt.datetime, money_in: int) -> Point:
        return Point(day, {"money_in": {ALL: money_in}, "money_out": {ALL: 0}})

    points = [point(dt.datetime(2026, 9, 1, tzinfo=dt.UTC), 1_000), point(dt.datetime(2026, 9, 15, tzinfo=dt.UTC), 900),
              point(dt.datetime(2026, 10, 1, tzinfo=dt.UTC), 3_000), point(dt.datetime(2026, 11, 1, tzinfo=dt.UTC), 2_950)]
    months = ["2026-08", "2026-09", "2026-10"]
    shown = pool_figures(publication({"money_in": {ALL: 2_950}}, {"money_in": 100}), points, months, K)
    assert shown is not None
    # August: 0 to the isotonic 950 (1,000 and 900 pooled); September: 950 to 2,975; October: nothing
    assert [m.money_in for m in shown.months] == [950, 2_025, None]
    assert all(m.money_out is None for m in shown.months)


def test_a_figure_no_larger_than_its_margin_is_said_as_an_upper_limit_in_the_readers_language():
    assert words.amount(Approx(4_000, 300), "USD").words == "about $4,000 (give or take $300)"
    assert words.members(Approx(559, 558)).words == "fewer than about 1,200"
    assert words.amount(Approx(12, 250), "USD").words == "less than about $300"
    with using_language("es"):
        assert words.members(Approx(12, 250)).words == "menos de unos 300"
        assert words.members(Approx(1_200, 200)).words == "unos 1,200 (200 más o menos)"
