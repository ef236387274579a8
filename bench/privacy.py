"""Accuracy of released figures under differential privacy (issue 12): no database, no server.

    python -m bench.privacy [--sizes 100,1000,10000,1000000] [--runs 200] [--epsilon-year 1.0]

For each size, one campaign-year of daily releases is simulated: members join over the year
(more at the start, as campaigns do), one in twelve leaves again later in the year; each member has
a level (half counted, a third pledged, the rest striking) and a debt (log-normal, median $9,000,
clipped at JUBILEE_DP_CLIP_DOLLARS' default, $50,000).

The budget is shared exactly as the app shares it: the ten figures of a campaign and their weights
come from `campaigns.counters.release_figures.figures`, and each figure's noise scale from
`server.disclosure.release.scales` (the ε per release shared by weight, `Budget.node_epsilons`).
Only three of the ten are simulated (members, amount, level): the others spend their share of the
budget whatever their values, and their noise does not touch these three. The exact per-day
increments are computed once; then `--runs` independent releases of the year are drawn with the
mechanism of `server.disclosure` (OpenDP's noise, every run's cells side by side in one tree).

Reported, over runs (and days for the series), the median and 95th percentile of the absolute error,
and of the error as a share of the true value, of what a campaign's page shows
(`campaigns.public.figures`):
- the total of members at the year's last release;
- the largest level cell (counted, about half the members), as shown: hidden unless the shown total
  is above its own margin and the cell's noisy value is at least max(k, 2 × its margin), then
  scaled with the other level cells to add up to the shown total; and how often it is hidden
  (errors are of the shown cells only);
- the growth series: every daily release's total, whole and non-negative;
- the total debt at the year's end, whole dollars.
And the year-end total's margin in words, as the page prints it, for a release at the true value.

A separate section explores, without changing the app, what share of the budget the total of
members would need for its year-end error to be within 1 % at the 95th percentile at 10,000 members,
the other weights unchanged. Writes JSON to bench/results/privacy-<time>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.report import RESULTS_DIR, machine_info
from campaigns.counters.release_figures import figures
from campaigns.public.figures import PARTITIONS
from server.disclosure import noise, release, shaping, tree, wording
from server.disclosure.budget import DEFAULT_CLIP_DOLLARS, Budget, Figure, clip_in_dollars
from server.disclosure.wording import Approx
from server.i18n import using_language

DAYS = 365
LEVELS = ("counted", "pledged", "striking")  # the order of campaigns.vocabulary.LEVELS
LARGE_CELL = "counted"
MEASURED = ("members", "amount", "level")
K = 5  # JUBILEE_SUPPRESSION_K's default: a shown cell is at least max(k, 2 × its margin)
GOAL_MEMBERS, GOAL_SHARE = 10_000, 0.01


def campaign(members: int, seed: int) -> dict[str, list[list[int]]]:
    """Exact increments per day of the measured figures for a campaign of `members`."""
    rng = random.Random(seed)  # noqa: S311 (a simulated campaign, not noise)
    days: dict[str, list[list[int]]] = {"members": [[0] for _ in range(DAYS)], "amount": [[0] for _ in range(DAYS)],
                                       "level": [[0, 0, 0] for _ in range(DAYS)]}
    for _ in range(members):
        joined = min(int(rng.expovariate(1 / 90)), DAYS - 1)
        level = 0 if rng.random() < 0.5 else 1 if rng.random() < 2 / 3 else 2
        dollars = clip_in_dollars(int(rng.lognormvariate(math.log(9000), 1.0) * 100), DEFAULT_CLIP_DOLLARS)
        changes = [(joined, +1)]
        if rng.random() < 1 / 12:
            changes.append((rng.randrange(joined, DAYS), -1))
        for day, sign in changes:
            days["members"][day][0] += sign
            days["amount"][day][0] += sign * dollars
            days["level"][day][level] += sign
    return days


def stacked(increments: list[list[int]], runs: int) -> list[list[int]]:
    return [cells * runs for cells in increments]


def running(increments: list[list[int]]) -> list[list[int]]:
    totals, current = [], [0] * len(increments[0])
    for cells in increments:
        current = [a + b for a, b in zip(current, cells, strict=True)]
        totals.append(current)
    return totals


def quantiles(values: Sequence[float]) -> dict[str, float] | None:
    if not values:
        return None
    ordered = sorted(values)
    return {"median": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]}


def percent(share: float) -> str:
    value = 100 * share
    return f"{value:,.0f} %" if value >= 10 else f"{value:.1f} %" if value >= 0.1 else f"{value:.2f} %"


def members_words(value: int, margin: int) -> str:
    """The page's own words for a total of members, in English."""
    with using_language("en"):
        return wording.members(Approx(value, margin))


def amount_words(dollars: int, margin: int) -> str:
    """The page's own words for the total debt, in English."""
    with using_language("en"):
        return wording.amount(Approx(dollars, margin), "USD")


