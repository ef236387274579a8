"""The campaigns' demo step: three campaigns over the demo members' own debts.

One open and close to its threshold, one active with its strike on, one won. Their targets are the
registry's creditors that the demo debts actually name, and every member joins through
`campaigns.counters.pledging.pledge` at a time in the past, so counters, activation, notifications and the
published growth series are what they would be had it all happened for real.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from campaigns.counters import pledging, queries, released
from debts import api as vault
from server import crypto
from server.db import Database, Row, utcnow
from server.domain import DemoMember
from server.settings import Settings


@dataclass(frozen=True)
class Plan:
    slug: str
    title: str
    summary: str
    story: str
    demands: str
    kinds: tuple[str, ...]  # the debts members join with; the targets are these debts' most named creditors
    most_targets: int
    threshold: int
    joiners: int  # members who join (if that many have a debt that fits)
    counted: int  # of whom join in solidarity only
    opened_days_ago: int
    joining_days: int  # over how many days they joined
    outcome: str  # "open", "active" or "won"


PLANS = [
    Plan(
        slug="student-debt-strike", title="Student Debt Strike",
        summary="Federal student loan borrowers refusing to pay until the servicers fix what they broke.",
        story=(
            "# Why we are striking\n\nOur servicers **lost our payment counts**, put us in forbearance we never "
            "asked for, and sent us to collections while our applications sat unread. Every one of us was told "
            "to call back later.\n\n# How it works\n\n- You pledge now; nothing happens until *60 of us* have.\n"
            "- When we reach the threshold, we stop paying together, on the same day.\n"
            "- Until then you can change your mind at any time.\n\n"
            "Read the [Department of Education's own audit](https://studentaid.gov/announcements-events) of the "
            "servicers before you decide."
        ),
        demands=(
            "1. Recount every borrower's qualifying payments, and show us the count.\n"
            "2. End forced forbearance and refund the interest it added.\n"
            "3. Recall every defaulted loan sent to collections while an application was pending."
        ),
        kinds=("federal_student",), most_targets=5, threshold=60, joiners=54, counted=4,
        opened_days_ago=30, joining_days=29, outcome="open",
    ),
    Plan(
        slug="medical-debt-strike", title="Medical Debt Strike",
        summary="Patients and their families refusing to pay hospital bills that charity care should have covered.",
        story=(
            "# We got sick, then we got sued\n\nMost of us qualified for **free or discounted care** under the "
            "hospitals' own financial-assistance policies. Nobody told us. The bills went to collectors, and the "
            "collectors went to court.\n\n> I paid for two years on an ER bill that should have been zero.\n\n"
            "The strike is on: *we are not paying* until the demands below are met."
        ),
        demands=(
            "- Screen every patient in collections for financial assistance, and cancel what qualifies.\n"
            "- Withdraw every lawsuit and wage garnishment against a patient who qualified.\n"
            "- Stop selling patients' debts to collectors."
        ),
        kinds=("medical",), most_targets=12, threshold=40, joiners=52, counted=7,
        opened_days_ago=80, joining_days=55, outcome="active",
    ),
    Plan(
        slug="private-student-loan-strike", title="Private Student Loan Strike",
        summary="Borrowers of private student loans who stopped paying together, and won.",
        story=(
            "# What we won\n\nAfter **five months on strike**, the lenders agreed to cancel the loans they "
            "could not document and to cap payments for everyone else.\n\nThank you to everyone who held the "
            "line. The [settlement terms](https://www.consumerfinance.gov/enforcement/actions/) are public."
        ),
        demands=(
            "1. Cancel every loan the lender cannot prove it owns.\n"
            "2. Cap monthly payments at 10% of income.\n"
            "3. Remove the strike from every striker's credit report."
        ),
        kinds=("private_student",), most_targets=4, threshold=20, joiners=26, counted=2,
        opened_days_ago=220, joining_days=50, outcome="won",
    ),
]
START_DELAY_DAYS = 7
STRIKING_SHARE = 0.6  # of pledgers, once the strike is on
WON_DAYS_AGO = 25


def _creditors_of(debt: Row) -> set[int]:
    return {debt["original_creditor_id"], debt["current_holder_id"]} - {None}


def _targets(plan: Plan, debts: dict[int, list[Row]]) -> list[int]:
    """The creditors the plan's kinds of debt name most often, by number of members."""
    named: Counter[int] = Counter()
    for member_debts in debts.values():
        named.update({c for d in member_debts if d["kind"] in plan.kinds for c in _creditors_of(d)})
    return [creditor for creditor, _count in named.most_common(plan.most_targets)]


def _joining_times(rng: random.Random, plan: Plan, count: int, now: dt.datetime) -> list[dt.datetime]:
    opened = now - dt.timedelta(days=plan.opened_days_ago)
    return sorted(opened + dt.timedelta(seconds=3600 + rng.randrange(plan.joining_days * 86400)) for _ in range(count))


