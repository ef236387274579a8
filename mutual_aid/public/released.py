"""A pool's figures as released: every figure about a pool that anyone but its stewards can see
(its public page), with noise, once per period (`server.disclosure`), from the
period after the pool was created. Pages read the latest release (`latest`) and the series of
releases (`series`), never the ledger; the stewards' own books stay exact.

What one event can move, and so what each figure's noise covers (its sensitivity, `Figure`). The
events protected are a member joining or leaving, a contribution recorded or reversed, a payout
recorded or reversed, and a payout confirmed:
- members (1) and requests funded (1);
- money in, in whole dollars: one member's contributions dated the same day count together for
  at most the clip bound (JUBILEE_DP_POOL_CLIP_DOLLARS), so one contribution, or its reversal,
  moves it by at most the bound;
- money out, in whole dollars: each payout counts for at most the bound (a larger one is counted
  as the bound), so one payout, or its reversal, moves it by at most the bound;
- money out by category: a payout is in one category, so it moves one cell by at most the bound.
The bound is a setting, not one of the pool's rules: rules change, and a bound that changed would
change the sensitivity of the figures already released.

The release's ε is shared by the weights below: most goes to the balance (money in and out),
which visitors read first, then to the members; requests funded and the categories get the rest.
"""

from __future__ import annotations

import datetime as dt

from mutual_aid.public import queries
from mutual_aid.public.figures import exact_figures, labels
from server.db import Database, Row
from server.disclosure import store
from server.disclosure.budget import Figure, Period
from server.disclosure.noise import OPENDP_NOISE, NoiseSource
from server.disclosure.schedule import next_release
from server.settings import Settings

# the figures drawn as a series: the table of money in and out by month
SERIES = ("money_in", "money_out")


def subject(pool_id: int, period: Period) -> str:
    return store.subject_of("pool", pool_id, period)


def figures(clip_dollars: int) -> dict[str, Figure]:
    """Every released figure of a pool, its sensitivity and its share of the budget."""
    return {
        "money_in": Figure("money_in", 3, unit=clip_dollars),
        "money_out": Figure("money_out", 3, unit=clip_dollars),
        "members": Figure("members", 2),
        "funded": Figure("funded", 1),
        # one payout, one cell: the sensitivity of a total (a breakdown whose members may move between
        # cells would count twice)
        "category": Figure("category", 1, unit=clip_dollars),
    }


def first_release(created_at: dt.datetime, settings: Settings) -> dt.datetime:
    """When a pool's first figures are released: the end of the period it was created in."""
    return next_release(created_at, settings.privacy_budget.period)


async def release_due_for(db: Database, settings: Settings, pool_id: int, now: dt.datetime,
                          noise: NoiseSource = OPENDP_NOISE) -> store.Publication | None:
    """Make the pool's release due by `now`, unless it is made already (or none is due yet)."""
    budget = settings.privacy_budget

    async def due_period(pool: Row | None) -> tuple[int, dt.datetime] | None:
        if pool is None:
            return None
        return await store.period_due(db, subject(pool_id, budget.period), pool["created_at"], now, budget.period)

    if await due_period(await queries.pool_row(db, pool_id)) is None:
        return None  # the common case, without taking the pool's lock
    async with db.writing():
        found = await due_period(await queries.pool_for_update(db, pool_id))
        if found is None:
            return None
        period, due = found
        exact = exact_figures(await queries.facts(db, pool_id, due), await queries.members(db, pool_id, due),
                              await queries.requests_funded(db, pool_id, due), settings.dp_pool_clip_dollars)
        return await store.publish(db, subject(pool_id, budget.period), period, due, exact, figures(settings.dp_pool_clip_dollars),
                                   labels(), budget, SERIES, noise)


async def release_pools(db: Database, settings: Settings, now: dt.datetime,
                        noise: NoiseSource = OPENDP_NOISE) -> int:
    """Every pool's release due by `now` (the maintenance loop's step); how many were made."""
    made = 0
    for pool_id in await queries.pool_ids(db):
        if await release_due_for(db, settings, pool_id, now, noise) is not None:
            made += 1
    return made


async def latest(db: Database, pool_id: int, period: Period) -> store.Publication | None:
    return await store.latest(db, subject(pool_id, period))


async def series(db: Database, pool_id: int, period: Period) -> list[store.Point]:
    return await store.series(db, subject(pool_id, period))
