"""What a member typed into their account settings, checked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accounts.forms import check_email, check_new_password, secret
from server.forms import Form, text
from server.i18n import LANGUAGE_NAMES
from server.i18n import gettext as _


def language_choice(data: Mapping[str, Any]) -> str | None:
    """One of the languages Jubilee speaks, else None."""
    language = data.get("language")
    return language if isinstance(language, str) and language in LANGUAGE_NAMES else None


def password_change_form(data: Mapping[str, Any], handle: str) -> tuple[Form, str, str]:
    form = Form({})
    current = secret(data, "current_password")
    new = secret(data, "password")
    if not current:
        form.errors["current_password"] = _("Enter your current password.")
    check_new_password(form, new, secret(data, "password_confirm"), handle=handle)
    return form, current, new


def email_form(data: Mapping[str, Any]) -> Form:
    email = text(data, "email", 400)
    form = Form({"email": email})
    if not email:
        form.errors["email"] = _("Enter an email address, or use “Remove my email” instead.")
    check_email(form, email)
    return form
