"""Reports of what a creditor did to a member on strike, and the counters organizers see.

Each report adds to the campaign's "retaliation" cells: one per kind, and "any", each counting
distinct members (a member with two reports of calls counts once under "calls"), kept like the
pledge counters: `campaign_member_cells` holds how many reports each member has per cell, and the
cell's member count moves only when that number leaves or returns to zero. Deleting a report
takes it away again. The note is sealed with the member's own key: nobody else can read it.
"""

from __future__ import annotations

import datetime as dt

from campaigns.counters import queries
from campaigns.member import queries as member_queries
from campaigns.vocabulary import REPORT_KINDS
from server.db import Database, Row
from server.domain import Domains
from server.sealing import open_sealed, seal

DIMENSION = "retaliation"
ANY = "any"
NOTE = "campaign.retaliation_note"

KINDS = REPORT_KINDS


class NotTaken(Exception):
    """The campaign does not take reports now (it is not there, or it never became active)."""


def seal_note(key: bytes, member_id: int, note: str) -> bytes | None:
    sealed = seal(key, member_id, NOTE, note)
    return sealed.encode("ascii") if sealed else None


def open_note(key: bytes, member_id: int, sealed: bytes | None) -> str:
    return open_sealed(key, member_id, NOTE, bytes(sealed).decode("ascii") if sealed else None)


async def _count(db: Database, campaign_id: int, member_id: int, kind: str, sign: int) -> None:
    for label in (kind, ANY):
        reports_in_cell = await queries.add_member_cell(db, campaign_id, member_id, DIMENSION, label, sign)
        entered = sign > 0 and reports_in_cell == 1
        left = sign < 0 and reports_in_cell == 0
        await queries.add_cell(db, campaign_id, DIMENSION, label, 1 if entered else -1 if left else 0, 0)


async def report(
    db: Database, campaign_id: int, member_id: int, kind: str, *, happened_on: dt.date | None,
    creditor_id: int | None, note_sealed: bytes | None, now: dt.datetime,
) -> int:
    """Record a report and count it; the caller has checked the member takes part."""
    if kind not in KINDS:
        raise ValueError(kind)
    async with db.writing():
        campaign = await queries.campaign_for_update(db, campaign_id)
        if campaign is None or campaign["activated_at"] is None:
            raise NotTaken
        report_id = await member_queries.insert_report(
            db, campaign_id=campaign_id, member_id=member_id, kind=kind, creditor_id=creditor_id,
            happened_on=happened_on, note_sealed=note_sealed, created_at=now)
        await _count(db, campaign_id, member_id, kind, 1)
    return report_id


async def delete(db: Database, report: Row) -> None:
    """Delete one of the member's reports (a row from `member_queries.report_of`) and uncount it."""
    async with db.writing():
        await queries.campaign_for_update(db, report["campaign_id"])
        if await member_queries.delete_report(db, report["member_id"], report["id"]):
            await _count(db, report["campaign_id"], report["member_id"], report["kind"], -1)


async def erase_reports(db: Database, member_id: int, domains: Domains) -> None:
    """Erasure: every report of the member goes, and leaves the counters."""
    for row in await member_queries.all_reports_of(db, member_id):
        await delete(db, row)
