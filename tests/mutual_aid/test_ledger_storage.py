"""The stored book behaves as the pure ledger says, on both databases, and cannot be rewritten."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutual_aid.ledger import book as ledger
from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.ledger.book import Refused
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools.rules import PoolRules
from mutual_aid.tables import ledger_entries, ledger_postings
from server import members as account_queries
from tests.conftest import run

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
TODAY = NOW.date()


async def make_pool(db, slug: str = "rent-circle") -> int:
    handle = f"steward-{slug}"
    creator = await account_queries.create_member(
        db, handle=handle, handle_key=handle, password_hash="x", language="en",
        data_key_by_password="x", data_key_by_recovery="x", created_at=NOW, password_changed_at=NOW)
    pool_id = await pool_queries.create_pool(
        db, slug=slug, name=slug, description="", currency="USD", rules=PoolRules(contribution_cents=25_00),
        creator_id=int(creator), now=NOW,
    )
    assert pool_id is not None
    return pool_id


async def record(db, pool_id: int, entry: ledger.Entry, kind: str = "contribution") -> bool:
    return await ledger_queries.record(db, pool_id, entry, kind=kind, happened_on=TODAY, now=NOW)


def test_the_stored_book_reads_back_entry_for_entry(client):
    async def work(db):
        pool = await make_pool(db)
        entries = [
            ledger.contribution("c1", "M-AAAA", 25_00),
            ledger.contribution("c2", "M-CCCC", 40_00),
            ledger.payout("p1", "R-DDDD", 30_00),
        ]
        for entry in entries:
            assert await record(db, pool, entry) is True
        undo = ledger.reversal("r1", entries[1])
        assert await record(db, pool, undo, "reversal") is True
        return pool, [*entries, undo], await ledger_queries.entries_of(db, pool), await ledger_queries.balance(db, pool)

    pool, written, stored, balance = run(client, work)
    assert stored == written
    assert balance == ledger.pool_balance(written) == 25_00 - 30_00 + 0
    assert run(client, ledger_queries.balances, pool) == ledger.balances(written)


def test_a_form_sent_twice_records_once_and_a_different_entry_under_its_key_is_refused(client):
    async def work(db):
        pool = await make_pool(db)
        first = await record(db, pool, ledger.contribution("c1", "M-AAAA", 25_00))
        again = await record(db, pool, ledger.contribution("c1", "M-AAAA", 25_00))
        with pytest.raises(Refused):
            await record(db, pool, ledger.contribution("c1", "M-AAAA", 26_00))
        return first, again, await ledger_queries.balance(db, pool)

    assert run(client, work) == (True, False, 25_00)


def test_an_entry_is_reversed_once_and_a_reversal_never(client):
    async def work(db):
        pool = await make_pool(db)
        original = ledger.contribution("c1", "M-AAAA", 25_00)
        await record(db, pool, original)
        undo = ledger.reversal("r1", original)
        await record(db, pool, undo, "reversal")
        refusals = []
        for attempt in (ledger.reversal("r2", original), ledger.Entry("r3", undo.postings, reverses="missing")):
            try:
                await record(db, pool, attempt, "reversal")
            except Refused as error:
                refusals.append(str(error))
        with pytest.raises(Refused):
            ledger.reversal("r4", undo)
        forged = ledger.Entry("r5", (ledger.Posting("pool_cash", -1), ledger.Posting("contributions", 1)), reverses="c1")
        with pytest.raises(Refused):
            await record(db, pool, forged, "reversal")
        return refusals, await ledger_queries.balance(db, pool)

    refusals, balance = run(client, work)
    assert len(refusals) == 2 and balance == 0


def test_unbalanced_entries_never_reach_the_book(client):
    async def work(db):
        pool = await make_pool(db)
        lopsided = ledger.Entry("x", (ledger.Posting("pool_cash", 10), ledger.Posting("contributions", -9)))
        with pytest.raises(Refused):
            await record(db, pool, lopsided)
        return await db.fetch_val(sa.select(sa.func.count()).select_from(ledger_entries))

    assert run(client, work) == 0


def test_the_database_refuses_to_change_or_delete_what_the_book_holds(client):
    async def work(db):
        pool = await make_pool(db)
        await record(db, pool, ledger.contribution("c1", "M-AAAA", 25_00))
        failures = 0
        for statement in (
            ledger_postings.update().values(cents=1),
            ledger_postings.delete(),
            ledger_entries.update().values(memo="changed"),
            ledger_entries.delete(),
        ):
            try:
                async with db.writing():
                    await db.execute(statement)
            except Exception as error:  # each database words its refusal differently
                assert "append-only" in str(error)
                failures += 1
        return failures, await ledger_queries.entries_of(db, pool)

    failures, entries = run(client, work)
    assert failures == 4
    assert entries == [ledger.contribution("c1", "M-AAAA", 25_00)]


def test_books_of_two_pools_never_mix(client):
    async def work(db):
        one, two = await make_pool(db, "one"), await make_pool(db, "two")
        await record(db, one, ledger.contribution("c1", "M-AAAA", 25_00))
        await record(db, two, ledger.contribution("c1", "M-AAAA", 99_00))  # same key, other pool
        return await ledger_queries.balance(db, one), await ledger_queries.balance(db, two)

    assert run(client, work) == (25_00, 99_00)


amounts = st.integers(min_value=1, max_value=10**9)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("in"), st.sampled_from(["M-AAAA", "M-CCCC"]), amounts),
        st.tuples(st.just("out"), st.sampled_from(["R-DDDD", "R-EEEE"]), amounts),
        st.tuples(st.just("undo"), st.integers(min_value=0, max_value=30), st.just(0)),
        st.tuples(st.just("again"), st.integers(min_value=0, max_value=30), st.just(0)),
    ),
    max_size=25,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_the_stored_book_agrees_with_the_pure_ledger_after_any_sequence(client, steps):
    """Contributions, payouts, reversals and resubmitted forms in any order: the database takes
    exactly what `ledger.apply` takes, and its balances are the pure ledger's."""

    async def work(db):
        pool = await make_pool(db, f"p{abs(hash(tuple(steps))) % 10**9}")
        expected: list[ledger.Entry] = []
        for number, (op, who, cents) in enumerate(steps):
            if op == "in":
                entry = ledger.contribution(f"k{number}", str(who), cents)
            elif op == "out":
                entry = ledger.payout(f"k{number}", str(who), cents)
            elif not expected:
                continue
            elif op == "again":
                entry = expected[int(who) % len(expected)]
            else:
                target = expected[int(who) % len(expected)]
                if target.reverses is not None:
                    continue
                entry = ledger.reversal(f"k{number}", target)
            try:
                expected = ledger.apply(expected, entry)
                pure_ok = True
            except Refused:
                pure_ok = False
            try:
                await record(db, pool, entry, "reversal" if entry.reverses else "contribution")
                stored_ok = True
            except Refused:
                stored_ok = False
            assert stored_ok == pure_ok, (op, entry)
        return expected, await ledger_queries.entries_of(db, pool), await ledger_queries.balances(db, pool)

    expected, stored, balances = run(client, work)
    assert stored == expected
    assert balances == ledger.balances(expected)


def test_two_stewards_recording_the_same_entry_at_once_record_it_once(client):
    if client.app_state["db"].is_sqlite:
        pytest.skip("SQLite serialises writers; the race exists only with PostgreSQL's concurrent transactions")
    pool = run(client, make_pool)
    entry = ledger.payout("payout:1", "R-DDDD", 120_00)

    async def both(db):
        async def one() -> bool:
            async with db.session(), db.writing():
                return await record(db, pool, entry, "payout")

        return await asyncio.gather(*(asyncio.create_task(one()) for _ in range(8)))

    results = run(client, both)
    assert sorted(results) == [False] * 7 + [True]
    assert run(client, ledger_queries.entries_of, pool) == [entry]
    assert run(client, ledger_queries.balance, pool) == -120_00

