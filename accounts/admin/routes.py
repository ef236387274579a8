"""Administrators grant and remove roles; every change is written to the audit log."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from accounts.admin import queries
from accounts.audit_words import describe
from accounts.notices import ROLE_GRANTED, ROLE_NAMES, ROLE_REVOKED
from server import audit, members
from server.auth import current_member, role_required
from server.db import utcnow
from server.forms import text
from server.i18n import gettext as _
from server.notices.outbox import notify
from server.tables import ROLES
from server.templating import render


async def _page(request: Request, *, error: str = "", status_code: int = 200) -> Response:
    db = request.state.db
    search = text(request.query_params, "q", 40) if request.method == "GET" else ""
    found = await queries.members_with_roles(db, handle_prefix=members.normalize_handle(search)) if search else []
    return render(
        request,
        "accounts/admin/roles.html",
        {
            "search": search,
            "found": found,
            "privileged": await queries.privileged_members(db),
            "audit": [{**e, "description": describe(e)} for e in await audit.audit_entries(db, limit=50, site_wide=True)],
            "roles": ROLES,
            "role_names": ROLE_NAMES,
            "error": error,
            "notice": request.query_params.get("done", ""),
        },
        status_code=status_code,
    )


@role_required("administrator")
async def roles_page(request: Request) -> Response:
    return await _page(request)


@role_required("administrator")
async def change_role(request: Request) -> Response:
    data = await request.form()
    actor = current_member(request)
    assert actor is not None
    role, action = text(data, "role", 20), text(data, "action", 10)
    try:
        member_id = int(text(data, "member_id", 20))
    except ValueError:
        raise HTTPException(status_code=400) from None
    if role not in ROLES or action not in ("grant", "revoke"):
        raise HTTPException(status_code=400)
    db = request.state.db
    subject = await members.member_by_id(db, member_id)
    if subject is None:
        raise HTTPException(status_code=404)
    held = role in await members.roles_of(db, member_id)
    if action == "revoke" and role == "administrator" and held and await members.count_with_role(db, role) <= 1:
        return await _page(request, error=_("Jubilee needs at least one administrator. Make someone else an "
                                            "administrator before removing the last one."), status_code=400)
    now = utcnow()
    if action == "grant":
        changed = await members.grant_role(db, member_id, role, actor.id, now)
    else:
        changed = held
        if held:
            await members.revoke_role(db, member_id, role)
    if not changed:
        return RedirectResponse("/admin/roles?done=unchanged", status_code=303)
    await audit.record_audit(db, at=now, actor_id=actor.id, subject_id=member_id, action=f"role_{action}", role=role)
    kind = ROLE_GRANTED if action == "grant" else ROLE_REVOKED
    await notify(db, request.state.keyring, member_id, kind, role=role)
    return RedirectResponse("/admin/roles?done=" + action, status_code=303)


routes = [
    Route("/admin/roles", roles_page, name="admin_roles"),
    Route("/admin/roles", change_role, methods=["POST"], name="admin_roles_change"),
]
