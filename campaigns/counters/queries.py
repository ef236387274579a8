"""Every SQL statement of the campaigns package."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from campaigns.tables import (
    campaign_cells,
    campaign_conditions,
    campaign_member_cells,
    campaign_members,
    campaign_targets,
    campaigns,
    pledges,
)
from debts.api import countable_debts
from server.db import Database, Row, upsert_insert

debts = countable_debts()
PLEDGE_WITH_DEBT = sa.select(
    pledges.c.id, pledges.c.campaign_id, pledges.c.member_id, pledges.c.debt_id, pledges.c.level,
    pledges.c.min_others, debts.c.kind, debts.c.region, debts.c.original_creditor_id, debts.c.current_holder_id,
    debts.c.balance_cents,
).join(debts, debts.c.id == pledges.c.debt_id)


async def create_campaign(db: Database, **values: Any) -> int:
    return int(await db.insert(campaigns.insert().values(**values)))


async def campaign_for_update(db: Database, campaign_id: int) -> Row | None:
    """The campaign row, locked until the transaction ends (PostgreSQL; SQLite has one writer),
    so that changes to one campaign's pledges happen one after the other."""
    return await db.fetch_one(campaigns.select().where(campaigns.c.id == campaign_id).with_for_update())


async def set_status(db: Database, campaign_id: int, old: str, **values: Any) -> bool:
    """Change the status only if it is still `old`: True for the one transaction that did it."""
    query = (
        campaigns.update()
        .where(campaigns.c.id == campaign_id, campaigns.c.status == old)
        .values(**values)
        .returning(campaigns.c.id)
    )
    return bool(await db.write_returning(query))


async def pledge_of(db: Database, campaign_id: int, debt_id: int) -> Row | None:
    query = PLEDGE_WITH_DEBT.where(pledges.c.campaign_id == campaign_id, pledges.c.debt_id == debt_id)
    return await db.fetch_one(query)


async def pledges_of_member(db: Database, campaign_id: int, member_id: int) -> list[Row]:
    query = PLEDGE_WITH_DEBT.where(pledges.c.campaign_id == campaign_id, pledges.c.member_id == member_id)
    return await db.fetch_all(query)


async def pledges_of_debt(db: Database, debt_id: int) -> list[Row]:
    return await db.fetch_all(PLEDGE_WITH_DEBT.where(pledges.c.debt_id == debt_id))


async def campaigns_of_member(db: Database, member_id: int) -> list[int]:
    query = sa.select(pledges.c.campaign_id).where(pledges.c.member_id == member_id).distinct()
    return sorted(r["campaign_id"] for r in await db.fetch_all(query))


async def all_pledges(db: Database, campaign_id: int) -> list[Row]:
    return await db.fetch_all(PLEDGE_WITH_DEBT.where(pledges.c.campaign_id == campaign_id))


async def insert_pledge(db: Database, **values: Any) -> int:
    return int(await db.insert(pledges.insert().values(**values)))


async def update_pledge(db: Database, pledge_id: int, **values: Any) -> None:
    await db.execute(pledges.update().where(pledges.c.id == pledge_id).values(**values))


async def delete_pledge(db: Database, pledge_id: int) -> None:
    await db.execute(pledges.delete().where(pledges.c.id == pledge_id))


async def pledger_ids(db: Database, campaign_id: int) -> list[int]:
    query = (
        sa.select(pledges.c.member_id)
        .where(pledges.c.campaign_id == campaign_id, pledges.c.level.in_(("pledged", "striking")))
        .distinct()
    )
    return sorted(r["member_id"] for r in await db.fetch_all(query))


# --- taking part ----------------------------------------------------------------------------


async def participation(db: Database, campaign_id: int, member_id: int) -> Row | None:
    return await db.fetch_one(campaign_members.select().where(
        campaign_members.c.campaign_id == campaign_id, campaign_members.c.member_id == member_id))


