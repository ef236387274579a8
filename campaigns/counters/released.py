"""A campaign's releases: made by the maintenance loop on the clock, read by every page.

Which figures are released and how much of the budget each spends is in `release_figures`.
Every page, the counter JSON, the embed, the organizer's dashboard and CSV and the collective
letter read the latest release (`latest`) and the series of releases (`series`), never the live
counters; activation alone reads those. A campaign is released from the period after it opened
until the first release after it closed, which then stays as its final figures.
"""

from __future__ import annotations

import datetime as dt

from campaigns.counters import queries
from campaigns.counters.release_figures import SERIES, exact_figures, figures, labels, subject
from server.db import Database, Row
from server.disclosure import store
from server.disclosure.budget import Period
from server.disclosure.noise import OPENDP_NOISE, NoiseSource
from server.disclosure.schedule import next_release
from server.settings import Settings


async def release_due_for(db: Database, settings: Settings, campaign_id: int, now: dt.datetime,
                          noise: NoiseSource = OPENDP_NOISE) -> store.Publication | None:
    """Make the campaign's release due by `now`, unless it is made already (or none is due)."""
    budget = settings.privacy_budget

    async def due_period(campaign: Row | None) -> tuple[int, dt.datetime] | None:
        if campaign is None or campaign["status"] == "draft":
            return None
        until = now if campaign["closed_at"] is None else min(now, next_release(campaign["closed_at"], budget.period))
        return await store.period_due(db, subject(campaign_id, budget.period),
                                      campaign["opened_at"] or campaign["created_at"], until, budget.period)

    if await due_period(await queries.campaign_by_id(db, campaign_id)) is None:
        return None  # the common case, without taking the campaign's lock
    async with db.writing():
        found = await due_period(await queries.campaign_for_update(db, campaign_id))
        if found is None:
            return None
        period, due = found
        creditor_ids = [t["creditor_id"] for t in await queries.targets(db, campaign_id) if t["creditor_id"]]
        history = {(r["dimension"], r["label"]): int(r["members"]) for r in await queries.cells(db, campaign_id)}
        retaliation: dict[int, set[str]] = {}
        for row in await queries.member_cells(db, campaign_id):
            if row["dimension"] == "retaliation" and row["debts"] > 0 and row["label"] != "any":
                retaliation.setdefault(int(row["member_id"]), set()).add(row["label"])
        exact = exact_figures(await queries.all_pledges(db, campaign_id), history, retaliation, creditor_ids,
                              settings.dp_clip_dollars)
        return await store.publish(db, subject(campaign_id, budget.period), period, due, exact, figures(settings.dp_clip_dollars),
                                   labels(creditor_ids), budget, SERIES, noise)


async def release_campaigns(db: Database, settings: Settings, now: dt.datetime,
                            noise: NoiseSource = OPENDP_NOISE) -> int:
    """Every campaign's release due by `now` (the maintenance loop's step); how many were made."""
    made = 0
    for campaign_id in await queries.released_campaign_ids(db):
        if await release_due_for(db, settings, campaign_id, now, noise) is not None:
            made += 1
    return made


async def latest(db: Database, campaign_id: int, period: Period) -> store.Publication | None:
    return await store.latest(db, subject(campaign_id, period))


async def series(db: Database, campaign_id: int, period: Period) -> list[store.Point]:
    return await store.series(db, subject(campaign_id, period))
