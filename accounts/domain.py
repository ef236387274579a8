"""What the accounts domain adds to Jubilee: sign-up, log-in and recovery, the account's settings,
the member's own data (download, access log, erasure), the administrators' roles page, and the
notifications these send."""

from __future__ import annotations

from pathlib import Path

from accounts import admin_routes, commands, my_data_routes, notices, routes, settings_routes
from server.domain import Domain

DOMAIN = Domain(
    name="accounts",
    routes=[*routes.routes, *settings_routes.routes, *my_data_routes.routes, *admin_routes.routes],
    templates=Path(__file__).resolve().parent / "templates",
    notices=notices.KINDS,
    commands=[commands.ADMIN],
)
