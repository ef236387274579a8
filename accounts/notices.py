"""What the accounts domain tells a member: their password changed, a role given or taken away,
their email address confirmed."""

from __future__ import annotations

from typing import Any

from server.i18n import lazy_gettext as _l
from server.notices.kinds import Kind

ROLE_NAMES = {
    "organizer": _l("organizer"),
    "steward": _l("steward"),
    "administrator": _l("administrator"),
}


def _role_words(params: dict[str, Any]) -> dict[str, Any]:
    return {**params, "role": str(ROLE_NAMES.get(params.get("role", ""), params.get("role", "")))}


PASSWORD_CHANGED = Kind(
    "password_changed",
    _l("Your password was changed"),
    _l("The password of your Jubilee account was changed, and you were logged out everywhere, "
       "including this device. If this was not you, use your recovery code to set a new password now."),
)
ROLE_GRANTED = Kind(
    "role_granted",
    _l("You are now %(role)s"),
    _l("An administrator gave your account the role %(role)s."),
    _role_words,
)
ROLE_REVOKED = Kind(
    "role_revoked",
    _l("You are no longer %(role)s"),
    _l("An administrator removed the role %(role)s from your account."),
    _role_words,
)
EMAIL_CONFIRMED = Kind(
    "email_confirmed",
    _l("Your email address is confirmed"),
    _l("Jubilee will send notices to the address you confirmed. You can remove it at any time in your account."),
)
KINDS = (PASSWORD_CHANGED, ROLE_GRANTED, ROLE_REVOKED, EMAIL_CONFIRMED)