def measure(members: int, runs: int, budget: Budget, released: Mapping[str, Figure]) -> dict[str, Any]:
    exact = campaign(members, seed=members)
    truth = {name: running(exact[name]) for name in MEASURED}
    scales = release.scales(released, budget)
    noisy = {name: tree.running_totals(tree.grow(stacked(exact[name], runs), {}, scales[name].scale, DAYS), DAYS, DAYS)
             for name in MEASURED}
    terms = tree.noise_terms(DAYS, DAYS)
    margins = {name: noise.margin(scales[name].scale, terms) for name in MEASURED}
    threshold = max(K, 2 * margins["level"])
    true_total, true_amount = truth["members"][-1][0], truth["amount"][-1][0]
    true_cell = truth["level"][-1][LEVELS.index(LARGE_CELL)]
    total_errors: list[float] = []
    cell_errors: list[float] = []
    series_errors: list[float] = []
    series_shares: list[float] = []
    amount_errors: list[float] = []
    hidden = fewer_than = 0
    for run in range(runs):
        series = [shaping.whole(noisy["members"][day][run]) for day in range(DAYS)]
        for day, shown_point in enumerate(series):
            error = abs(shown_point - truth["members"][day][0])
            series_errors.append(error)
            if truth["members"][day][0] > 0:
                series_shares.append(error / truth["members"][day][0])
        total = series[-1]
        total_errors.append(abs(total - true_total))
        fewer_than += total <= margins["members"]
        levels = dict(zip(LEVELS, noisy["level"][-1][3 * run:3 * run + 3], strict=True))
        shown = (shaping.shape_breakdown(total, levels, threshold, partition="level" in PARTITIONS)
                 if total > margins["members"] else dict.fromkeys(levels))
        cell = shown[LARGE_CELL]
        if cell is None:
            hidden += 1
        else:
            cell_errors.append(abs(cell - true_cell))
        amount_errors.append(abs(shaping.whole(noisy["amount"][-1][run]) - true_amount))
    return {
        "members": members, "true_total": true_total, "true_cell": true_cell, "true_amount_dollars": true_amount,
        "scales": {name: scales[name].scale for name in released}, "margins": margins, "cell_threshold": threshold,
        "total": quantiles(total_errors), "total_share": quantiles([e / true_total for e in total_errors]),
        "total_reads_fewer_than": fewer_than / runs,
        "cell": quantiles(cell_errors), "cell_share": quantiles([e / true_cell for e in cell_errors]),
        "cell_hidden": hidden / runs,
        "series": quantiles(series_errors), "series_share": quantiles(series_shares),
        "amount": quantiles(amount_errors), "amount_share": quantiles([e / true_amount for e in amount_errors]),
        "total_words": members_words(true_total, margins["members"]),
        "amount_words": amount_words(true_amount, margins["amount"]),
    }


def year_end_errors(exact_total: list[list[int]], scale: float, runs: int) -> list[int]:
    """The year-end total's absolute error over `runs` releases, drawing only the nodes it sums
    (the others are independent of it, so this is the same distribution as drawing the whole year)."""
    nodes = tree.tiling(DAYS, DAYS)
    ends = [sum(cells[0] for cells in exact_total[(index - 1) << level:index << level])
            for _year, level, index in nodes]
    drawn = noise.OPENDP_NOISE.add_noise(ends * runs, scale)
    true = sum(cells[0] for cells in exact_total)
    width = len(nodes)
    return [abs(shaping.whole(sum(drawn[run * width:(run + 1) * width])) - true) for run in range(runs)]


