"""The rules of an account that several of its pages share: what a name and an email address look
like, and why a new password is refused, in the words the sign-up, recovery and account pages and
`jubilee admin create` all use."""

from __future__ import annotations

import re
import unicodedata

from confusable_homoglyphs import confusables  # type: ignore[import-untyped]

from server.i18n import gettext as _
from server.passwords import MAX_LENGTH, MIN_LENGTH

HANDLE_MIN, HANDLE_MAX = 3, 40
HANDLE_PUNCTUATION = frozenset(".-_'")
MARKS_PER_LETTER = 3  # enough for any script's accents and vowel signs; more is "Zalgo" text
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
EMAIL_MAX = 254


def clean_handle(typed: str) -> str:
    """A handle as it is kept: NFKC (so "ｍａｒｉａ" is "maria" and a decomposed "í" one character), with
    single spaces between words. Lookups go further (`server.members.normalize_handle`)."""
    return " ".join(unicodedata.normalize("NFKC", typed).split())


def is_handle(handle: str) -> bool:
    """3 to 40 letters of any alphabet with their accents or vowel signs, numbers, single spaces,
    dots, dashes, apostrophes or underscores, starting with a letter or number."""
    if not HANDLE_MIN <= len(handle) <= HANDLE_MAX or handle != clean_handle(handle):
        return False
    if len(unicodedata.normalize("NFKC", handle).casefold()) > HANDLE_MAX:  # "ß" looks up as "ss"
        return False
    marks = 0
    for index, char in enumerate(handle):
        category = unicodedata.category(char)
        if category[0] == "M":
            marks += 1
            if index == 0 or marks > MARKS_PER_LETTER:
                return False
            continue
        marks = 0
        if category[0] in "LN":
            continue
        if index == 0 or not (char == " " or char in HANDLE_PUNCTUATION):
            return False
    return True


def looks_like_another_alphabet(handle: str) -> bool:
    """Whether the handle mixes alphabets with letters that look alike, like a Cyrillic "а" among
    Latin letters: such a name could pass for another member's (Unicode TS #39 confusables)."""
    return bool(confusables.is_dangerous(handle))


def handle_shape_message() -> str:
    return _("Use 3 to 40 letters (with accents, in any alphabet), numbers, spaces, dots, dashes, apostrophes "
             "or underscores, starting with a letter or a number.")


def handle_confusable_message() -> str:
    return _("This name mixes letters from different alphabets that look alike, so it could pass for someone "
             "else's. Write it in one alphabet.")


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
