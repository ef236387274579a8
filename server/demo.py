"""`jubilee demo`: a realistic collective of about 200 members to explore. Packages add steps.

Every demo account has the password DEMO_PASSWORD, printed at the end. The demo accounts share one
password hash and one key derivation, so making 200 of them takes seconds, not minutes. Running
the command twice adds nothing the second time.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from anyio import to_thread

from server import crypto
from server.accounts import queries
from server.accounts.forms import normalize_handle
from server.db import Database, utcnow
from server.passwords import hash_password
from server.settings import Settings

DEMO_PASSWORD = "solidarity forever in the valley"  # noqa: S105 (printed for demo use)
MEMBERS = 200
STAFF = {"demo-admin": "administrator", "demo-organizer": "organizer", "demo-steward": "steward"}
FIRST = [
    "maria", "deshawn", "lupita", "kwame", "rosa", "tommy", "ximena", "jlee", "carmen", "pat", "danny", "ofelia",
    "marcus", "wen", "gabriela", "mike", "sofia", "andre", "yesenia", "paul", "fatima", "chuy", "aisha", "jorge",
    "keisha", "luis", "tran", "brenda", "omar", "graciela", "tyrone", "mei", "esperanza", "jamal", "nadia", "rafael",
]
SEPARATORS = (".", "_", "-", "")


@dataclass(frozen=True)
class DemoMember:
    id: int
    handle: str
    language: str
    data_key: bytes


DemoStep = Callable[[Database, Settings, crypto.Keyring, list[DemoMember], random.Random], Awaitable[str]]
STEPS: list[DemoStep] = []


def demo_handles(rng: random.Random, count: int) -> list[str]:
    handles: list[str] = list(STAFF)
    seen = set(handles)
    while len(handles) < count:
        handle = f"{rng.choice(FIRST)}{rng.choice(SEPARATORS)}{rng.randint(1, 99)}"
        if handle not in seen:
            seen.add(handle)
            handles.append(handle)
    return handles


async def fill(db: Database, settings: Settings, keyring: crypto.Keyring) -> str:
    import campaigns.demo  # noqa: F401  (registers its step, after the debts it joins with)
    import mutual_aid.demo  # noqa: F401  (registers its step: two pools with some months of history)

    if await queries.handle_taken(db, normalize_handle("demo-admin")):
        return "The demo collective is already there."
    rng = random.Random(2026)
    handles = demo_handles(rng, MEMBERS)
    data_keys = [crypto.new_data_key() for _ in handles]
    password_hash = await to_thread.run_sync(hash_password, DEMO_PASSWORD)
    by_password = await to_thread.run_sync(crypto.wrap_many_with_password, data_keys, DEMO_PASSWORD)
    members: list[DemoMember] = []
    now = utcnow()
    async with db.writing():
        for handle, data_key, wrapped in zip(handles, data_keys, by_password, strict=True):
            language = "es" if rng.random() < 0.4 else "en"
            member_id = await queries.create_member(
                db, handle=handle, handle_key=normalize_handle(handle), password_hash=password_hash,
                language=language, data_key_by_password=wrapped,
                data_key_by_recovery=crypto.wrap_with_secret(data_key, crypto.new_recovery_code(), crypto.RECOVERY),
                created_at=now, password_changed_at=now,
            )
            if handle in STAFF:
                await queries.grant_role(db, member_id, STAFF[handle], None, now)
            members.append(DemoMember(member_id, handle, language, data_key))
    lines = [f"Demo collective: {len(members)} members. Every demo account's password is {DEMO_PASSWORD!r}.",
             "Staff accounts: " + ", ".join(f"{h} ({r})" for h, r in STAFF.items()),
             "Some members: " + ", ".join(m.handle for m in members[3:9])]
    for step in STEPS:
        async with db.writing():
            lines.append(await step(db, settings, keyring, members, rng))
    return "\n".join(lines)
