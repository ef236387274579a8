"""Joining, changing and leaving a campaign, with its counters and activation kept in step.

Every change locks the campaign's row first (`SELECT … FOR UPDATE` on PostgreSQL; SQLite has one
writer), so the changes of one campaign happen one after the other: counters never lose an
update, and the pledge that meets the threshold activates the campaign exactly once, however
many arrive at the same instant. Every member who pledged is then notified, in the same
transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from campaigns.counters import queries
from campaigns.counters.counting import active_from_histograms, cells_of, condition_of
from campaigns.vocabulary import JOINABLE, LEVELS
from debts import api as vault
from server import crypto
from server.db import Database, Row, utcnow
from server.i18n import format_date
from server.i18n import lazy_gettext as _l
from server.notices.kinds import Kind
from server.notices.outbox import notify


def _dates_in_words(params: dict[str, Any]) -> dict[str, Any]:
    return {**params, "starts": format_date(dt.date.fromisoformat(params["starts"]), "long")}


CAMPAIGN_ACTIVATED = Kind(
    "campaign_activated",
    _l("%(title)s: the strike is on"),
    _l("Enough members have pledged: the campaign %(title)s is active. The strike starts on %(starts)s. "
       "Open the campaign to confirm that you are in."),
    _dates_in_words,
)


class PledgeRefused(Exception):
    """The campaign does not take this pledge (closed, or a wrong level)."""


async def _smallest_condition(db: Database, campaign_id: int, member_id: int) -> int | None:
    conditions = [condition_of(p["level"], p["min_others"]) for p in await queries.pledges_of_member(db, campaign_id, member_id)]
    present = [c for c in conditions if c is not None]
    return min(present) if present else None


async def _count(db: Database, pledge: Row, sign: int) -> None:
    """Add (+1) or take away (-1) one pledged debt from its campaign's counters."""
    campaign_id, member_id, amount = pledge["campaign_id"], pledge["member_id"], pledge["balance_cents"]
    for dimension, label in cells_of(pledge["level"], pledge):
        debts_in_cell = await queries.add_member_cell(db, campaign_id, member_id, dimension, label, sign)
        entered = sign > 0 and debts_in_cell == 1
        left = sign < 0 and debts_in_cell == 0
        await queries.add_cell(db, campaign_id, dimension, label, 1 if entered else -1 if left else 0, sign * amount)
    condition = condition_of(pledge["level"], pledge["min_others"])
    if condition is not None:
        await queries.add_condition(db, campaign_id, "amount", condition, sign * amount)


async def _on_strike(db: Database, campaign_id: int, member_id: int) -> dict[int, int]:
    """The member's debts that count for the strike (pledged or striking), by debt, with amounts."""
    return {p["debt_id"]: p["balance_cents"] for p in await queries.pledges_of_member(db, campaign_id, member_id)
            if condition_of(p["level"], p["min_others"]) is not None}


@asynccontextmanager
async def _departures(db: Database, campaign: Row, member_id: int) -> AsyncIterator[None]:
    """After activation, count who leaves the strike: the debts that stop counting for it (withdrawn
    or moved to counted), and the member once, when their last such debt goes."""
    if campaign["status"] != "active":
        yield
        return
    before = await _on_strike(db, campaign["id"], member_id)
    yield
    after = await _on_strike(db, campaign["id"], member_id)
    left = sum(amount for debt, amount in before.items() if debt not in after)
    if left or (before and not after):
        await queries.add_cell(db, campaign["id"], "departures", "left", 1 if before and not after else 0, left)


@asynccontextmanager
async def _member_changing(db: Database, campaign_id: int, member_id: int) -> AsyncIterator[None]:
    """Keep the members-by-smallest-condition histogram right across a change of their pledges."""
    before = await _smallest_condition(db, campaign_id, member_id)
    if before is not None:
        await queries.add_condition(db, campaign_id, "members", before, -1)
    yield
    after = await _smallest_condition(db, campaign_id, member_id)
    if after is not None:
        await queries.add_condition(db, campaign_id, "members", after, 1)


async def _after_change(db: Database, keyring: crypto.Keyring | None, campaign: Row, now: dt.datetime) -> bool:
    """Activate the campaign if this change met its threshold."""
    if campaign["status"] != "open":
        return False
    members, amounts = await queries.conditions(db, campaign["id"])
    active = active_from_histograms(members, amounts)
    if campaign["threshold_members"] is None and campaign["threshold_cents"] is None:
        return False
    met = (
        (campaign["threshold_members"] is None or active.members >= campaign["threshold_members"])
        and (campaign["threshold_cents"] is None or active.amount_cents >= campaign["threshold_cents"])
        and (campaign["deadline"] is None or now <= campaign["deadline"])
    )
    if not met:
        return False
    starts = now.date() + dt.timedelta(days=campaign["start_delay_days"])
    if not await queries.set_status(db, campaign["id"], "open", status="active", activated_at=now,
                                    strike_starts_on=starts):
        return False
    if keyring is not None:
        for member_id in await queries.pledger_ids(db, campaign["id"]):
            await notify(db, keyring, member_id, CAMPAIGN_ACTIVATED, link=f"/campaigns/{campaign['slug']}/me",
                         title=campaign["title"], starts=starts.isoformat())
    return True


