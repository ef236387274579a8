"""The account page: language, password, email address and its confirmation, and sessions."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from accounts import email_address
from accounts.settings import forms, outcomes, service
from server import members
from server.auth import logged_out_redirect, me, member_required
from server.forms import Form, text
from server.i18n import gettext as _
from server.outcomes import see_other
from server.templating import render


async def _page(request: Request, *, status_code: int = 200, **context: Any) -> Response:
    member = me(request)
    db = request.state.db
    row = await members.member_by_id(db, member.id)
    assert row is not None
    base = {
        "email": email_address.member_email(request.state.keyring, row),
        "sessions": await members.member_sessions(db, member.id),
        "current_session": member.session_id,
        "password_form": Form({}),
        "email_form": Form({"email": ""}),
    }
    return render(request, "accounts/settings/account.html", {**base, **context}, status_code=status_code)


@member_required
async def account(request: Request) -> Response:
    return await _page(request)


@member_required
async def change_language(request: Request) -> Response:
    language = forms.language_choice(await request.form())
    if language is None:
        return await _page(request, status_code=400)
    await members.update_member(request.state.db, me(request).id, language=language)
    return see_other(request, "/account", outcomes.LANGUAGE_SAVED)


@member_required
async def change_password(request: Request) -> Response:
    member = me(request)
    form, current, new = forms.password_change_form(await request.form(), member.handle)
    state = request.state
    if form.ok and not await service.change_password(state.db, state.keyring, member.id, current, new):
        form.errors["current_password"] = _("That is not your current password.")
    if not form.ok:
        return await _page(request, password_form=form, status_code=400)
    # Every session ended with the change; log back in to get a session that holds the data key.
    return logged_out_redirect(request, "/login?next=/account")


@member_required
async def change_email(request: Request) -> Response:
    member = me(request)
    form = forms.email_form(await request.form())
    if not form.ok:
        return await _page(request, email_form=form, status_code=400)
    state = request.state
    await email_address.send_email_confirmation(state.db, state.settings, state.keyring, member.id,
                                                form.values["email"], member.language)
    return see_other(request, "/account", outcomes.CONFIRMATION_SENT)


@member_required
async def remove_email(request: Request) -> Response:
    await email_address.remove_email(request.state.db, me(request).id)
    return see_other(request, "/account", outcomes.EMAIL_REMOVED)


def _token_refused(request: Request) -> Response:
    return render(request, "accounts/settings/email_confirm.html", {"token": "", "problem": "invalid"}, status_code=400)


async def confirmation_page(request: Request) -> Response:
    """The link in the email shows a button: mail scanners follow links, and must not confirm."""
    state = request.state
    token = request.query_params.get("token", "")
    if email_address.read_confirmation_token(state.settings, state.keyring, token) is None:
        return _token_refused(request)
    return render(request, "accounts/settings/email_confirm.html", {"token": token, "problem": ""})


async def confirm_email(request: Request) -> Response:
    """The button attaches the address."""
    state = request.state
    token = text(await request.form(), "token", 2000)
    found = email_address.read_confirmation_token(state.settings, state.keyring, token)
    if found is None:
        return _token_refused(request)
    member_id, email = found
    if not await service.confirm_email(state.db, state.settings, state.keyring, member_id, email):
        return render(request, "accounts/settings/email_confirm.html", {"token": "", "problem": "taken"},
                      status_code=409)
    return render(request, "accounts/settings/email_confirm.html", {"token": "", "problem": "", "confirmed": True})


@member_required
async def log_out_everywhere(request: Request) -> Response:
    await members.delete_member_sessions(request.state.db, me(request).id)
    return logged_out_redirect(request, "/login")


@member_required
async def end_other_sessions(request: Request) -> Response:
    member = me(request)
    await members.delete_member_sessions(request.state.db, member.id, keep=member.session_id)
    return see_other(request, "/account", outcomes.OTHER_SESSIONS_ENDED)


routes = [
    Route("/account", account, name="account"),
    Route("/account/language", change_language, methods=["POST"], name="account_language"),
    Route("/account/password", change_password, methods=["POST"], name="account_password"),
    Route("/account/email", change_email, methods=["POST"], name="account_email"),
    Route("/account/email/remove", remove_email, methods=["POST"], name="account_email_remove"),
    Route("/account/sessions/others", end_other_sessions, methods=["POST"], name="account_end_others"),
    Route("/account/sessions/all", log_out_everywhere, methods=["POST"], name="account_logout_everywhere"),
    Route("/email/confirm", confirmation_page, name="email_confirmation"),
    Route("/email/confirm", confirm_email, methods=["POST"], name="email_confirm"),
]
