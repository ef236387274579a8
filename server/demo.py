"""`jubilee demo`: a realistic collective of about 200 members to explore; each domain adds its
step (debts, then pools and campaigns over them), in the order of `server.registry.DOMAINS`.

Every demo account has the password DEMO_PASSWORD, printed at the end. The demo accounts share one
password hash and one key derivation, so making 200 of them takes seconds, not minutes. Each step
draws from its own random generator, seeded by the domain's name, so the demo is the same on every
machine whatever the steps before it drew. Running the command twice adds nothing the second time.
"""

from __future__ import annotations

import random

from anyio import to_thread

from server import crypto
from server.db import Database, utcnow
from server.domain import DemoMember
from server.members import create_member, grant_role, handle_taken, normalize_handle
from server.passwords import hash_password
from server.registry import DOMAINS
from server.settings import Settings

DEMO_PASSWORD = "solidarity forever in the valley"  # noqa: S105 (printed for demo use)
MEMBERS = 200
SEED = 2026
STAFF = {"demo-admin": "administrator", "demo-organizer": "organizer", "demo-steward": "steward"}
FIRST = [
    "maria", "deshawn", "lupita", "kwame", "rosa", "tommy", "ximena", "jlee", "carmen", "pat", "danny", "ofelia",
    "marcus", "wen", "gabriela", "mike", "sofia", "andre", "yesenia", "paul", "fatima", "chuy", "aisha", "jorge",
    "keisha", "luis", "tran", "brenda", "omar", "graciela", "tyrone", "mei", "esperanza", "jamal", "nadia", "rafael",
]
SEPARATORS = (".", "_", "-", "")


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
    if await handle_taken(db, normalize_handle("demo-admin")):
        return "The demo collective is already there."
    rng = random.Random(SEED)
    handles = demo_handles(rng, MEMBERS)
    data_keys = [crypto.new_data_key() for _ in handles]
    password_hash = await to_thread.run_sync(hash_password, DEMO_PASSWORD)
    by_password = await to_thread.run_sync(crypto.wrap_many_with_password, data_keys, DEMO_PASSWORD)
    members: list[DemoMember] = []
    now = utcnow()
    async with db.writing():
        for handle, data_key, wrapped in zip(handles, data_keys, by_password, strict=True):
            language = "es" if rng.random() < 0.4 else "en"
            member_id = await create_member(
                db, handle=handle, handle_key=normalize_handle(handle), password_hash=password_hash,
                language=language, data_key_by_password=wrapped,
                data_key_by_recovery=crypto.wrap_with_secret(data_key, crypto.new_recovery_code(), crypto.RECOVERY),
                created_at=now, password_changed_at=now,
            )
            role = STAFF.get(handle)
            if role is not None:
                await grant_role(db, member_id, role, None, now)
            members.append(DemoMember(member_id, handle, language, data_key, role))
    lines = [f"Demo collective: {len(members)} members. Every demo account's password is {DEMO_PASSWORD!r}.",
             "Staff accounts: " + ", ".join(f"{h} ({r})" for h, r in STAFF.items()),
             "Some members: " + ", ".join(m.handle for m in members[3:9])]
    for name, step in DOMAINS.demo_steps:
        async with db.writing():
            lines.append(await step(db, settings, keyring, members, random.Random(f"{SEED}:{name}")))
    return "\n".join(lines)