async def _publish(db: Database, settings: Settings, campaign_id: int, at: dt.datetime) -> None:
    """What the maintenance loop would have done by `at`: every release due then."""
    await released.release_due_for(db, settings, campaign_id, at)


async def _run_plan(
    db: Database, settings: Settings, keyring: crypto.Keyring, plan: Plan, debts: dict[int, list[Row]],
    organizer: int | None, rng: random.Random, now: dt.datetime,
) -> str:
    targets = _targets(plan, debts)
    fitting = {member: [d for d in member_debts if d["kind"] in plan.kinds and _creditors_of(d) & set(targets)]
               for member, member_debts in debts.items()}
    joiners = sorted(member for member, fit in fitting.items() if fit)
    rng.shuffle(joiners)
    joiners = joiners[:plan.joiners]
    counted = set(rng.sample(joiners, min(plan.counted, len(joiners))))
    pledgers = len(joiners) - len(counted)
    # the open campaign stays just short of its threshold; the others meet theirs
    threshold = max(plan.threshold, pledgers + 1) if plan.outcome == "open" else min(plan.threshold, pledgers)
    opened = now - dt.timedelta(days=plan.opened_days_ago)
    campaign_id = await queries.create_campaign(
        db, slug=plan.slug, title=plan.title, summary=plan.summary, story=plan.story, demands=plan.demands,
        status="open", currency="USD", threshold_members=threshold,
        deadline=None if plan.outcome == "won" else now + dt.timedelta(days=25), start_delay_days=START_DELAY_DAYS,
        created_by=organizer, created_at=opened - dt.timedelta(days=2), opened_at=opened,
    )
    await queries.replace_targets(db, campaign_id, targets, [], [])
    for member, at in zip(joiners, _joining_times(rng, plan, len(joiners), now), strict=True):
        level = "counted" if member in counted else "pledged"
        min_others = rng.choice([0, 0, 0, 5, 10]) if level == "pledged" else 0
        for debt in fitting[member]:
            await pledging.pledge(db, keyring, campaign_id, member, debt["id"], level, min_others, at)
        await _publish(db, settings, campaign_id, at)
    won_at = now - dt.timedelta(days=WON_DAYS_AGO)
    campaign = await queries.campaign_by_id(db, campaign_id)
    if campaign is not None and campaign["strike_starts_on"] is not None:
        strikers = rng.sample([m for m in joiners if m not in counted], int(pledgers * STRIKING_SHARE))
        until = won_at - dt.timedelta(days=5) if plan.outcome == "won" else now
        await _strike(db, keyring, settings, campaign, {m: fitting[m] for m in strikers}, rng, until)
    if plan.outcome == "won":
        await queries.set_status(db, campaign_id, "active", status="won", closed_at=won_at)
    await _publish(db, settings, campaign_id, now)
    campaign = await queries.campaign_by_id(db, campaign_id)
    assert campaign is not None
    return f"{plan.slug} ({campaign['status']}, {len(joiners)} members)"


async def _strike(
    db: Database, keyring: crypto.Keyring, settings: Settings, campaign: Row, strikers: dict[int, list[Row]],
    rng: random.Random, until: dt.datetime,
) -> None:
    """Once the strike has started, these pledgers stop paying: their debts move to "striking"."""
    starts = dt.datetime.combine(campaign["strike_starts_on"], dt.time(9), tzinfo=dt.UTC)
    if starts >= until:
        return
    span = int((until - starts).total_seconds())
    moments = sorted((starts + dt.timedelta(seconds=rng.randrange(span)), member) for member in sorted(strikers))
    for at, member in moments:
        for debt in strikers[member]:
            await pledging.pledge(db, keyring, campaign["id"], member, debt["id"], "striking", 0, at)
        await _publish(db, settings, campaign["id"], at)


async def add_demo_campaigns(
    db: Database, settings: Settings, keyring: crypto.Keyring, members: list[DemoMember], rng: random.Random
) -> str:
    debts = {member.id: await vault.debts_of(db, member.id) for member in members}
    organizer = next((m.id for m in members if m.handle == "demo-organizer"), None)
    now = utcnow()
    made = []
    for plan in PLANS:
        if plan.slug in await queries.slugs_starting(db, plan.slug):
            continue
        made.append(await _run_plan(db, settings, keyring, plan, debts, organizer, rng, now))
    if not made:
        return "Campaigns: already there."
    return "Campaigns: " + ", ".join(made) + "." + await _a_striker(db, members)


async def _a_striker(db: Database, members: list[DemoMember]) -> str:
    """A member on strike in the active campaign, to log in as and see a strike from the inside."""
    for plan in PLANS:
        campaign = await queries.public_campaign(db, plan.slug)
        if campaign is None or campaign["status"] != "active":
            continue
        striking = sorted(p["member_id"] for p in await queries.all_pledges(db, campaign["id"]) if p["level"] == "striking")
        handles = {m.id: m.handle for m in members if m.role is None}
        plain = [member for member in striking if member in handles]
        if plain:
            return f"\nA member on strike in {plan.slug}: {handles[plain[0]]}"
    return ""

