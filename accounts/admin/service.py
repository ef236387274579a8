"""Giving and removing roles, each change written to the audit log and told to the member; and
making an administrator from the terminal (`jubilee admin create`)."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from accounts.admin import rules
from accounts.membership.service import NewMember, handle_taken, sign_up
from accounts.notices import ROLE_GRANTED, ROLE_REVOKED
from accounts.rules import (
    handle_confusable_message,
    handle_shape_message,
    is_handle,
    looks_like_another_alphabet,
    password_message,
)
from server import audit, crypto, members
from server.db import Database, utcnow
from server.notices.outbox import notify
from server.passwords import password_problem


class Change(StrEnum):
    DONE = "done"
    UNCHANGED = "unchanged"  # the member already had the role, or did not have it
    NO_MEMBER = "no_member"
    LAST_ADMINISTRATOR = "last_administrator"


async def is_last_administrator(db: Database, member_id: int, roles: Collection[str] | None = None) -> bool:
    """The administrators are counted only when the member is one. (The count locks the grants
    until the transaction ends, so two administrators cannot both leave at once.)"""
    if roles is None:
        roles = await members.roles_of(db, member_id)
    if rules.ADMINISTRATOR not in roles:
        return False
    return rules.is_last_administrator(roles, await members.count_with_role(db, rules.ADMINISTRATOR))


async def grant(db: Database, keyring: crypto.Keyring, actor_id: int, member_id: int, role: str) -> Change:
    if await members.member_by_id(db, member_id) is None:
        return Change.NO_MEMBER
    now = utcnow()
    if not await members.grant_role(db, member_id, role, actor_id, now):
        return Change.UNCHANGED
    await audit.record_audit(db, at=now, actor_id=actor_id, subject_id=member_id, action="role_grant", role=role)
    await notify(db, keyring, member_id, ROLE_GRANTED, role=role)
    return Change.DONE


async def revoke(db: Database, keyring: crypto.Keyring, actor_id: int, member_id: int, role: str) -> Change:
    if await members.member_by_id(db, member_id) is None:
        return Change.NO_MEMBER
    roles = await members.roles_of(db, member_id)
    if role not in roles:
        return Change.UNCHANGED
    if role == rules.ADMINISTRATOR and await is_last_administrator(db, member_id, roles):
        return Change.LAST_ADMINISTRATOR
    await members.revoke_role(db, member_id, role)
    await audit.record_audit(db, at=utcnow(), actor_id=actor_id, subject_id=member_id, action="role_revoke",
                             role=role)
    await notify(db, keyring, member_id, ROLE_REVOKED, role=role)
    return Change.DONE


async def create_administrator(db: Database, handle: str, password: str, language: str) -> NewMember | str:
    """The new administrator, or a message saying why not: the sign-up page's, in the current
    language."""
    if not is_handle(handle):
        return f"the handle is refused: {handle_shape_message()}"
    if looks_like_another_alphabet(handle):
        return f"the handle is refused: {handle_confusable_message()}"
    if problem := password_problem(password, (handle,)):
        return f"the password is refused: {password_message(problem)}"
    async with db.writing():
        if await handle_taken(db, handle):
            return f"the handle {handle!r} is taken"
        new = await sign_up(db, handle, password, language)
        now = utcnow()
        await members.grant_role(db, new.id, rules.ADMINISTRATOR, None, now)
        await audit.record_audit(db, at=now, actor_id=None, subject_id=new.id, action="role_grant",
                                 role=rules.ADMINISTRATOR, via="terminal")
    return new
