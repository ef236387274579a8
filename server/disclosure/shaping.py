"""Noisy figures made fit to show: whole, never negative, consistent with each other.

Everything here reads only released (noisy) values and public settings, never the exact ones, so
it spends no ε: it is post-processing, and cannot reveal more than its input.

- A breakdown cell is hidden when its noisy value is below a threshold (`shape_breakdown`): a cell
  that small is mostly noise. Hiding depends on the noisy value only, so it leaks nothing either.
- The cells of a breakdown that partitions members (level, state; amounts by kind) are scaled to
  add up to the shown total; the shown cells then sum to at most the total, and the rest is "other
  or hidden". In a breakdown where a member may be in several cells, each cell is at most the total.
- A series that cannot decrease (members who ever joined, a total that only grows) is made
  non-decreasing by isotonic regression (`non_decreasing`), the closest such series in squared
  error. Points already shown may move a little at the next release; they never move in between.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def cell_threshold(k: int, margin: int) -> int:
    """The smallest noisy value at which a cell of a table is shown: k, and twice its margin, so
    that an empty cell is almost never shown (it passes twice its margin far less than once in a
    hundred releases; at the margin alone, a table of 57 empty cells would show one most days)."""
    return max(k, 2 * margin)


def whole(value: int) -> int:
    """A count or an amount cannot be below zero."""
    return max(0, value)


def shape_breakdown(total: int, cells: Mapping[str, int], threshold: int,
                    partition: bool) -> dict[str, int | None]:
    """Each cell as shown: a whole number, or None when hidden (its noisy value is below `threshold`).

    `total` is the shown (already shaped) total. With `partition`, the cells are first scaled to add
    up to it (largest remainders get the rounding), so the shown ones never exceed it.
    """
    total = whole(total)
    clamped = {label: min(whole(value), total) for label, value in cells.items()}
    if partition:
        clamped = _scaled_to(total, clamped)
    return {label: None if value < threshold else clamped[label] for label, value in cells.items()}


def _scaled_to(total: int, cells: dict[str, int]) -> dict[str, int]:
    present = sum(cells.values())
    if present == 0:
        return dict.fromkeys(cells, 0)
    shares = {label: value * total / present for label, value in cells.items()}
    scaled = {label: int(share) for label, share in shares.items()}
    left = total - sum(scaled.values())
    by_remainder = sorted(cells, key=lambda label: (-(shares[label] - scaled[label]), label))
    for label in by_remainder[:left]:
        scaled[label] += 1
    return scaled


def hidden_rest(total: int, shown: Mapping[str, int | None]) -> int:
    """What the hidden cells of a partition hold together: the shown total minus the shown cells."""
    return whole(total - sum(value for value in shown.values() if value is not None))


def non_decreasing(points: Sequence[int]) -> list[int]:
    """The non-decreasing, non-negative whole series closest to `points` (pool adjacent violators)."""
    blocks: list[tuple[float, int]] = []  # (mean, length)
    for value in points:
        mean, length = float(value), 1
        while blocks and blocks[-1][0] > mean:
            previous_mean, previous_length = blocks.pop()
            mean = (previous_mean * previous_length + mean * length) / (previous_length + length)
            length += previous_length
        blocks.append((mean, length))
    return [whole(round(mean)) for mean, length in blocks for _ in range(length)]


def shape_series(points: Sequence[int], never_decreases: bool) -> list[int]:
    """A released growth series as shown: whole, non-negative, and non-decreasing when the true
    series cannot decrease. Its last point is the total to show beside it."""
    return non_decreasing(points) if never_decreases else [whole(value) for value in points]
