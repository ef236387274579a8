"""Campaigns, their pledgers and pledges: in storage at the campaign clock `NOW`, or through the
organizers' and members' pages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa
from starlette.testclient import TestClient

from campaigns.counters import pledging, queries, released
from campaigns.tables import campaign_cells, campaign_targets, campaigns, pledges
from debts.creditors import service as registry_changes
from debts.creditors.tables import creditors
from debts.vault import queries as debt_queries
from debts.vault.tables import debts
from server import members as account_queries
from server.db import Database, utcnow
from server.disclosure.schedule import period_length, release_due
from tests.conftest import post, run
from tests.factories.noise import OffsetNoise

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)  # the campaign clock of the storage-level helpers
STARTED = dt.datetime.now(dt.UTC)  # when the campaigns of `make_campaign` start: today


async def make_members(db: Database, count: int) -> list[int]:
    ids = []
    for i in range(count):
        ids.append(await account_queries.create_member(
            db, handle=f"m{i}", handle_key=f"m{i}", password_hash="x", language="en",
            data_key_by_password="x", data_key_by_recovery="x", created_at=NOW, password_changed_at=NOW))
    return ids


async def make_debt(db: Database, member_id: int, cents: int, kind: str = "medical", region: str | None = "US-TX") -> int:
    values = {"kind": kind, "original_creditor_id": None, "current_holder_id": None, "balance_cents": cents,
              "original_cents": None, "currency": "USD", "interest_rate_bp": None, "status": "collections",
              "opened_on": None, "last_payment_on": None, "first_delinquency_on": None,
              "first_collection_notice_on": None, "region": region, "experiences": "",
              "account_number_sealed": None, "notes_sealed": None}
    return await debt_queries.create_debt(db, member_id, values, NOW)


async def cell(db: Database, campaign_id: int, dimension: str, label: str) -> tuple[int, int]:
    row = await db.fetch_one(campaign_cells.select().where(
        campaign_cells.c.campaign_id == campaign_id, campaign_cells.c.dimension == dimension,
        campaign_cells.c.label == label))
    return (row["members"], int(row["amount_cents"])) if row else (0, 0)


async def status(db: Database, campaign_id: int) -> str:
    return str(await db.fetch_val(sa.select(campaigns.c.status).where(campaigns.c.id == campaign_id)))


async def make_pledgers(db: Database, count: int, campaign: str) -> list[int]:
    return [await account_queries.create_member(
        db, handle=f"pledger-qx{campaign}{i}", handle_key=f"pledger-qx{campaign}{i}", password_hash="x", language="en",
        data_key_by_password="x", data_key_by_recovery="x", created_at=NOW, password_changed_at=NOW)
        for i in range(count)]


def pages(client: TestClient, slug: str = "medical-strike") -> tuple[str, dict, str]:
    page = client.get(f"/campaigns/{slug}")
    counter = client.get(f"/campaigns/{slug}/counter.json")
    embed = client.get(f"/campaigns/{slug}/embed")
    assert page.status_code == counter.status_code == embed.status_code == 200
    return page.text, counter.json(), embed.text


Pledge = tuple[int, str, str]  # one member's debt: cents, kind, level


async def campaign_with(db: Database, pledges: list[Pledge], *, status: str = "open", creditor: str | None = None,
                        threshold: int | None = 100, deadline: dt.datetime | None = None) -> int:
    """A campaign where each (cents, kind, level) is one member's debt, pledged at that level."""
    campaign = await queries.create_campaign(
        db, slug="medical-strike", title="Medical debt strike", summary="", story="", demands="", status="open",
        currency="USD", threshold_members=threshold, threshold_cents=None, deadline=deadline, created_at=NOW,
        start_delay_days=0)
    creditor_id = None
    if creditor:
        creditor_id = await registry_changes.propose(db, creditor, "hospital")
        await db.execute(campaign_targets.insert().values(campaign_id=campaign, creditor_id=creditor_id))
    for member, (cents, kind, level) in zip(await make_pledgers(db, len(pledges), "d"), pledges, strict=True):
        debt = await make_debt(db, member, cents, kind)
        if creditor_id is not None:
            await db.execute(sa_update_debt_creditor(debt, creditor_id))
        await pledging.pledge(db, None, campaign, member, debt, level, 0, NOW)
    if status != "open":
        await queries.set_status(db, campaign, "open", status=status)
    return campaign


def sa_update_debt_creditor(debt_id: int, creditor_id: int) -> Any:
    return debts.update().where(debts.c.id == debt_id).values(original_creditor_id=creditor_id)


