"""What each kind of notification says, in the reader's language.

A notification row stores only its kind and parameters; the words are looked up when it is shown
or emailed, so a member who switches language reads everything in the new one. Packages add
their kinds with `register()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from babel.support import LazyProxy

from server.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    title: LazyProxy
    body: LazyProxy
    # turns stored parameters into words of the reader's language (e.g. a role's name)
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None


KINDS: dict[str, Kind] = {}

ROLE_NAMES = {
    "organizer": _l("organizer"),
    "steward": _l("steward"),
    "administrator": _l("administrator"),
}


def register(
    name: str, title: LazyProxy, body: LazyProxy, prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None
) -> None:
    KINDS[name] = Kind(title, body, prepare)


def _role_words(params: dict[str, Any]) -> dict[str, Any]:
    return {**params, "role": str(ROLE_NAMES.get(params.get("role", ""), params.get("role", "")))}


def render(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    """(title, body) in the current language; unknown kinds degrade to a neutral line."""
    entry = KINDS.get(kind)
    if entry is None:
        return str(_l("Notice")), ""
    if entry.prepare is not None:
        params = entry.prepare(params)
    try:
        return str(entry.title) % params, str(entry.body) % params
    except (KeyError, ValueError, TypeError):
        return str(entry.title), ""


register(
    "password_changed",
    _l("Your password was changed"),
    _l("The password of your Jubilee account was changed, and you were logged out everywhere, "
       "including this device. If this was not you, use your recovery code to set a new password now."),
)
register(
    "role_granted",
    _l("You are now %(role)s"),
    _l("An administrator gave your account the role %(role)s."),
    _role_words,
)
register(
    "role_revoked",
    _l("You are no longer %(role)s"),
    _l("An administrator removed the role %(role)s from your account."),
    _role_words,
)
register(
    "email_confirmed",
    _l("Your email address is confirmed"),
    _l("Jubilee will send notices to the address you confirmed. You can remove it at any time in your account."),
)
