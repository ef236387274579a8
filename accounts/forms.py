"""Checks that several account forms share: a secret typed into a field, a new password typed twice,
an email address. Errors are translated messages keyed by field name; a password is never kept."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accounts.rules import is_email_address, password_message
from server.forms import Form
from server.i18n import gettext as _
from server.passwords import MAX_LENGTH, password_problem


def secret(form: Mapping[str, Any], name: str) -> str:
    """A password or code as typed (never stripped), cut just past the longest accepted."""
    value = form.get(name)
    return value[: MAX_LENGTH + 1] if isinstance(value, str) else ""


def check_new_password(form: Form, password: str, confirm: str, *, handle: str, email: str = "") -> None:
    problem = password_problem(password, (handle, email))
    if problem:
        form.errors["password"] = password_message(problem)
    elif password != confirm:
        form.errors["password_confirm"] = _("The two passwords are not the same.")


def check_email(form: Form, email: str) -> None:
    if email and not is_email_address(email):
        form.errors["email"] = _("This does not look like an email address, for example name@example.org.")
