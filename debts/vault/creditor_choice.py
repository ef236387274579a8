"""Turning the creditor names a member typed into registry entries, with a plain form.

No JavaScript needed: if what was typed is exactly a creditor's name or alias, that creditor is
used; otherwise the form comes back with the closest matches to choose from, or the choice to add
what was typed as a new (unverified) creditor. A choice is accepted only if it is among the
matches for the text now in the field, so a forged id cannot attach another creditor silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from debts.creditors import queries as registry
from debts.creditors import service as registry_changes
from debts.creditors.forms import name_problem
from debts.vault.forms import CREDITOR_FIELDS, DebtForm
from debts.vocabulary import CREDITOR_KINDS
from server.db import Database, Row
from server.fields import parse_id
from server.i18n import gettext as _

DEFAULT_NEW_KIND = {"original_creditor": "original_creditor", "current_holder": "collector"}


@dataclass
class CreditorChoices:
    # per field: the matches shown for choosing, when the member must choose
    candidates: dict[str, list[Row]] = field(default_factory=dict)


async def resolve_creditors(db: Database, form: DebtForm, data_kinds: dict[str, str]) -> CreditorChoices:
    """Fill `form.clean[<field>_id]`, or add an error and the matches to choose from."""
    choices = CreditorChoices()
    new: list[tuple[str, str]] = []  # created only once the whole form is right
    for name in CREDITOR_FIELDS:
        column = f"{name}_id"
        form.clean[column] = None
        typed = form.values[name]
        if not typed:
            continue
        choice = form.values[f"{name}_choice"]
        # the whole registry is read for each creditor field (see `debts.creditors.queries.search`)
        matches = await registry.search(db, typed)
        if choice == "new":
            problem = name_problem(typed)
            if problem:
                form.errors[name] = problem
                choices.candidates[name] = matches
            else:
                new.append((name, typed))
            continue
        chosen = parse_id(choice)
        if chosen is not None and any(m["id"] == chosen for m in matches):
            form.clean[column] = chosen
            continue
        exact = [m for m in matches if m["exact"]]
        if len(exact) == 1:
            form.clean[column] = exact[0]["id"]
            continue
        choices.candidates[name] = exact or matches
        form.errors[name] = (
            _("Several creditors go by that name. Choose the one on your papers.") if len(exact) > 1
            else _("We did not find exactly that name. Choose one of these, or add it as a new creditor.")
        )
    if form.ok:
        for name, typed in new:
            kind = data_kinds.get(name, "")
            form.clean[f"{name}_id"] = await registry_changes.propose(
                db, typed, kind if kind in CREDITOR_KINDS else DEFAULT_NEW_KIND[name]
            )
    return choices
