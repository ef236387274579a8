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
# who a debt of each kind is usually owed to first, and who collects it later, where that is not
# the general default above: a medical bill comes from a hospital, a federal student loan from the
# government and is held by a servicer
NEW_KIND_BY_DEBT = {
    "original_creditor": {"federal_student": "government", "medical": "hospital", "housing": "landlord",
                          "court": "government", "tax": "government"},
    "current_holder": {"federal_student": "servicer", "private_student": "servicer", "mortgage": "servicer"},
}


def default_new_kind(name: str, debt_kind: str) -> str:
    """The kind a new creditor in the field `name` most likely is, for a debt of `debt_kind`."""
    return NEW_KIND_BY_DEBT[name].get(debt_kind, DEFAULT_NEW_KIND[name])


@dataclass
class CreditorChoices:
    # per field: the matches shown for choosing, when the member must choose
    candidates: dict[str, list[Row]] = field(default_factory=dict)
    # per field: why the member is asked to choose; a next step, not a mistake
    notes: dict[str, str] = field(default_factory=dict)
    # per field: the kind proposed for a new creditor (what the member chose, or what fits the debt)
    new_kinds: dict[str, str] = field(default_factory=dict)

    @property
    def waiting(self) -> bool:
        """Whether a creditor still has to be chosen before the debt can be saved."""
        return bool(self.notes)


async def resolve_creditors(db: Database, form: DebtForm, data_kinds: dict[str, str]) -> CreditorChoices:
    """Fill `form.clean[<field>_id]`, or add an error and the matches to choose from."""
    choices = CreditorChoices()
    new: list[tuple[str, str]] = []  # created only once the whole form is right
    for name in CREDITOR_FIELDS:
        chosen_kind = data_kinds.get(name, "")
        choices.new_kinds[name] = (chosen_kind if chosen_kind in CREDITOR_KINDS
                                   else default_new_kind(name, form.values["kind"]))
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
        choices.notes[name] = (
            _("Several creditors go by that name. Choose the one on your papers.") if len(exact) > 1
            else _("“%(name)s” is not in the registry yet. Choose one of these if it is the same, or add it: "
                   "an organizer will check it.", name=typed) if matches
            else _("“%(name)s” is not in the registry yet. Add it below: an organizer will check it.", name=typed)
        )
    if form.ok and not choices.waiting:
        for name, typed in new:
            form.clean[f"{name}_id"] = await registry_changes.propose(db, typed, choices.new_kinds[name])
    return choices
