"""The registry's rules about editing and merging creditors, as plain functions: what an edit
changes, and what the creditor kept by a merge takes from the one merged into it. (The rules of a
name, keys and closeness, are in `debts.creditors.names`.)"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# the parts of a mailing address besides its lines
ADDRESS_FIELDS = ("recipient", "city", "state", "postal_code", "purpose", "source")
# what a merge may take from the duplicate, where the creditor kept has nothing
FILLED_BY_MERGE = ("parent_id", "note", "address", "address_checked_on")


def comparable_address(address: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A saved address in the shape the form produces, so an untouched address is no change."""
    if not address:
        return None
    return {**{name: str(address.get(name) or "") for name in ADDRESS_FIELDS}, "lines": list(address.get("lines") or [])}


def changed_fields(creditor: Mapping[str, Any], address: Mapping[str, Any] | None,
                   aliases: Sequence[Mapping[str, Any]], clean: Mapping[str, Any]) -> list[str]:
    """The names of the fields an organizer's edit changes, sorted; empty when it changes nothing
    (an address saved and typed again the same way, aliases in another order)."""
    saved = {
        "name": creditor["name"], "kind": creditor["kind"], "parent_id": creditor["parent_id"],
        "note": creditor["note"], "address": comparable_address(address),
        "address_checked_on": creditor["address_checked_on"],
        "aliases": sorted(a["alias"] for a in aliases),
    }
    typed = {**{name: clean[name] for name in saved}, "aliases": sorted(clean["aliases"])}
    return sorted(name for name in saved if saved[name] != typed[name])


def filled_by_merge(kept: Mapping[str, Any], duplicate: Mapping[str, Any]) -> dict[str, Any]:
    """What the creditor kept takes from the duplicate: each of its parent company, note and
    address it lacks (never itself as its own parent), and being verified if the duplicate was."""
    filled = {
        column: duplicate[column]
        for column in FILLED_BY_MERGE
        if kept[column] is None and duplicate[column] is not None and duplicate[column] != kept["id"]
    }
    if duplicate["verified"] and not kept["verified"]:
        filled["verified"] = True
    return filled


def kept_and_merged(creditor: Mapping[str, Any], other: Mapping[str, Any],
                    direction: str) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """(kept, merged): "into_this" keeps the creditor whose page it is, "into_other" the other."""
    return (creditor, other) if direction == "into_this" else (other, creditor)
