"""What a member typed into the erasure form, checked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accounts.forms import secret
from server.forms import Form
from server.i18n import gettext as _


def erase_form(data: Mapping[str, Any]) -> tuple[Form, str]:
    confirmed = data.get("confirm") == "yes"
    form = Form({"confirm": "yes" if confirmed else ""})
    password = secret(data, "password")
    if not password:
        form.errors["password"] = _("Enter your password.")
    if not confirmed:
        form.errors["confirm"] = _("Tick the box to confirm that you want to erase your account for good.")
    return form, password
