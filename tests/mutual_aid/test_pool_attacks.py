"""Issue 12's pool attack, played 1,000 times against a pool's releases: did a payout of the clip
bound happen between two releases? The attacker reads the public balance (and, in the second test,
the aid paid) in two successive releases, as the page shows them.

Before the releases, the page showed the live balance and the attacker was right every time (the
same attacker with no noise, below). Now a payout sits in exactly one node of money out's tree in
the later release and in none of the earlier one, and money in does not depend on it: whatever the
attacker does with the two balances, differential privacy bounds their success by
e^ε / (1 + e^ε), with ε the ε of one node of money out (its share of the release's ε).

The noise is OpenDP's, as in production, so it cannot be seeded; only which world is true is
drawn from a seeded generator. The tolerance is four binomial standard deviations at 1,000 trials
(as in tests/server/test_dp_attacks.py). The budget is ε = 1 per release (ε_year = 9), not the
default 1/9, so that success is measurably above a coin toss and overspending would show.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from mutual_aid.public import released
from mutual_aid.public.figures import ALL, Fact, exact_figures, labels, pool_figures
from server.disclosure import continual
from server.disclosure.budget import Budget
from server.disclosure.continual import Cells
from server.disclosure.noise import OPENDP_NOISE, NoiseSource
from server.disclosure.publication import Publication
from tests.factories.noise import OffsetNoise, guess_bound, tolerance

TRIALS = 1000
K = 5
CLIP = 500
BUDGET = Budget(epsilon_year=9.0, epsilon_release_cap=1.0, period="daily")
FIGURES = released.figures(CLIP)
DAY = dt.date(2026, 3, 1)
AT = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)


def background() -> list[Fact]:
    """Two hundred members who each put in the bound, and three earlier payouts: known to the attacker."""
    facts = [Fact(f"c{n}", "contribution", DAY, CLIP * 100, f"M-{n}") for n in range(200)]
    return facts + [Fact(f"p{n}", "payout", DAY, -200_00, f"M-{n}", category="rent") for n in range(3)]


def the_payout() -> Fact:
    return Fact("target", "payout", DAY + dt.timedelta(days=1), -CLIP * 100, "M-7", category="medical")


def side_by_side(worlds: list[Cells]) -> tuple[Cells, dict[str, list[str]]]:
    """Every trial's cells in one release, each under labels of its own (one tree for all trials)."""
    cells: Cells = {name: {} for name in FIGURES}
    names = {name: [f"{trial}:{label}" for trial in range(len(worlds)) for label in labels()[name]]
             for name in FIGURES}
    for trial, world in enumerate(worlds):
        for name in FIGURES:
            for label, value in world[name].items():
                cells[name][f"{trial}:{label}"] = value
    return cells, names


def trial_publication(totals: Cells, margins: dict[str, int], trial: int, period: int) -> Publication:
    prefix = f"{trial}:"
    cells = {name: {label.removeprefix(prefix): value for label, value in values.items() if label.startswith(prefix)}
             for name, values in totals.items()}
    return Publication(period, AT, cells, margins)


def play(reads: str, noise: NoiseSource = OPENDP_NOISE, *, knows_background: bool = False) -> float:
    """Success of the attacker who guesses "a payout happened" when what they read (the shown
    balance falling, or the shown aid paid rising) moved by more than half the bound: from the
    release before, or (`knows_background`, a stronger attacker) from the exact figures of every
    other entry, which they know."""
    chooser = random.Random(78)  # noqa: S311 (which world is true; the noise is OpenDP's)
    truth = [chooser.randrange(2) for _ in range(TRIALS)]
    first, names = side_by_side([exact_figures(background(), 201, 3, CLIP)] * TRIALS)
    second, _names = side_by_side([exact_figures(background() + ([the_payout()] if bit else []), 201, 3 + bit, CLIP)
                                   for bit in truth])
    one = continual.advance(continual.State(0, {}, {}), 1, first, FIGURES, names, BUDGET, noise)
    two = continual.advance(continual.State(1, one.points, one.new_nodes), 2, second, FIGURES, names, BUDGET, noise)
    right = 0
    for trial, bit in enumerate(truth):
        before = pool_figures(trial_publication(one.totals, one.margins, trial, 1), [], [], K)
        after = pool_figures(trial_publication(two.totals, two.margins, trial, 2), [], [], K)
        assert before is not None and after is not None
        known = exact_figures(background(), 201, 3, CLIP)
        if reads == "balance":
            start = known["money_in"][ALL] - known["money_out"][ALL] if knows_background else before.balance.value
            moved = start - after.balance.value
        else:
            start = known["money_out"][ALL] if knows_background else before.money_out.value
            moved = after.money_out.value - start
        guess = int(moved > CLIP / 2) if moved != CLIP / 2 else chooser.randrange(2)
        right += guess == bit
    return right / TRIALS


def epsilon_of_money_out() -> float:
    return BUDGET.node_epsilons(FIGURES)["money_out"]


@pytest.mark.parametrize("knows_background", [False, True])
@pytest.mark.parametrize("reads", ["balance", "money_out"])
def test_a_payout_cannot_be_read_from_a_change_in_the_public_balance_or_the_aid_paid(
        reads: str, knows_background: bool) -> None:
    assert play(reads, OffsetNoise(0), knows_background=knows_background) == 1.0  # live figures gave it away every time
    success = play(reads, knows_background=knows_background)
    limit = guess_bound(epsilon_of_money_out())
    assert success <= limit + tolerance(limit, TRIALS), f"right {success:.3f} of the time, bound {limit:.3f}"


def test_the_epsilon_stated_for_money_out_is_its_share_of_the_release() -> None:
    assert epsilon_of_money_out() == BUDGET.epsilon_release * 3 / 10
    assert FIGURES["money_out"].sensitivity == FIGURES["money_in"].sensitivity == CLIP
    assert FIGURES["category"].sensitivity == CLIP and FIGURES["members"].sensitivity == 1
    assert ALL in labels()["money_out"]
