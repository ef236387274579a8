"""What the campaigns domain adds to Jubilee: campaigns and their pages (for members, organizers
and the public), the counters every pledge moves, what time does to a campaign, announcements,
the collective letter, what each form says once done, and the hooks that keep the counters right
when a debt or a creditor changes."""

from __future__ import annotations

from pathlib import Path

from campaigns import debt_page, demo, home, member_data, tables
from campaigns.announcements import outcomes as announcement_outcomes
from campaigns.announcements import routes as announcement_routes
from campaigns.announcements import service as announcements
from campaigns.collective_letter import contents as collective_contents
from campaigns.collective_letter import member_data as collective_member_data
from campaigns.collective_letter import outcomes as letter_outcomes
from campaigns.collective_letter import routes as letter_routes
from campaigns.collective_letter import tables as letter_tables
from campaigns.counters import commands, pledging, recount, released
from campaigns.dashboard import routes as dashboard_routes
from campaigns.dashboard.status import routes as status_routes
from campaigns.lifecycle import jobs as lifecycle
from campaigns.member import outcomes as member_outcomes
from campaigns.member import retaliation
from campaigns.member import routes as member_routes
from campaigns.organize import outcomes as organize_outcomes
from campaigns.organize import routes as organize_routes
from campaigns.organize import service as organize_service
from campaigns.public import routes as public_routes
from campaigns.strike import outcomes as strike_outcomes
from campaigns.strike import routes as strike_routes
from server.domain import CreditorReference, Domain

DOMAIN = Domain(
    name="campaigns",
    routes=[
        *organize_routes.routes, *status_routes.routes, *dashboard_routes.routes, *announcement_routes.routes, *letter_routes.routes,
        *member_routes.routes, *strike_routes.routes, *public_routes.routes,
    ],
    templates=Path(__file__).resolve().parent / "templates",
    tables=[
        tables.campaigns, tables.campaign_targets, tables.pledges, tables.campaign_cells,
        tables.campaign_members, tables.retaliation_reports,
        tables.campaign_announcements, tables.campaign_member_cells, tables.campaign_conditions,
        letter_tables.campaign_letters, letter_tables.campaign_letter_signers,
    ],
    releases=[released.release_campaigns],
    jobs=[lifecycle.expire_overdue, lifecycle.ask_strikers, announcements.deliver_announcements],
    exporters={"campaigns": member_data.export_campaigns,
               "campaign_letters": collective_member_data.export_signatures},
    erasers=[retaliation.erase_reports],
    demo=demo.add_demo_campaigns,
    debt_watchers=[pledging.watch_debt],
    creditor_references=[CreditorReference(tables.campaign_targets.c.creditor_id)],
    merge_watchers=[recount.after_creditor_merge],
    home_cards=[home.fitting_card],
    debt_sections=[debt_page.debt_section],
    notices=[pledging.CAMPAIGN_ACTIVATED, announcements.CAMPAIGN_ANNOUNCEMENT, lifecycle.CAMPAIGN_EXPIRED,
             lifecycle.CAMPAIGN_CHECKIN, organize_service.CAMPAIGN_ENDED, organize_service.CAMPAIGN_WON],
    outcomes=[
        *member_outcomes.OUTCOMES, *strike_outcomes.OUTCOMES, *organize_outcomes.OUTCOMES,
        *announcement_outcomes.OUTCOMES, *letter_outcomes.OUTCOMES,
    ],
    encrypted_fields=collective_contents.ENCRYPTED_FIELDS,
    commands=[commands.RECOUNT],
)
