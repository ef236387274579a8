"""Noise for published figures: discrete Laplace from OpenDP, never from a sampler of our own.

Every count and every clipped sum is a whole number, so the noise is whole too (OpenDP's
`make_laplace` over 64-bit integers samples the discrete Laplace distribution exactly, from the
operating system's secure random source; no floating point, no seed). The scale follows from the
sensitivity and the ε spent: scale = sensitivity / ε, and OpenDP checks that the measurement it
builds spends no more than that ε (`privacy_map`).

The noise source is a parameter (`NoiseSource`) so that tests may count how often it is drawn;
production code uses `OPENDP_NOISE`, and a test checks that the default is it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import opendp.prelude as dp

# The measurement constructors of OpenDP sit behind the "contrib" flag: each has a proof in the
# library's docs, reviewed less formally than the core (docs/decisions.md, issue 12).
dp.enable_features("contrib")

# Cells are 64-bit: a sum of clipped amounts stays far below 2**63 (a million members at
# $1,000,000 each is 10**14 cents).
_CELL_TYPE = "i64"


class NoiseSource(Protocol):
    def add_noise(self, values: Sequence[int], scale: float) -> list[int]:
        """Each value plus independent discrete Laplace noise of the given scale."""
        ...


class OpenDPNoise:
    """Discrete Laplace noise from OpenDP's `make_laplace` on a vector of 64-bit integers."""

    def add_noise(self, values: Sequence[int], scale: float) -> list[int]:
        if not values:
            return []
        released: list[int] = _measurement(scale)([int(value) for value in values])
        return released


OPENDP_NOISE = OpenDPNoise()


@lru_cache(maxsize=256)
def _measurement(scale: float) -> Any:
    if not (scale > 0 and math.isfinite(scale)):
        raise ValueError("the noise scale must be a positive number")
    space = dp.vector_domain(dp.atom_domain(T=_CELL_TYPE)), dp.l1_distance(T=_CELL_TYPE)
    return dp.m.make_laplace(*space, scale=scale)


def laplace_scale(epsilon: float, sensitivity: int) -> float:
    """The scale at which one release of a figure of this L1 sensitivity spends `epsilon`.

    OpenDP's privacy map is asked too: a scale it does not accept for (sensitivity, ε) stops here.
    """
    if not epsilon > 0:
        raise ValueError("ε must be positive")
    if sensitivity < 1:
        raise ValueError("the sensitivity must be a whole number of at least 1")
    scale = sensitivity / epsilon
    spent = float(_measurement(scale).map(sensitivity))
    if spent > epsilon * (1 + 1e-9):
        raise ValueError(f"OpenDP says scale {scale} spends {spent}, more than ε = {epsilon}")
    return scale


def margin(scale: float, terms: int = 1, confidence: float = 0.95) -> int:
    """Half-width of an interval that holds the true value with about `confidence`, for a figure
    carrying the sum of `terms` independent discrete Laplace noises of this scale.

    One term: exact, from P(|X| > w) = 2·a^(w+1) / (1 + a) with a = e^(-1/scale). Several: the
    larger of that and a normal approximation of the sum (variance 2·scale² each), which is close
    from two terms on (a test checks it against draws).
    """
    if terms < 1:
        return 0
    alpha = math.exp(-1 / scale)
    miss = 1 - confidence
    # smallest w with 2·a^(w+1)/(1+a) <= miss
    one = max(0, math.ceil(math.log(miss * (1 + alpha) / 2) / math.log(alpha) - 1))
    z = _normal_quantile(1 - miss / 2)
    normal = math.ceil(z * math.sqrt(2 * terms) * scale)
    return one if terms == 1 else max(one, normal)


def _normal_quantile(p: float) -> float:
    low, high = 0.0, 10.0
    for _ in range(80):
        middle = (low + high) / 2
        if 0.5 * (1 + math.erf(middle / math.sqrt(2))) < p:
            low = middle
        else:
            high = middle
    return high
