"""Your data: what Jubilee holds, the download of all of it, the access log, and erasure."""

from __future__ import annotations

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from accounts.admin.service import is_last_administrator
from accounts.email_address import member_email
from accounts.membership.service import Refused, confirm_password
from accounts.membership.throttle import forget_failures
from accounts.my_data import forms, service
from accounts.my_data.access_log import access_log
from accounts.my_data.download import build_export, export_disposition, export_json
from server.auth import CurrentMember, clear_session_cookie, me, member_required
from server.db import Row, forget_after_commit, utcnow
from server.forms import Form
from server.i18n import gettext as _
from server.i18n import ngettext
from server.templating import render
from server.throttle import minutes_to_wait


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@member_required
async def data_page(request: Request) -> Response:
    log = await access_log(request.state.db, me(request).id)
    return render(request, "accounts/my_data/my_data.html", {"access_log": log})


@member_required
async def export(request: Request) -> Response:
    member = me(request)
    state = request.state
    content = await build_export(state.db, state.keyring, member.id, member.data_key(), state.domains)
    headers = {
        "content-disposition": export_disposition(member.handle, utcnow().date()),
        "cache-control": "no-store",
    }
    return Response(export_json(content), media_type="application/json", headers=headers)


async def _erase_page(request: Request, form: Form, *, status_code: int = 200) -> Response:
    last_admin = await is_last_administrator(request.state.db, me(request).id)
    context = {"form": form, "last_admin": last_admin}
    return render(request, "accounts/my_data/erase.html", context, status_code=status_code)


@member_required
async def erase_page(request: Request) -> Response:
    return await _erase_page(request, Form({"confirm": ""}))


@member_required
async def erase_account(request: Request) -> Response:
    member = me(request)
    db, settings = request.state.db, request.state.settings
    form, password = forms.erase_form(await request.form())
    if not form.ok or await is_last_administrator(db, member.id):
        return await _erase_page(request, form, status_code=400)
    found = await confirm_password(db, settings, member.id, member.handle, password, _address(request), utcnow())
    if not isinstance(found, Refused):
        return await _erased(request, member, found)
    if found.wait:
        form.errors["password"] = ngettext(
            "Too many failed attempts. Wait %(num)d minute and try again.",
            "Too many failed attempts. Wait %(num)d minutes and try again.", minutes_to_wait(found.wait),
        )
        return await _erase_page(request, form, status_code=429)
    form.errors["password"] = _("That is not your password. Nothing was erased.")
    return await _erase_page(request, form, status_code=400)


async def _erased(request: Request, member: CurrentMember, row: Row) -> Response:
    state = request.state
    db = state.db
    email = member_email(state.keyring, row)
    if not await service.erase(db, state.keyring, member.id, state.domains):
        return await _erase_page(request, Form({"confirm": "yes"}), status_code=400)
    await forget_failures(db, state.settings, (member.handle, email), _address(request))
    # The page is in their language (still this request's); nothing on it knows them any more.
    response = render(request, "accounts/my_data/erased.html", {"member": None, "unread_notifications": 0},
                      headers={"cache-control": "no-store"})
    response.headers.append("set-cookie", clear_session_cookie(request.scope))
    forget_after_commit(request.scope)  # nothing of them left in SQLite's file when this answers
    response.background = BackgroundTask(service.forget_on_disk, db)  # then a smaller file
    return response


routes = [
    Route("/account/data", data_page, name="my_data"),
    Route("/account/data/export", export, methods=["POST"], name="my_data_export"),
    Route("/account/erase", erase_page, name="erase"),
    Route("/account/erase", erase_account, methods=["POST"], name="erase_account"),
]
