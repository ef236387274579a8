"""A noise source for tests of the wiring: it adds a known offset to every value, so a test can
tell a released figure (exact + offset) from a live one, and predict it. The mechanism's own
tests and the attack tests use OpenDP's noise (`server.disclosure.noise.OPENDP_NOISE`)."""

from __future__ import annotations

import math
from collections.abc import Sequence


class OffsetNoise:
    def __init__(self, offset: int = 0) -> None:
        self.offset = offset
        self.drawn = 0

    def add_noise(self, values: Sequence[int], scale: float) -> list[int]:
        self.drawn += len(values)
        return [int(value) + self.offset for value in values]


def guess_bound(epsilon: float) -> float:
    """How often the best attacker can be right about one event from a release that spends ε on it:
    e^ε / (1 + e^ε)."""
    return math.exp(epsilon) / (1 + math.exp(epsilon))


def tolerance(p: float, trials: int) -> float:
    """Four binomial standard deviations at `trials` around a success rate `p`: a correct mechanism
    passes a test at this tolerance all but about 3 times in 100,000."""
    return 4 * math.sqrt(p * (1 - p) / trials)
