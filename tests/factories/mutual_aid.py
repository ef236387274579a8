"""Pools: a history built directly in storage (for the public page and ledger tests), and pools,
contributions, aid requests and payouts through the pages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from starlette.testclient import TestClient

from mutual_aid.demo import queries as demo_queries
from mutual_aid.ledger import book as ledger
from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools.rules import PoolRules
from mutual_aid.tables import aid_payouts, aid_requests, contributions, pools
from server import members as account_queries
from server.db import utcnow
from server.tables import members
from tests.conftest import log_out, post, run, sign_up
from tests.factories.pages import text

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass
class History:
    pool_id: int
    slug: str
    members: dict[str, int] = field(default_factory=dict)  # handle -> member id
    pseudonyms: dict[str, str] = field(default_factory=dict)  # handle -> M-pseudonym
    requests: dict[str, int] = field(default_factory=dict)  # name -> request id
    recipients: dict[str, str] = field(default_factory=dict)  # name -> R-pseudonym
    installments: dict[str, int] = field(default_factory=dict)  # name -> payouts so far


async def member(db, handle: str) -> int:
    found = await account_queries.member_by_handle_key(db, handle)
    if found is not None:
        return int(found["id"])
    return int(await account_queries.create_member(
        db, handle=handle, handle_key=handle, password_hash="x", language="en",
        data_key_by_password="x", data_key_by_recovery="x", created_at=NOW, password_changed_at=NOW))


async def pool(db, slug: str, steward: str, handles: list[str], rules: PoolRules | None = None,
               status: str = "open") -> History:
    creator = await member(db, steward)
    pool_id = await pool_queries.create_pool(
        db, slug=slug, name=slug.replace("-", " ").title(), description="We carry each other.", currency="USD",
        rules=rules or PoolRules(contribution_cents=25_00, reserve_cents=0), creator_id=creator,
        now=NOW - dt.timedelta(days=400),
    )
    assert pool_id is not None
    history = History(pool_id, slug)
    history.members[steward] = creator
    for handle in handles:
        history.members[handle] = await member(db, handle)
        await pool_queries.add_member(db, pool_id, history.members[handle], NOW - dt.timedelta(days=400),
                                      status="active")
    for row in await pool_queries.members_of(db, pool_id):
        handle = next(h for h, i in history.members.items() if i == row["member_id"])
        history.pseudonyms[handle] = row["pseudonym"]
    if status == "closed":
        await db.execute(pools.update().where(pools.c.id == pool_id).values(status="closed"))
    return history


async def contribute(db, history: History, handle: str, day: dt.date, cents: int, *, reverse: bool = False) -> int:
    contribution_id = await demo_queries.add_contribution(
        db, history.pool_id, history.members[handle], history.pseudonyms[handle], month=f"{day:%Y-%m}",
        amount_cents=cents, paid_on=day, at=NOW,
    )
    if reverse:
        await demo_queries.reverse_contribution(db, history.pool_id, contribution_id, None, NOW)
    return contribution_id


async def aid(db, history: History, name: str, handle: str, day: dt.date, cents: int, category: str = "rent",
              *, explanation: str = "sealed") -> int:
    """A request by `handle`, approved and paid `cents` on `day` (a second call adds a payout)."""
    if name not in history.requests:
        recipient = pool_queries.new_pseudonym("R")
        history.requests[name] = await demo_queries.add_request(
            db, history.pool_id, history.members[handle], recipient, kind="one_off", category=category,
            amount_cents=max(cents, 1), months=None, needed_by=day, explanation_sealed=explanation,
            status="approved", decision_method="stewards", submitted_at=NOW, decide_by=NOW, decided_at=NOW,
            yes_votes=1,
        )
        history.recipients[name] = recipient
    history.installments[name] = history.installments.get(name, 0) + 1
    return await demo_queries.add_payout(
        db, history.pool_id, history.requests[name], installment=history.installments[name], month=f"{day:%Y-%m}", amount_cents=cents,
        sent_by=None, sent_on=day, at=NOW,
    )


HANDLES = [f"neighbour{i}" for i in range(8)]


def months_ago(count: int, day: int = 5) -> dt.date:
    today = NOW.date()
    year, month = today.year, today.month - count
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, day)


GOOD: dict[str, str] = {
    "name": "Rent circle", "description": "We help with rent.", "currency": "USD",
    "contribution_kind": "fixed", "contribution_amount": "20.00", "share_percent": "", "floor": "", "cap": "",
    "requests_enabled": "yes", "hardship_max_months": "", "max_per_request": "500", "max_per_member_year": "",
    "waiting_days": "30", "reserve": "100", "decision_method": "stewards", "stewards_k": "1",
    "quorum_percent": "50", "majority_percent": "50", "automatic_up_to": "", "decision_days": "7",
    "allocation_rule": "pro_rata",
}


def start_pool(client: TestClient, **changes: str) -> str:
    """Start a pool through the page; returns its slug."""
    data = {**GOOD, **changes}
    response = post(client, "/pools/new", {k: v for k, v in data.items() if v is not None},
                    follow_redirects=False)
    assert response.status_code == 303, text(response)
    match = re.fullmatch(r"/pools/([a-z0-9-]+)/steward", response.headers["location"])
    assert match
    return match[1]


def pool_row(client: TestClient, slug: str) -> dict[str, Any]:
    row = run(client, pool_queries.pool_by_slug, slug)
    assert row is not None
    return row


TODAY = dt.date.today()


def join(client, slug):
    code = pool_row(client, slug)["invite_code"]
    post(client, f"/pools/join/{code}")


def form_key(client, slug):
    match = re.search(r'name="form_key" value="([^"]+)"', client.get(f"/pools/{slug}/me").text)
    assert match
    return match[1]


def i_paid(client, slug, amount="20.00", key=None, **changes):
    data = {"form_key": key or form_key(client, slug), "amount": amount,
            "month": TODAY.strftime("%Y-%m"), "method": "cash", "paid_on": TODAY.isoformat(), **changes}
    return post(client, f"/pools/{slug}/me/paid", data)


def claims(client):
    return run(client, lambda db: db.fetch_all(sa.select(contributions).order_by(contributions.c.id)))


def steward(client, slug, action, contribution=None, **data):
    """A steward's form on the stewards' page: about a contribution (confirm, decline, reverse), or the pool."""
    path = f"/pools/{slug}/steward/" + (f"contributions/{contribution}/{action}" if contribution else action)
    return post(client, path, data)


def build_with(steward: str, plain: str, *, extra_contributions: int = 0):
    async def build(db):
        history = await pool(db, "rent-circle", "stella", HANDLES)
        await pool_queries.add_member(db, history.pool_id, await member(db, steward), NOW, status="active",
                                      role="steward")
        await pool_queries.add_member(db, history.pool_id, await member(db, plain), NOW, status="active")
        for handle in HANDLES:
            await contribute(db, history, handle, months_ago(2), 25_00)
        await contribute(db, history, "neighbour1", months_ago(2, 7), 25_00, reverse=True)
        await aid(db, history, "rent", "neighbour4", months_ago(1, 15), 60_00, "rent", explanation="evicted")
        for index in range(extra_contributions):
            await contribute(db, history, HANDLES[index % 8], months_ago(1, 1 + index % 27), 1_00 + index)
        return history

    return build


JOINED = utcnow() - dt.timedelta(days=90)


SLUG = "care"


NEEDED = (dt.date.today() + dt.timedelta(days=10)).isoformat()


EXPLANATION = "My landlord raised the rent and I lost shifts at work."


def make_pool(client: Any, handles: list[str], *, stewards: tuple[str, ...] = ("anabel",), funds: int = 0,
              **rules: Any) -> dict[str, int]:
    """Sign everyone up, and put them in a pool (the first is its creator); returns ids by handle."""
    for handle in handles:
        sign_up(client, handle)
        log_out(client)

    async def setup(db: Any) -> dict[str, int]:
        rows = await db.fetch_all(sa.select(members.c.id, members.c.handle).where(members.c.handle.in_(handles)))
        ids = {r["handle"]: r["id"] for r in rows}
        pool_id = await pool_queries.create_pool(
            db, slug=SLUG, name="Care pool", description="", currency="USD", rules=PoolRules(**rules),
            creator_id=ids[handles[0]], now=JOINED)
        for handle in handles[1:]:
            await pool_queries.add_member(db, pool_id, ids[handle], JOINED, status="active",
                                          role="steward" if handle in stewards else "member")
        if funds:
            await ledger_queries.record(db, pool_id, ledger.contribution("seed", "M-AAAA", funds),
                                        kind="contribution", happened_on=JOINED.date(), now=JOINED)
        ids["pool"] = pool_id
        return ids

    return run(client, setup)


def ask(client: Any, amount: str = "100.00", **extra: str) -> Any:
    page = client.get(f"/pools/{SLUG}/requests/new")
    key = re.search(r'name="form_key" value="([^"]+)"', page.text)
    assert key, page.text
    data = {"form_key": key.group(1), "kind": "one_off", "amount": amount, "category": "rent",
            "needed_by": NEEDED, "explanation": EXPLANATION, **extra}
    return post(client, f"/pools/{SLUG}/requests/new", data,
                follow_redirects=False)


def request_id(response: Any) -> int:
    assert response.status_code == 303, response.text
    match = re.search(r"/requests/(\d+)", response.headers["location"])
    assert match
    return int(match.group(1))


def vote(client: Any, rid: int, choice: str) -> Any:
    path = f"/pools/{SLUG}/requests/{rid}"
    return post(client, f"{path}/vote", {"choice": choice}, follow_redirects=False)


def status(client: Any, rid: int) -> str:
    return str(run(client, lambda db: db.fetch_val(sa.select(aid_requests.c.status).where(aid_requests.c.id == rid))))


PAYOUTS = f"/pools/{SLUG}/steward/payouts"


def send(client: Any, rid: int, amount: str, *, installment: int | None = None) -> Any:
    page = client.get(PAYOUTS).text
    if installment is None:
        match = re.search(rf'name="request" value="{rid}">\s*<input type="hidden" name="installment" value="(\d+)"', page)
        assert match, page
        installment = int(match.group(1))
    data = {"request": str(rid), "installment": str(installment), "amount": amount,
            "method": "cash", "sent_on": utcnow().date().isoformat()}
    return post(client, f"{PAYOUTS}/send", data, follow_redirects=False)


def payout_ids(client: Any, rid: int) -> list[int]:
    rows = run(client, lambda db: db.fetch_all(sa.select(aid_payouts.c.id).where(aid_payouts.c.request_id == rid)))
    return [r["id"] for r in rows]


def receive(client: Any, rid: int, payout: int) -> Any:
    path = f"/pools/{SLUG}/requests/{rid}"
    return post(client, f"{path}/payouts/{payout}/received", follow_redirects=False)
