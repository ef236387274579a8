"""What the organizers' creditor forms need the registry for: the parent company typed, turned
into a creditor of the registry; a name no other creditor has; and the creditor chosen for a merge."""

from __future__ import annotations

from debts.creditors import queries
from debts.creditors.forms import CreditorForm, MergeForm
from debts.creditors.names import name_key
from server.db import Database, Row
from server.i18n import gettext as _


async def resolve_parent(db: Database, creditor: Row, form: CreditorForm) -> list[Row] | None:
    """Set `form.clean["parent_id"]` from the typed parent company, or add an error and return
    the creditors to choose from. A choice counts only if it is among the matches for the text
    now in the field, so a forged id cannot attach another creditor."""
    form.clean["parent_id"] = None
    typed, choice = form.values["parent"], form.values["parent_choice"]
    if not typed:
        return None
    matches = [m for m in await queries.search(db, typed) if m["id"] != creditor["id"]]
    chosen = next((m for m in matches if str(m["id"]) == choice), None)
    exact = [m for m in matches if m["exact"]]
    if chosen is None and not choice and len(exact) == 1:
        chosen = exact[0]
    if chosen is None:
        form.values["parent_choice"] = ""
        if choice:
            form.errors["parent"] = _("Choose one of the creditors listed under the parent company.")
        elif matches:
            form.errors["parent"] = _("Several creditors match. Choose the parent company below.")
        else:
            form.errors["parent"] = _("No creditor in the registry has that name. Add the parent company first.")
        return exact or matches
    if creditor["id"] in await queries.ancestors(db, chosen["id"]):
        form.errors["parent"] = _("%(name)s is already owned by this creditor, so it cannot be its parent.",
                                  name=chosen["name"])
        return None
    form.values["parent"], form.values["parent_choice"] = chosen["name"], str(chosen["id"])
    form.clean["parent_id"] = chosen["id"]
    return None


async def refuse_a_taken_name(db: Database, creditor: Row, form: CreditorForm) -> None:
    """Two creditors never have the same name (by its key): the organizer merges them instead."""
    twin = await queries.name_taken(db, name_key(form.clean["name"]), except_id=creditor["id"])
    if "name" not in form.errors and twin is not None:
        form.errors["name"] = _("%(name)s already has this name. If they are the same creditor, merge the two.",
                                name=twin["name"])


async def creditor_to_merge(db: Database, creditor: Row, form: MergeForm) -> Row | None:
    """The creditor chosen on the merge form, or None with an error: a creditor is never merged
    with itself, and a forged or vanished id is refused."""
    other = await queries.creditor_by_id(db, form.other_id) if form.other_id else None
    if form.other_id is not None and (other is None or other["id"] == creditor["id"]):
        form.errors["other"] = _("Choose another creditor from the list: that one cannot be merged with this one.")
    return other if form.ok else None
