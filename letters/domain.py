"""What the letters domain adds to Jubilee: writing a letter from a debt, tracking it and its
deadline, reminders, and the deadlines on a member's home page."""

from __future__ import annotations

from pathlib import Path

from letters import home, member_data, reminders, tables, tracking_routes, writing_routes
from server.domain import Domain

DOMAIN = Domain(
    name="letters",
    routes=[*writing_routes.routes, *tracking_routes.routes],
    templates=Path(__file__).resolve().parent / "templates",
    tables=[tables.letters],
    jobs=[reminders.remind_deadlines],
    exporters={"letters": member_data.export_letters},
    home_cards=[home.deadlines_card],
    notices=[reminders.LETTER_ANSWER_DUE, reminders.LETTER_MAIL_BY, reminders.LETTER_ARRIVE_BY],
)
