"""The release mechanism of published figures (issue 12): noise, budget, schedule, tree, shaping."""

from __future__ import annotations

import datetime as dt
import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.disclosure import budget, noise, release, schedule, shaping, tree
from server.disclosure.budget import Budget, Figure
from server.settings import SettingsError, load_settings
from tests.conftest import b64key


class Exact:
    """No noise at all: shows what the mechanism computes around the noise."""

    def add_noise(self, values: list[int], scale: float) -> list[int]:
        return list(values)


class Counting:
    """OpenDP's noise, counting how many values were drawn."""

    def __init__(self) -> None:
        self.drawn = 0

    def add_noise(self, values: list[int], scale: float) -> list[int]:
        self.drawn += len(values)
        return noise.OPENDP_NOISE.add_noise(values, scale)


# --- noise -----------------------------------------------------------------------------------


def test_the_noise_of_released_figures_comes_from_opendp() -> None:
    import inspect

    assert isinstance(noise.OPENDP_NOISE, noise.OpenDPNoise)
    for function in (tree.grow, release.release):
        assert inspect.signature(function).parameters["noise"].default is noise.OPENDP_NOISE
    assert "make_laplace" in inspect.getsource(noise._measurement)


def test_noise_is_whole_and_centred_with_the_spread_of_its_scale() -> None:
    scale = 20.0
    drawn = noise.OPENDP_NOISE.add_noise([1000] * 20_000, scale)
    assert all(isinstance(value, int) for value in drawn)
    errors = [value - 1000 for value in drawn]
    # discrete Laplace of scale b: variance 2a/(1-a)^2 with a = e^(-1/b), close to 2b²
    alpha = math.exp(-1 / scale)
    sd = math.sqrt(2 * alpha) / (1 - alpha)
    assert abs(statistics.fmean(errors)) < 5 * sd / math.sqrt(len(errors))
    assert 0.95 * sd < statistics.pstdev(errors) < 1.05 * sd


def test_the_scale_is_the_sensitivity_over_epsilon_and_opendp_agrees() -> None:
    assert noise.laplace_scale(0.5, 1) == 2.0
    assert noise.laplace_scale(0.1, 2) == 20.0
    with pytest.raises(ValueError):
        noise.laplace_scale(0, 1)


@pytest.mark.parametrize("terms", [1, 3, 8])
def test_the_margin_holds_the_true_value_nineteen_times_out_of_twenty(terms: int) -> None:
    scale = 15.0
    width = noise.margin(scale, terms)
    sums = [sum(noise.OPENDP_NOISE.add_noise([0] * terms, scale)) for _ in range(2000)]
    inside = sum(abs(value) <= width for value in sums) / len(sums)
    assert 0.93 <= inside <= 0.985


# --- budget and settings -----------------------------------------------------------------------


def test_a_year_of_daily_releases_spends_epsilon_year_over_nine_levels() -> None:
    daily = Budget(epsilon_year=1.0, epsilon_release_cap=0.25, period="daily")
    assert daily.levels == 9 and daily.epsilon_release == pytest.approx(1 / 9)
    assert daily.epsilon_spent_a_year == pytest.approx(1.0)
    assert Budget(period="hourly").levels == 14
    capped = Budget(epsilon_year=9.0, epsilon_release_cap=0.5)
    assert capped.epsilon_release == 0.5 and capped.epsilon_spent_a_year == pytest.approx(4.5)


def test_the_release_epsilon_is_shared_between_figures_by_weight() -> None:
    figures = {"members": Figure("members", 2), "level": Figure("level", 1, breakdown=True)}
    shares = Budget(epsilon_year=0.9).node_epsilons(figures)
    assert shares == {"members": pytest.approx(0.2 / 3), "level": pytest.approx(0.1 / 3)}
    assert sum(shares.values()) == pytest.approx(0.1)


def test_sensitivity_counts_a_move_between_cells_twice() -> None:
    assert Figure("members", 1).sensitivity == 1
    assert Figure("amount", 1, unit=50_000).sensitivity == 50_000
    assert Figure("level", 1, breakdown=True).sensitivity == 2
    assert Figure("kind", 1, cells_per_member=3, breakdown=True).sensitivity == 6


