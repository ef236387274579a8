"""Random lives of a pool, through the same functions the pages call, on both databases.

A Hypothesis state machine joins members, records and confirms contributions, submits requests
(within the limits the request page checks), casts ballots, closes decisions, plans and records
payouts, confirms receipts, cancels and reverses; after every step it checks what a member or a
steward would count on:

- every entry in the stored book balances, and the book is exactly what the pure ledger accepts;
- the pool never pays out below its reserve (the balance, less money sent and not yet confirmed,
  stays at or above the reserve once anything has been paid);
- no member is handed more than the 12-month limit, and no request asks more than the per-request
  maximum;
- nobody decides their own request: no ballot of a requester on their own request exists, and
  trying one is refused; the tallies always equal the ballots cast;
- the payout plan never gives a request more than it still needs, nor more than is available.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from mutual_aid.aid_requests import limits
from mutual_aid.aid_requests import queries as request_queries
from mutual_aid.aid_requests import service as deciding
from mutual_aid.contributions import queries as contribution_queries
from mutual_aid.contributions import service as contribution_service
from mutual_aid.ledger import book as ledger
from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.payouts import queries as payout_queries
from mutual_aid.payouts import service as paying
from mutual_aid.payouts.rules import remaining_one_off
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools.rules import PoolRules
from mutual_aid.tables import aid_ballots, aid_payouts, aid_requests
from server import members as account_queries
from server.registry import DOMAINS
from tests.conftest import run

START = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
RESERVE = 50_00
MAX_PER_REQUEST = 400_00
MAX_PER_YEAR = 600_00
pools_made = itertools.count()


def machine_for(client: Any) -> type[RuleBasedStateMachine]:
    keyring = client.app_state["keyring"]

    def call(work: Any, *args: Any) -> Any:
        return run(client, lambda db: work(db, *args))

    class PoolLife(RuleBasedStateMachine):
        @initialize(
            method=st.sampled_from(["stewards", "vote"]),
            rule_name=st.sampled_from(["pro_rata", "needs_first"]),
            automatic=st.sampled_from([None, 30_00]),
        )
        def start(self, method: str, rule_name: str, automatic: int | None) -> None:
            self.now = START
            self.members: list[int] = []
            self.stewards: list[int] = []
            self.requests: list[int] = []
            self.contributions: list[int] = []
            self.keys = itertools.count()
            self.reversed_contribution = False
            self.open: list[int] = []  # requests waiting for a decision
            self.to_pay = False  # approved requests with something left to pay
            self.payouts = False  # any payout recorded
            self.sent: list[int] = []  # payouts waiting for their recipient
            rules = PoolRules(
                contribution_cents=25_00, reserve_cents=RESERVE, max_per_request_cents=MAX_PER_REQUEST,
                max_per_member_year_cents=MAX_PER_YEAR, decision_method=method, stewards_k=2, quorum_percent=50,
                majority_percent=50, automatic_up_to_cents=automatic, allocation_rule=rule_name, decision_days=7,
            )
            number = next(pools_made)

            async def make(db: Any) -> int:
                people = []
                for i in range(5):
                    handle = f"p{number}m{i}"
                    people.append(int(await account_queries.create_member(
                        db, handle=handle, handle_key=handle, password_hash="x", language="en",
                        data_key_by_password="x", data_key_by_recovery="x", created_at=START,
                        password_changed_at=START)))
                pool_id = await pool_queries.create_pool(
                    db, slug=f"life-{number}", name=f"Life {number}", description="", currency="USD", rules=rules,
                    creator_id=people[0], now=START)
                assert pool_id is not None
                for person in people[1:]:
                    await pool_queries.add_member(db, pool_id, person, START, status="active",
                                                  role="steward" if person == people[1] else "member")
                self.members, self.stewards = people, people[:2]
                for person in people:  # the first month's contributions, confirmed
                    found = await contribution_queries.claim(
                        db, pool_id, person, month="2026-01", amount_cents=150_00, method="cash", paid_on=START.date(),
                        form_key=f"first-{person}", now=START)
                    assert found is not None
                    steward = people[1] if person == people[0] else people[0]
                    assert await contribution_service.confirm(db, pool_id, found, steward, START)
                return pool_id

            self.pool_id = call(make)

        def pool(self) -> Any:
            return call(pool_queries.pool_by_id, self.pool_id)

        @rule(days=st.integers(min_value=0, max_value=40))
        def time_passes(self, days: int) -> None:
            self.now += dt.timedelta(days=days)

        @rule(who=st.integers(min_value=0, max_value=4), cents=st.integers(min_value=1, max_value=300_00),
              confirm=st.booleans(), twice=st.booleans())
        def contribute(self, who: int, cents: int, confirm: bool, twice: bool) -> None:
            member = self.members[who]
            form_key = f"form-{next(self.keys)}"

            async def work(db: Any) -> None:
                async with db.writing():
                    for _ in range(2 if twice else 1):
                        found = await contribution_queries.claim(
                            db, self.pool_id, member, month=self.now.strftime("%Y-%m"), amount_cents=cents,
                            method="cash", paid_on=self.now.date(), form_key=form_key, now=self.now)
                        if found is not None:
                            self.contributions.append(found)
                if confirm:
                    steward = next(s for s in self.stewards if s != member)
                    async with db.writing():
                        assert await contribution_service.confirm(db, self.pool_id, self.contributions[-1], steward,
                                                                  self.now)
                    async with db.writing():  # a second steward, a moment later
                        assert not await contribution_service.confirm(db, self.pool_id, self.contributions[-1],
                                                                      steward, self.now)

            call(work)

        @rule(pick=st.integers(min_value=0, max_value=99))
        def reverse_a_contribution(self, pick: int) -> None:
            if not self.contributions:
                return
            chosen = self.contributions[pick % len(self.contributions)]

            async def work(db: Any) -> bool:
                async with db.writing():
                    return bool(await contribution_service.reverse(db, self.pool_id, chosen, self.stewards[0],
                                                                   self.now))

            if call(work):
                self.reversed_contribution = True

        @rule(who=st.integers(min_value=0, max_value=4), cents=st.integers(min_value=1, max_value=450_00),
              category=st.sampled_from(["rent", "food", "medical"]))
        def ask_for_aid(self, who: int, cents: int, category: str) -> None:
            requester = self.members[who]

            async def work(db: Any) -> int | None:
                pool = await pool_queries.pool_by_id(db, self.pool_id)
                membership = await pool_queries.membership(db, self.pool_id, requester)
                found = await deciding.limits_for(db, pool, membership, cents, self.now.date())
                if found.reasons:
                    return None
                clean = {"form_key": f"ask-{next(self.keys)}", "kind": "one_off", "amount_cents": cents,
                         "months": None, "category": category, "needed_by": self.now.date(), "explanation": "x",
                         "debt_id": None}
                async with db.writing():
                    request, _ = await deciding.submit(db, keyring, pool, requester, clean, self.now)
                return int(request["id"])

            request_id = call(work)
            if request_id is not None:
                self.requests.append(request_id)

        @precondition(lambda self: bool(self.open))
        @rule(pick=st.integers(min_value=0, max_value=99), voter_pick=st.integers(min_value=0, max_value=99),
              yes=st.sampled_from([True, True, False]))
        def vote(self, pick: int, voter_pick: int, yes: bool) -> None:
            request_id = self.open[pick % len(self.open)]

            async def work(db: Any) -> None:
                pool = await pool_queries.pool_by_id(db, self.pool_id)
                request = await request_queries.request_in_pool(db, self.pool_id, request_id)
                with pytest.raises(ValueError):
                    await deciding.vote(db, keyring, pool, request, request["requester_id"], yes, self.now)
                deciders = await request_queries.decider_ids(db, self.pool_id, request["decision_method"],
                                                             request["requester_id"])
                if request["status"] not in ("submitted", "under_decision") or not deciders:
                    return
                voter = deciders[voter_pick % len(deciders)]
                async with db.writing():
                    await deciding.vote(db, keyring, pool, request, voter, yes, self.now)

            call(work)

        @rule()
        def decisions_close(self) -> None:
            async def work(db: Any) -> None:
                pool = await pool_queries.pool_by_id(db, self.pool_id)
                for request_id in self.requests:
                    request = await request_queries.request_in_pool(db, self.pool_id, request_id)
                    if request["status"] in ("submitted", "under_decision") and request["decide_by"] <= self.now:
                        async with db.writing():
                            await deciding.settle(db, keyring, pool, request, self.now, closed=True)

            call(work)

        @precondition(lambda self: self.to_pay)
        @rule(pick=st.integers(min_value=0, max_value=99), short=st.sampled_from([0, 0, 1, 50_00]))
        def pay(self, pick: int, short: int) -> None:
            async def work(db: Any) -> None:
                pool = await pool_queries.pool_by_id(db, self.pool_id)
                plan = await paying.payout_plan(db, pool, self.now.date())
                assert sum(plan.planned.values()) <= plan.available_cents
                for row in plan.requests:
                    assert plan.planned.get(row["id"], 0) <= row["remaining_cents"]
                if not plan.planned:
                    return
                choices = sorted(plan.planned)
                request_id = choices[pick % len(choices)]
                row = next(r for r in plan.requests if r["id"] == request_id)
                cents = max(plan.planned[request_id] - short, 1)
                # reading what the book held before, to check the reserve against it
                room = plan.balance_cents - plan.sent_cents - RESERVE
                steward = next(s for s in self.stewards if s != row["requester_id"])
                async with db.writing():
                    outcome = await paying.record_payout(db, keyring, pool, request_id, row["next_installment"],
                                                         cents, "cash", self.now.date(), steward, self.now)
                async with db.writing():  # the same payout, recorded again by the other steward
                    again = await paying.record_payout(db, keyring, pool, request_id, row["next_installment"],
                                                       cents, "cash", self.now.date(), self.stewards[0], self.now)
                assert again in ("taken", "too_much", "gone")
                if outcome == "recorded":
                    assert cents <= room

            call(work)

        @precondition(lambda self: bool(self.sent))
        @rule(pick=st.integers(min_value=0, max_value=99))
        def recipient_confirms(self, pick: int) -> None:
            payout_id = self.sent[pick % len(self.sent)]

            async def work(db: Any) -> None:
                pool = await pool_queries.pool_by_id(db, self.pool_id)
                payout = await payout_queries.payout_in_pool(db, self.pool_id, payout_id)
                request = await request_queries.request_in_pool(db, self.pool_id, payout["request_id"])
                before = await ledger_queries.balance(db, self.pool_id)
                async with db.writing():
                    assert await paying.confirm_receipt(db, keyring, pool, request, payout_id, self.now, DOMAINS.debt_watchers)
                    assert not await paying.confirm_receipt(db, keyring, pool, request, payout_id, self.now, DOMAINS.debt_watchers)
                assert await ledger_queries.balance(db, self.pool_id) == before - payout["amount_cents"]

            call(work)

        @precondition(lambda self: self.payouts)
        @rule(pick=st.integers(min_value=0, max_value=99),
              outcome=st.sampled_from(["receive", "cancel", "reverse"]))
        def settle_a_payout(self, pick: int, outcome: str) -> None:
            async def work(db: Any) -> None:
                rows = await db.fetch_all(sa.select(aid_payouts).where(aid_payouts.c.pool_id == self.pool_id)
                                          .order_by(aid_payouts.c.id))
                if not rows:
                    return
                payout = rows[pick % len(rows)]
                pool = await pool_queries.pool_by_id(db, self.pool_id)
                request = await request_queries.request_in_pool(db, self.pool_id, payout["request_id"])
                async with db.writing():
                    if outcome == "receive":
                        first = await paying.confirm_receipt(db, keyring, pool, request, payout["id"], self.now, DOMAINS.debt_watchers)
                        again = await paying.confirm_receipt(db, keyring, pool, request, payout["id"], self.now, DOMAINS.debt_watchers)
                        assert not again and first == (payout["status"] == "sent")
                    elif outcome == "cancel":
                        await paying.cancel(db, pool, payout["id"], self.now)
                    else:
                        await paying.reverse(db, keyring, pool, payout["id"], self.now)

            call(work)

        @invariant()
        def where_things_stand(self) -> None:
            """(not a check: what the next steps can act on)"""

            async def work(db: Any) -> None:
                rows = await db.fetch_all(sa.select(aid_requests.c.id, aid_requests.c.status)
                                          .where(aid_requests.c.pool_id == self.pool_id))
                self.open = [r["id"] for r in rows if r["status"] in ("submitted", "under_decision")]
                self.to_pay = any(r["status"] in ("approved", "partly_funded") for r in rows)
                payouts = await db.fetch_all(sa.select(aid_payouts.c.id, aid_payouts.c.status)
                                             .where(aid_payouts.c.pool_id == self.pool_id))
                self.payouts = bool(payouts)
                self.sent = [p["id"] for p in payouts if p["status"] == "sent"]

            call(work)

        @invariant()
        def the_book_balances_and_is_what_the_ledger_accepts(self) -> None:
            entries = call(ledger_queries.entries_of, self.pool_id)
            replayed: list[ledger.Entry] = []
            for entry in entries:
                assert ledger.balanced(entry)
                replayed = ledger.apply(replayed, entry)
            assert call(ledger_queries.balance, self.pool_id) == ledger.pool_balance(replayed)

        @invariant()
        def the_pool_never_pays_below_its_reserve(self) -> None:
            if self.reversed_contribution:
                return  # a correction of money that never came in may; a payout may not (checked in `pay`)

            async def work(db: Any) -> tuple[int, int, int]:
                live = await db.fetch_val(sa.select(sa.func.count()).select_from(aid_payouts).where(
                    aid_payouts.c.pool_id == self.pool_id, aid_payouts.c.status.in_(("sent", "received"))))
                return (await ledger_queries.balance(db, self.pool_id),
                        await payout_queries.sent_unconfirmed(db, self.pool_id), int(live))

            balance, sent, live = call(work)
            if live:
                assert balance - sent >= RESERVE

        @invariant()
        def nobody_passes_a_limit(self) -> None:
            async def work(db: Any) -> None:
                for member in self.members:
                    handed = await request_queries.handed_to_member(db, self.pool_id, member)
                    assert limits.paid_in_window(handed, self.now.date()) <= MAX_PER_YEAR
                rows = await db.fetch_all(sa.select(aid_requests).where(aid_requests.c.pool_id == self.pool_id))
                for row in rows:
                    assert row["amount_cents"] <= MAX_PER_REQUEST
                    sent = await payout_queries.sent_on_request(db, row["id"])
                    received = await db.fetch_val(
                        sa.select(sa.func.coalesce(sa.func.sum(aid_payouts.c.amount_cents), 0))
                        .where(aid_payouts.c.request_id == row["id"], aid_payouts.c.status == "received"))
                    assert row["received_cents"] == int(received)  # the kept total is the payouts' sum
                    assert row["received_cents"] + sent <= row["amount_cents"]
                    assert remaining_one_off(row["amount_cents"], row["received_cents"], sent) >= 0

            call(work)

        @invariant()
        def nobody_decides_their_own_request_and_tallies_are_the_ballots(self) -> None:
            async def work(db: Any) -> None:
                own = await db.fetch_val(
                    sa.select(sa.func.count()).select_from(aid_ballots.join(
                        aid_requests, aid_requests.c.id == aid_ballots.c.request_id))
                    .where(aid_requests.c.pool_id == self.pool_id,
                           aid_ballots.c.voter_id == aid_requests.c.requester_id))
                assert own == 0
                for row in await db.fetch_all(sa.select(aid_requests).where(aid_requests.c.pool_id == self.pool_id)):
                    cast = await db.fetch_val(sa.select(sa.func.count()).select_from(aid_ballots)
                                              .where(aid_ballots.c.request_id == row["id"]))
                    assert row["yes_votes"] + row["no_votes"] == cast

            call(work)

    return PoolLife


def test_a_pool_keeps_its_promises_whatever_happens(client):
    run_state_machine_as_test(
        machine_for(client),
        settings=settings(max_examples=12, stateful_step_count=60, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]),
    )