async def add_participation(db: Database, **values: Any) -> None:
    await db.execute(campaign_members.insert().values(**values))


async def update_participation(db: Database, campaign_id: int, member_id: int, **values: Any) -> None:
    await db.execute(campaign_members.update().where(
        campaign_members.c.campaign_id == campaign_id, campaign_members.c.member_id == member_id).values(**values))


async def delete_participation(db: Database, campaign_id: int, member_id: int) -> None:
    await db.execute(campaign_members.delete().where(
        campaign_members.c.campaign_id == campaign_id, campaign_members.c.member_id == member_id))


# --- counters -------------------------------------------------------------------------------


async def add_member_cell(db: Database, campaign_id: int, member_id: int, dimension: str, label: str, delta: int) -> int:
    """Change how many of the member's debts are in a cell; returns the new number."""
    insert = upsert_insert(db)(campaign_member_cells).values(
        campaign_id=campaign_id, member_id=member_id, dimension=dimension, label=label, debts=delta
    )
    query = insert.on_conflict_do_update(
        index_elements=[campaign_member_cells.c.campaign_id, campaign_member_cells.c.member_id,
                        campaign_member_cells.c.dimension, campaign_member_cells.c.label],
        set_={"debts": campaign_member_cells.c.debts + delta},
    ).returning(campaign_member_cells.c.debts)
    return int((await db.write_returning(query))[0]["debts"])


async def add_cell(db: Database, campaign_id: int, dimension: str, label: str, members: int, amount: int) -> None:
    insert = upsert_insert(db)(campaign_cells).values(
        campaign_id=campaign_id, dimension=dimension, label=label, members=members, amount_cents=amount
    )
    await db.execute(insert.on_conflict_do_update(
        index_elements=[campaign_cells.c.campaign_id, campaign_cells.c.dimension, campaign_cells.c.label],
        set_={"members": campaign_cells.c.members + members, "amount_cents": campaign_cells.c.amount_cents + amount},
    ))


async def add_condition(db: Database, campaign_id: int, measure: str, condition: int, delta: int) -> None:
    insert = upsert_insert(db)(campaign_conditions).values(
        campaign_id=campaign_id, measure=measure, condition=condition, value=delta
    )
    await db.execute(insert.on_conflict_do_update(
        index_elements=[campaign_conditions.c.campaign_id, campaign_conditions.c.measure,
                        campaign_conditions.c.condition],
        set_={"value": campaign_conditions.c.value + delta},
    ))


async def cells(db: Database, campaign_id: int) -> list[Row]:
    return await db.fetch_all(campaign_cells.select().where(campaign_cells.c.campaign_id == campaign_id))


async def conditions(db: Database, campaign_id: int) -> tuple[dict[int, int], dict[int, int]]:
    rows = await db.fetch_all(campaign_conditions.select().where(campaign_conditions.c.campaign_id == campaign_id))
    members = {r["condition"]: int(r["value"]) for r in rows if r["measure"] == "members" and r["value"]}
    amounts = {r["condition"]: int(r["value"]) for r in rows if r["measure"] == "amount" and r["value"]}
    return members, amounts


async def replace_counters(
    db: Database, campaign_id: int, cell_rows: list[dict[str, Any]], member_cell_rows: list[dict[str, Any]],
    condition_rows: list[dict[str, Any]],
) -> None:
    """Put recomputed counters in place of the kept ones (`jubilee recount`)."""
    for table in (campaign_cells, campaign_member_cells, campaign_conditions):
        await db.execute(table.delete().where(table.c.campaign_id == campaign_id))
    for table, rows in ((campaign_cells, cell_rows), (campaign_member_cells, member_cell_rows),
                        (campaign_conditions, condition_rows)):
        if rows:
            await db.execute_many(table.insert(), rows)


async def member_cells(db: Database, campaign_id: int) -> list[Row]:
    return await db.fetch_all(
        campaign_member_cells.select().where(campaign_member_cells.c.campaign_id == campaign_id)
    )


