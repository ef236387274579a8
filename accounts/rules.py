"""The rules of an account that several of its pages share: what a name and an email address look
like, and why a new password is refused, in the words the sign-up, recovery and account pages and
`jubilee admin create` all use."""

from __future__ import annotations

import re

from server.i18n import gettext as _
from server.passwords import MAX_LENGTH, MIN_LENGTH

HANDLE_PATTERN = re.compile(r"^[\w.\-]{3,40}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
EMAIL_MAX = 254


def is_handle(handle: str) -> bool:
    """3 to 40 letters (of any alphabet), numbers, dots, dashes or underscores."""
    return bool(HANDLE_PATTERN.match(handle))


def handle_shape_message() -> str:
    return _("Use 3 to 40 letters, numbers, dots, dashes or underscores, with no spaces.")


def is_email_address(email: str) -> bool:
    return len(email) <= EMAIL_MAX and bool(EMAIL_PATTERN.match(email))


def normalize_email(email: str) -> str:
    return email.strip().lower()


def password_message(problem: str) -> str:
    """Why a new password is refused (`server.passwords.password_problem`), in the reader's language."""
    return {
        "short": _("Use at least %(min)s characters. A few unrelated words are easy to remember.", min=MIN_LENGTH),
        "long": _("Use at most %(max)s characters.", max=MAX_LENGTH),
        "leaked": _("This password is in lists of leaked passwords that attackers try first. Choose another."),
        "guessable": _("This password would be easy to guess. Try a few unrelated words, or make it longer."),
    }[problem]
