"""A member's own page in a pool, and the stewards' decisions on contributions.

The member's page: what I owe this month, my declared income (income-share pools), "I paid", my
contributions, my requests, the rules, and leaving the pool. The declared income is sealed with the
member's own key: only they read it back; stewards see the monthly amount it results in. "I paid"
carries a `form_key`, so a form sent twice records once.

A steward confirms a contribution (it enters the book), declines it, or reverses a confirmed one;
each answers with the stewards' page and what happened there.
"""

from __future__ import annotations

import secrets

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mutual_aid.aid_requests import queries as request_queries
from mutual_aid.contributions import outcomes, service
from mutual_aid.contributions import queries as contribution_queries
from mutual_aid.contributions.forms import income_form, paid_form
from mutual_aid.contributions.rules import income_bracket
from mutual_aid.pools import outcomes as pool_outcomes
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools import rule_words
from mutual_aid.pools import service as pool_service
from mutual_aid.pools.access import id_param, membership_or_404, pool_or_404, steward_or_404
from mutual_aid.vocabulary import CONTRIBUTION_STATUSES, PAYMENT_METHODS, ROLES
from server.auth import me, member_required
from server.db import Row, utcnow
from server.fields import month_of
from server.forms import Form
from server.i18n import gettext as _
from server.outcomes import see_other
from server.templating import render


async def _page(request: Request, pool: Row, membership: Row, *, income: Form | None = None,
                paid: Form | None = None, leaving: bool = False, refused: str = "", status_code: int = 200) -> Response:
    db, member = request.state.db, me(request)
    today = utcnow().date()
    month = month_of(today)
    monthly, declared = await service.monthly_and_income(db, pool, membership, member)
    reported = await contribution_queries.reported_cents(db, pool["id"], member.id, month)
    still_owed = max(0, monthly - reported)
    paid = paid or Form({
        "form_key": secrets.token_urlsafe(16), "amount": f"{still_owed / 100:.2f}" if still_owed else "",
        "month": month, "method": "", "paid_on": today.isoformat(),
    })
    income = income or Form({"income": f"{declared / 100:.2f}" if declared is not None else ""})
    return render(request, "mutual_aid/contributions/member.html", {
        "pool": pool, "membership": membership, "roles": ROLES, "month": month,
        "monthly": monthly, "reported": reported, "still_owed": still_owed, "declared": declared,
        "bracket": income_bracket(declared) if declared is not None else None,
        "income_share": pool["contribution_kind"] == "income_share", "income_form": income, "paid_form": paid,
        "methods": PAYMENT_METHODS, "statuses": CONTRIBUTION_STATUSES,
        "contributions": await contribution_queries.contributions_of(db, pool["id"], member.id),
        "to_vote": await request_queries.waiting_on_member(db, pool["id"], member.id, pool["decision_method"]),
        "rules": rule_words.describe(pool_queries.rules_of(pool), pool["currency"]),
        "leaving": leaving, "refused": refused,
    }, status_code=status_code)


async def _my_pool(request: Request) -> tuple[Row, Row]:
    pool = await pool_or_404(request)
    return pool, await membership_or_404(request, pool)


def _my_page(pool: Row) -> str:
    return f"/pools/{pool['slug']}/me"


@member_required
async def my_part(request: Request) -> Response:
    pool, membership = await _my_pool(request)
    return await _page(request, pool, membership, leaving=request.query_params.get("leave") == "1")


@member_required
async def declare_income(request: Request) -> Response:
    pool, membership = await _my_pool(request)
    if pool["contribution_kind"] != "income_share":
        raise HTTPException(status_code=404)  # a fixed amount asks for no income
    form = income_form(await request.form())
    if not form.ok:
        return await _page(request, pool, membership, income=form, status_code=400)
    await service.declare_income(request.state.db, pool, me(request), form.clean["income_cents"], utcnow())
    return see_other(request, _my_page(pool), outcomes.INCOME_SAVED)


