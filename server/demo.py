"""`jubilee demo`: a small, realistic collective to explore. Later packages add their own steps.

Every demo account has the password DEMO_PASSWORD, printed at the end. Running it twice adds
nothing the second time.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable

from server import crypto
from server.accounts import membership, queries
from server.accounts.forms import normalize_handle
from server.db import Database, utcnow
from server.settings import Settings

DEMO_PASSWORD = "solidarity forever in the valley"  # noqa: S105 (printed for demo use)
STAFF = {"demo-admin": "administrator", "demo-organizer": "organizer", "demo-steward": "steward"}
HANDLES = [
    "maria.g", "deshawn", "lupita", "kwame", "rosa-m", "tommy_b", "ximena", "jlee", "abuela.carmen",
    "nurse-pat", "danny.r", "ofelia", "marcus", "wen", "gabriela", "big-mike", "sofia.t", "andre",
    "yesenia", "paul.k", "fatima", "chuy",
]

DemoStep = Callable[[Database, Settings, crypto.Keyring, dict[str, int]], Awaitable[str]]
STEPS: list[DemoStep] = []


async def fill(db: Database, settings: Settings, keyring: crypto.Keyring) -> str:
    if await queries.handle_taken(db, normalize_handle("demo-admin")):
        return "The demo collective is already there."
    rng = random.Random(2026)
    ids: dict[str, int] = {}
    for handle in [*STAFF, *HANDLES]:
        language = "es" if rng.random() < 0.4 else "en"
        async with db.writing():
            new = await membership.sign_up(db, handle, DEMO_PASSWORD, language)
            ids[handle] = new.id
            if handle in STAFF:
                await queries.grant_role(db, new.id, STAFF[handle], None, utcnow())
    lines = [f"Demo collective: {len(ids)} members. Every demo account's password is {DEMO_PASSWORD!r}.",
             "Staff accounts: " + ", ".join(f"{h} ({r})" for h, r in STAFF.items())]
    for step in STEPS:
        lines.append(await step(db, settings, keyring, ids))
    return "\n".join(lines)
