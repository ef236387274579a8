"""What the mutual-aid domain adds to Jubilee: pools and their rules, the stewards' page,
contributions, aid requests and their decisions, payouts, the ledger and the pools' public pages;
reminders and deadlines over time; the pools on a member's home page."""

from __future__ import annotations

from pathlib import Path

from mutual_aid import debt_page, home, member_data, tables
from mutual_aid.aid_requests import jobs as aid_request_jobs
from mutual_aid.aid_requests import notices as aid_request_notices
from mutual_aid.aid_requests import outcomes as aid_request_outcomes
from mutual_aid.aid_requests import routes as aid_request_routes
from mutual_aid.aid_requests.service import ENCRYPTED_FIELDS
from mutual_aid.contributions import notices as contribution_notices
from mutual_aid.contributions import outcomes as contribution_outcomes
from mutual_aid.contributions import reminders
from mutual_aid.contributions import routes as contribution_routes
from mutual_aid.demo.history import add_demo_pools
from mutual_aid.ledger import routes as ledger_routes
from mutual_aid.payouts import jobs as payout_jobs
from mutual_aid.payouts import notices as payout_notices
from mutual_aid.payouts import outcomes as payout_outcomes
from mutual_aid.payouts import routes as payout_routes
from mutual_aid.pools import notices as pool_notices
from mutual_aid.pools import outcomes as pool_outcomes
from mutual_aid.pools import routes as pool_routes
from mutual_aid.public import released
from mutual_aid.public import routes as public_routes
from mutual_aid.stewards import outcomes as steward_outcomes
from mutual_aid.stewards import routes as steward_routes
from server.domain import Domain

DOMAIN = Domain(
    name="mutual_aid",
    # the public page (/pools/{slug}) comes last: the fixed paths under /pools/ come before it
    routes=[
        *pool_routes.routes, *steward_routes.routes, *contribution_routes.routes, *aid_request_routes.routes,
        *payout_routes.routes, *ledger_routes.routes, *public_routes.routes,
    ],
    templates=Path(__file__).resolve().parent / "templates",
    tables=[
        tables.pools, tables.pool_rule_changes, tables.pool_members, tables.contributions, tables.aid_requests,
        tables.aid_ballots, tables.aid_payouts, tables.ledger_entries, tables.ledger_postings,
    ],
    jobs=[aid_request_jobs.aid_requests_over_time, payout_jobs.remind_recipients, reminders.remind_contributions],
    exporters={"pools": member_data.export_pools, "mutual_aid_requests": member_data.export_aid},
    erasers=[member_data.hand_over_stewardship],
    releases=[released.release_pools],
    demo=add_demo_pools,
    home_cards=[home.pools_card],
    debt_sections=[debt_page.debt_section],
    notices=[
        *pool_notices.KINDS, *contribution_notices.KINDS, *aid_request_notices.KINDS, *payout_notices.KINDS,
    ],
    outcomes=[
        *pool_outcomes.OUTCOMES, *steward_outcomes.OUTCOMES, *contribution_outcomes.OUTCOMES,
        *aid_request_outcomes.OUTCOMES, *payout_outcomes.OUTCOMES,
    ],
    encrypted_fields=ENCRYPTED_FIELDS,
)
