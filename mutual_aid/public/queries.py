"""The SQL of a pool's public page and its steward's ledger."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import sqlalchemy as sa

from mutual_aid.ledger import book as ledger
from mutual_aid.ledger.queries import cash_and_party
from mutual_aid.public.figures import Fact, Flows, Sum, flows_from_sums
from mutual_aid.tables import aid_payouts, aid_requests, ledger_entries, ledger_postings
from server.db import Database


def _month_start(month: str) -> dt.date:
    year, number = month.split("-")
    return dt.date(int(year), int(number), 1)


def _month_after(month: str) -> dt.date:
    start = _month_start(month)
    return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)


def _text(text: str) -> sa.ColumnElement[str]:
    """A constant written into the query (so PostgreSQL knows its type in a UNION): our own words
    and month labels only, never anything a person typed."""
    if not re.fullmatch(r"[a-z_:0-9-]*", text):
        raise ValueError(f"not a constant for SQL: {text!r}")
    return sa.literal_column(f"'{text}'", sa.String)


async def flows(db: Database, pool_id: int, months: Sequence[str]) -> Flows:
    """The public page's exact figures for these consecutive months, added up by the database to
    what `figures.flows` makes of the same entries (the tests hold the two together).

    Only the entries that happened in these months are read (then their reversals, by the unique
    key (pool, reverses), and their postings, by entry): a reversal counts in its original's month
    and category, and one whose original is older counts nowhere. Each entry's cash is signed
    (money in for a contribution, out for a payout) and set against the person behind its original
    (its member account; for aid, the member who asked when still known). Then, per cell (month,
    category, the total), the cents of each person are summed, and the cell counts the people with
    a positive net. What comes back is a few dozen rows, whatever the size of the pool."""
    e, p = ledger_entries, ledger_postings
    # Our own constants (dates, account names, kinds) are written into the SQL, not bound: with
    # bound values PostgreSQL's cached generic plan cannot see that twelve months are a small part
    # of a long history, and picks nested loops that take seconds.
    originals = (
        sa.select(e.c.id, e.c.key, e.c.kind, e.c.category, e.c.happened_on)
        .where(e.c.pool_id == pool_id, e.c.happened_on >= _text(_month_start(months[0]).isoformat()),
               e.c.happened_on < _text(_month_after(months[-1]).isoformat()), e.c.kind != _text("reversal"))
        .cte("originals")
    )
    undoing = e.alias("undoing")
    # each original's postings, then its reversal's (own = 0)
    postings = sa.union_all(
        sa.select(originals.c.id.label("original_id"), sa.literal_column("1", sa.Integer).label("own"),
                  p.c.account, p.c.cents)
        .join(p, p.c.entry_id == originals.c.id),
        sa.select(originals.c.id, sa.literal_column("0", sa.Integer), p.c.account, p.c.cents)
        .join(undoing, sa.and_(undoing.c.pool_id == pool_id, undoing.c.reverses == originals.c.key))
        .join(p, p.c.entry_id == undoing.c.id),
    ).subquery("postings")
    party = sa.func.max(sa.case(
        (sa.and_(postings.c.own == 1, sa.func.substr(postings.c.account, sa.literal_column("1", sa.Integer),
                       sa.literal_column(str(len(ledger.MEMBER_PREFIX)), sa.Integer)) == _text(ledger.MEMBER_PREFIX)), postings.c.account),
    ))
    moved = (
        sa.select(
            postings.c.original_id,
            sa.func.sum(sa.case((postings.c.account == _text(ledger.POOL_CASH), postings.c.cents), else_=0))
            .label("cents"),
            party.label("account"),
        )
        .group_by(postings.c.original_id)
        .subquery("moved")
    )
    asked = aid_requests.alias("asked")
    person = sa.case(
        (asked.c.requester_id.is_not(None), _text("requester:") + sa.cast(asked.c.requester_id, sa.String)),
        else_=sa.func.coalesce(moved.c.account, _text("entry:") + originals.c.key),
    )
    # the month of each entry, by ranges of dates (the same SQL on both databases)
    month = sa.case(
        *((originals.c.happened_on < _text(_month_after(label).isoformat()), _text(label)) for label in months[:-1]),
        else_=_text(months[-1]),
    )
    inward = originals.c.kind == _text("contribution")
    signed = (
        sa.select(
            sa.case((inward, _text("in")), else_=_text("out")).label("direction"),
            month.label("month"),
            sa.func.coalesce(originals.c.category, _text("other")).label("category"),
            person.label("person"),
            sa.case((inward, moved.c.cents), else_=-moved.c.cents).label("cents"),
        )
        .select_from(
            originals.join(moved, moved.c.original_id == originals.c.id)
            .outerjoin(asked, sa.and_(
                asked.c.pool_id == pool_id,
                asked.c.recipient_pseudonym
                == sa.func.substr(moved.c.account, sa.literal_column(str(len(ledger.MEMBER_PREFIX) + 1), sa.Integer)),
            ))
        )
        .cte("signed")
    )

    def cells(breakdown: str, label: sa.ColumnElement[str] | None, *where: sa.ColumnElement[bool]) -> sa.Select[Sum]:
        """Per direction and label (one total when None): the people with a positive net, and the net."""
        by = [signed.c.direction, *([label] if label is not None else [])]
        people = (
            sa.select(*by, signed.c.person, sa.func.sum(signed.c.cents).label("cents"))
            .where(*where)
            .group_by(*by, signed.c.person)
            .subquery()
        )
        outer = [people.c.direction, *([people.c[label.name]] if label is not None else [])]
        return (
            sa.select(
                _text(breakdown).label("breakdown"), people.c.direction,
                (outer[1] if label is not None else _text("")).label("label"),
                sa.func.count(sa.case((people.c.cents > 0, sa.literal_column("1", sa.Integer)))).label("members"),
                sa.func.sum(people.c.cents).label("cents"),
            )
            .group_by(*outer)
        )

    query = sa.union_all(
        cells("month", signed.c.month),
        cells("category", signed.c.category, signed.c.direction == _text("out")),
        cells("total", None),
    )
    sums = [
        Sum(row["breakdown"], row["direction"], row["label"], int(row["members"]), int(row["cents"]))
        for row in await db.fetch_all(query)
    ]
    return flows_from_sums(sums, months)


async def facts(db: Database, pool_id: int, since: dt.date) -> list[Fact]:
    """Entry by entry, what `flows` adds up (for checking it against `figures.flows`).

    The ledger entries the public figures of the months from `since` can depend on: those that
    happened since, and every reversal (a reversal counts against its original's month). The
    person behind a payout is the member who asked for the request it paid, when still known."""
    cash, party = cash_and_party()
    base = (
        sa.select(
            ledger_entries.c.id, ledger_entries.c.key, ledger_entries.c.kind, ledger_entries.c.category,
            ledger_entries.c.happened_on, ledger_entries.c.reverses, cash, party,
        )
        .join(ledger_postings, ledger_postings.c.entry_id == ledger_entries.c.id)
        .where(ledger_entries.c.pool_id == pool_id)
        .group_by(
            ledger_entries.c.id, ledger_entries.c.key, ledger_entries.c.kind, ledger_entries.c.category,
            ledger_entries.c.happened_on, ledger_entries.c.reverses,
        )
        .order_by(ledger_entries.c.id)
    )
    rows = await db.fetch_all(
        base.where(sa.or_(ledger_entries.c.happened_on >= since, ledger_entries.c.reverses.is_not(None)))
    )
    # reversals of entries older than `since` need their original to be placed (and then dropped)
    keys = {row["key"] for row in rows}
    missing = {row["reverses"] for row in rows if row["reverses"] and row["reverses"] not in keys}
    if missing:
        rows += await db.fetch_all(base.where(ledger_entries.c.key.in_(sorted(missing))))
    requesters = await _requesters(db, pool_id)
    return [
        Fact(
            key=row["key"], kind=row["kind"], happened_on=row["happened_on"], cash_cents=int(row["cash_cents"]),
            person=_person(row["party"] or f"entry:{row['key']}", requesters),
            category=row["category"], reverses=row["reverses"],
        )
        for row in rows
    ]


def _person(party: str, requesters: dict[str, int]) -> str:
    pseudonym = party.removeprefix(ledger.MEMBER_PREFIX)
    requester = requesters.get(pseudonym)
    return f"requester:{requester}" if requester is not None else party


async def _requesters(db: Database, pool_id: int) -> dict[str, int]:
    """Recipient pseudonym -> the member who asked (for counting distinct recipients only)."""
    query = sa.select(aid_requests.c.recipient_pseudonym, aid_requests.c.requester_id).where(
        aid_requests.c.pool_id == pool_id
    )
    return {row["recipient_pseudonym"]: int(row["requester_id"]) for row in await db.fetch_all(query)}


async def requests_funded(db: Database, pool_id: int) -> tuple[int, int]:
    """(requests with at least one payout the recipient confirmed receiving, and not reversed; the
    distinct people who asked for them: the member, or the request's own pseudonym when the member
    is no longer known)."""
    query = (
        sa.select(sa.func.count(sa.distinct(aid_payouts.c.request_id)).label("requests"),
                  sa.func.count(sa.distinct(sa.func.coalesce(sa.cast(aid_requests.c.requester_id, sa.String),
                                                             aid_requests.c.recipient_pseudonym))).label("people"))
        .join(aid_requests, aid_requests.c.id == aid_payouts.c.request_id)
        .where(aid_payouts.c.pool_id == pool_id, aid_payouts.c.status == "received")
    )
    row = await db.fetch_one(query)
    assert row is not None
    return int(row["requests"]), int(row["people"])
