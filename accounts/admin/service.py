"""Making an administrator from the terminal (`jubilee admin create`)."""

from __future__ import annotations

from accounts.membership.service import NewMember, sign_up
from accounts.rules import HANDLE_PATTERN
from server import audit, members
from server.db import Database, utcnow
from server.passwords import password_problem

PROBLEMS = {
    "short": "the password must have at least 12 characters",
    "long": "the password is too long",
    "leaked": "that password is in lists of leaked passwords",
    "guessable": "that password would be easy to guess",
}


async def create_administrator(db: Database, handle: str, password: str, language: str) -> NewMember | str:
    """The new administrator, or a message saying why not."""
    if not HANDLE_PATTERN.match(handle):
        return "the handle must be 3 to 40 letters, numbers, dots, dashes or underscores"
    if problem := password_problem(password, (handle,)):
        return PROBLEMS[problem]
    async with db.writing():
        if await members.handle_taken(db, members.normalize_handle(handle)):
            return f"the handle {handle!r} is taken"
        new = await sign_up(db, handle, password, language)
        now = utcnow()
        await members.grant_role(db, new.id, "administrator", None, now)
        await audit.record_audit(db, at=now, actor_id=None, subject_id=new.id, action="role_grant",
                                   role="administrator", via="terminal")
    return new
