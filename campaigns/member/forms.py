"""What a member types on their campaign pages: joining, and changing a debt's level or condition.
Pure checks; which debts may be chosen comes from the route."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from campaigns.vocabulary import LEVELS, NOT_PAYING
from server.forms import Form, every, text
from server.i18n import format_number
from server.i18n import gettext as _

MAX_CONDITION = 1_000_000
MAX_CHOSEN = 200


def parse_condition(typed: str) -> int | None:
    """"Only if at least N others pledge": empty is 0 (no condition); None when it is not a number
    from 0 to a million."""
    cleaned = typed.replace(",", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return 0
    if not re.fullmatch(r"[0-9]{1,7}", cleaned) or int(cleaned) > MAX_CONDITION:
        return None
    return int(cleaned)


def _ids(values: list[Any]) -> list[int] | None:
    """Whole numbers from the form's repeated field; None if any is not one."""
    ids = []
    for value in values[:MAX_CHOSEN]:
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,10}", value.strip()):
            return None
        ids.append(int(value))
    return ids


def _level_and_condition(form: Form, data: Mapping[str, Any], *, asking: bool) -> None:
    """Level, condition, and the "I have read what not paying can lead to" box when `asking`."""
    values, clean = form.values, form.clean
    values["level"] = text(data, "level", 20)
    values["min_others"] = text(data, "min_others", 20)
    values["understood"] = "yes" if data.get("understood") == "yes" else ""
    if values["level"] not in LEVELS:
        form.errors["level"] = _("Choose how you take part.")
    else:
        clean["level"] = values["level"]
    condition = parse_condition(values["min_others"])
    if condition is None:
        form.errors["min_others"] = _("Write a whole number of members from 0 to %(max)s, or leave it empty.",
                                      max=format_number(MAX_CONDITION))
    else:
        # the condition is about when to stop paying: it means nothing for counted or striking debts
        clean["min_others"] = condition if values["level"] == "pledged" else 0
    if asking and values["level"] in NOT_PAYING and not values["understood"]:
        form.errors["understood"] = _("Tick the box to say you have read what not paying can lead to.")


def join_form(data: Mapping[str, Any], allowed: Collection[int]) -> Form:
    """The join form: `allowed` are the ids of the member's own debts that fit and are not in yet."""
    chosen = _ids(every(data, "debts"))
    form = Form({"debts": [str(i) for i in chosen or []]})
    if chosen is None or any(debt_id not in allowed for debt_id in chosen):
        form.errors["debts"] = _("Choose among your own debts that fit this campaign.")
        form.values["debts"] = [str(i) for i in chosen or [] if i in allowed]
    elif not chosen:
        form.errors["debts"] = _("Choose at least one debt.")
    else:
        form.clean["debt_ids"] = sorted(set(chosen))
    _level_and_condition(form, data, asking=True)
    return form


def change_form(data: Mapping[str, Any], old_level: str) -> Form:
    """A change of one debt's level or condition; raising a counted debt to a strike asks again."""
    form = Form({})
    _level_and_condition(form, data, asking=old_level not in NOT_PAYING)
    return form
