"""When figures are released: on the clock, never because someone joined, left or reloaded a page.

A release falls at the start of every period (every hour, or every day at midnight UTC), and
describes the events before that instant only. Which release is due is a function of the clock
alone (`release_due`), so no member's action can bring one forward, and no reader can choose
the moment a figure is taken. A release is computed once and then served unchanged until the next
one: `decide` says whether the stored release still stands or a new one must be made, and for
which instant; `published` runs that decision against a `ReleaseStore`.

The storage is an interface: a table comes with the wiring. A store must keep the first release
written for an instant (insert if absent), so two workers racing to compute the same release
publish one of them, and a figure never changes within a period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from server.disclosure.budget import Period

T = TypeVar("T")

_LENGTH: dict[Period, dt.timedelta] = {"hourly": dt.timedelta(hours=1), "daily": dt.timedelta(days=1)}


def period_length(period: Period) -> dt.timedelta:
    return _LENGTH[period]


def release_due(now: dt.datetime, period: Period) -> dt.datetime:
    """The latest release instant at or before `now` (aware, UTC)."""
    if now.tzinfo is None:
        raise ValueError("times must be aware (UTC)")
    now = now.astimezone(dt.UTC)
    start = now.replace(minute=0, second=0, microsecond=0)
    if period == "daily":
        start = start.replace(hour=0)
    return start


def next_release(now: dt.datetime, period: Period) -> dt.datetime:
    return release_due(now, period) + period_length(period)


def periods_between(origin: dt.datetime, release_at: dt.datetime, period: Period) -> int:
    """How many whole periods have ended between the release instant of `origin` (for example a
    campaign's opening) and `release_at`: the index of the release, and the number of leaves of
    the growth series it describes."""
    first = release_due(origin, period)
    if release_at < first:
        return 0
    return (release_at - first) // period_length(period)


@dataclass(frozen=True)
class Release(Generic[T]):
    """Figures as released at one instant, from the events before it."""

    released_at: dt.datetime
    figures: T


@dataclass(frozen=True)
class Keep(Generic[T]):
    """The stored release still stands."""

    release: Release[T]


@dataclass(frozen=True)
class Compute:
    """A new release is due, for the events before `release_at`."""

    release_at: dt.datetime


def decide(latest: Release[T] | None, now: dt.datetime, period: Period) -> Keep[T] | Compute:
    """Whether the latest stored release is the one due now, or which release to compute."""
    due = release_due(now, period)
    if latest is not None and latest.released_at >= due:
        return Keep(latest)
    return Compute(due)


class ReleaseStore(Protocol[T]):
    def latest(self, key: str) -> Release[T] | None:
        """The newest stored release for `key` (a campaign, a pool...)."""
        ...

    def keep_first(self, key: str, release: Release[T]) -> Release[T]:
        """Store `release` unless one for the same instant exists; return the one stored."""
        ...


class MemoryReleaseStore(Generic[T]):
    """A store in memory, for tests and benchmarks."""

    def __init__(self) -> None:
        self._releases: dict[str, dict[dt.datetime, Release[T]]] = {}

    def latest(self, key: str) -> Release[T] | None:
        releases = self._releases.get(key)
        return releases[max(releases)] if releases else None

    def keep_first(self, key: str, release: Release[T]) -> Release[T]:
        return self._releases.setdefault(key, {}).setdefault(release.released_at, release)


def published(store: ReleaseStore[T], key: str, now: dt.datetime, period: Period,
              compute: Callable[[dt.datetime], T]) -> Release[T]:
    """The release to show now: the stored one, or a new one computed for the instant due.

    `compute(release_at)` must read only events before `release_at`.
    """
    decision = decide(store.latest(key), now, period)
    if isinstance(decision, Keep):
        return decision.release
    return store.keep_first(key, Release(decision.release_at, compute(decision.release_at)))
