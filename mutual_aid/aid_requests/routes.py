"""Aid requests as members and stewards see them: asking, the list, one request (its secret
ballot, its payouts and their receipt), and the stewards' payouts page.

Who sees a request: its requester, and its deciders (`request_queries.decider_ids`): the stewards
when stewards decide or it was approved automatically, every active member when members vote.
Anyone else gets the same 404 as for a request that does not exist.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from debts import api as vault
from mutual_aid import vocabulary
from mutual_aid.aid_requests import limits
from mutual_aid.aid_requests import queries as request_queries
from mutual_aid.aid_requests import service as deciding
from mutual_aid.aid_requests.forms import EXPLANATION_MAX, ballot_choice, new_form_key, payout_form, request_form
from mutual_aid.aid_requests.rules import OPEN_FOR_DECISION, WITHDRAWABLE, total_asked
from mutual_aid.payouts import queries as payout_queries
from mutual_aid.payouts import service as paying
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools.access import id_param, membership_or_404, pool_or_404, steward_or_404
from server.auth import me, member_required
from server.db import Row, utcnow
from server.forms import Form
from server.i18n import format_date, format_money, format_number
from server.i18n import gettext as _
from server.templating import render

VOCABULARY = {
    "categories": vocabulary.CATEGORIES, "statuses": vocabulary.REQUEST_STATUSES, "kinds": vocabulary.REQUEST_KINDS,
    "methods": vocabulary.PAYMENT_METHODS, "decision_methods": vocabulary.DECISION_METHODS,
    "payout_statuses": vocabulary.PAYOUT_STATUSES, "allocation_rules": vocabulary.ALLOCATION_RULES,
}


def _kinds(pool: Row) -> list[str]:
    if pool["status"] != "open":
        return []
    return [kind for kind, on in (("one_off", pool["requests_enabled"]), ("hardship", pool["hardship_enabled"])) if on]


def _limit_words(pool: Row, reasons: list[str], received: int, joined: Any) -> str:
    rules = pool_queries.rules_of(pool)
    currency = pool["currency"]
    words = {
        "over_request_max": _("This pool gives at most %(max)s per request.",
                              max=format_money(rules.max_per_request_cents or 0, currency)),
        "over_yearly_max": _("This pool gives each member at most %(max)s in 12 months, and you have received "
                             "or asked for %(received)s in the last 12 months.",
                             max=format_money(rules.max_per_member_year_cents or 0, currency),
                             received=format_money(received, currency)),
        "waiting_period": _("New members can ask from %(date)s, %(days)s days after joining.",
                            date=format_date(joined, "long"), days=format_number(rules.waiting_days)),
    }
    return " ".join(words[reason] for reason in reasons)


async def _new_page(request: Request, pool: Row, form: Form | None = None, *, status_code: int = 200) -> Response:
    kinds = _kinds(pool)
    debts = await vault.debts_of(request.state.db, me(request).id)
    form = form or Form({"kind": kinds[0] if kinds else "", "form_key": new_form_key()})
    return render(request, "mutual_aid/aid_requests/new.html", {
        "pool": pool, "form": form, "kinds": {k: vocabulary.REQUEST_KINDS[k] for k in kinds}, "debts": debts,
        "rules": pool_queries.rules_of(pool), "explanation_max": EXPLANATION_MAX, **VOCABULARY,
    }, status_code=status_code)


@member_required
async def new_request(request: Request) -> Response:
    pool = await pool_or_404(request)
    membership = await membership_or_404(request, pool)
    if request.method == "GET" or not _kinds(pool):
        return await _new_page(request, pool, status_code=200 if request.method == "GET" else 409)
    db, member, now = request.state.db, me(request), utcnow()
    debts = await vault.debts_of(db, member.id)
    rules = pool_queries.rules_of(pool)
    form = request_form(await request.form(), today=now.date(), kinds=_kinds(pool),
                        max_months=rules.hardship_max_months, debt_ids={d["id"] for d in debts})
    if form.ok:
        total = total_asked(form.clean["kind"], form.clean["amount_cents"], form.clean["months"])
        found = await deciding.limits_for(db, pool, membership, total, now.date())
        if found.reasons:
            form.errors["amount"] = _limit_words(pool, list(found.reasons), found.counted_cents, found.may_ask_from)
    if not form.ok:
        return await _new_page(request, pool, form, status_code=400)
    aid_request, fell_back = await deciding.submit(db, request.state.keyring, pool, member.id, form.clean, now)
    done = "vote_instead" if fell_back else "sent"
    return RedirectResponse(f"/pools/{pool['slug']}/requests/{aid_request['id']}?done={done}", status_code=303)


def _decider_methods(membership: Row) -> list[str]:
    return ["vote", "stewards", "automatic"] if membership["role"] == "steward" else ["vote"]


@member_required
async def request_list(request: Request) -> Response:
    pool = await pool_or_404(request)
    membership = await membership_or_404(request, pool)
    db, member = request.state.db, me(request)
    methods = _decider_methods(membership)
    return render(request, "mutual_aid/aid_requests/list.html", {
        "pool": pool, "mine": await request_queries.requests_of_member(db, pool["id"], member.id),
        "to_decide": await request_queries.requests_decided_by(db, pool["id"], member.id, methods, open_=True),
        "decided": await request_queries.requests_decided_by(db, pool["id"], member.id, methods, open_=False, limit=20),
        "can_ask": bool(_kinds(pool)), "withdrawable": WITHDRAWABLE, **VOCABULARY,
    })


async def _roles(request: Request, pool: Row, aid_request: Row) -> tuple[bool, bool]:
    """(requester, decider) for the logged-in member; 404 when neither."""
    member_id = me(request).id
    if aid_request["requester_id"] == member_id:
        return True, False
    deciders = await request_queries.decider_ids(request.state.db, pool["id"], aid_request["decision_method"],
                                                 aid_request["requester_id"])
    if member_id not in deciders:
        raise HTTPException(status_code=404)
    return False, True


async def _detail_page(request: Request, pool: Row, aid_request: Row, *, requester: bool, message: str = "",
                       status_code: int = 200) -> Response:
    db, member, today = request.state.db, me(request), utcnow().date()
    context: dict[str, Any] = {
        "pool": pool, "aid_request": aid_request, "requester": requester, "message": message,
        "open": aid_request["status"] in OPEN_FOR_DECISION,
        "voters": await request_queries.voters(db, aid_request["id"]),
        "payouts": await payout_queries.payouts_of_request(db, aid_request["id"]),
        "done": request.query_params.get("done", "")[:20], **VOCABULARY,
    }
    context["withdrawable"] = requester and aid_request["status"] in WITHDRAWABLE and not any(
        p["status"] in ("sent", "received") for p in context["payouts"])
    if not requester:
        received = await request_queries.received_by_member(db, pool["id"], aid_request["requester_id"])
        context.update(
            handle=(await request_queries.handles(db, [aid_request["requester_id"]])).get(aid_request["requester_id"]),
            explanation=deciding.open_explanation(request.state.keyring, aid_request),
            received_12_months=limits.paid_in_window(received, today),
            voted=await request_queries.has_voted(db, aid_request["id"], member.id),
            eligible=await request_queries.eligible_count(db, pool["id"], aid_request["decision_method"],
                                                          aid_request["requester_id"]),
        )
    return render(request, "mutual_aid/aid_requests/detail.html", context, status_code=status_code)


@member_required
async def request_detail(request: Request) -> Response:
    pool = await pool_or_404(request)
    await membership_or_404(request, pool)
    db = request.state.db
    aid_request = await request_queries.request_in_pool(db, pool["id"], id_param(request, "request_id"))
    if aid_request is None:
        raise HTTPException(status_code=404)
    requester, _decider = await _roles(request, pool, aid_request)
    if request.method == "GET":
        return await _detail_page(request, pool, aid_request, requester=requester)
    data = await request.form()
    action = str(data.get("action", ""))[:20]
    keyring, now, link = request.state.keyring, utcnow(), f"/pools/{pool['slug']}/requests/{aid_request['id']}"
    if action == "vote":
        if requester:
            return await _detail_page(request, pool, aid_request, requester=True, status_code=403,
                                      message=_("Nobody decides their own request: you cannot vote on it."))
        choice = ballot_choice(data)
        if choice is None:
            return await _detail_page(request, pool, aid_request, requester=False, status_code=400,
                                      message=_("Choose yes or no, then vote."))
        if aid_request["decision_method"] == "automatic" or not await deciding.vote(
                db, keyring, pool, aid_request, me(request).id, choice, now):
            return await _detail_page(request, pool, aid_request, requester=False, status_code=409,
                                      message=_("You already voted on this request, or its decision is closed. "
                                                "Nothing changed."))
        return RedirectResponse(f"{link}?done=voted", status_code=303)
    if not requester:
        raise HTTPException(status_code=404)
    if action == "withdraw":
        if not await request_queries.withdraw(db, aid_request["id"], me(request).id, now):
            return await _detail_page(request, pool, aid_request, requester=True, status_code=409,
                                      message=_("This request can no longer be withdrawn: money was already sent "
                                                "on it, or it is closed."))
        return RedirectResponse(f"{link}?done=withdrawn", status_code=303)
    payout_id = str(data.get("payout", ""))[:9]
    if action in ("received", "not_received") and payout_id.isdigit():
        if action == "received":
            ok = await paying.confirm_receipt(db, keyring, pool, aid_request, int(payout_id), now,
                                              request.state.domains.debt_watchers)
        else:
            ok = await paying.report_not_received(db, keyring, pool, aid_request, int(payout_id))
        if not ok:
            return await _detail_page(request, pool, aid_request, requester=True, status_code=409,
                                      message=_("This payout was already confirmed or cancelled. Nothing changed."))
        return RedirectResponse(f"{link}?done={action}", status_code=303)
    return await _detail_page(request, pool, aid_request, requester=True, status_code=400,
                              message=_("Choose one of the buttons on this page."))


async def _payouts_page(request: Request, pool: Row, *, form: Form | None = None, message: str = "",
                        status_code: int = 200) -> Response:
    db, now = request.state.db, utcnow()
    current = await paying.payout_plan(db, pool, now.date())
    return render(request, "mutual_aid/payouts/page.html", {
        "pool": pool, "plan": current, "form": form, "message": message, "today": now.date().isoformat(),
        "recent": await payout_queries.recent_payouts(db, pool["id"]),
        "done": request.query_params.get("done", "")[:20], **VOCABULARY,
    }, status_code=status_code)


@member_required
async def payouts(request: Request) -> Response:
    pool = await pool_or_404(request)
    await steward_or_404(request, pool)
    if request.method == "GET":
        return await _payouts_page(request, pool)
    db, now, link = request.state.db, utcnow(), f"/pools/{pool['slug']}/steward/payouts"
    data = await request.form()
    action = str(data.get("action", ""))[:20]
    if action == "send":
        form = payout_form(data, today=now.date())
        if form.clean["request"] is None or form.clean["installment"] is None:
            raise HTTPException(status_code=404)
        if not form.ok:
            return await _payouts_page(request, pool, form=form, status_code=400)
        result = await paying.record_payout(db, request.state.keyring, pool, form.clean["request"],
                                            form.clean["installment"], form.clean["amount_cents"], form.clean["method"],
                                            form.clean["sent_on"], me(request).id, now)
        if result == "recorded":
            return RedirectResponse(f"{link}?done=sent", status_code=303)
        messages = {
            "taken": _("Another steward already recorded this payout. Nothing was added."),
            "too_much": _("That is more than this request still needs, or than the pool has above its reserve "
                          "now (money sent but not yet confirmed counts as gone). Check the amount."),
            "gone": _("This request no longer waits for money. Nothing was added."),
        }
        if result == "too_much":
            form.errors["amount"] = messages[result]
            return await _payouts_page(request, pool, form=form, status_code=409)
        return await _payouts_page(request, pool, message=messages[result], status_code=409)
    payout_id = str(data.get("payout", ""))[:9]
    if action in ("cancel", "reverse") and payout_id.isdigit():
        if action == "reverse" and data.get("confirm") != "yes":
            return await _payouts_page(request, pool, status_code=400, message=_(
                "Tick the box to confirm the reversal: it takes the payout out of the pool's book."))
        changed = (await paying.cancel(db, pool, int(payout_id), now) if action == "cancel"
                   else await paying.reverse(db, request.state.keyring, pool, int(payout_id), now))
        if not changed:
            return await _payouts_page(request, pool, status_code=409, message=_(
                "Another steward or the recipient already changed this payout. Nothing changed."))
        return RedirectResponse(f"{link}?done={action}", status_code=303)
    return await _payouts_page(request, pool, status_code=400, message=_("Choose one of the buttons on this page."))


routes: list[BaseRoute] = [
    Route("/pools/{slug}/requests", request_list, methods=["GET"], name="aid_requests"),
    Route("/pools/{slug}/requests/new", new_request, methods=["GET", "POST"], name="aid_request_new"),
    Route("/pools/{slug}/requests/{request_id:int}", request_detail, methods=["GET", "POST"], name="aid_request"),
    Route("/pools/{slug}/steward/payouts", payouts, methods=["GET", "POST"], name="pool_payouts"),
]
