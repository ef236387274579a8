"""Password hashing (Argon2id) and the rule for acceptable passwords."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MAX_LENGTH = 256
# zxcvbn scores 0-4; 3 means "safely unguessable: moderate protection from offline attacks"
MIN_SCORE = 3

_hasher = PasswordHasher()
# A real hash to verify against when an account does not exist, so timing does not tell.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


@lru_cache(maxsize=1)
def _leaked() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, personal: tuple[str, ...] = ()) -> str | None:
    """Why this password is refused (a message id), or None when it is acceptable.

    Refuses passwords shorter than 12 characters, those in the list of the 30,000 most common
    leaked passwords, and those that zxcvbn estimates are easy to guess (repeats, keyboard runs,
    dates, the member's own handle or email)."""
    if len(password) < MIN_LENGTH:
        return "short"
    if len(password) > MAX_LENGTH:
        return "long"
    if password.casefold() in _leaked():
        return "leaked"
    if zxcvbn(password[:100], user_inputs=[p for p in personal if p])["score"] < MIN_SCORE:
        return "guessable"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the account exists (pass None when it does not)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