def test_a_members_debt_is_clipped_before_it_is_summed() -> None:
    assert budget.clip_member_amount(12_345_678_90, 50_000_00) == 50_000_00
    assert budget.clip_member_amount(-5, 100) == 0
    assert budget.clip_in_dollars(1_234_56, 50_000) == 1234


def test_the_privacy_settings_have_safe_defaults_and_refuse_nonsense(tmp_path) -> None:
    env = {"JUBILEE_DATA_DIR": str(tmp_path), "JUBILEE_SECRET_KEY": "x" * 40,
           "JUBILEE_ENCRYPTION_KEYS": f"k1:{b64key()}", "JUBILEE_LOOKUP_KEY": b64key()}
    loaded = load_settings(env)
    assert loaded.privacy_budget == Budget(1.0, 0.25, "daily")
    assert loaded.dp_clip_dollars == 50_000
    hourly = load_settings(env | {"JUBILEE_RELEASE_PERIOD": "hourly", "JUBILEE_DP_EPSILON_YEAR": "0.5"})
    assert hourly.privacy_budget.levels == 14 and hourly.privacy_budget.epsilon_year == 0.5
    for name, value in [("JUBILEE_DP_EPSILON_YEAR", "0"), ("JUBILEE_DP_EPSILON_RELEASE", "lots"),
                        ("JUBILEE_RELEASE_PERIOD", "weekly"), ("JUBILEE_DP_CLIP_DOLLARS", "5")]:
        with pytest.raises(SettingsError, match=name):
            load_settings(env | {name: value})


# --- schedule ----------------------------------------------------------------------------------


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def test_the_release_due_depends_on_the_clock_only() -> None:
    assert schedule.release_due(at("2026-03-04 17:59:59"), "daily") == at("2026-03-04 00:00")
    assert schedule.release_due(at("2026-03-04 17:59:59"), "hourly") == at("2026-03-04 17:00")
    assert schedule.next_release(at("2026-03-04 17:00"), "hourly") == at("2026-03-04 18:00")
    assert schedule.periods_between(at("2026-03-01 09:30"), at("2026-03-04 00:00"), "daily") == 3
    with pytest.raises(ValueError):
        schedule.release_due(dt.datetime(2026, 3, 4), "daily")  # noqa: DTZ001


def test_a_release_is_computed_once_a_period_and_then_kept() -> None:
    store: schedule.MemoryReleaseStore[int] = schedule.MemoryReleaseStore()
    computed: list[dt.datetime] = []

    def compute(release_at: dt.datetime) -> int:
        computed.append(release_at)
        return len(computed)

    first = schedule.published(store, "c1", at("2026-03-04 00:00:01"), "daily", compute)
    again = schedule.published(store, "c1", at("2026-03-04 23:59:59"), "daily", compute)
    assert first is again and computed == [at("2026-03-04 00:00")]
    after = schedule.published(store, "c1", at("2026-03-05 08:00"), "daily", compute)
    assert after.figures == 2 and after.released_at == at("2026-03-05 00:00")


def test_two_workers_racing_for_one_release_publish_the_same_figures() -> None:
    store: schedule.MemoryReleaseStore[str] = schedule.MemoryReleaseStore()
    first = store.keep_first("c1", schedule.Release(at("2026-03-04 00:00"), "worker A"))
    second = store.keep_first("c1", schedule.Release(at("2026-03-04 00:00"), "worker B"))
    assert first.figures == second.figures == "worker A"


# --- the tree ----------------------------------------------------------------------------------


