"""What a person typed into the sign-up, log-in and recovery forms, checked. Errors are translated
message strings keyed by field name; values are kept (never passwords) so the page can be shown
again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accounts.forms import check_email, check_new_password, secret
from accounts.rules import (
    clean_handle,
    handle_confusable_message,
    handle_shape_message,
    is_handle,
    looks_like_another_alphabet,
)
from server.forms import Form, text
from server.i18n import LANGUAGE_NAMES
from server.i18n import gettext as _


def signup_form(data: Mapping[str, Any]) -> tuple[Form, str]:
    values = {
        "handle": text(data, "handle", 100),
        "email": text(data, "email", 400),
        "language": text(data, "language", 10),
    }
    form = Form(values)
    password = secret(data, "password")
    handle = clean_handle(values["handle"])
    if not handle:
        form.errors["handle"] = _("Choose a name to be known by. It can be a nickname.")
    elif not is_handle(handle):
        form.errors["handle"] = handle_shape_message()
    elif looks_like_another_alphabet(handle):
        form.errors["handle"] = handle_confusable_message()
    else:
        values["handle"] = handle
    check_email(form, values["email"])
    check_new_password(form, password, secret(data, "password_confirm"), handle=handle, email=values["email"])
    if values["language"] not in LANGUAGE_NAMES:
        form.errors["language"] = _("Choose English or Spanish.")
    if data.get("understood") != "yes":
        form.errors["understood"] = _("Please confirm that you understand how the recovery code works.")
    return form, password


def login_form(data: Mapping[str, Any]) -> tuple[Form, str]:
    form = Form({"login": text(data, "login", 300), "next": text(data, "next", 500)})
    password = secret(data, "password")
    if not form.values["login"]:
        form.errors["login"] = _("Enter your name or email.")
    if not password:
        form.errors["password"] = _("Enter your password.")
    return form, password


def recovery_form(data: Mapping[str, Any]) -> tuple[Form, str, str]:
    form = Form({"login": text(data, "login", 300), "recovery_code": text(data, "recovery_code", 100)})
    password = secret(data, "password")
    if not form.values["login"]:
        form.errors["login"] = _("Enter your name or email.")
    if not form.values["recovery_code"]:
        form.errors["recovery_code"] = _("Enter the recovery code you saved when you joined.")
    check_new_password(form, password, secret(data, "password_confirm"), handle=form.values["login"])
    return form, form.values["recovery_code"], password
