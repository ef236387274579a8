"""What the letters domain adds to Jubilee: writing a letter from a debt (`letters.writing`),
tracking it and its deadline, with reminders and the deadlines on a member's home page
(`letters.tracking`), over the catalogue of letters (`letters.catalogue`)."""

from __future__ import annotations

from pathlib import Path

from letters import member_data, tables
from letters.commands import LETTERS
from letters.tracking import debt_page, home, reminders
from letters.tracking import outcomes as tracking_outcomes
from letters.tracking import routes as tracking_routes
from letters.writing import outcomes as writing_outcomes
from letters.writing import routes as writing_routes
from server.domain import Domain

DOMAIN = Domain(
    name="letters",
    routes=[*writing_routes.routes, *tracking_routes.routes],
    templates=Path(__file__).resolve().parent / "templates",
    tables=[tables.letters, tables.letter_deadlines],
    jobs=[reminders.remind_deadlines],
    exporters={"letters": member_data.export_letters},
    home_cards=[home.deadlines_card],
    debt_sections=[debt_page.debt_section],
    notices=[reminders.LETTER_ANSWER_DUE, reminders.LETTER_MAIL_BY, reminders.LETTER_ARRIVE_BY,
             reminders.LETTER_RECORDS_BY],
    outcomes=[*writing_outcomes.OUTCOMES, *tracking_outcomes.OUTCOMES],
    commands=[LETTERS],
)