@given(st.integers(1, 3 * 365))
def test_the_running_total_is_tiled_by_at_most_one_node_per_level(period: int) -> None:
    nodes = tree.tiling(period, 365)
    this_year = [node for node in nodes if node[0] == (period - 1) // 365]
    assert len({level for _year, level, _index in this_year}) == len(this_year) <= 9
    covered = sum(1 << level for _year, level, _index in nodes)
    assert covered == period


ALL_NODES = [node for period in range(1, 366) for node in tree.completed_nodes(period, 365)]


@given(st.integers(1, 365))
def test_one_period_is_in_one_node_per_level_so_one_event_spends_one_share_per_level(period: int) -> None:
    containing = [level for _year, level, index in ALL_NODES if (index - 1) << level < period <= index << level]
    assert sorted(containing) == list(range(len(containing))) and len(containing) <= 9


def test_without_noise_the_running_totals_are_the_true_ones_across_years() -> None:
    increments = [(period % 3, 1) for period in range(1, 800)]
    nodes = tree.grow(increments, {}, 5.0, 365, Exact())
    totals = tree.running_totals(nodes, len(increments), 365)
    assert totals == [(sum(p % 3 for p in range(1, n + 1)), n) for n in range(1, 800)]


def test_stored_nodes_are_never_drawn_again() -> None:
    counting = Counting()
    increments = [(1,)] * 16
    nodes = tree.grow(increments, {}, 5.0, 365, counting)
    assert counting.drawn == 31  # 16 + 8 + 4 + 2 + 1
    again = tree.grow([*increments, (1,)], nodes, 5.0, 365, counting)
    assert counting.drawn == 32 and {node: again[node] for node in nodes} == nodes


def test_the_error_of_a_years_running_total_grows_with_log_squared_not_with_days() -> None:
    scale = 10.0
    errors = []
    for _ in range(60):
        nodes = tree.grow([(0,)] * 365, {}, scale, 365)
        errors.append(abs(tree.running_total(nodes, 365, 365)[0]))
    # 365 = 101101101b: six nodes, sd = sqrt(6 * 2) * scale ~ 35; summing 365 noisy days: ~270
    assert statistics.median(errors) < 60


def test_release_gives_every_figure_and_its_margin() -> None:
    figures = {"members": Figure("members", 2), "level": Figure("level", 1, breakdown=True)}
    increments = {"members": [(3,)] * 10, "level": [(1, 2, 0)] * 10}
    released = release.release(figures, increments, {}, Budget(), Exact())
    assert released.latest("members") == (30,) and released.latest("level") == (10, 20, 0)
    assert released.scales["members"].scale == pytest.approx(1 / (1 / 9 * 2 / 3))
    assert released.margin("members") == noise.margin(released.scales["members"].scale, 2)


# --- shaping -----------------------------------------------------------------------------------


def test_a_breakdown_below_the_threshold_is_hidden_and_the_rest_adds_up() -> None:
    shown = shaping.shape_breakdown(1000, {"counted": 600, "pledged": 420, "striking": 3}, threshold=20, partition=True)
    assert shown["striking"] is None
    assert shown["counted"] + shown["pledged"] + shaping.hidden_rest(1000, shown) == 1000
    assert shown["counted"] + shown["pledged"] <= 1000


@given(st.integers(-50, 5000), st.dictionaries(st.sampled_from("abcdef"), st.integers(-100, 3000), min_size=1))
def test_shaped_breakdowns_are_whole_non_negative_and_never_exceed_the_total(total: int, cells: dict[str, int]) -> None:
    for partition in (True, False):
        shown = shaping.shape_breakdown(total, cells, threshold=10, partition=partition)
        values = [value for value in shown.values() if value is not None]
        assert all(0 <= value <= max(total, 0) for value in values)
        if partition:
            assert sum(values) <= max(total, 0)


@given(st.lists(st.integers(-1000, 10_000), max_size=60))
def test_a_series_that_cannot_fall_is_shown_never_falling(points: list[int]) -> None:
    shaped = shaping.shape_series(points, never_decreases=True)
    assert len(shaped) == len(points)
    assert all(0 <= a <= b for a, b in zip(shaped, shaped[1:], strict=False))
    assert shaping.shape_series([5, -3, 7], never_decreases=False) == [5, 0, 7]


def test_making_a_noisy_series_non_decreasing_brings_it_closer_to_the_truth() -> None:
    truth = [10 * day for day in range(1, 101)]
    noisy = noise.OPENDP_NOISE.add_noise(truth, 30.0)
    shaped = shaping.non_decreasing(noisy)

    def squared(series: list[int]) -> int:
        return sum((a - b) ** 2 for a, b in zip(series, truth, strict=True))

    assert squared(shaped) <= squared(noisy)
