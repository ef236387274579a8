"""Sign-up, log-in, log-out and account recovery pages."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from accounts import forms, membership
from accounts.notices import PASSWORD_CHANGED
from accounts.throttle import LoginThrottle, keys_for
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
from server.i18n import gettext as _
from server.i18n import ngettext, set_language
from server.notices.outbox import notify
from server.templating import render

LOGIN_FAILED = "login_failed"


async def signup(request: Request) -> Response:
    if current_member(request) is not None:
        return RedirectResponse("/account", status_code=303)
    if request.method == "GET":
        form = forms.Form({"handle": "", "email": "", "language": request.state.language})
        return render(request, "accounts/signup.html", {"form": form})
    form, password = forms.signup_form(await request.form())
    db = request.state.db
    if "handle" not in form.errors and await members.handle_taken(db, members.normalize_handle(form.values["handle"])):
        form.errors["handle"] = _("That name is taken. Try another one; it can be a nickname.")
    if not form.ok:
        return render(request, "accounts/signup.html", {"form": form}, status_code=400)
    new = await membership.sign_up(db, form.values["handle"], password, form.values["language"])
    if form.values["email"]:
        await membership.send_email_confirmation(
            db, request.state.settings, request.state.keyring, new.id, form.values["email"], form.values["language"]
        )
    cookie = await start_session(db, request.state.settings, new.id, new.data_key,
                                 device_label(request.headers.get("user-agent", "")))
    # The recovery code is shown once, in this response, never stored in clear, and in the
    # language the member chose, since nothing on that page may lead away from it.
    set_language(form.values["language"])
    response = render(
        request,
        "accounts/recovery_code.html",
        {"recovery_code": new.recovery_code, "handle": form.values["handle"], "email_sent": bool(form.values["email"])},
    )
    response.headers.append("set-cookie", session_cookie(cookie, request.scope, request.state.settings))
    response.headers["cache-control"] = "no-store"
    return response


async def _throttle(request: Request, login: str) -> LoginThrottle:
    """The failed-attempt windows of this account name and this client address."""
    settings = request.state.settings
    address = request.client.host if request.client else "unknown"
    throttle = LoginThrottle(request.state.db, settings, keys_for(settings, login, address))
    await throttle.load()
    return throttle


def _minutes(seconds: int) -> int:
    return max(1, (seconds + 59) // 60)


async def login(request: Request) -> Response:
    if request.method == "GET":
        form = forms.Form({"login": "", "next": safe_next(request.query_params.get("next"))})
        return render(request, "accounts/login.html", {"form": form})
    form, password = forms.login_form(await request.form())
    if not form.ok:
        return render(request, "accounts/login.html", {"form": form}, status_code=400)
    db, settings = request.state.db, request.state.settings
    throttle = await _throttle(request, form.values["login"])
    now = utcnow()
    if wait := throttle.blocked(now):
        return _too_many(request, form, wait)
    result = await membership.authenticate(db, settings, form.values["login"], password)
    if result is None:
        await throttle.record_failure(now)
        if wait := throttle.blocked(now):
            return _too_many(request, form, wait)
        form.errors["password"] = _("That name or email and password do not match. Check them and try again.")
        return render(request, "accounts/login.html", {"form": form}, status_code=400)
    member, data_key = result
    await throttle.record_success()
    cookie = await start_session(db, settings, member["id"], data_key,
                                 device_label(request.headers.get("user-agent", "")))
    response = RedirectResponse(safe_next(form.values["next"]), status_code=303)
    response.headers.append("set-cookie", session_cookie(cookie, request.scope, settings))
    return response


def _too_many(request: Request, form: forms.Form, wait: int) -> Response:
    form.errors["login"] = ngettext(
        "Too many failed attempts. For your safety, wait %(num)d minute and try again, or use your recovery code.",
        "Too many failed attempts. For your safety, wait %(num)d minutes and try again, or use your recovery code.",
        _minutes(wait),
    )
    return render(request, "accounts/login.html", {"form": form}, status_code=429,
                  headers={"retry-after": str(wait)})


async def logout(request: Request) -> Response:
    member = current_member(request)
    if member is not None:
        await members.delete_session(request.state.db, member.session_id)
    return logged_out_redirect(request, "/")


async def recover(request: Request) -> Response:
    """Forgot password: the recovery code unlocks the data key, which a new password then wraps."""
    if request.method == "GET":
        return render(request, "accounts/recover.html", {"form": forms.Form({"login": "", "recovery_code": ""})})
    form, code, password = forms.recovery_form(await request.form())
    if not form.ok:
        return render(request, "accounts/recover.html", {"form": form}, status_code=400)
    db, settings = request.state.db, request.state.settings
    throttle = await _throttle(request, form.values["login"])
    now = utcnow()
    if wait := throttle.blocked(now):
        form.errors["recovery_code"] = ngettext(
            "Too many failed attempts. Wait %(num)d minute and try again.",
            "Too many failed attempts. Wait %(num)d minutes and try again.", _minutes(wait),
        )
        return render(request, "accounts/recover.html", {"form": form}, status_code=429)
    member = await membership.recover(db, settings, form.values["login"], code, password)
    if member is None:
        await throttle.record_failure(now)
        form.errors["recovery_code"] = _("That name or email and recovery code do not match.")
        return render(request, "accounts/recover.html", {"form": form}, status_code=400)
    await throttle.record_success()
    await notify(db, request.state.keyring, member["id"], PASSWORD_CHANGED)
    return render(request, "accounts/recovered.html")


routes = [
    Route("/signup", signup, methods=["GET", "POST"], name="signup"),
    Route("/login", login, methods=["GET", "POST"], name="login"),
    Route("/logout", logout, methods=["POST"], name="logout"),
    Route("/recover", recover, methods=["GET", "POST"], name="recover"),
]
