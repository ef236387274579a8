"""The mutual-aid demo step: two pools with six months of history.

"Rent Relief Circle" asks a fixed $25 a month; two stewards decide requests, pro rata when money
is short, keeping a $200 reserve and paying at most $600 per request. "Valley Income Circle" asks
3% of each member's income ($10 to $80 a month), decides by a vote of members (quorum 50%),
shares needs-first, and pays hardship support for up to six months.

Each month every member's contribution is confirmed (a ledger entry dated that month); requests
are decided (ballots with matching tallies) and paid (ledger payouts the recipient confirmed);
one member of the circle receives monthly hardship support; one mistaken contribution (recorded
twice) is reversed; one request in each pool is still being decided. Every payout comes after
the month's contributions, so neither pool ever goes below its reserve. The step does nothing
for a pool whose slug is already taken, so running it twice adds nothing. Then each pool's
figures are released for every day since it started, from what the book held that day, as the
maintenance loop would have, so its public page has figures to show.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from mutual_aid.aid_requests.service import EXPLANATION
from mutual_aid.contributions.income import seal_income
from mutual_aid.contributions.rules import contribution_rule, monthly_contribution
from mutual_aid.demo import queries as demo_queries
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools.rules import PoolRules
from mutual_aid.public import released
from server import crypto
from server.db import Database, utcnow
from server.disclosure.schedule import period_length
from server.domain import DemoMember
from server.settings import Settings

HISTORY_MONTHS = 6


@dataclass(frozen=True)
class Paid:
    """A one-off request decided and paid in full: in which month of the history (1 = oldest)."""

    month: int
    category: str
    amount_cents: int
    explanation: str


@dataclass(frozen=True)
class Plan:
    slug: str
    name: str
    description: str
    rules: PoolRules
    members: int
    paid: tuple[Paid, ...]
    pending: Paid  # the request still under decision, this month


RENT = Plan(
    slug="rent-relief-circle",
    name="Rent Relief Circle",
    description="Neighbours from the Eastside tenants' union who put in $25 a month so that nobody "
                "among us loses their home over one bad month.",
    rules=PoolRules(
        contribution_kind="fixed", contribution_cents=2500, requests_enabled=True, max_per_request_cents=60000,
        reserve_cents=20000, decision_method="stewards", stewards_k=2, allocation_rule="pro_rata", decision_days=7,
    ),
    members=12,
    paid=(
        Paid(3, "rent", 45000, "My hours were cut in half this month and rent is due on the 1st."),
        Paid(4, "utilities", 18000, "The gas company sent a shut-off notice; this covers the overdue bill."),
        Paid(5, "medical", 60000, "An emergency room co-pay that my insurance refused."),
    ),
    pending=Paid(7, "rent", 50000, "My landlord raised the rent and I am short until my new job starts."),
)

INCOME = Plan(
    slug="valley-income-circle",
    name="Valley Income Circle",
    description="An income-sharing circle of the Valley local: each of us puts in 3% of what we earn, and the "
                "circle carries whoever falls on hard times.",
    rules=PoolRules(
        contribution_kind="income_share", share_basis_points=300, floor_cents=1000, cap_cents=8000,
        requests_enabled=True, hardship_enabled=True, hardship_max_months=6, decision_method="vote",
        quorum_percent=50, majority_percent=50, allocation_rule="needs_first", decision_days=7,
    ),
    members=11,
    paid=(
        Paid(2, "debt_payment", 30000, "A collector froze my account; this gets me through until it is lifted."),
        Paid(5, "transport", 22000, "My car's brakes failed and I need it to get to work."),
    ),
    pending=Paid(7, "food", 12000, "Groceries for my kids until my next paycheck."),
)
HARDSHIP_MONTHLY_CENTS = 15000
HARDSHIP_FROM_MONTH = 3  # decided in month 2, paid from month 3 on


def _months(today: dt.date) -> list[dt.date]:
    """The first days of the history's months, oldest first, then this month's (index 7)."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(HISTORY_MONTHS + 1):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _at(day: dt.date, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _label(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


