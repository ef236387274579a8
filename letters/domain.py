"""What the letters domain adds to Jubilee: writing a letter from a debt, tracking it and its
deadline, reminders, the deadlines on a member's home page, and each campaign's collective letter."""

from __future__ import annotations

from pathlib import Path

from letters import (
    collective_contents,
    collective_routes,
    home,
    member_data,
    reminders,
    tables,
    tracking_routes,
    writing_routes,
)
from server.domain import Domain

DOMAIN = Domain(
    name="letters",
    routes=[*writing_routes.routes, *tracking_routes.routes, *collective_routes.routes],
    templates=Path(__file__).resolve().parent / "templates",
    tables=[tables.letters, tables.campaign_letters, tables.campaign_letter_signers],
    jobs=[reminders.remind_deadlines],
    exporters={"letters": member_data.export_letters, "campaign_letters": member_data.export_signatures},
    home_cards=[home.deadlines_card],
    notices=[reminders.LETTER_ANSWER_DUE, reminders.LETTER_MAIL_BY, reminders.LETTER_ARRIVE_BY],
    encrypted_fields=collective_contents.ENCRYPTED_FIELDS,
)
