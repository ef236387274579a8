"""The public page's sums, made by the database, are the pure rule's figures to the cent and person."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutual_aid.ledger import book as ledger
from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.public import queries as public_queries
from mutual_aid.public.figures import flows, last_months
from tests.conftest import run
from tests.factories.mutual_aid import HANDLES, NOW, aid, contribute, months_ago, pool

MONTHS = last_months(NOW.date())


def first_day(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:]), 1)


async def check(db, pool_id: int) -> None:
    """The SQL figures equal the pure `flows` of the same entries, cell by cell."""
    expected = flows(await public_queries.facts(db, pool_id, first_day(MONTHS[0])), MONTHS)
    assert await public_queries.flows(db, pool_id, MONTHS) == expected


def test_reversals_count_in_their_originals_month_and_old_ones_nowhere(client):
    async def build(db):
        history = await pool(db, "sum-circle", "stella", HANDLES)
        # 14 months ago, reversed last month: counts in no month shown
        await contribute(db, history, "neighbour0", months_ago(14), 99_00, reverse=True)
        for handle in HANDLES[:6]:
            await contribute(db, history, handle, months_ago(3), 25_00)
        await contribute(db, history, "neighbour6", months_ago(3, 9), 25_00, reverse=True)  # nets to nobody
        await contribute(db, history, "neighbour7", months_ago(0, 1), 40_00)
        # one member behind two requests is one recipient; a payout with no member account is one person
        await aid(db, history, "a", "neighbour1", months_ago(2, 10), 100_00, "rent")
        await aid(db, history, "b", "neighbour1", months_ago(2, 12), 30_00, "food")
        await aid(db, history, "c", "neighbour2", months_ago(2, 14), 45_00, "medical")
        await ledger_queries.record(db, history.pool_id, ledger.Entry("odd", (
            ledger.Posting(ledger.AID_PAID, 7_00), ledger.Posting(ledger.POOL_CASH, -7_00))),
            kind="payout", category=None, happened_on=months_ago(1), now=NOW)
        # a payout reversed in a later month counts against its own month and category
        payout = ledger.payout("late", "R-LATE", 12_00)
        await ledger_queries.record(db, history.pool_id, payout, kind="payout", category="debt_payment",
                                    happened_on=months_ago(4), now=NOW)
        await ledger_queries.record(db, history.pool_id, ledger.reversal("undo-late", payout), kind="reversal",
                                    happened_on=months_ago(1), now=NOW)
        # next month's entry is not in the last twelve months
        await ledger_queries.record(db, history.pool_id, ledger.contribution("ahead", "M-AHEAD", 5_00),
                                    kind="contribution", happened_on=NOW.date() + dt.timedelta(days=40), now=NOW)
        return history.pool_id

    pool_id = run(client, build)
    run(client, check, pool_id)
    figures = run(client, public_queries.flows, pool_id, MONTHS)
    assert figures.money_in[MONTHS[-4]].members == 6 and figures.money_in[MONTHS[-4]].amount_cents == 150_00
    assert figures.money_out[MONTHS[-3]].members == 2 and figures.money_out[MONTHS[-3]].amount_cents == 175_00
    assert figures.money_out[MONTHS[-2]].members == 1 and figures.money_out[MONTHS[-2]].amount_cents == 7_00
    assert figures.out_by_category["debt_payment"].amount_cents == 0 and figures.out_by_category["other"].members == 1
    assert figures.total_in.amount_cents == 150_00 + 40_00


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10_000))
def test_the_database_adds_up_what_the_rule_says(client, seed):
    rng = random.Random(seed)
    slug = f"sums-{seed}-{rng.randrange(10**9)}"

    async def build(db):
        history = await pool(db, slug, "stella", HANDLES)
        for back in range(15, -1, -1):
            for handle in rng.sample(["stella", *HANDLES], rng.randint(0, 9)):
                day = months_ago(back, rng.randint(1, min(NOW.day, 28) if back == 0 else 28))
                await contribute(db, history, handle, day, rng.randint(1, 90_00), reverse=rng.random() < 0.15)
            for _ in range(rng.randint(0, 4) if back > 0 else 0):
                handle = rng.choice(HANDLES)
                name = f"{rng.randint(0, 5)}-{handle}"  # some requests are paid in several months
                await aid(db, history, name, handle, months_ago(back, 20), rng.randint(1, 40_00),
                          rng.choice(["rent", "food", "medical", "other"]))
        return history.pool_id

    pool_id = run(client, build)
    run(client, check, pool_id)
