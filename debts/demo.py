"""The vault's demo step: realistic debts for the demo members, across kinds, states and creditors."""

from __future__ import annotations

import datetime as dt
import random

from debts.creditors import queries as registry
from debts.vault import queries
from debts.vault.sealing import ACCOUNT_NUMBER, NOTES
from server import crypto
from server.db import Database, utcnow
from server.domain import DemoMember
from server.sealing import seal
from server.settings import Settings

# kind: (weight, typical balance range in dollars, creditor kinds or names to draw from, statuses)
PROFILES = {
    "federal_student": (26, (4_000, 90_000), ["Aidvantage", "Nelnet", "MOHELA", "EdFinancial Services",
                                              "Default Resolution Group"], ["current", "paused", "default", "late"]),
    "private_student": (8, (5_000, 60_000), ["Navient", "Sallie Mae Bank"], ["current", "late", "default", "sued"]),
    "medical": (22, (300, 25_000), ["hospital", "collector"], ["collections", "late", "disputed", "sued"]),
    "credit_card": (18, (800, 18_000), ["original_creditor", "collector"], ["late", "charged_off", "collections"]),
    "payday": (7, (300, 2_500), ["original_creditor"], ["default", "collections"]),
    "auto": (6, (3_000, 28_000), ["original_creditor"], ["current", "late", "default"]),
    "housing": (6, (900, 9_000), ["collector"], ["late", "collections", "sued"]),
    "utility": (4, (150, 2_000), ["collector"], ["late", "collections"]),
    "court": (3, (200, 6_000), ["government"], ["current", "late"]),
}
# typical yearly rates, in hundredths of a percent
RATES = {"federal_student": [373, 453, 505, 654, 680], "private_student": [699, 899, 1199, 1450],
         "credit_card": [2199, 2499, 2899, 2999], "payday": [39000, 52000, 66400], "auto": [699, 1199, 1899, 2299],
         "mortgage": [349, 675, 712]}
REGIONS = ["US-CA", "US-TX", "US-NY", "US-FL", "US-IL", "US-GA", "US-NC", "US-AZ", "US-PR", "US-WA", "US-MI",
           "US-TN", "US-NM", "US-OH", "US-PA"]
NOTES_TEXT = ["Called three times this week.", "Said they would sue if I don't pay by Friday.",
              "Bill came after the ER visit; insurance should have covered it.", "Llamaron a mi trabajo.",
              "Never got a letter explaining this amount.", ""]


async def _creditor_pool(db: Database) -> tuple[dict[str, int], dict[str, list[int]]]:
    rows = await registry.every_creditor(db)
    by_name = {r["name"]: r["id"] for r in rows}
    by_kind: dict[str, list[int]] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], []).append(r["id"])
    return by_name, by_kind


def _pick(rng: random.Random, sources: list[str], by_name: dict[str, int], by_kind: dict[str, list[int]]) -> int | None:
    source = rng.choice(sources)
    if source in by_name:
        return by_name[source]
    pool = by_kind.get(source) or []
    return rng.choice(pool) if pool else None


async def add_demo_debts(
    db: Database, settings: Settings, keyring: crypto.Keyring, members: list[DemoMember], rng: random.Random
) -> str:
    by_name, by_kind = await _creditor_pool(db)
    kinds = list(PROFILES)
    weights = [PROFILES[k][0] for k in kinds]
    today = utcnow().date()
    count = 0
    for member in members:
        region = rng.choice(REGIONS)
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            kind = rng.choices(kinds, weights)[0]
            _, (low, high), sources, statuses = PROFILES[kind]
            balance = rng.randint(low * 100, high * 100)
            opened = today - dt.timedelta(days=rng.randint(200, 4000))
            status = rng.choice(statuses)
            original = _pick(rng, sources, by_name, by_kind)
            holder = _pick(rng, ["collector"], by_name, by_kind) if status in ("collections", "charged_off") else None
            note = rng.choice(NOTES_TEXT)
            values = {
                "kind": kind, "original_creditor_id": original, "current_holder_id": holder,
                "balance_cents": balance, "original_cents": int(balance * rng.uniform(0.6, 1.0)), "currency": "USD",
                "interest_rate_bp": rng.choice([None, *RATES.get(kind, [])]) if RATES.get(kind) else None,
                "status": status, "opened_on": opened,
                "last_payment_on": opened + dt.timedelta(days=rng.randint(30, 150)),
                "first_delinquency_on": None if status == "current" else opened + dt.timedelta(days=rng.randint(160, 190)),
                "first_collection_notice_on": None, "region": region,
                "experiences": ",".join(sorted(rng.sample(["calls", "letters", "threats", "lawsuit", "credit_damage"],
                                                          rng.randint(0, 3)))),
                "account_number_sealed": seal(member.data_key, member.id, ACCOUNT_NUMBER, f"{rng.randint(10**7, 10**9)}"),
                "notes_sealed": seal(member.data_key, member.id, NOTES, note),
            }
            await queries.create_debt(db, member.id, values, utcnow())
            count += 1
    return f"Debts: {count} across {len(kinds)} kinds, {len(REGIONS)} states and the seeded creditors."

