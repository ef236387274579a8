"""`jubilee recount`: every campaign's counters recomputed from its pledges and debts.

Reports the drift between the kept counters and the recomputed ones, and puts the recomputed ones
in place. Counters are kept in the same transaction as every change, so drift means a bug (or a
change made outside Jubilee); the report is what to look at.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from campaigns.counters import queries
from campaigns.counters.counting import cells_of, histograms
from server.db import Database, Row

# Cells that record what happened rather than what the pledges are now (joins by first level,
# conversions, "I am in" confirmations, departures after activation, retaliation reports): recount cannot rebuild them
# from the pledges, so it leaves them as they are.
HISTORY = frozenset({"joined_as", "converted", "confirmed", "departures", "retaliation"})


@dataclass
class Expected:
    cells: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    member_cells: dict[tuple[int, str, str], int] = field(default_factory=dict)
    conditions: dict[tuple[str, int], int] = field(default_factory=dict)


def expected_counters(pledge_rows: list[Row]) -> Expected:
    """What the counters should hold for these pledges (the same rules `pledging` applies)."""
    debts_in: dict[tuple[int, str, str], int] = defaultdict(int)
    amounts: dict[tuple[str, str], int] = defaultdict(int)
    for pledge in pledge_rows:
        for dimension, label in cells_of(pledge["level"], pledge):
            debts_in[(pledge["member_id"], dimension, label)] += 1
            amounts[(dimension, label)] += pledge["balance_cents"]
    members: dict[tuple[str, str], int] = defaultdict(int)
    for (_member, dimension, label) in debts_in:
        members[(dimension, label)] += 1
    expected = Expected(
        cells={cell: (members[cell], amounts[cell]) for cell in amounts},
        member_cells=dict(debts_in),
    )
    by_members, by_amount = histograms(pledge_rows)
    expected.conditions = {**{("members", c): n for c, n in by_members.items()},
                           **{("amount", c): v for c, v in by_amount.items()}}
    return expected


def _kept(cell_rows: list[Row], member_rows: list[Row], condition_rows: dict[str, dict[int, int]]) -> Expected:
    kept = Expected(
        cells={(r["dimension"], r["label"]): (r["members"], int(r["amount_cents"])) for r in cell_rows
               if (r["members"] or r["amount_cents"]) and r["dimension"] not in HISTORY},
        member_cells={(r["member_id"], r["dimension"], r["label"]): r["debts"] for r in member_rows
                      if r["debts"] and r["dimension"] not in HISTORY},
    )
    kept.conditions = {(measure, c): v for measure, values in condition_rows.items() for c, v in values.items() if v}
    return kept


def drift(kept: Expected, expected: Expected) -> list[str]:
    """Every difference, as a line for the operator (no member ids: cells and conditions only)."""
    lines = []
    for cell in sorted(set(kept.cells) | set(expected.cells)):
        if kept.cells.get(cell, (0, 0)) != expected.cells.get(cell, (0, 0)):
            lines.append(f"cell {cell[0]}={cell[1]}: kept {kept.cells.get(cell, (0, 0))}, "
                         f"recounted {expected.cells.get(cell, (0, 0))}")
    for key in sorted(set(kept.conditions) | set(expected.conditions)):
        if kept.conditions.get(key, 0) != expected.conditions.get(key, 0):
            lines.append(f"condition {key[0]} {key[1]}: kept {kept.conditions.get(key, 0)}, "
                         f"recounted {expected.conditions.get(key, 0)}")
    wrong_members = sum(1 for k in set(kept.member_cells) | set(expected.member_cells)
                        if kept.member_cells.get(k, 0) != expected.member_cells.get(k, 0))
    if wrong_members:
        lines.append(f"{wrong_members} per-member cell counts differ")
    return lines


async def recount(db: Database, *, repair: bool = True) -> dict[int, list[str]]:
    """Drift per campaign (empty lists when all is right); with `repair`, fix it."""
    return {campaign_id: await recount_campaign(db, campaign_id, repair=repair)
            for campaign_id in await queries.campaign_ids(db)}


async def recount_campaign(db: Database, campaign_id: int, *, repair: bool = True) -> list[str]:
    async with db.writing():
        await queries.campaign_for_update(db, campaign_id)
        expected = expected_counters(await queries.all_pledges(db, campaign_id))
        members, amounts = await queries.conditions(db, campaign_id)
        kept = _kept(await queries.cells(db, campaign_id), await queries.member_cells(db, campaign_id),
                     {"members": members, "amount": amounts})
        lines = drift(kept, expected)
        if repair and lines:
            history = [r for r in await queries.cells(db, campaign_id) if r["dimension"] in HISTORY]
            member_history = [r for r in await queries.member_cells(db, campaign_id) if r["dimension"] in HISTORY]
            await queries.replace_counters(db, campaign_id, *_rows(campaign_id, expected, history, member_history))
    return lines


async def after_creditor_merge(db: Database, kept_id: int, merged_id: int) -> None:
    """A merge moved debts from one creditor to another: their campaigns' creditor cells follow."""
    for campaign_id in await queries.campaigns_counting_creditor(db, str(merged_id)):
        await recount_campaign(db, campaign_id)


def _rows(
    campaign_id: int, expected: Expected, keep: list[Row], keep_members: list[Row]
) -> tuple[list[dict[str, Any]], ...]:
    cells = [{"campaign_id": campaign_id, "dimension": d, "label": label, "members": m, "amount_cents": a}
             for (d, label), (m, a) in expected.cells.items()]
    cells += [dict(r) for r in keep]
    member_cells = [{"campaign_id": campaign_id, "member_id": member, "dimension": d, "label": label, "debts": n}
                    for (member, d, label), n in expected.member_cells.items()]
    member_cells += [dict(r) for r in keep_members]
    conditions = [{"campaign_id": campaign_id, "measure": measure, "condition": c, "value": v}
                  for (measure, c), v in expected.conditions.items()]
    return cells, member_cells, conditions
