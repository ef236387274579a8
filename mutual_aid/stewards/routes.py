"""The stewards' page of a pool: members asking to join, contributions to confirm (their forms post
to `contributions.routes`), recently confirmed ones (each can be reversed, after a question), the
members (with handles: stewards confirm their payments, so they know who they are; never their
income), stewards named and stepped down, the invitation link, closing and reopening the pool.

Each form posts to an address of its own and comes back here saying what happened.
"""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mutual_aid.aid_requests import queries as request_queries
from mutual_aid.contributions import outcomes as contribution_outcomes
from mutual_aid.contributions import queries as contribution_queries
from mutual_aid.contributions.rules import may_decide, monthly_owed
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools import service as pool_service
from mutual_aid.pools.access import pool_or_404, steward_or_404
from mutual_aid.stewards import outcomes
from mutual_aid.vocabulary import CONTRIBUTION_STATUSES, PAYMENT_METHODS, ROLES
from server.auth import member_required
from server.db import Row, utcnow
from server.fields import parse_id
from server.outcomes import see_other
from server.templating import render

PSEUDONYM = re.compile(r"M-[A-Z0-9]{4}")


def _url(pool: Row) -> str:
    return f"/pools/{pool['slug']}/steward"


@member_required
async def stewards_page(request: Request) -> Response:
    pool = await pool_or_404(request)
    steward = await steward_or_404(request, pool)
    db = request.state.db
    reversing = None
    if "reverse" in request.query_params:  # "Reverse" asks first
        contribution_id = parse_id(request.query_params["reverse"])
        if contribution_id is None:
            raise HTTPException(status_code=404)
        reversing = await contribution_queries.contribution_in_pool(db, pool["id"], contribution_id)
        if reversing is None or reversing["status"] != "confirmed":
            return see_other(request, _url(pool), contribution_outcomes.ALREADY_REVERSED)
    rules = pool_queries.rules_of(pool)
    stewards = await pool_queries.count_members(db, pool["id"], role="steward")
    members = await pool_queries.members_with_handles(db, pool["id"], "active")
    waiting = await contribution_queries.waiting(db, pool["id"])
    return render(request, "mutual_aid/stewards/page.html", {
        "pool": pool, "steward": steward, "roles": ROLES, "methods": PAYMENT_METHODS,
        "statuses": CONTRIBUTION_STATUSES, "sole_steward": stewards <= 1, "stewards": stewards,
        "requests": await pool_queries.members_with_handles(db, pool["id"], "requested"),
        "waiting": [{**c, "decidable": may_decide(steward["member_id"], c["member_id"], stewards)} for c in waiting],
        "confirmed": await contribution_queries.recently_confirmed(db, pool["id"]),
        "members": [{**m, "monthly": monthly_owed(rules, m["monthly_cents"])} for m in members],
        "invite_link": f"{str(request.base_url).rstrip('/')}/pools/join/{pool['invite_code']}",
        "counts": await request_queries.steward_counts(db, pool["id"], steward["member_id"], pool["decision_method"]),
        "reversing": reversing,
    })


async def _steward(request: Request) -> tuple[Row, Row]:
    pool = await pool_or_404(request)
    return pool, await steward_or_404(request, pool)


async def _member(request: Request, pool: Row) -> int:
    """The member a form names by their pseudonym in the pool; 404 for one the pool does not know."""
    pseudonym = str((await request.form()).get("member", ""))[:12]
    member = (await pool_queries.membership_by_pseudonym(request.state.db, pool["id"], pseudonym)
              if PSEUDONYM.fullmatch(pseudonym) else None)
    if member is None:
        raise HTTPException(status_code=404)
    return int(member["member_id"])


async def _answer(request: Request, *, approve: bool) -> Response:
    pool, _steward_row = await _steward(request)
    member_id = await _member(request, pool)
    answered = await pool_service.answer(request.state.db, request.state.keyring, pool, member_id, approve=approve,
                                         now=utcnow())
    outcome = (outcomes.APPROVED if approve else outcomes.DECLINED) if answered else outcomes.ALREADY_ANSWERED
    return see_other(request, _url(pool), outcome)


@member_required
async def approve(request: Request) -> Response:
    """Let in a member who asked to join."""
    return await _answer(request, approve=True)


@member_required
async def decline(request: Request) -> Response:
    """Decline a member who asked to join."""
    return await _answer(request, approve=False)


@member_required
async def promote(request: Request) -> Response:
    pool, steward = await _steward(request)
    member_id = await _member(request, pool)
    named = await pool_service.name_steward(request.state.db, request.state.keyring, pool, member_id,
                                            steward["member_id"], utcnow())
    return see_other(request, _url(pool), outcomes.PROMOTED if named else outcomes.ALREADY_STEWARD)


@member_required
async def step_down(request: Request) -> Response:
    pool, steward = await _steward(request)
    member_id = await _member(request, pool)
    result = await pool_service.step_down(request.state.db, request.state.keyring, pool, member_id,
                                          steward["member_id"], utcnow())
    if result == "stepped_down_self":
        return see_other(request, f"/pools/{pool['slug']}/me", outcomes.STEPPED_DOWN_SELF)
    outcome = {"stepped_down": outcomes.STEPPED_DOWN, "last_steward": outcomes.LAST_STEWARD,
               "already_member": outcomes.ALREADY_MEMBER}[result]
    return see_other(request, _url(pool), outcome)


@member_required
async def replace_invitation(request: Request) -> Response:
    pool, _steward_row = await _steward(request)
    await pool_queries.replace_invite_code(request.state.db, pool["id"])
    return see_other(request, _url(pool), outcomes.NEW_LINK)


@member_required
async def close(request: Request) -> Response:
    """Close the pool, once the box is ticked: no new contributions, members or requests."""
    pool, steward = await _steward(request)
    if (await request.form()).get("confirmed") != "yes":
        return see_other(request, _url(pool), outcomes.CLOSE_UNCONFIRMED)
    closed = await pool_service.close_or_reopen(request.state.db, request.state.keyring, pool, steward["member_id"],
                                                close=True, now=utcnow())
    return see_other(request, _url(pool), outcomes.CLOSED if closed else outcomes.ALREADY_CLOSED)


@member_required
async def reopen(request: Request) -> Response:
    pool, steward = await _steward(request)
    reopened = await pool_service.close_or_reopen(request.state.db, request.state.keyring, pool,
                                                  steward["member_id"], close=False, now=utcnow())
    return see_other(request, _url(pool), outcomes.REOPENED if reopened else outcomes.ALREADY_OPEN)


routes: list[BaseRoute] = [
    Route("/pools/{slug}/steward", stewards_page, methods=["GET"], name="pool_steward"),
    Route("/pools/{slug}/steward/approve", approve, methods=["POST"], name="pool_steward_approve"),
    Route("/pools/{slug}/steward/decline", decline, methods=["POST"], name="pool_steward_decline"),
    Route("/pools/{slug}/steward/promote", promote, methods=["POST"], name="pool_steward_promote"),
    Route("/pools/{slug}/steward/step-down", step_down, methods=["POST"], name="pool_steward_step_down"),
    Route("/pools/{slug}/steward/invitation", replace_invitation, methods=["POST"], name="pool_steward_invitation"),
    Route("/pools/{slug}/steward/close", close, methods=["POST"], name="pool_steward_close"),
    Route("/pools/{slug}/steward/reopen", reopen, methods=["POST"], name="pool_steward_reopen"),
]
