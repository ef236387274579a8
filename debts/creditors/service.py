"""Changes to the registry that span several statements, each in one transaction: a member's
proposal, an organizer's edit, verification, and the merge of two creditors into one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from debts.creditors import queries, rules
from debts.creditors.names import MAX_NAME, name_key
from debts.creditors.tables import creditors
from debts.vocabulary import CREDITOR_KINDS
from server import audit
from server.db import Database, Row
from server.domain import CreditorReference, MergeWatcher

# The registry's own column that names a creditor; the vault and the other domains declare theirs
# in their `Domain`. A row of the duplicate that would collide with a row of the kept creditor (a
# reference with `unique_with`) is deleted instead: right for sets such as a campaign's targets;
# counters keyed by creditor are recounted by a merge watcher instead.
OWN_REFERENCES = (CreditorReference(creditors.c.parent_id),)


async def propose(db: Database, name: str, kind: str) -> int:
    """A member's new creditor, usable at once and unverified; an existing creditor's id when
    one already has exactly that name or alias. Who proposed it is never stored."""
    name = " ".join(name.split())
    key = name_key(name)
    if not key or len(name) > MAX_NAME or kind not in CREDITOR_KINDS:
        raise ValueError("a creditor needs a name of at most 120 characters and a known kind")
    async with db.writing():
        await queries.lock_key(db, key)
        existing = await queries.exact_ids(db, key)
        if existing:
            return existing[0]
        return await queries.add_unverified(db, name, key, kind)


async def save_edit(db: Database, creditor: Row, clean: Mapping[str, Any], *, actor_id: int,
                    now: dt.datetime) -> list[str]:
    """Save an organizer's checked edit and write it to the audit log; the fields it changed
    (none: nothing was saved)."""
    async with db.writing():
        aliases = await queries.aliases_of(db, creditor["id"])
        changed = rules.changed_fields(creditor, queries.address_of(creditor), aliases, clean)
        if not changed:
            return []
        await queries.update_creditor(
            db, creditor["id"], clean["aliases"], name=clean["name"], kind=clean["kind"],
            parent_id=clean["parent_id"], note=clean["note"], address=queries.address_text(clean["address"]),
            address_checked_on=clean["address_checked_on"],
        )
        await audit.record_audit(db, at=now, actor_id=actor_id, subject_id=None, action="creditor_edit",
                                 creditor_id=creditor["id"], name=clean["name"], fields=changed)
    return changed


async def mark_verified(db: Database, creditor: Row, verified: bool, *, actor_id: int, now: dt.datetime) -> None:
    """Mark a creditor verified or not, written to the audit log; nothing when it already is."""
    if verified == creditor["verified"]:
        return
    async with db.writing():
        await queries.set_verified(db, creditor["id"], verified)
        await audit.record_audit(db, at=now, actor_id=actor_id, subject_id=None, action="creditor_verify",
                                 creditor_id=creditor["id"], name=creditor["name"], verified=verified)


async def merge(
    db: Database, *, keep: Mapping[str, Any], duplicate: Mapping[str, Any], actor_id: int | None, now: dt.datetime,
    references: Sequence[CreditorReference], watchers: Sequence[MergeWatcher],
) -> None:
    """Fold `duplicate` into `keep`, in one transaction: every reference (the registry's own and
    `references`, the vault's and the other domains') moves to `keep`, the duplicate's name and
    aliases become aliases of `keep`, fields `keep` lacks are taken from the duplicate, and the
    duplicate is deleted. Written to the audit log; then each of `watchers` is told, in the same
    transaction."""
    keep_id, duplicate_id = keep["id"], duplicate["id"]
    async with db.writing():
        for reference in (*OWN_REFERENCES, *references):
            await queries.move_reference(db, reference, duplicate_id, keep_id)
        # the kept creditor may have had the duplicate as its parent
        await queries.drop_parent(db, keep_id, only_if=keep_id)
        fresh = await queries.creditor_by_id(db, keep_id)
        assert fresh is not None
        filled = rules.filled_by_merge(fresh, duplicate)
        if filled:
            await queries.set_columns(db, keep_id, filled)
        taken = {fresh["name_key"]} | {a["alias_key"] for a in await queries.aliases_of(db, keep_id)}
        moved = [duplicate["name"]] + [a["alias"] for a in await queries.aliases_of(db, duplicate_id)]
        await queries.delete_aliases(db, duplicate_id)
        await queries.add_aliases(db, keep_id, moved, taken=taken)
        await queries.delete_creditor(db, duplicate_id)
        if keep_id in await queries.ancestors(db, keep_id):  # the duplicate's children included an ancestor
            await queries.drop_parent(db, keep_id)
        await audit.record_audit(
            db, at=now, actor_id=actor_id, subject_id=None, action="creditor_merge",
            kept_id=keep_id, kept_name=keep["name"], merged_id=duplicate_id, merged_name=duplicate["name"],
        )
        for watcher in watchers:
            await watcher(db, keep_id, duplicate_id)
