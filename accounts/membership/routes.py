"""Sign-up, log-in, log-out and account recovery pages."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from accounts.membership import forms, service
from server import members
from server.auth import (
    current_member,
    device_label,
    logged_out_redirect,
    safe_next,
    session_cookie,
    start_session,
)
from server.db import utcnow
from server.forms import Form
from server.i18n import gettext as _
from server.i18n import ngettext, set_language
from server.templating import render
from server.throttle import minutes_to_wait, name_checks, sign_ups, take_one


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def signup_page(request: Request) -> Response:
    if current_member(request) is not None:
        return RedirectResponse("/account", status_code=303)
    form = Form({"handle": "", "email": "", "language": request.state.language})
    return render(request, "accounts/membership/signup.html", {"form": form})


async def sign_up(request: Request) -> Response:
    if current_member(request) is not None:
        return RedirectResponse("/account", status_code=303)
    form, password = forms.signup_form(await request.form())
    state = request.state
    db, settings, now = state.db, state.settings, utcnow()
    # Each name looked up, and each account made, counts against this address (friction for
    # whoever makes accounts by the dozen; docs/accounts.md).
    if "handle" not in form.errors:
        if wait := await take_one(db, settings, name_checks(settings), _address(request), now):
            return _too_many_sign_ups(request, form, ngettext(
                "You have tried many names in a short time. Wait %(num)d minute and try again.",
                "You have tried many names in a short time. Wait %(num)d minutes and try again.",
                minutes_to_wait(wait)), wait)
        if await service.handle_taken(db, form.values["handle"]):
            form.errors["handle"] = _("That name is taken. Try another one; it can be a nickname.")
    if not form.ok:
        return render(request, "accounts/membership/signup.html", {"form": form}, status_code=400)
    if wait := await take_one(db, settings, sign_ups(settings), _address(request), now):
        return _too_many_sign_ups(request, form, ngettext(
            "Many accounts were made from your connection in a short time. Wait %(num)d minute and try again.",
            "Many accounts were made from your connection in a short time. Wait %(num)d minutes and try again.",
            minutes_to_wait(wait)), wait)
    language = form.values["language"]
    new = await service.join(db, settings, state.keyring, form.values["handle"], password, language,
                             form.values["email"])
    cookie = await start_session(db, settings, new.id, new.data_key,
                                 device_label(request.headers.get("user-agent", "")))
    # The recovery code is shown once, in this response, never stored in clear, and in the
    # language the member chose, since nothing on that page may lead away from it.
    set_language(language)
    response = render(
        request,
        "accounts/membership/recovery_code.html",
        {"recovery_code": new.recovery_code, "handle": form.values["handle"], "email_sent": bool(form.values["email"])},
    )
    response.headers.append("set-cookie", session_cookie(cookie, request.scope, settings))
    response.headers["cache-control"] = "no-store"
    return response


async def login_page(request: Request) -> Response:
    form = Form({"login": "", "next": safe_next(request.query_params.get("next"))})
    return render(request, "accounts/membership/login.html", {"form": form})


async def log_in(request: Request) -> Response:
    form, password = forms.login_form(await request.form())
    if not form.ok:
        return render(request, "accounts/membership/login.html", {"form": form}, status_code=400)
    db, settings = request.state.db, request.state.settings
    result = await service.log_in(db, settings, form.values["login"], password, _address(request), utcnow())
    if isinstance(result, service.Refused):
        if result.wait:
            return _too_many(request, form, result.wait)
        form.errors["password"] = _("That name or email and password do not match. Check them and try again.")
        return render(request, "accounts/membership/login.html", {"form": form}, status_code=400)
    member, data_key = result
    cookie = await start_session(db, settings, member["id"], data_key,
                                 device_label(request.headers.get("user-agent", "")))
    response = RedirectResponse(safe_next(form.values["next"]), status_code=303)
    response.headers.append("set-cookie", session_cookie(cookie, request.scope, settings))
    return response


def _too_many_sign_ups(request: Request, form: Form, message: str, wait: int) -> Response:
    form.errors["handle"] = message
    return render(request, "accounts/membership/signup.html", {"form": form}, status_code=429,
                  headers={"retry-after": str(wait)})


def _too_many(request: Request, form: Form, wait: int) -> Response:
    form.errors["login"] = ngettext(
        "Too many failed attempts. For your safety, wait %(num)d minute and try again, or use your recovery code.",
        "Too many failed attempts. For your safety, wait %(num)d minutes and try again, or use your recovery code.",
        minutes_to_wait(wait),
    )
    return render(request, "accounts/membership/login.html", {"form": form}, status_code=429,
                  headers={"retry-after": str(wait)})


async def log_out(request: Request) -> Response:
    member = current_member(request)
    if member is not None:
        await members.delete_session(request.state.db, member.session_id)
    return logged_out_redirect(request, "/")


async def recover_page(request: Request) -> Response:
    return render(request, "accounts/membership/recover.html", {"form": Form({"login": "", "recovery_code": ""})})


async def recover(request: Request) -> Response:
    """Forgot password: the recovery code unlocks the data key, which a new password then wraps."""
    form, code, password = forms.recovery_form(await request.form())
    if not form.ok:
        return render(request, "accounts/membership/recover.html", {"form": form}, status_code=400)
    state = request.state
    result = await service.recover_account(state.db, state.settings, state.keyring, form.values["login"], code,
                                           password, _address(request), utcnow())
    if isinstance(result, service.Refused) and result.wait:
        form.errors["recovery_code"] = ngettext(
            "Too many failed attempts. Wait %(num)d minute and try again.",
            "Too many failed attempts. Wait %(num)d minutes and try again.", minutes_to_wait(result.wait),
        )
        return render(request, "accounts/membership/recover.html", {"form": form}, status_code=429)
    if isinstance(result, service.Refused):
        form.errors["recovery_code"] = _("That name or email and recovery code do not match.")
        return render(request, "accounts/membership/recover.html", {"form": form}, status_code=400)
    return render(request, "accounts/membership/recovered.html")


routes = [
    Route("/signup", signup_page, name="signup"),
    Route("/signup", sign_up, methods=["POST"], name="sign_up"),
    Route("/login", login_page, name="login"),
    Route("/login", log_in, methods=["POST"], name="log_in"),
    Route("/logout", log_out, methods=["POST"], name="logout"),
    Route("/recover", recover_page, name="recover"),
    Route("/recover", recover, methods=["POST"], name="recover_account"),
]
