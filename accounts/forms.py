"""What a person typed into the account forms, checked. Errors are translated message strings
keyed by field name; values are kept (never passwords) so the page can be shown again."""

from __future__ import annotations

import re
import unicodedata

from starlette.datastructures import FormData

from server.forms import Form, text
from server.i18n import LANGUAGE_NAMES
from server.i18n import gettext as _
from server.passwords import MAX_LENGTH, MIN_LENGTH, password_problem

__all__ = ["Form", "text"]  # re-exported for the account routes

HANDLE_PATTERN = re.compile(r"^[\w.\-]{3,40}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
EMAIL_MAX = 254


def secret(form: FormData, name: str) -> str:
    value = form.get(name)
    return value[: MAX_LENGTH + 1] if isinstance(value, str) else ""


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _password_message(problem: str) -> str:
    return {
        "short": _("Use at least %(min)s characters. A few unrelated words are easy to remember.", min=MIN_LENGTH),
        "long": _("Use at most %(max)s characters.", max=MAX_LENGTH),
        "leaked": _("This password is in lists of leaked passwords that attackers try first. Choose another."),
        "guessable": _("This password would be easy to guess. Try a few unrelated words, or make it longer."),
    }[problem]


def check_new_password(form: Form, password: str, confirm: str, *, handle: str, email: str = "") -> None:
    problem = password_problem(password, (handle, email))
    if problem:
        form.errors["password"] = _password_message(problem)
    elif password != confirm:
        form.errors["password_confirm"] = _("The two passwords are not the same.")


def check_email(form: Form, email: str) -> None:
    if email and (len(email) > EMAIL_MAX or not EMAIL_PATTERN.match(email)):
        form.errors["email"] = _("This does not look like an email address, for example name@example.org.")


def signup_form(data: FormData) -> tuple[Form, str]:
    values = {
        "handle": text(data, "handle", 100),
        "email": text(data, "email", 400),
        "language": text(data, "language", 10),
    }
    form = Form(values)
    password = secret(data, "password")
    handle = unicodedata.normalize("NFKC", values["handle"])
    values["handle"] = handle
    if not handle:
        form.errors["handle"] = _("Choose a name to be known by. It can be a nickname.")
    elif not HANDLE_PATTERN.match(handle):
        form.errors["handle"] = _("Use 3 to 40 letters, numbers, dots, dashes or underscores, with no spaces.")
    check_email(form, values["email"])
    check_new_password(form, password, secret(data, "password_confirm"), handle=handle, email=values["email"])
    if values["language"] not in LANGUAGE_NAMES:
        form.errors["language"] = _("Choose English or Spanish.")
    if data.get("understood") != "yes":
        form.errors["understood"] = _("Please confirm that you understand how the recovery code works.")
    return form, password


def login_form(data: FormData) -> tuple[Form, str]:
    form = Form({"login": text(data, "login", 300), "next": text(data, "next", 500)})
    password = secret(data, "password")
    if not form.values["login"]:
        form.errors["login"] = _("Enter your name or email.")
    if not password:
        form.errors["password"] = _("Enter your password.")
    return form, password


def password_change_form(data: FormData, handle: str) -> tuple[Form, str, str]:
    form = Form({})
    current = secret(data, "current_password")
    new = secret(data, "password")
    if not current:
        form.errors["current_password"] = _("Enter your current password.")
    check_new_password(form, new, secret(data, "password_confirm"), handle=handle)
    return form, current, new


def recovery_form(data: FormData) -> tuple[Form, str, str]:
    form = Form({"login": text(data, "login", 300), "recovery_code": text(data, "recovery_code", 100)})
    password = secret(data, "password")
    if not form.values["login"]:
        form.errors["login"] = _("Enter your name or email.")
    if not form.values["recovery_code"]:
        form.errors["recovery_code"] = _("Enter the recovery code you saved when you joined.")
    check_new_password(form, password, secret(data, "password_confirm"), handle=form.values["login"])
    return form, form.values["recovery_code"], password