@member_required
async def report_paid(request: Request) -> Response:
    pool, membership = await _my_pool(request)
    form = paid_form(await request.form(), utcnow().date())
    if pool["status"] == "open" and not form.ok:
        if "form_key" in form.errors:
            form.values["form_key"] = secrets.token_urlsafe(16)
        return await _page(request, pool, membership, paid=form, status_code=400)
    if not await service.report_paid(request.state.db, pool, me(request).id, form.clean, utcnow()):
        return await _page(request, pool, membership, status_code=409, refused=_(
            "This pool is closed: it takes no new contributions."))
    return see_other(request, _my_page(pool), outcomes.PAID)


@member_required
async def leave(request: Request) -> Response:
    pool, membership = await _my_pool(request)
    if not await pool_service.leave(request.state.db, pool, membership, utcnow()):
        return await _page(request, pool, membership, leaving=True, status_code=409, refused=_(
            "You are the only steward of this pool: make another member a steward before you leave."))
    return see_other(request, "/pools", pool_outcomes.LEFT)


async def _contribution(request: Request) -> tuple[Row, Row, Row]:
    """The pool, the steward, and the contribution in the URL; 404 unless all three belong together."""
    pool = await pool_or_404(request)
    steward = await steward_or_404(request, pool)
    contribution = await contribution_queries.contribution_in_pool(request.state.db, pool["id"],
                                                                   id_param(request, "contribution_id"))
    if contribution is None:
        raise HTTPException(status_code=404)
    return pool, steward, contribution


def _stewards_page(pool: Row) -> str:
    return f"/pools/{pool['slug']}/steward"


@member_required
async def confirm(request: Request) -> Response:
    pool, steward, contribution = await _contribution(request)
    decided = await service.confirm_as_steward(request.state.db, pool, contribution, steward["member_id"], utcnow())
    outcome = {"confirmed": outcomes.CONFIRMED, "own": outcomes.OWN}.get(decided, outcomes.ALREADY_DECIDED)
    return see_other(request, _stewards_page(pool), outcome)


@member_required
async def decline(request: Request) -> Response:
    pool, steward, contribution = await _contribution(request)
    decided = await service.decline_as_steward(request.state.db, request.state.keyring, pool, contribution,
                                               steward["member_id"], utcnow())
    outcome = {"declined": outcomes.DECLINED, "own": outcomes.OWN}.get(decided, outcomes.ALREADY_DECIDED)
    return see_other(request, _stewards_page(pool), outcome)


@member_required
async def reverse(request: Request) -> Response:
    """The stewards' page asks first (`?reverse=<id>`); its "Yes, reverse it" sends `confirmed`."""
    pool, steward, contribution = await _contribution(request)
    if (await request.form()).get("confirmed") != "yes":
        raise HTTPException(status_code=400)
    reversed_ = await service.reverse_as_steward(request.state.db, pool, contribution["id"], steward["member_id"],
                                                 utcnow())
    return see_other(request, _stewards_page(pool), outcomes.REVERSED if reversed_ else outcomes.ALREADY_REVERSED)


routes: list[BaseRoute] = [
    Route("/pools/{slug}/me", my_part, methods=["GET"], name="pool_me"),
    Route("/pools/{slug}/me/income", declare_income, methods=["POST"], name="pool_me_income"),
    Route("/pools/{slug}/me/paid", report_paid, methods=["POST"], name="pool_me_paid"),
    Route("/pools/{slug}/me/leave", leave, methods=["POST"], name="pool_me_leave"),
    Route("/pools/{slug}/steward/contributions/{contribution_id:int}/confirm", confirm, methods=["POST"],
          name="pool_contribution_confirm"),
    Route("/pools/{slug}/steward/contributions/{contribution_id:int}/decline", decline, methods=["POST"],
          name="pool_contribution_decline"),
    Route("/pools/{slug}/steward/contributions/{contribution_id:int}/reverse", reverse, methods=["POST"],
          name="pool_contribution_reverse"),
]
