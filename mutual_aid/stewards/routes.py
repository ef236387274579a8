"""The stewards' page of a pool: join requests, contributions to confirm (which writes the
ledger) or decline, reversing a confirmed one, the members (with handles: stewards confirm their
payments, so they know who they are; never their income), stewards named and stepped down, and
the invitation link.

Every change is conditional: of two stewards acting on the same row at once, one changes it and
the other is told it was already done. A steward does not confirm their own contribution unless
they are the pool's only steward.
"""

from __future__ import annotations

import re

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from mutual_aid.aid_requests import queries as request_queries
from mutual_aid.contributions import queries as contribution_queries
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools.access import pool_or_404, steward_or_404
from mutual_aid.pools.notices import (
    POOL_CLOSED,
    POOL_CONTRIBUTION_DECLINED,
    POOL_JOIN_APPROVED,
    POOL_JOIN_DECLINED,
    POOL_MADE_STEWARD,
    POOL_REOPENED,
    POOL_STEPPED_DOWN,
)
from mutual_aid.vocabulary import CONTRIBUTION_STATUSES, PAYMENT_METHODS, ROLES
from server.audit import record_audit
from server.auth import member_required
from server.db import Row, utcnow
from server.notices.outbox import notify
from server.templating import render

PSEUDONYM = re.compile(r"M-[A-Z0-9]{4}")


def _monthly(pool: Row, member: Row) -> int:
    if pool["contribution_kind"] == "fixed":
        return int(pool["contribution_cents"])
    return int(member["monthly_cents"] if member["monthly_cents"] is not None else pool["floor_cents"])


async def _page(request: Request, pool: Row, steward: Row, *, reversing: Row | None = None,
                status_code: int = 200) -> Response:
    db = request.state.db
    stewards = await pool_queries.count_members(db, pool["id"], role="steward")
    members = await pool_queries.members_with_handles(db, pool["id"], "active")
    return render(request, "mutual_aid/stewards/page.html", {
        "pool": pool, "steward": steward, "roles": ROLES, "methods": PAYMENT_METHODS,
        "statuses": CONTRIBUTION_STATUSES, "sole_steward": stewards <= 1, "stewards": stewards,
        "requests": await pool_queries.members_with_handles(db, pool["id"], "requested"),
        "waiting": await contribution_queries.waiting(db, pool["id"]),
        "confirmed": await contribution_queries.recently_confirmed(db, pool["id"]),
        "members": [{**m, "monthly": _monthly(pool, m)} for m in members],
        "invite_link": f"{str(request.base_url).rstrip('/')}/pools/join/{pool['invite_code']}",
        "counts": await request_queries.steward_counts(db, pool["id"], steward["member_id"], pool["decision_method"]),
        "reversing": reversing, "done": request.query_params.get("done", ""),
    }, status_code=status_code)


def _contribution_id(value: object) -> int:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,10}", value) or not 0 < int(value) < 2**31:
        raise HTTPException(status_code=404)
    return int(value)


@member_required
async def steward_page(request: Request) -> Response:
    pool = await pool_or_404(request)
    steward = await steward_or_404(request, pool)
    reversing = None
    if "reverse" in request.query_params:
        reversing = await contribution_queries.contribution_in_pool(
            request.state.db, pool["id"], _contribution_id(request.query_params["reverse"]))
        if reversing is None or reversing["status"] != "confirmed":
            return RedirectResponse(f"/pools/{pool['slug']}/steward?done=already_reversed", status_code=303)
    return await _page(request, pool, steward, reversing=reversing)


@member_required
async def steward_action(request: Request) -> Response:
    pool = await pool_or_404(request)
    steward = await steward_or_404(request, pool)
    data = await request.form()
    action = data.get("action")
    if action in ("confirm", "decline_contribution", "reverse"):
        done = await _contribution_action(request, pool, steward, str(action), data)
    elif action in ("approve", "decline", "promote", "step_down"):
        done = await _member_action(request, pool, steward, str(action), data)
    elif action == "new_code":
        await pool_queries.replace_invite_code(request.state.db, pool["id"])
        done = "new_code"
    elif action in ("close", "reopen"):
        done = await _open_or_close(request, pool, steward, str(action), data)
    else:
        done = ""
    if done == "stepped_down_self":
        return RedirectResponse(f"/pools/{pool['slug']}/me?done=stepped_down", status_code=303)
    return RedirectResponse(f"/pools/{pool['slug']}/steward?done={done}", status_code=303)