def explore(budget: Budget, released: Mapping[str, Figure], runs: int) -> dict[str, Any]:
    """The share of the budget the total of members would need for the 1 % goal at the 95th percentile."""
    exact = campaign(GOAL_MEMBERS, seed=GOAL_MEMBERS)["members"]
    true = sum(cells[0] for cells in exact)
    others = sum(figure.weight for name, figure in released.items() if name != "members")
    total_weight = others + released["members"].weight
    now_share = released["members"].weight / total_weight
    terms = tree.noise_terms(DAYS, DAYS)
    now_scale = release.scales(released, budget)["members"].scale
    now = quantiles([e / true for e in year_end_errors(exact, now_scale, runs)])
    assert now is not None
    # the error scales with the noise scale, 1 / (ε per release × share): solve for the share, and
    # again from the share found until the measured 95th percentile is within the goal
    share, then = now_share, now
    for _ in range(4):
        share = min(0.999, share * then["p95"] / GOAL_SHARE)
        weight = share * others / (1 - share)
        scales = release.scales({**released, "members": Figure("members", weight)}, budget)
        measured = quantiles([e / true for e in year_end_errors(exact, scales["members"].scale, runs)])
        assert measured is not None
        then = measured
        if then["p95"] <= GOAL_SHARE:
            break
    needed_share = share
    base = release.scales(released, budget)
    return {
        "members": GOAL_MEMBERS, "true_total": true, "runs": runs, "share_now": now_share, "total_share_now": now,
        "margin_now": noise.margin(now_scale, terms), "share_needed": needed_share, "weight_needed": weight,
        "scale_needed": scales["members"].scale, "margin_needed": noise.margin(scales["members"].scale, terms),
        "total_share_needed": then,
        "other_scales_grow_by": scales["level"].scale / base["level"].scale,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000,1000000")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--explore-runs", type=int, default=20_000,
                        help="releases of the year-end total only, for the goal and the exploration")
    parser.add_argument("--epsilon-year", type=float, default=1.0)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    budget = Budget(epsilon_year=args.epsilon_year, period="daily")
    released = figures(DEFAULT_CLIP_DOLLARS)
    scales = release.scales(released, budget)
    started = dt.datetime.now(dt.UTC)
    print(f"ε a year {budget.epsilon_year}, ε per release {budget.epsilon_release:.4f}, {budget.levels} levels, "
          f"{args.runs} runs of {DAYS} daily releases; the app's {len(released)} figures share the budget:")
    total_weight = sum(figure.weight for figure in released.values())
    for name, figure in released.items():
        print(f"  {name}: weight {figure.weight:g} ({100 * figure.weight / total_weight:.1f} %), "
              f"sensitivity {figure.sensitivity:,}, noise scale {scales[name].scale:,.1f} per tree node")
    print("\nEach cell: median, 95th percentile of the absolute error (as a share of the true value)")
    print("| members (true total; counted) | total | large cell: counted, when shown (hidden) | series "
          "| amount (dollars) | total in words |")
    print("|---:|---:|---:|---:|---:|---|")
    results = []

    def pair(q: dict[str, float] | None, share: dict[str, float] | None, money: bool = False) -> str:
        if q is None or share is None:
            return "always hidden"
        unit = "$" if money else ""
        return (f"{unit}{q['median']:,.0f}, {unit}{q['p95']:,.0f} "
                f"({percent(share['median'])}, {percent(share['p95'])})")

    for size in (int(part) for part in args.sizes.split(",")):
        clock = time.perf_counter()
        r = measure(size, args.runs, budget, released)
        r["seconds"] = round(time.perf_counter() - clock, 1)
        results.append(r)
        print(f"| {size:,} ({r['true_total']:,}; {r['true_cell']:,}) | {pair(r['total'], r['total_share'])} | "
              f"{pair(r['cell'], r['cell_share'])} ({100 * r['cell_hidden']:.0f} % hidden) | "
              f"{pair(r['series'], r['series_share'])} | {pair(r['amount'], r['amount_share'], money=True)} | "
              f"{r['total_words']} |", flush=True)
    print()
    for r in results:
        print(f"{r['members']:,} members: the page reads {r['total_words']} members (margin {r['margins']['members']}; "
              f"{100 * r['total_reads_fewer_than']:.0f} % of releases read 'fewer than'), debt "
              f"{r['amount_words']}; a level cell is shown from {r['cell_threshold']:,}")
    goal = next((r for r in results if r["members"] == GOAL_MEMBERS), None)
    exploration = explore(budget, released, args.explore_runs)
    now = exploration["total_share_now"]
    print(f"\nGoal: total within 1 % at {GOAL_MEMBERS:,} members with ε = {budget.epsilon_year:g} a year")
    if goal is not None:
        for which in ("median", "p95"):
            value = goal["total_share"][which]
            print(f"  {which} ({args.runs} runs): {100 * value:.2f} % - {'met' if value <= GOAL_SHARE else 'NOT met'}")
    for which in ("median", "p95"):
        value = now[which]
        print(f"  {which} ({args.explore_runs:,} releases of the year-end total): {100 * value:.2f} % - "
              f"{'met' if value <= GOAL_SHARE else 'NOT met'}")
    e = exploration
    print("\nExploration (not the app's setting): the share of the budget the total of members would need for the "
          "1 % goal at the 95th percentile, the other figures' weights unchanged")
    print(f"  now: weight {released['members'].weight:g} of {total_weight:g}, {100 * e['share_now']:.1f} % of the "
          f"budget, margin {e['margin_now']}, p95 {100 * now['p95']:.2f} %")
    print(f"  needed: {100 * e['share_needed']:.1f} % of the budget (weight {e['weight_needed']:.1f} against "
          f"{total_weight - released['members'].weight:g} for the nine others), noise scale {e['scale_needed']:.1f}, "
          f"margin {e['margin_needed']}, p95 {100 * e['total_share_needed']['p95']:.2f} %, median "
          f"{100 * e['total_share_needed']['median']:.2f} %")
    print(f"  cost: every other figure's noise scale (and margin) grows {e['other_scales_grow_by']:.2f}×")
    document = {"benchmark": "privacy", "started": started.isoformat(), "machine": machine_info(),
                "epsilon_year": budget.epsilon_year, "epsilon_release": budget.epsilon_release, "runs": args.runs,
                "figures": {name: {"weight": f.weight, "sensitivity": f.sensitivity, "scale": scales[name].scale}
                            for name, f in released.items()},
                "results": results, "exploration": exploration}
    output = args.output or RESULTS_DIR / f"privacy-{started:%Y%m%dT%H%M%SZ}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
