"""Audit entries as sentences in the reader's language: on the administrators' Roles page and on
each member's own data page ("who has looked at or changed my data")."""

from __future__ import annotations

import json
from typing import Any

from accounts.notices import ROLE_NAMES
from server.i18n import gettext as _

# Set in an entry's detail when its actor or subject erased their account (the column becomes
# NULL), so the entry is not mistaken for one made from the server's terminal (no actor) or one
# about no member at all (no subject, e.g. an edit of the creditor registry).
ACTOR_ERASED = "actor_erased"
SUBJECT_ERASED = "subject_erased"


def describe(entry: dict[str, Any]) -> str:
    """An audit entry as a sentence in the reader's language."""
    detail = json.loads(entry["detail"] or "{}")
    if entry["action"] == "member_erased":
        return _("A member erased their account.")
    if entry["actor"]:
        actor = entry["actor"]
    elif detail.get(ACTOR_ERASED):
        actor = _("A member who has since erased their account")
    else:
        actor = _("The server's terminal")
    member = entry["subject"] or (_("an erased member") if detail.get(SUBJECT_ERASED) else "")
    words = {
        "actor": actor,
        "member": member or _("an erased member"),
        "role": str(ROLE_NAMES.get(detail.get("role", ""), detail.get("role", ""))),
    }
    if entry["action"] == "role_grant":
        return _("%(actor)s gave %(member)s the role %(role)s.", **words)
    if entry["action"] == "role_revoke":
        return _("%(actor)s removed the role %(role)s from %(member)s.", **words)
    if entry["action"] == "creditor_edit":
        return _("%(actor)s edited the creditor %(name)s.", actor=actor, name=detail.get("name", ""))
    if entry["action"] == "creditor_verify":
        if detail.get("verified", True):
            return _("%(actor)s checked and verified the creditor %(name)s.", actor=actor, name=detail.get("name", ""))
        return _("%(actor)s marked the creditor %(name)s as not verified.", actor=actor, name=detail.get("name", ""))
    if entry["action"] == "creditor_merge":
        return _("%(actor)s merged the creditor %(merged)s into %(kept)s.", actor=actor,
                 merged=detail.get("merged_name", ""), kept=detail.get("kept_name", ""))
    pool = str(detail.get("slug", ""))
    if entry["action"] == "pool_steward_named":
        return _("%(actor)s made %(member)s a steward of the pool %(pool)s.", actor=actor, member=words["member"],
                 pool=pool)
    if entry["action"] == "pool_steward_stepped_down":
        return _("%(actor)s made %(member)s a plain member of the pool %(pool)s again.", actor=actor,
                 member=words["member"], pool=pool)
    if not member:
        return _("%(actor)s: %(action)s.", action=entry["action"], actor=actor)
    return _("%(actor)s: %(action)s, %(member)s.", action=entry["action"], **words)