async def released_campaign_ids(db: Database) -> list[int]:
    """Campaigns whose figures are released: every one past its draft."""
    query = sa.select(campaigns.c.id).where(campaigns.c.status != "draft").order_by(campaigns.c.id)
    return [r["id"] for r in await db.fetch_all(query)]


async def campaign_ids(db: Database) -> list[int]:
    return [r["id"] for r in await db.fetch_all(sa.select(campaigns.c.id).order_by(campaigns.c.id))]


async def campaigns_counting_creditor(db: Database, label: str) -> list[int]:
    query = sa.select(campaign_cells.c.campaign_id).where(
        campaign_cells.c.dimension == "creditor", campaign_cells.c.label == label
    ).distinct()
    return sorted(r["campaign_id"] for r in await db.fetch_all(query))


# --- public pages ---------------------------------------------------------------------------

PUBLIC_STATUSES = ("open", "active", "won", "ended", "expired")


async def public_campaign(db: Database, slug: str) -> Row | None:
    """A campaign that may be shown to anyone: every status but draft."""
    query = campaigns.select().where(campaigns.c.slug == slug, campaigns.c.status.in_(PUBLIC_STATUSES))
    return await db.fetch_one(query)


async def targets(db: Database, campaign_id: int) -> list[Row]:
    query = campaign_targets.select().where(campaign_targets.c.campaign_id == campaign_id).order_by(campaign_targets.c.id)
    return await db.fetch_all(query)


# --- organizing ------------------------------------------------------------------------------


async def campaign_by_id(db: Database, campaign_id: int) -> Row | None:
    if not 0 < campaign_id < 2**31:
        return None
    return await db.fetch_one(campaigns.select().where(campaigns.c.id == campaign_id))


async def campaign_list(db: Database) -> list[Row]:
    return await db.fetch_all(
        sa.select(campaigns.c.id, campaigns.c.slug, campaigns.c.title, campaigns.c.status, campaigns.c.created_at,
                  campaigns.c.opened_at, campaigns.c.closed_at).order_by(campaigns.c.id.desc())
    )


async def slugs_starting(db: Database, base: str) -> set[str]:
    """Slugs already taken that a new slug from `base` could collide with."""
    pattern = base.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = sa.select(campaigns.c.slug).where(campaigns.c.slug.like(pattern, escape="\\"))
    return {r["slug"] for r in await db.fetch_all(query)}


async def targets_of(db: Database, campaign_id: int) -> list[Row]:
    query = campaign_targets.select().where(campaign_targets.c.campaign_id == campaign_id).order_by(campaign_targets.c.id)
    return await db.fetch_all(query)


async def replace_targets(
    db: Database, campaign_id: int, creditor_ids: list[int], kinds: list[str], regions: list[str]
) -> None:
    await db.execute(campaign_targets.delete().where(campaign_targets.c.campaign_id == campaign_id))
    rows: list[dict[str, Any]] = [
        {"campaign_id": campaign_id, "creditor_id": c, "debt_kind": None, "region": None} for c in creditor_ids
    ]
    rows += [{"campaign_id": campaign_id, "creditor_id": None, "debt_kind": k, "region": None} for k in kinds]
    rows += [{"campaign_id": campaign_id, "creditor_id": None, "debt_kind": None, "region": r} for r in regions]
    if rows:
        await db.execute_many(campaign_targets.insert(), rows)


async def update_campaign(db: Database, campaign_id: int, **values: Any) -> None:
    await db.execute(campaigns.update().where(campaigns.c.id == campaign_id).values(**values))


async def pledge_count(db: Database, campaign_id: int) -> int:
    """Pledges of every level: once anyone has joined, the threshold may only go up."""
    query = sa.select(sa.func.count()).select_from(pledges).where(pledges.c.campaign_id == campaign_id)
    return int(await db.fetch_val(query) or 0)
