"""What the notifications domain adds to Jubilee: the member's list of notifications."""

from __future__ import annotations

from pathlib import Path

from notifications.routes import routes
from server.domain import Domain

DOMAIN = Domain(
    name="notifications",
    routes=routes,
    templates=Path(__file__).resolve().parent / "templates",
)
