"""Your data: what Jubilee holds, the download of all of it, the access log, and erasure."""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from accounts import forms, membership, my_data
from accounts.throttle import LoginThrottle, keys_for
from server import members, throttle
from server.auth import CurrentMember, clear_session_cookie, me, member_required
from server.db import utcnow
from server.i18n import gettext as _
from server.i18n import ngettext
from server.passwords import verify_password
from server.templating import render


@member_required
async def data_page(request: Request) -> Response:
    log = await my_data.access_log(request.state.db, me(request).id)
    return render(request, "accounts/my_data.html", {"access_log": log})


@member_required
async def export(request: Request) -> Response:
    member = me(request)
    state = request.state
    content = await my_data.build_export(state.db, state.keyring, member.id, member.data_key(), state.domains)
    headers = {
        "content-disposition": my_data.export_disposition(member.handle, utcnow().date()),
        "cache-control": "no-store",
    }
    return Response(my_data.export_json(content), media_type="application/json", headers=headers)


async def _erase_page(request: Request, form: forms.Form, *, status_code: int = 200) -> Response:
    last_admin = await my_data.is_last_administrator(request.state.db, me(request).id)
    context = {"form": form, "last_admin": last_admin}
    return render(request, "accounts/erase.html", context, status_code=status_code)


def _erase_form(data: FormData) -> tuple[forms.Form, str]:
    confirmed = data.get("confirm") == "yes"
    form = forms.Form({"confirm": "yes" if confirmed else ""})
    password = forms.secret(data, "password")
    if not password:
        form.errors["password"] = _("Enter your password.")
    if not confirmed:
        form.errors["confirm"] = _("Tick the box to confirm that you want to erase your account for good.")
    return form, password


@member_required
async def erase_page(request: Request) -> Response:
    return await _erase_page(request, forms.Form({"confirm": ""}))


@member_required
async def erase_account(request: Request) -> Response:
    member = me(request)
    state = request.state
    db, settings = state.db, state.settings
    form, password = _erase_form(await request.form())
    if not form.ok or await my_data.is_last_administrator(db, member.id):
        return await _erase_page(request, form, status_code=400)
    address = request.client.host if request.client else "unknown"
    throttle = LoginThrottle(db, settings, keys_for(settings, member.handle, address))
    await throttle.load()
    now = utcnow()
    if not (wait := throttle.blocked(now)):
        row = await members.member_by_id(db, member.id)
        assert row is not None
        if await to_thread.run_sync(verify_password, row["password_hash"], password):
            return await _erased(request, member, row)
        await throttle.record_failure(now)
        wait = throttle.blocked(now)
    if wait:
        form.errors["password"] = ngettext(
            "Too many failed attempts. Wait %(num)d minute and try again.",
            "Too many failed attempts. Wait %(num)d minutes and try again.", max(1, (wait + 59) // 60),
        )
        return await _erase_page(request, form, status_code=429)
    form.errors["password"] = _("That is not your password. Nothing was erased.")
    return await _erase_page(request, form, status_code=400)


async def _erased(request: Request, member: CurrentMember, row: dict[str, Any]) -> Response:
    state = request.state
    db, settings = state.db, state.settings
    email = membership.member_email(state.keyring, row)
    if not await my_data.erase(db, state.keyring, member.id, state.domains):
        return await _erase_page(request, forms.Form({"confirm": "yes"}), status_code=400)
    # The failed-attempt counters keyed by their name or email would outlive them by minutes.
    address = request.client.host if request.client else "unknown"
    for login in filter(None, (member.handle, email)):
        await throttle.clear_throttle(db, keys_for(settings, login, address).account)
    # The page is in their language (still this request's); nothing on it knows them any more.
    response = render(request, "accounts/erased.html", {"member": None, "unread_notifications": 0},
                      headers={"cache-control": "no-store"})
    response.headers.append("set-cookie", clear_session_cookie(request.scope))
    response.background = BackgroundTask(my_data.forget_on_disk, db)
    return response


routes = [
    Route("/account/data", data_page, name="my_data"),
    Route("/account/data/export", export, methods=["POST"], name="my_data_export"),
    Route("/account/erase", erase_page, name="erase"),
    Route("/account/erase", erase_account, methods=["POST"], name="erase_account"),
]
