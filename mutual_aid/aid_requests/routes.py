"""Aid requests as members see them: asking, the list, and one request (its explanation for those
who decide, its secret ballot, its payouts, withdrawing it). The payouts' own forms on a request's
page ("I received it", "I did not receive it") are in `payouts.routes`.

Who sees a request: its requester, and its deciders (`queries.decider_ids`): the stewards when
stewards decide or it was approved automatically, every active member when members vote. Anyone
else gets the same 404 as for a request that does not exist.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debts import api as vault
from mutual_aid import vocabulary
from mutual_aid.aid_requests import limits, outcomes, service
from mutual_aid.aid_requests import queries as request_queries
from mutual_aid.aid_requests.forms import EXPLANATION_MAX, ballot_choice, limit_error, new_form_key, request_form
from mutual_aid.aid_requests.rules import (
    OPEN_FOR_DECISION,
    WITHDRAWABLE,
    decided_by,
    kinds_asked_now,
    may_vote,
    may_withdraw,
    total_asked,
)
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools.access import id_param, membership_or_404, pool_or_404
from server.auth import me, member_required
from server.db import Row, utcnow
from server.forms import Form
from server.i18n import gettext as _
from server.outcomes import see_other
from server.templating import render

VOCABULARY = {
    "categories": vocabulary.CATEGORIES, "statuses": vocabulary.REQUEST_STATUSES, "kinds": vocabulary.REQUEST_KINDS,
    "methods": vocabulary.PAYMENT_METHODS, "decision_methods": vocabulary.DECISION_METHODS,
    "payout_statuses": vocabulary.PAYOUT_STATUSES, "allocation_rules": vocabulary.ALLOCATION_RULES,
}


def _kinds(pool: Row) -> list[str]:
    return kinds_asked_now(pool["status"] == "open", pool_queries.rules_of(pool))


async def _new_page(request: Request, pool: Row, form: Form | None = None, *, status_code: int = 200) -> Response:
    kinds = _kinds(pool)
    debts = await vault.debts_of(request.state.db, me(request).id)
    form = form or Form({"kind": kinds[0] if kinds else "", "form_key": new_form_key()})
    # the pool's own kinds come after the shared vocabulary, which names every kind: the form offers
    # only what this pool gives
    return render(request, "mutual_aid/aid_requests/new.html", {
        **VOCABULARY, "pool": pool, "form": form, "kinds": {k: vocabulary.REQUEST_KINDS[k] for k in kinds},
        "debts": debts, "rules": pool_queries.rules_of(pool), "explanation_max": EXPLANATION_MAX,
    }, status_code=status_code)


@member_required
async def new_request(request: Request) -> Response:
    pool = await pool_or_404(request)
    await membership_or_404(request, pool)
    return await _new_page(request, pool)


@member_required
async def ask(request: Request) -> Response:
    pool = await pool_or_404(request)
    membership = await membership_or_404(request, pool)
    kinds = _kinds(pool)
    if not kinds:
        return await _new_page(request, pool, status_code=409)
    db, member, now = request.state.db, me(request), utcnow()
    debts = await vault.debts_of(db, member.id)
    rules = pool_queries.rules_of(pool)
    form = request_form(await request.form(), today=now.date(), kinds=kinds,
                        max_months=rules.hardship_max_months, debt_ids={d["id"] for d in debts})
    if form.ok:
        total = total_asked(form.clean["kind"], form.clean["amount_cents"], form.clean["months"])
        found = await service.limits_for(db, pool, membership, total, now.date())
        if found.reasons:
            form.errors["amount"] = limit_error(rules, pool["currency"], found.reasons, found.counted_cents,
                                                found.may_ask_from)
    if not form.ok:
        return await _new_page(request, pool, form, status_code=400)
    aid_request, fell_back = await service.submit(db, request.state.keyring, pool, member.id, form.clean, now)
    return see_other(request, f"/pools/{pool['slug']}/requests/{aid_request['id']}",
                     outcomes.SENT_TO_A_VOTE if fell_back else outcomes.SENT)


@member_required
async def request_list(request: Request) -> Response:
    pool = await pool_or_404(request)
    membership = await membership_or_404(request, pool)
    db, member = request.state.db, me(request)
    methods = decided_by(membership["role"])
    return render(request, "mutual_aid/aid_requests/list.html", {
        "pool": pool, "mine": await request_queries.requests_of_member(db, pool["id"], member.id),
        "to_decide": await request_queries.requests_decided_by(db, pool["id"], member.id, methods, open_=True),
        "decided": await request_queries.requests_decided_by(db, pool["id"], member.id, methods, open_=False, limit=20),
        "can_ask": bool(_kinds(pool)), "withdrawable": WITHDRAWABLE, **VOCABULARY,
    })


async def aid_request_or_404(request: Request) -> tuple[Row, Row, bool]:
    """The pool, the request in the URL, and whether the logged-in member asked for it; 404 unless
    they asked for it or decide it."""
    pool = await pool_or_404(request)
    await membership_or_404(request, pool)
    db, member_id = request.state.db, me(request).id
    aid_request = await request_queries.request_in_pool(db, pool["id"], id_param(request, "request_id"))
    if aid_request is None:
        raise HTTPException(status_code=404)
    if aid_request["requester_id"] == member_id:
        return pool, aid_request, True
    deciders = await request_queries.decider_ids(db, pool["id"], aid_request["decision_method"],
                                                 aid_request["requester_id"])
    if member_id not in deciders:
        raise HTTPException(status_code=404)
    return pool, aid_request, False


async def detail_page(request: Request, pool: Row, aid_request: Row, *, requester: bool, message: str = "",
                      status_code: int = 200) -> Response:
    """One request as its requester or one of its deciders sees it; `message` says why a form of the
    page changed nothing."""
    db, member, today = request.state.db, me(request), utcnow().date()
    payouts = await request_queries.payouts_of_request(db, aid_request["id"])
    context: dict[str, Any] = {
        "pool": pool, "aid_request": aid_request, "requester": requester, "message": message,
        "open": aid_request["status"] in OPEN_FOR_DECISION,
        "voters": await request_queries.voters(db, aid_request["id"]),
        "payouts": payouts, **VOCABULARY,
        "withdrawable": requester and may_withdraw(aid_request["status"], [p["status"] for p in payouts]),
        # sealed with the server keys: opened here only for the requester and the deciders
        "explanation": service.open_explanation(request.state.keyring, aid_request),
    }
    if not requester:
        received = await request_queries.received_by_member(db, pool["id"], aid_request["requester_id"])
        context.update(
            handle=(await request_queries.handles(db, [aid_request["requester_id"]])).get(aid_request["requester_id"]),
            received_12_months=limits.paid_in_window(received, today),
            voted=await request_queries.has_voted(db, aid_request["id"], member.id),
            eligible=await request_queries.eligible_count(db, pool["id"], aid_request["decision_method"],
                                                          aid_request["requester_id"]),
        )
    return render(request, "mutual_aid/aid_requests/detail.html", context, status_code=status_code)


def _url(pool: Row, aid_request: Row) -> str:
    return f"/pools/{pool['slug']}/requests/{aid_request['id']}"


@member_required
async def request_detail(request: Request) -> Response:
    pool, aid_request, requester = await aid_request_or_404(request)
    return await detail_page(request, pool, aid_request, requester=requester)


@member_required
async def vote(request: Request) -> Response:
    """One secret ballot: who voted is kept, never how."""
    pool, aid_request, requester = await aid_request_or_404(request)
    if not may_vote(me(request).id, aid_request["requester_id"]):
        return await detail_page(request, pool, aid_request, requester=True, status_code=403,
                                 message=_("Nobody decides their own request: you cannot vote on it."))
    choice = ballot_choice(await request.form())
    if choice is None:
        return await detail_page(request, pool, aid_request, requester=False, status_code=400,
                                 message=_("Choose yes or no, then vote."))
    if not await service.vote(request.state.db, request.state.keyring, pool, aid_request, me(request).id, choice,
                              utcnow()):
        return await detail_page(request, pool, aid_request, requester=False, status_code=409,
                                 message=_("You already voted on this request, or its decision is closed. "
                                           "Nothing changed."))
    return see_other(request, _url(pool, aid_request), outcomes.VOTED)


@member_required
async def withdraw(request: Request) -> Response:
    pool, aid_request, requester = await aid_request_or_404(request)
    if not requester:
        raise HTTPException(status_code=404)
    if not await request_queries.withdraw(request.state.db, aid_request["id"], me(request).id, utcnow()):
        return await detail_page(request, pool, aid_request, requester=True, status_code=409,
                                 message=_("This request can no longer be withdrawn: money was already sent "
                                           "on it, or it is closed."))
    return see_other(request, _url(pool, aid_request), outcomes.WITHDRAWN)


routes: list[BaseRoute] = [
    Route("/pools/{slug}/requests", request_list, methods=["GET"], name="aid_requests"),
    Route("/pools/{slug}/requests/new", new_request, methods=["GET"], name="aid_request_new"),
    Route("/pools/{slug}/requests/new", ask, methods=["POST"], name="aid_request_ask"),
    Route("/pools/{slug}/requests/{request_id:int}", request_detail, methods=["GET"], name="aid_request"),
    Route("/pools/{slug}/requests/{request_id:int}/vote", vote, methods=["POST"], name="aid_request_vote"),
    Route("/pools/{slug}/requests/{request_id:int}/withdraw", withdraw, methods=["POST"], name="aid_request_withdraw"),
]
