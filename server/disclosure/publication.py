"""What a release holds, as pages read it: pure values, no I/O (`store` reads and writes them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from server.disclosure.budget import Period


@dataclass(frozen=True)
class Publication:
    """A subject's figures as released after one period."""

    period: int
    released_at: dt.datetime
    cells: dict[str, dict[str, int]]
    margins: dict[str, int]

    def value(self, figure: str, label: str = "all") -> int:
        return self.cells.get(figure, {}).get(label, 0)


@dataclass(frozen=True)
class Point:
    """One release's figures drawn as a series."""

    released_at: dt.datetime
    cells: dict[str, dict[str, int]]

    def value(self, figure: str, label: str = "all") -> int:
        return self.cells.get(figure, {}).get(label, 0)


def subject_of(kind: str, key: int, period: Period) -> str:
    """Whose releases these are ("campaign:12:daily"). The period is part of it: nodes drawn for
    daily periods cannot serve hourly ones, so a change of JUBILEE_RELEASE_PERIOD starts new series."""
    return f"{kind}:{key}:{period}"