NAVIENT = "Navient"


async def make_campaign(
    db: Database, slug: str = "navient-strike", *, status: str = "open", creditor_names: tuple[str, ...] = (NAVIENT,),
    kinds: tuple[str, ...] = (), regions: tuple[str, ...] = (), threshold: int = 100, title: str = "",
) -> int:
    """A campaign with its targets; "active" ones started today."""
    campaign_id = await queries.create_campaign(
        db, slug=slug, title=title or slug.replace("-", " ").capitalize(), summary="We owe together.",
        status="open", currency="USD", threshold_members=threshold, created_at=STARTED, start_delay_days=0)
    ids = [await db.fetch_val(sa.select(creditors.c.id).where(creditors.c.name == name)) for name in creditor_names]
    await queries.replace_targets(db, campaign_id, ids, list(kinds), list(regions))
    if status == "active":
        await queries.set_status(db, campaign_id, "open", status="active", activated_at=STARTED,
                                 strike_starts_on=STARTED.date())
    elif status != "open":
        await queries.set_status(db, campaign_id, "open", status=status)
    return campaign_id


def campaign(client: TestClient, slug: str = "navient-strike", **options: Any) -> int:
    return int(run(client, lambda db: make_campaign(db, slug, **options)))


def join(client: TestClient, debt_ids: list[int], *, slug: str = "navient-strike", level: str = "pledged",
         understood: bool = True, min_others: str = "") -> Any:
    data: dict[str, Any] = {"debts": [str(i) for i in debt_ids], "level": level, "min_others": min_others}
    if understood:
        data["understood"] = "yes"
    return post(client, f"/campaigns/{slug}/join", data, follow_redirects=False)


def pledge_rows(client: TestClient) -> list[tuple[int, str, int]]:
    rows = run(client, lambda db: db.fetch_all(pledges.select().order_by(pledges.c.debt_id)))
    return [(r["debt_id"], r["level"], r["min_others"]) for r in rows]


def activate(client: TestClient, campaign_id: int) -> None:
    now = utcnow()
    assert run(client, lambda db: queries.set_status(db, campaign_id, "open", status="active", activated_at=now,
                                                     strike_starts_on=now.date()))


TODAY = dt.datetime.now(dt.UTC).date()


NEXT_MONTH = (TODAY + dt.timedelta(days=30)).isoformat()


def form(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Medical Debt Strike", "summary": "Hospitals sue their patients.", "story": "# Why\n\n*Now*.",
        "demands": "- Cancel it all", "creditor_0": "Navient", "kinds": ["medical", "private_student"],
        "regions": ["US-TX", "US-CA"], "threshold_members": "500", "threshold_amount": "1,000,000",
        "currency": "USD", "deadline": NEXT_MONTH, "start_delay_days": "14",
    }
    values.update(changes)
    return values


def submit(client: TestClient, path: str, data: dict[str, Any]) -> Any:
    return post(client, path, data, follow_redirects=False)


def create(client: TestClient, **changes: Any) -> int:
    response = submit(client, "/organize/campaigns/new", form(**changes))
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/organize/campaigns/(\d+)/edit", response.headers["location"])
    assert match
    return int(match.group(1))


# each change of status has its own address; any other status is posted to an address of its name
STATUS_PATHS = {"open": "open", "won": "won", "ended": "end"}


def change_status(client: TestClient, campaign_id: int, status: str, *, confirm: bool = True) -> Any:
    """Post the change, confirmed as its confirmation page's button does unless `confirm` is False."""
    data = {"confirm": "yes"} if confirm else {}
    return submit(client, f"/organize/campaigns/{campaign_id}/{STATUS_PATHS.get(status, status)}", data)



def release(client: TestClient, campaign_id: int, *, days: int = 1, offset: int = 0,
            noise: Any = None) -> Any:
    """The campaign's release `days` periods after it opened, as the maintenance loop makes it:
    with `OffsetNoise(offset)` (every node exact + offset) unless another noise is given."""
    settings = client.app_state["settings"]

    async def work(db: Database) -> Any:
        row = await queries.campaign_by_id(db, campaign_id)
        assert row is not None
        origin = release_due(row["opened_at"] or row["created_at"], settings.privacy_budget.period)
        at = origin + days * period_length(settings.privacy_budget.period)
        return await released.release_due_for(db, settings, campaign_id, at, noise or OffsetNoise(offset))

    return run(client, work)