async def pledge(
    db: Database, keyring: crypto.Keyring | None, campaign_id: int, member_id: int, debt_id: int, level: str,
    min_others: int, now: dt.datetime,
) -> bool:
    """Join with one debt, or change its level or condition. Returns True if this activated the
    campaign. The caller checks that the debt fits the campaign's targets."""
    if level not in LEVELS or min_others < 0:
        raise PledgeRefused("level")
    async with db.writing():
        if await vault.debt_of(db, member_id, debt_id) is None:
            raise PledgeRefused("debt")
        campaign = await queries.campaign_for_update(db, campaign_id)
        if campaign is None or campaign["status"] not in JOINABLE:
            raise PledgeRefused("campaign")
        if campaign["status"] == "open" and campaign["deadline"] is not None and now > campaign["deadline"]:
            raise PledgeRefused("deadline")  # expiry comes with the next maintenance run
        async with _member_changing(db, campaign_id, member_id), _departures(db, campaign, member_id):
            existing = await queries.pledge_of(db, campaign_id, debt_id)
            if existing is not None:
                await _count(db, existing, -1)
                await queries.update_pledge(db, existing["id"], level=level, min_others=min_others, updated_at=now)
            else:
                await queries.insert_pledge(db, campaign_id=campaign_id, member_id=member_id, debt_id=debt_id,
                                            level=level, min_others=min_others, created_at=now, updated_at=now)
            current = await queries.pledge_of(db, campaign_id, debt_id)
            assert current is not None
            await _count(db, current, 1)
        await _record_participation(db, campaign_id, member_id, level, now)
        return await _after_change(db, keyring, campaign, now)


async def _record_participation(db: Database, campaign_id: int, member_id: int, level: str, now: dt.datetime) -> None:
    """The member's row in the campaign, and the history cells organizers see: joins by first
    level, and members who joined as counted and later pledged (each counted once)."""
    taking_part = await queries.participation(db, campaign_id, member_id)
    if taking_part is None:
        await queries.add_participation(db, campaign_id=campaign_id, member_id=member_id, joined_at=now,
                                        first_level=level)
        await queries.add_cell(db, campaign_id, "joined_as", level, 1, 0)
    elif (taking_part["first_level"] == "counted" and taking_part["converted_at"] is None
          and level in ("pledged", "striking")):
        await queries.update_participation(db, campaign_id, member_id, converted_at=now)
        await queries.add_cell(db, campaign_id, "converted", "counted", 1, 0)


async def withdraw(db: Database, campaign_id: int, member_id: int, debt_id: int, now: dt.datetime) -> None:
    """Take one debt out. After activation this may be leaving the strike, which is counted too."""
    async with db.writing():
        campaign = await queries.campaign_for_update(db, campaign_id)
        existing = await queries.pledge_of(db, campaign_id, debt_id)
        if campaign is None or existing is None or existing["member_id"] != member_id:
            return
        async with _member_changing(db, campaign_id, member_id), _departures(db, campaign, member_id):
            await _count(db, existing, -1)
            await queries.delete_pledge(db, existing["id"])
        await forget_participation_if_done(db, campaign_id, member_id)
        await _after_change(db, None, campaign, now)


async def forget_participation_if_done(db: Database, campaign_id: int, member_id: int) -> None:
    """A member with no pledge left in a campaign is no longer part of it: their row goes."""
    if not await queries.pledges_of_member(db, campaign_id, member_id):
        await queries.delete_participation(db, campaign_id, member_id)


@asynccontextmanager
async def watch_debt(db: Database, debt_id: int, keyring: crypto.Keyring | None) -> AsyncIterator[None]:
    """A debt watcher (see `debts.events`): a pledged debt's edit or deletion moves its campaigns'
    counters."""
    before = await queries.pledges_of_debt(db, debt_id)
    campaign_rows: dict[int, Any] = {}
    for campaign_id in sorted({p["campaign_id"] for p in before}):
        campaign_rows[campaign_id] = await queries.campaign_for_update(db, campaign_id)
    async with _members_changing(db, sorted({(p["campaign_id"], p["member_id"]) for p in before})):
        for pledge_row in before:
            await _count(db, pledge_row, -1)
        yield
        for pledge_row in await queries.pledges_of_debt(db, debt_id):
            await _count(db, pledge_row, 1)
    for campaign_id, member_id in sorted({(p["campaign_id"], p["member_id"]) for p in before}):
        await forget_participation_if_done(db, campaign_id, member_id)
    now = utcnow()
    for campaign in campaign_rows.values():
        if campaign is not None:
            await _after_change(db, keyring, campaign, now)


@asynccontextmanager
async def _members_changing(db: Database, pairs: list[tuple[int, int]]) -> AsyncIterator[None]:
    before = {pair: await _smallest_condition(db, *pair) for pair in pairs}
    for (campaign_id, _member), condition in before.items():
        if condition is not None:
            await queries.add_condition(db, campaign_id, "members", condition, -1)
    yield
    for campaign_id, member_id in pairs:
        condition = await _smallest_condition(db, campaign_id, member_id)
        if condition is not None:
            await queries.add_condition(db, campaign_id, "members", condition, 1)

