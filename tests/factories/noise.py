"""A noise source for tests of the wiring: it adds a known offset to every value, so a test can
tell a released figure (exact + offset) from a live one, and predict it. The mechanism's own
tests and the attack tests use OpenDP's noise (`server.disclosure.noise.OPENDP_NOISE`)."""

from __future__ import annotations

from collections.abc import Sequence


class OffsetNoise:
    def __init__(self, offset: int = 0) -> None:
        self.offset = offset
        self.drawn = 0

    def add_noise(self, values: Sequence[int], scale: float) -> list[int]:
        self.drawn += len(values)
        return [int(value) + self.offset for value in values]
