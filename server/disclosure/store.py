"""Where released figures live: each subject's releases, its noisy tree nodes, and the few exact
points the next release needs.

A subject is a string naming what the figures describe ("campaign:12", "pool:3"). Its releases
are written once per period and never change; pages read them (`latest`, `series`) and nothing
else. `publish` makes the release due for a period, once: the caller holds a lock on the subject
(its row, `SELECT ... FOR UPDATE`) or SQLite's single writer, so two workers never both draw noise
for the same node. The exact points (`disclosure_points`) are internal, like the live counters,
and pruned to the handful the tree still needs (`continual.needed`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from server.db import Database, UTCDateTime
from server.disclosure import continual, tree
from server.disclosure.budget import Budget, Figure, Period
from server.disclosure.noise import OPENDP_NOISE, NoiseSource
from server.disclosure.publication import Point, Publication, subject_of
from server.disclosure.schedule import periods_between, release_due
from server.tables import metadata

disclosure_releases = sa.Table(
    "disclosure_releases",
    metadata,
    sa.Column("subject", sa.String(40), primary_key=True),
    sa.Column("period", sa.Integer, primary_key=True),
    sa.Column("released_at", UTCDateTime, nullable=False),
    # JSON {"cells": {figure: {label: noisy}}, "margins": {figure: margin}}
    sa.Column("figures", sa.Text, nullable=False),
    # JSON {figure: {label: noisy}} of the figures drawn as a series (a small part of `figures`)
    sa.Column("series", sa.Text, nullable=False),
)

disclosure_nodes = sa.Table(
    "disclosure_nodes",
    metadata,
    sa.Column("subject", sa.String(40), primary_key=True),
    sa.Column("figure", sa.String(20), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("level", sa.Integer, primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("cells", sa.Text, nullable=False),  # JSON {label: noisy}
)

disclosure_points = sa.Table(
    "disclosure_points",
    metadata,
    sa.Column("subject", sa.String(40), primary_key=True),
    sa.Column("period", sa.Integer, primary_key=True),
    sa.Column("cells", sa.Text, nullable=False),  # JSON {figure: {label: exact}}
)

TABLES = (disclosure_releases, disclosure_nodes, disclosure_points)
__all__ = ["TABLES", "Point", "Publication", "forget", "last_period", "latest", "latest_before", "period_due", "publish",
           "series", "subject_of"]


def _publication(row: Mapping[str, Any]) -> Publication:
    document = json.loads(row["figures"])
    return Publication(int(row["period"]), row["released_at"], document["cells"], document["margins"])


async def latest(db: Database, subject: str) -> Publication | None:
    """The newest release of a subject, or None before its first."""
    query = (disclosure_releases.select().where(disclosure_releases.c.subject == subject)
             .order_by(disclosure_releases.c.period.desc()).limit(1))
    row = await db.fetch_one(query)
    return None if row is None else _publication(row)


async def latest_before(db: Database, subject: str, before: dt.datetime) -> Publication | None:
    """The newest release made before an instant (what a letter dated then could print)."""
    query = (disclosure_releases.select()
             .where(disclosure_releases.c.subject == subject, disclosure_releases.c.released_at < before)
             .order_by(disclosure_releases.c.period.desc()).limit(1))
    row = await db.fetch_one(query)
    return None if row is None else _publication(row)


async def series(db: Database, subject: str) -> list[Point]:
    """Every release's series figures, oldest first."""
    query = (sa.select(disclosure_releases.c.released_at, disclosure_releases.c.series)
             .where(disclosure_releases.c.subject == subject).order_by(disclosure_releases.c.period))
    return [Point(row["released_at"], json.loads(row["series"])) for row in await db.fetch_all(query)]


async def last_period(db: Database, subject: str) -> int:
    query = sa.select(sa.func.max(disclosure_releases.c.period)).where(disclosure_releases.c.subject == subject)
    return int(await db.fetch_val(query) or 0)


async def period_due(db: Database, subject: str, origin: dt.datetime, until: dt.datetime,
                     period: Period) -> tuple[int, dt.datetime] | None:
    """The release due at `until` for a subject released from the period after `origin`: its index
    and instant, or None when none is due yet or it is made already."""
    due = release_due(until, period)
    index = periods_between(origin, due, period)
    if index < 1 or await last_period(db, subject) >= index:
        return None
    return index, due


async def _state(db: Database, subject: str) -> continual.State:
    points = {int(row["period"]): json.loads(row["cells"]) for row in await db.fetch_all(
        disclosure_points.select().where(disclosure_points.c.subject == subject))}
    nodes: dict[str, dict[tree.Node, dict[str, int]]] = {}
    for row in await db.fetch_all(disclosure_nodes.select().where(disclosure_nodes.c.subject == subject)):
        node = (int(row["year"]), int(row["level"]), int(row["idx"]))
        nodes.setdefault(row["figure"], {})[node] = json.loads(row["cells"])
    return continual.State(await last_period(db, subject), points, nodes)


async def publish(db: Database, subject: str, period: int, released_at: dt.datetime, exact: continual.Cells,
                  figures: Mapping[str, Figure], labels: Mapping[str, Sequence[str]], budget: Budget,
                  series_figures: Sequence[str] = (), noise: NoiseSource = OPENDP_NOISE) -> Publication:
    """Release `period` of a subject from its exact figures now, unless it is already released.

    Call it inside `db.writing()` with the subject locked."""
    assert db.in_write, "publish inside db.writing(), with the subject locked"
    state = await _state(db, subject)
    if period <= state.last_period:
        found = await latest(db, subject)
        assert found is not None
        return found
    step = continual.advance(state, period, exact, figures, labels, budget, noise)
    for name, nodes in step.new_nodes.items():
        for node, cells in nodes.items():
            merged = {**state.nodes.get(name, {}).get(node, {}), **cells}
            key = {"subject": subject, "figure": name, "year": node[0], "level": node[1], "idx": node[2]}
            if node in state.nodes.get(name, {}):
                await db.execute(disclosure_nodes.update().where(
                    *(disclosure_nodes.c[column] == value for column, value in key.items()))
                    .values(cells=json.dumps(merged)))
            else:
                await db.execute(disclosure_nodes.insert().values(**key, cells=json.dumps(merged)))
    await db.execute(disclosure_points.delete().where(disclosure_points.c.subject == subject))
    if step.points:
        await db.execute_many(disclosure_points.insert(), [
            {"subject": subject, "period": at, "cells": json.dumps(cells)} for at, cells in step.points.items()])
    publication = Publication(period, released_at, step.totals, step.margins)
    await db.execute(disclosure_releases.insert().values(
        subject=subject, period=period, released_at=released_at,
        figures=json.dumps({"cells": step.totals, "margins": step.margins}),
        series=json.dumps({name: step.totals[name] for name in series_figures}),
    ))
    return publication


async def forget(db: Database, subject: str) -> None:
    """Everything kept of a subject (a campaign deleted as a draft, a pool removed)."""
    for table in TABLES:
        await db.execute(table.delete().where(table.c.subject == subject))