async def _run(
    db: Database, keyring: crypto.Keyring, plan: Plan, people: list[DemoMember], rng: random.Random,
    now: dt.datetime,
) -> str:
    months = _months(now.date())
    started = _at(months[0] - dt.timedelta(days=10))
    creator = people[0]
    pool_id = await pool_queries.create_pool(
        db, slug=plan.slug, name=plan.name, description=plan.description, currency="USD", rules=plan.rules,
        creator_id=creator.id, now=started,
    )
    assert pool_id is not None
    for person in people[1:]:
        role = "steward" if person is people[1] else "member"
        await pool_queries.add_member(db, pool_id, person.id, started, status="active", role=role)
    stewards = [creator, people[1]]
    pseudonyms = {row["member_id"]: row["pseudonym"] for row in await pool_queries.members_of(db, pool_id)}
    monthly = {person.id: plan.rules.contribution_cents for person in people}
    if plan.rules.contribution_kind == "income_share":
        for person in people:
            income = rng.choice([25000, 180000, 210000, 260000, 320000, 400000])
            monthly[person.id] = monthly_contribution(contribution_rule(plan.rules), income)
            sealed = seal_income(person.data_key, pool_id, person.id, income)
            await demo_queries.set_income(db, pool_id, person.id, sealed, monthly[person.id], started)
    requesters = rng.sample(people[2:], len(plan.paid) + 2)  # stewards never ask here: both can decide
    hardship_member = requesters[-1] if plan.rules.hardship_enabled else None
    hardship_request = None
    today = now.date()
    for index, first in enumerate(months, start=1):
        current = index == len(months)
        # contributions: the first days of the month (this month: only those already reported)
        payers = people if not current else [p for p in people if rng.random() < 0.5]
        for person in payers:
            paid_on = first + dt.timedelta(days=rng.randrange(0, 8))
            if paid_on > today:
                paid_on = today
            confirmed = not current or rng.random() < 0.6
            await demo_queries.add_contribution(
                db, pool_id, person.id, pseudonyms[person.id], month=_label(first), amount_cents=monthly[person.id],
                paid_on=paid_on, at=_at(paid_on), status="confirmed" if confirmed else "claimed",
                steward_id=stewards[0].id if person is not stewards[0] else stewards[1].id,
                method=rng.choice(["transfer", "app", "cash"]),
            )
            if index == 2 and person is people[3] and plan is RENT:  # recorded twice by mistake, then reversed
                duplicate = await demo_queries.add_contribution(
                    db, pool_id, person.id, pseudonyms[person.id], month=_label(first),
                    amount_cents=monthly[person.id], paid_on=paid_on, at=_at(paid_on, 19), status="confirmed",
                    steward_id=stewards[0].id,
                )
                await demo_queries.reverse_contribution(db, pool_id, duplicate, stewards[1].id,
                                                        _at(paid_on + dt.timedelta(days=2)))
        if hardship_member is not None and index == HARDSHIP_FROM_MONTH - 1:
            hardship_request = await _decided(
                db, keyring, plan, pool_id, hardship_member, people, rng, first,
                Paid(index, "rent", HARDSHIP_MONTHLY_CENTS,
                     "I was laid off and my unemployment claim is still being processed."),
                kind="hardship", months=plan.rules.hardship_max_months,
            )
        if hardship_request is not None and index >= HARDSHIP_FROM_MONTH and not current:
            sent_on = first + dt.timedelta(days=14)
            await demo_queries.add_payout(
                db, pool_id, hardship_request, installment=index - HARDSHIP_FROM_MONTH + 1, month=_label(first),
                amount_cents=HARDSHIP_MONTHLY_CENTS, sent_by=stewards[0].id, sent_on=sent_on, at=_at(sent_on),
            )
        for paid, requester in zip(plan.paid, requesters, strict=False):
            if paid.month != index:
                continue
            request_id = await _decided(db, keyring, plan, pool_id, requester, people, rng, first, paid)
            sent_on = first + dt.timedelta(days=18)
            await demo_queries.add_payout(
                db, pool_id, request_id, installment=1, month=_label(first), amount_cents=paid.amount_cents,
                sent_by=stewards[1].id, sent_on=sent_on, at=_at(sent_on),
            )
            await demo_queries.set_request(db, request_id, status="paid", closed_at=_at(sent_on + dt.timedelta(days=1)))
    await _pending(db, keyring, plan, pool_id, requesters[len(plan.paid)], people, now)
    steward = next(p.handle for p in people if p is creator)
    return f"{plan.name} (/pools/{plan.slug}, {len(people)} members), a steward: {steward}"


