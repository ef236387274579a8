"""Accuracy of released figures under differential privacy (issue 12): no database, no server.

    python -m bench.privacy [--sizes 100,1000,10000,1000000] [--runs 200] [--epsilon-year 1.0]

For each size, one campaign-year of daily releases is simulated: members join over the year
(more at the start, as campaigns do), one in twelve leaves again later in the year; each member has
a level (half counted, a third pledged, the rest striking) and a debt (log-normal, median $9,000,
clipped at JUBILEE_DP_CLIP_DOLLARS' default, $50,000). The exact per-day increments are computed
once; then `--runs` independent releases of the year are drawn with the mechanism of
`server.disclosure` (OpenDP's noise, every run's cells side by side in one tree), at the default
budget: ε_year per campaign-year (1.0), daily, shared out as the wiring is expected to
(`FIGURES`: the total of members 4, the total amount 2, levels 2, kinds 1 with two cells per member,
states 1).

Reported, over runs (and days for the series), the median and 95th percentile of the absolute error:
- the total of members at the year's last release, and as a share of the true total;
- the largest level cell (counted, half the members), as shown (shaped to add up to the total);
- the growth series: every daily point of the year-end chart, as shown (whole, non-negative);
- the total amount at the year's end, as a share of the true amount.
Writes JSON to bench/results/privacy-<time>.json.
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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.report import RESULTS_DIR, machine_info
from server.disclosure import noise, release, shaping, tree
from server.disclosure.budget import DEFAULT_CLIP_DOLLARS, Budget, Figure, clip_in_dollars

DAYS = 365
LEVELS = ("counted", "pledged", "striking")
FIGURES = {
    "members": Figure("members", 4),
    "amount": Figure("amount", 2, unit=DEFAULT_CLIP_DOLLARS),
    "level": Figure("level", 2, breakdown=True),
    "kind": Figure("kind", 1, cells_per_member=2, breakdown=True),
    "state": Figure("state", 1, breakdown=True),
}
MEASURED = ("members", "amount", "level")


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


def quantiles(errors: Sequence[float]) -> dict[str, float]:
    ordered = sorted(errors)
    return {"median": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]}


def measure(members: int, runs: int, budget: Budget) -> dict[str, Any]:
    exact = campaign(members, seed=members)
    truth = {name: running(exact[name]) for name in MEASURED}
    scales = release.scales(FIGURES, budget)
    noisy = {name: tree.running_totals(tree.grow(stacked(exact[name], runs), {}, scales[name].scale, DAYS), DAYS, DAYS)
             for name in MEASURED}
    # for comparison: no tree, each day's change with its own noise, at the total's whole share of
    # the year (each event is in one day only)
    per_day_scale = noise.laplace_scale(scales["members"].epsilon_node * budget.levels, FIGURES["members"].sensitivity)
    per_day_errors: list[list[int]] = []
    for _ in range(runs):
        noisy_days = noise.OPENDP_NOISE.add_noise([cells[0] for cells in exact["members"]], per_day_scale)
        per_day_errors.append([abs(shown[0] - true[0])
                               for shown, true in zip(running([[v] for v in noisy_days]), truth["members"], strict=True)])
    total_errors, total_shares, cell_errors, series_errors, amount_shares = [], [], [], [], []
    true_total, true_amount, true_counted = truth["members"][-1][0], truth["amount"][-1][0], truth["level"][-1][0]
    for run in range(runs):
        series = shaping.shape_series([noisy["members"][day][run] for day in range(DAYS)], never_decreases=False)
        series_errors += [abs(shown - truth["members"][day][0]) for day, shown in enumerate(series)]
        total = series[-1]
        total_errors.append(abs(total - true_total))
        total_shares.append(abs(total - true_total) / true_total)
        levels = noisy["level"][-1][3 * run:3 * run + 3]
        shown = shaping.shape_breakdown(total, dict(zip(LEVELS, levels, strict=True)), threshold=0, partition=True)
        cell_errors.append(abs((shown["counted"] or 0) - true_counted))
        amount_shares.append(abs(shaping.whole(noisy["amount"][-1][run]) - true_amount) / true_amount)
    return {
        "members": members, "true_total": true_total, "true_counted": true_counted, "true_amount_dollars": true_amount,
        "scales": {name: scales[name].scale for name in FIGURES},
        "margin_total": noise.margin(scales["members"].scale, tree.noise_terms(DAYS, DAYS)),
        "total": quantiles(total_errors), "total_share": quantiles(total_shares),
        "counted_cell": quantiles(cell_errors), "counted_cell_share": quantiles([e / true_counted for e in cell_errors]),
        "series": quantiles(series_errors), "amount_share": quantiles(amount_shares),
        "series_per_day_noise": quantiles([error for run in per_day_errors for error in run]),
        "series_per_day_noise_year_end": quantiles([run[-1] for run in per_day_errors]),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000,1000000")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--epsilon-year", type=float, default=1.0)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    budget = Budget(epsilon_year=args.epsilon_year, period="daily")
    started = dt.datetime.now(dt.UTC)
    print(f"ε a year {budget.epsilon_year}, ε per release {budget.epsilon_release:.4f}, {budget.levels} levels, "
          f"{args.runs} runs of {DAYS} daily releases")
    header = ("| members | total: median, p95 | share of total | counted cell: median, p95 | series: median, p95 "
              "| amount: median, p95 | without the tree: series; year end |")
    print(header + "\n|---:|---:|---:|---:|---:|---:|---:|")
    results = []
    for size in (int(part) for part in args.sizes.split(",")):
        clock = time.perf_counter()
        result = measure(size, args.runs, budget)
        result["seconds"] = round(time.perf_counter() - clock, 1)
        results.append(result)
        r = result
        print(f"| {size:,} | {r['total']['median']:.0f}, {r['total']['p95']:.0f} | "
              f"{100 * r['total_share']['median']:.2f} %, {100 * r['total_share']['p95']:.2f} % | "
              f"{r['counted_cell']['median']:.0f}, {r['counted_cell']['p95']:.0f} | "
              f"{r['series']['median']:.0f}, {r['series']['p95']:.0f} | "
              f"{100 * r['amount_share']['median']:.2f} %, {100 * r['amount_share']['p95']:.2f} % | "
              f"{r['series_per_day_noise']['median']:.0f}, {r['series_per_day_noise']['p95']:.0f}; "
              f"{r['series_per_day_noise_year_end']['median']:.0f}, {r['series_per_day_noise_year_end']['p95']:.0f} |",
              flush=True)
    document = {"benchmark": "privacy", "started": started.isoformat(), "machine": machine_info(),
                "epsilon_year": budget.epsilon_year, "epsilon_release": budget.epsilon_release, "runs": args.runs,
                "figures": {name: {"weight": f.weight, "sensitivity": f.sensitivity} for name, f in FIGURES.items()},
                "results": results}
    output = args.output or RESULTS_DIR / f"privacy-{started:%Y%m%dT%H%M%SZ}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
