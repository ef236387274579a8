"""What the mutual-aid domain adds to Jubilee: pools and their rules, contributions, aid requests
and their decisions, payouts, the ledger and the pools' public pages; reminders and deadlines over
time; the pools on a member's home page."""

from __future__ import annotations

from pathlib import Path

from mutual_aid import home, member_data, tables
from mutual_aid.aid_requests import jobs as request_jobs
from mutual_aid.aid_requests import routes as request_routes
from mutual_aid.aid_requests import service as deciding
from mutual_aid.contributions import reminders
from mutual_aid.demo import history as demo
from mutual_aid.payouts import service as paying
from mutual_aid.pools import notices as pool_notices
from mutual_aid.pools import routes as pool_routes
from mutual_aid.public import routes as public_routes
from server.domain import Domain

DOMAIN = Domain(
    name="mutual_aid",
    routes=[*pool_routes.routes, *request_routes.routes, *public_routes.routes],
    templates=Path(__file__).resolve().parent / "templates",
    tables=[
        tables.pools, tables.pool_rule_changes, tables.pool_members, tables.contributions, tables.aid_requests,
        tables.aid_ballots, tables.aid_payouts, tables.ledger_entries, tables.ledger_postings,
    ],
    jobs=[request_jobs.aid_requests_over_time, reminders.remind_contributions],
    exporters={"pools": member_data.export_pools, "mutual_aid_requests": member_data.export_aid},
    erasers=[member_data.hand_over_stewardship],
    demo=demo.add_demo_pools,
    home_cards=[home.pools_card],
    notices=[
        *pool_notices.KINDS,
        deciding.AID_REQUEST_TO_DECIDE, deciding.AID_REQUEST_APPROVED, deciding.AID_REQUEST_DECLINED,
        deciding.AID_DECISION_REMINDER,
        paying.AID_PAYOUT_SENT, paying.AID_PAYOUT_REMINDER, paying.AID_PAYOUT_NOT_RECEIVED, paying.AID_PAYOUT_REVERSED,
    ],
    encrypted_fields=deciding.ENCRYPTED_FIELDS,
)
