"""A pool's released figures as the public page shows them: shaped (`figures`) and in words
(`words`), or when the first ones come. No other page shows figures about other members to
anyone but the stewards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mutual_aid.public import released, words
from mutual_aid.public.figures import last_months, pool_figures
from mutual_aid.vocabulary import CATEGORIES
from server.db import Database, Row
from server.disclosure import wording
from server.settings import Settings


def _month_day(month: str) -> dt.date:
    year, number = month.split("-")
    return dt.date(int(year), int(number), 1)


async def figures_context(db: Database, settings: Settings, pool: Row, now: dt.datetime) -> dict[str, Any]:
    """The pool's released figures in words, for the public page."""
    period = settings.privacy_budget.period
    latest = await released.latest(db, pool["id"], period)
    months = last_months((latest.released_at - dt.timedelta(seconds=1)).date() if latest else now.date())
    shown = pool_figures(latest, await released.series(db, pool["id"], period) if latest else [], months,
                         settings.suppression_k)
    if shown is None:
        return {"figures": None, "noise": wording.margin_sentence(),
                "timing": words.first_figures(released.first_release(pool["created_at"], settings), now, period)}
    currency, margins = pool["currency"], shown.table_margins
    return {
        "figures": shown,
        "said": {
            "balance": words.amount(shown.balance, currency), "money_in": words.amount(shown.money_in, currency),
            "money_out": words.amount(shown.money_out, currency), "members": words.members(shown.members),
            "funded": words.members(shown.funded),
        },
        "months": [(_month_day(month.month), words.whole(month.money_in, margins["money_in"], currency),
                    words.whole(month.money_out, margins["money_out"], currency)) for month in shown.months],
        "categories": [(CATEGORIES[code], words.whole(value, margins["category"], currency))
                       for code, value in shown.categories.items()],
        "noise": wording.margin_sentence(),
        "timing": words.released_on(shown.released_at, now, period),
    }
