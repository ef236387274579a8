"""The roles page: administrators find members, give and remove roles, and read the site-wide
audit log. Giving and removing each have their own form and URL."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from accounts.admin import forms, outcomes, queries, service
from accounts.admin.service import Change
from accounts.audit_words import describe
from accounts.notices import ROLE_NAMES
from server import audit, crypto, members
from server.auth import me, role_required
from server.db import Database
from server.forms import text
from server.i18n import gettext as _
from server.outcomes import Outcome, see_other
from server.tables import ROLES
from server.templating import render

PAGE = "/admin/roles"


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
        },
        status_code=status_code,
    )


@role_required("administrator")
async def roles_page(request: Request) -> Response:
    return await _page(request)


RoleChange = Callable[[Database, crypto.Keyring, int, int, str], Awaitable[Change]]


async def _change(request: Request, change: RoleChange, done: Outcome) -> Response:
    found = forms.role_change(await request.form(), ROLES)
    if found is None:
        raise HTTPException(status_code=400)
    member_id, role = found
    result = await change(request.state.db, request.state.keyring, me(request).id, member_id, role)
    if result is Change.NO_MEMBER:
        raise HTTPException(status_code=404)
    if result is Change.LAST_ADMINISTRATOR:
        return await _page(request, error=_("Jubilee needs at least one administrator. Make someone else an "
                                            "administrator before removing the last one."), status_code=400)
    return see_other(request, PAGE, outcomes.ROLE_UNCHANGED if result is Change.UNCHANGED else done)


@role_required("administrator")
async def grant_role(request: Request) -> Response:
    return await _change(request, service.grant, outcomes.ROLE_GIVEN)


@role_required("administrator")
async def revoke_role(request: Request) -> Response:
    return await _change(request, service.revoke, outcomes.ROLE_REMOVED)


routes = [
    Route(PAGE, roles_page, name="admin_roles"),
    Route(PAGE + "/grant", grant_role, methods=["POST"], name="admin_roles_grant"),
    Route(PAGE + "/revoke", revoke_role, methods=["POST"], name="admin_roles_revoke"),
]
