"""A member's own page in a pool: what I owe this month, my declared income (income-share pools),
"I paid", my contributions, my requests, and leaving the pool.

The declared income is sealed with the member's own key: only they read it back; stewards see the
monthly amount it results in. "I paid" carries a `form_key`, so a form sent twice records once.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from mutual_aid.aid_requests import queries as request_queries
from mutual_aid.contributions import queries as contribution_queries
from mutual_aid.contributions.forms import income_form, month_of, paid_form
from mutual_aid.contributions.income import open_income, seal_income
from mutual_aid.contributions.rules import contribution_rule, monthly_contribution
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools import rule_words
from mutual_aid.pools.access import membership_or_404, pool_or_404
from mutual_aid.vocabulary import CONTRIBUTION_STATUSES, PAYMENT_METHODS, ROLES
from server.auth import CurrentMember, me, member_required
from server.db import Row, utcnow
from server.forms import Form
from server.i18n import gettext as _
from server.templating import render


async def _monthly(request: Request, pool: Row, membership: Row, member: CurrentMember) -> tuple[int, int | None]:
    """(what the member owes each month, their declared income); an amount computed under older
    rules is brought up to date, since only the member can open the income it comes from."""
    rule = contribution_rule(pool_queries.rules_of(pool))
    if rule.kind == "fixed":
        return rule.amount_cents, None
    income = open_income(member.data_key(), pool["id"], member.id, membership["income_sealed"])
    monthly = monthly_contribution(rule, income)
    if income is not None and monthly != membership["monthly_cents"]:
        await contribution_queries.set_monthly(request.state.db, pool["id"], member.id, monthly)
    return monthly, income


async def _page(request: Request, pool: Row, membership: Row, *, income: Form | None = None,
                paid: Form | None = None, leaving: bool = False, refused: str = "", status_code: int = 200) -> Response:
    db, member = request.state.db, me(request)
    today = utcnow().date()
    month = month_of(today)
    monthly, declared = await _monthly(request, pool, membership, member)
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
        "income_share": pool["contribution_kind"] == "income_share", "income_form": income, "paid_form": paid,
        "methods": PAYMENT_METHODS, "statuses": CONTRIBUTION_STATUSES,
        "contributions": await contribution_queries.contributions_of(db, pool["id"], member.id),
        "to_vote": await request_queries.waiting_on_member(db, pool["id"], member.id, pool["decision_method"]),
        "rules": rule_words.describe(pool_queries.rules_of(pool), pool["currency"]),
        "leaving": leaving, "refused": refused, "done": request.query_params.get("done", ""),
    }, status_code=status_code)


@member_required
async def my_part(request: Request) -> Response:
    pool = await pool_or_404(request)
    membership = await membership_or_404(request, pool)
    if request.method in ("GET", "HEAD"):
        return await _page(request, pool, membership, leaving=request.query_params.get("leave") == "1")
    data = await request.form()
    action = data.get("action")
    if action == "income" and pool["contribution_kind"] == "income_share":
        return await _declare_income(request, pool, membership, income_form(data))
    if action == "paid" and pool["status"] != "open":
        return await _page(request, pool, membership, status_code=409, refused=_(
            "This pool is closed: it takes no new contributions."))
    if action == "paid":
        return await _paid(request, pool, membership, paid_form(data, utcnow().date()))
    if action == "leave":
        return await _leave(request, pool, membership)
    return RedirectResponse(f"/pools/{pool['slug']}/me", status_code=303)


async def _declare_income(request: Request, pool: Row, membership: Row, form: Form) -> Response:
    if not form.ok:
        return await _page(request, pool, membership, income=form, status_code=400)
    member, cents = me(request), form.clean["income_cents"]
    monthly = monthly_contribution(contribution_rule(pool_queries.rules_of(pool)), cents)
    await contribution_queries.set_income(request.state.db, pool["id"], member.id,
                                          income_sealed=seal_income(member.data_key(), pool["id"], member.id, cents),
                                          monthly_cents=monthly, now=utcnow())
    return RedirectResponse(f"/pools/{pool['slug']}/me?done=income", status_code=303)


async def _paid(request: Request, pool: Row, membership: Row, form: Form) -> Response:
    if not form.ok:
        if "form_key" in form.errors:
            form.values["form_key"] = secrets.token_urlsafe(16)
        return await _page(request, pool, membership, paid=form, status_code=400)
    await contribution_queries.claim(request.state.db, pool["id"], me(request).id, now=utcnow(), **form.clean)
    return RedirectResponse(f"/pools/{pool['slug']}/me?done=paid", status_code=303)


async def _leave(request: Request, pool: Row, membership: Row) -> Response:
    db, member = request.state.db, me(request)
    await pool_queries.pool_for_update(db, pool["id"])
    if membership["role"] == "steward" and await pool_queries.count_members(db, pool["id"], role="steward") <= 1:
        return await _page(request, pool, membership, leaving=True, status_code=409, refused=_(
            "You are the only steward of this pool: make another member a steward before you leave."))
    await pool_queries.set_membership(db, pool["id"], member.id, expect={"status": "active"},
                                      status="left", role="member", left_at=utcnow())
    return RedirectResponse("/pools?done=left", status_code=303)


routes: list[BaseRoute] = [
    Route("/pools/{slug}/me", my_part, methods=["GET", "POST"], name="pool_me"),
]
