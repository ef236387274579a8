"""What the accounts domain adds to Jubilee: sign-up, log-in and recovery, the account's settings,
the member's own data (download, access log, erasure), the administrators' roles page, and the
notifications these send."""

from __future__ import annotations

from pathlib import Path

from accounts import notices
from accounts.admin import commands
from accounts.admin import outcomes as admin_outcomes
from accounts.admin import routes as admin
from accounts.membership import routes as membership
from accounts.my_data import routes as my_data
from accounts.settings import outcomes as settings_outcomes
from accounts.settings import routes as settings
from server.domain import Domain

DOMAIN = Domain(
    name="accounts",
    routes=[*membership.routes, *settings.routes, *my_data.routes, *admin.routes],
    templates=Path(__file__).resolve().parent / "templates",
    notices=notices.KINDS,
    outcomes=[*settings_outcomes.OUTCOMES, *admin_outcomes.OUTCOMES],
    commands=[commands.ADMIN],
)
