"""What each package holds about a member: how to export it, and how to erase it.

Domain packages register here (the shell knows them only through these hooks): an exporter
returns a JSON-ready section of the member's download; an eraser deletes or anonymises the
package's rows about the member, and takes them out of every count, before the member's own row
is deleted. Erasers run inside the erasure's single transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from server.crypto import Keyring
from server.db import Database

# (db, member_id, data_key, keyring) -> a JSON-ready section; data_key opens the member's own
# fields, the keyring those sealed with the server keys
Exporter = Callable[[Database, int, bytes, Keyring], Awaitable[Any]]
# (db, member_id) -> None
Eraser = Callable[[Database, int], Awaitable[None]]

EXPORTERS: dict[str, Exporter] = {}
ERASERS: list[Eraser] = []


def register_exporter(section: str, exporter: Exporter) -> None:
    EXPORTERS[section] = exporter


def register_eraser(eraser: Eraser) -> None:
    ERASERS.append(eraser)
