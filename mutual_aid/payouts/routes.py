"""Payouts as stewards and recipients see them: the stewards' payouts page (what to send now under
the pool's rules, and the latest payouts), "I sent this", cancelling a payout not yet confirmed,
reversing a confirmed one; and on a request's page, its recipient's "I received it" (only then does
the book record it) or "I did not receive it".
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mutual_aid.aid_requests.routes import VOCABULARY, aid_request_or_404, detail_page
from mutual_aid.payouts import outcomes, service
from mutual_aid.payouts import queries as payout_queries
from mutual_aid.payouts.forms import payout_form
from mutual_aid.pools.access import id_param, pool_or_404, steward_or_404
from server.auth import member_required
from server.db import Row, utcnow
from server.forms import Form
from server.i18n import gettext as _
from server.outcomes import see_other
from server.templating import render


async def _page(request: Request, pool: Row, *, form: Form | None = None, message: str = "",
                status_code: int = 200) -> Response:
    db, now = request.state.db, utcnow()
    current = await service.payout_plan(db, pool, now.date())
    return render(request, "mutual_aid/payouts/page.html", {
        "pool": pool, "plan": current, "form": form, "message": message, "today": now.date().isoformat(),
        "recent": await payout_queries.recent_payouts(db, pool["id"]), **VOCABULARY,
    }, status_code=status_code)


def _url(pool: Row) -> str:
    return f"/pools/{pool['slug']}/steward/payouts"


async def _stewards_pool(request: Request) -> tuple[Row, Row]:
    pool = await pool_or_404(request)
    return pool, await steward_or_404(request, pool)


@member_required
async def payouts(request: Request) -> Response:
    pool, _steward = await _stewards_pool(request)
    return await _page(request, pool)


@member_required
async def send(request: Request) -> Response:
    """A steward's "I sent this": checked again against what the request still needs and what the
    pool has above its reserve now, whatever the page showed."""
    pool, steward = await _stewards_pool(request)
    now = utcnow()
    form = payout_form(await request.form(), today=now.date())
    if form.clean["request"] is None or form.clean["installment"] is None:
        raise HTTPException(status_code=404)
    if not form.ok:
        return await _page(request, pool, form=form, status_code=400)
    result = await service.record_payout(request.state.db, request.state.keyring, pool, form.clean["request"],
                                         form.clean["installment"], form.clean["amount_cents"], form.clean["method"],
                                         form.clean["sent_on"], steward["member_id"], now)
    if result == "recorded":
        return see_other(request, _url(pool), outcomes.SENT)
    if result == "too_much":
        form.errors["amount"] = _("That is more than this request still needs, or than the pool has above its "
                                  "reserve now (money sent but not yet confirmed counts as gone). Check the amount.")
        return await _page(request, pool, form=form, status_code=409)
    message = (_("Another steward already recorded this payout. Nothing was added.") if result == "taken"
               else _("This request no longer waits for money. Nothing was added."))
    return await _page(request, pool, message=message, status_code=409)


def _changed_meanwhile() -> str:
    return _("Another steward or the recipient already changed this payout. Nothing changed.")


@member_required
async def cancel(request: Request) -> Response:
    """A payout recorded by mistake, or that never arrived, while its recipient has not confirmed it."""
    pool, _steward = await _stewards_pool(request)
    if not await service.cancel(request.state.db, pool, id_param(request, "payout_id"), utcnow()):
        return await _page(request, pool, status_code=409, message=_changed_meanwhile())
    return see_other(request, _url(pool), outcomes.CANCELLED)


@member_required
async def reverse(request: Request) -> Response:
    """A confirmed payout recorded by mistake, once the box is ticked: a reversing entry in the book."""
    pool, _steward = await _stewards_pool(request)
    payout_id = id_param(request, "payout_id")
    if (await request.form()).get("confirmed") != "yes":
        return await _page(request, pool, status_code=400, message=_(
            "Tick the box to confirm the reversal: it takes the payout out of the pool's book."))
    if not await service.reverse(request.state.db, request.state.keyring, pool, payout_id, utcnow()):
        return await _page(request, pool, status_code=409, message=_changed_meanwhile())
    return see_other(request, _url(pool), outcomes.REVERSED)


async def _recipients_request(request: Request) -> tuple[Row, Row, int]:
    """The pool, the request and the payout in the URL; 404 unless the logged-in member asked for it."""
    pool, aid_request, requester = await aid_request_or_404(request)
    if not requester:
        raise HTTPException(status_code=404)
    return pool, aid_request, id_param(request, "payout_id")


async def _already_settled(request: Request, pool: Row, aid_request: Row) -> Response:
    return await detail_page(request, pool, aid_request, requester=True, status_code=409,
                             message=_("This payout was already confirmed or cancelled. Nothing changed."))


@member_required
async def received(request: Request) -> Response:
    """The recipient's "I received it": the book records the payout, and a linked debt goes down by it."""
    pool, aid_request, payout_id = await _recipients_request(request)
    if not await service.confirm_receipt(request.state.db, request.state.keyring, pool, aid_request, payout_id,
                                         utcnow(), request.state.domains.debt_watchers):
        return await _already_settled(request, pool, aid_request)
    return see_other(request, f"/pools/{pool['slug']}/requests/{aid_request['id']}", outcomes.RECEIVED)


@member_required
async def not_received(request: Request) -> Response:
    """The recipient's "I did not receive it": the stewards are told."""
    pool, aid_request, payout_id = await _recipients_request(request)
    if not await service.report_not_received(request.state.db, request.state.keyring, pool, aid_request, payout_id):
        return await _already_settled(request, pool, aid_request)
    return see_other(request, f"/pools/{pool['slug']}/requests/{aid_request['id']}", outcomes.NOT_RECEIVED)


routes: list[BaseRoute] = [
    Route("/pools/{slug}/steward/payouts", payouts, methods=["GET"], name="pool_payouts"),
    Route("/pools/{slug}/steward/payouts/send", send, methods=["POST"], name="pool_payout_send"),
    Route("/pools/{slug}/steward/payouts/{payout_id:int}/cancel", cancel, methods=["POST"], name="pool_payout_cancel"),
    Route("/pools/{slug}/steward/payouts/{payout_id:int}/reverse", reverse, methods=["POST"],
          name="pool_payout_reverse"),
    Route("/pools/{slug}/requests/{request_id:int}/payouts/{payout_id:int}/received", received, methods=["POST"],
          name="aid_payout_received"),
    Route("/pools/{slug}/requests/{request_id:int}/payouts/{payout_id:int}/not-received", not_received,
          methods=["POST"], name="aid_payout_not_received"),
]