async def _decided(
    db: Database, keyring: crypto.Keyring, plan: Plan, pool_id: int, requester: DemoMember,
    people: list[DemoMember], rng: random.Random, first: dt.date, paid: Paid,
    *, kind: str = "one_off", months: int | None = None,
) -> int:
    """A request submitted early in the month and approved a few days later, with its ballots."""
    submitted = _at(first + dt.timedelta(days=9), 10)
    decided = submitted + dt.timedelta(days=3)
    others = [p for p in people if p is not requester]
    if plan.rules.decision_method == "stewards":
        voters, yes, no = others[:2], 2, 0  # the two stewards (never the requester: they never ask here)
    else:
        voters = rng.sample(others, len(others) // 2 + 2)
        no = 1
        yes = len(voters) - no
    request_id = await demo_queries.add_request(
        db, pool_id, requester.id, pool_queries.new_pseudonym("R"), kind=kind, category=paid.category,
        amount_cents=paid.amount_cents, months=months, needed_by=first + dt.timedelta(days=25),
        explanation_sealed=keyring.encrypt(paid.explanation, EXPLANATION), status="approved",
        decision_method=plan.rules.decision_method, submitted_at=submitted,
        decide_by=submitted + dt.timedelta(days=plan.rules.decision_days), decided_at=decided, yes_votes=yes,
        no_votes=no,
    )
    for voter in voters:
        await demo_queries.add_ballot(db, request_id, voter.id, (submitted + dt.timedelta(days=1)).date())
    return request_id


async def _pending(
    db: Database, keyring: crypto.Keyring, plan: Plan, pool_id: int, requester: DemoMember,
    people: list[DemoMember], now: dt.datetime,
) -> None:
    """This month's request, with one ballot cast so far (its tally stays hidden until decided)."""
    submitted = now - dt.timedelta(days=2)
    voter = next(p for p in people if p is not requester)
    request_id = await demo_queries.add_request(
        db, pool_id, requester.id, pool_queries.new_pseudonym("R"), kind="one_off", category=plan.pending.category,
        amount_cents=plan.pending.amount_cents, months=None, needed_by=(now + dt.timedelta(days=20)).date(),
        explanation_sealed=keyring.encrypt(plan.pending.explanation, EXPLANATION), status="under_decision",
        decision_method=plan.rules.decision_method, submitted_at=submitted,
        decide_by=submitted + dt.timedelta(days=plan.rules.decision_days), yes_votes=1, no_votes=0,
    )
    await demo_queries.add_ballot(db, request_id, voter.id, (submitted + dt.timedelta(hours=20)).date())


async def add_demo_pools(
    db: Database, settings: Settings, keyring: crypto.Keyring, members: list[DemoMember], rng: random.Random
) -> str:
    now = utcnow()
    taken = await demo_queries.pool_slugs(db, [RENT.slug, INCOME.slug])
    plain = [m for m in members if m.role is None]
    if taken == {RENT.slug, INCOME.slug} or len(plain) < RENT.members + INCOME.members:
        return "Mutual-aid pools: already there." if taken else "Mutual-aid pools: not enough demo members."
    # the two pools share a few members, as neighbours do
    chosen = rng.sample(plain[:60], RENT.members + INCOME.members - 3)
    groups = {RENT.slug: chosen[:RENT.members], INCOME.slug: chosen[RENT.members - 3:]}
    made = []
    for plan in (RENT, INCOME):
        if plan.slug in taken:
            continue
        made.append(await _run(db, keyring, plan, groups[plan.slug], rng, now))
    if not made:
        return "Mutual-aid pools: already there."
    releases = await _release_history(db, settings, now)
    return "Mutual-aid pools: " + "; ".join(made) + f"; {releases} releases of their figures"


async def _release_history(db: Database, settings: Settings, now: dt.datetime) -> int:
    """The pools' figures released as the maintenance loop would have, once a period since each
    pool started, from what the ledger held at each instant (with noise, as always)."""
    made = 0
    step = period_length(settings.privacy_budget.period)
    for plan in (RENT, INCOME):
        pool = await pool_queries.pool_by_slug(db, plan.slug)
        assert pool is not None
        instant = released.first_release(pool["created_at"], settings)
        while instant <= now:
            made += await released.release_due_for(db, settings, pool["id"], instant) is not None
            instant += step
    return made