async def _contribution_action(request: Request, pool: Row, steward: Row, action: str, data: FormData) -> str:
    db, now = request.state.db, utcnow()
    contribution_id = _contribution_id(data.get("contribution"))
    row = await contribution_queries.contribution_in_pool(db, pool["id"], contribution_id)
    if row is None:
        raise HTTPException(status_code=404)
    if action == "reverse":
        if data.get("confirmed") != "yes":
            return ""
        done = await contribution_queries.reverse(db, pool["id"], contribution_id, steward["member_id"], now)
        if done:
            await record_audit(db, at=now, actor_id=steward["member_id"], subject_id=None,
                               action="pool_contribution_reversed", slug=pool["slug"], contribution=contribution_id)
        return "reversed" if done else "already_reversed"
    if row["member_id"] == steward["member_id"] and await pool_queries.count_members(db, pool["id"], role="steward") > 1:
        return "own"
    if action == "confirm":
        done = await contribution_queries.confirm(db, pool["id"], contribution_id, steward["member_id"], now)
        return "confirmed" if done else "already_decided"
    declined = await contribution_queries.decline(db, pool["id"], contribution_id, steward["member_id"], now)
    if declined is None:
        return "already_decided"
    await notify(db, request.state.keyring, declined["member_id"], POOL_CONTRIBUTION_DECLINED,
                 link=f"/pools/{pool['slug']}/me", pool=pool["name"])
    return "declined_contribution"


async def _open_or_close(request: Request, pool: Row, steward: Row, action: str, data: FormData) -> str:
    """Close the pool (no new contributions, members or requests; approved aid can still be paid)
    or reopen it; every active member is told."""
    if action == "close" and data.get("confirmed") != "yes":
        return "close_unconfirmed"
    db, now = request.state.db, utcnow()
    expect, status = ("open", "closed") if action == "close" else ("closed", "open")
    if not await pool_queries.set_pool_status(db, pool["id"], expect=expect, status=status):
        return "already_" + status
    await record_audit(db, at=now, actor_id=steward["member_id"], subject_id=None, action=f"pool_{status}",
                       slug=pool["slug"])
    for member in await pool_queries.members_of(db, pool["id"]):
        if member["member_id"] != steward["member_id"]:
            await notify(db, request.state.keyring, member["member_id"],
                         POOL_CLOSED if action == "close" else POOL_REOPENED,
                         link=f"/pools/{pool['slug']}", pool=pool["name"])
    return "closed" if action == "close" else "reopened"


async def _member_action(request: Request, pool: Row, steward: Row, action: str, data: FormData) -> str:
    db, keyring, now = request.state.db, request.state.keyring, utcnow()
    pseudonym = str(data.get("member", ""))[:12]
    member = await pool_queries.membership_by_pseudonym(db, pool["id"], pseudonym) if PSEUDONYM.fullmatch(pseudonym) \
        else None
    if member is None:
        raise HTTPException(status_code=404)
    member_id, link = member["member_id"], f"/pools/{pool['slug']}"
    if action in ("approve", "decline"):
        status = "active" if action == "approve" else "declined"
        values = {"joined_at": now} if action == "approve" else {}
        if not await pool_queries.set_membership(db, pool["id"], member_id, expect={"status": "requested"},
                                                 status=status, **values):
            return "already_answered"
        await notify(db, keyring, member_id, POOL_JOIN_APPROVED if action == "approve" else POOL_JOIN_DECLINED,
                     link=f"{link}/me" if action == "approve" else "/pools", pool=pool["name"])
        return "approved" if action == "approve" else "declined"
    await pool_queries.pool_for_update(db, pool["id"])  # two stewards stepping down at once: one waits
    if action == "promote":
        if not await pool_queries.set_membership(db, pool["id"], member_id, expect={"status": "active", "role": "member"},
                                                 role="steward"):
            return "already_steward"
        await notify(db, keyring, member_id, POOL_MADE_STEWARD, link=f"{link}/steward", pool=pool["name"])
        await record_audit(db, at=now, actor_id=steward["member_id"], subject_id=member_id,
                           action="pool_steward_named", slug=pool["slug"])
        return "promoted"
    if await pool_queries.count_members(db, pool["id"], role="steward") <= 1:
        return "last_steward"
    if not await pool_queries.set_membership(db, pool["id"], member_id, expect={"status": "active", "role": "steward"},
                                             role="member"):
        return "already_member"
    await record_audit(db, at=now, actor_id=steward["member_id"], subject_id=member_id,
                       action="pool_steward_stepped_down", slug=pool["slug"])
    if member_id == steward["member_id"]:
        return "stepped_down_self"
    await notify(db, keyring, member_id, POOL_STEPPED_DOWN, link=f"{link}/me", pool=pool["name"])
    return "stepped_down"


routes: list[BaseRoute] = [
    Route("/pools/{slug}/steward", steward_page, methods=["GET"], name="pool_steward"),
    Route("/pools/{slug}/steward", steward_action, methods=["POST"], name="pool_steward_action"),
]
