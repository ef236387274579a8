"""Field encryption, keyed look-up hashes, and the member's own data key.

Two kinds of protection (DESIGN.md, privacy model 1 and 2):

* `Keyring`: AES-256-GCM under server keys that rotate. Ciphertext is text `<key id>.<base64>`,
  so a field says which key sealed it; every configured key decrypts, the first one encrypts.
  The purpose (for example "member.email") is bound as associated data, so a ciphertext cannot
  be moved into another column.
* The member's data key: 32 random bytes that encrypt their most private fields. It is stored
  only wrapped: by a key derived from their password (Argon2id), by a key derived from their
  recovery code, and per session by a key derived from the token in their cookie. The server
  keys alone unwrap none of these.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12
DATA_KEY_BYTES = 32
# Argon2id for the password-derived wrapping key: about 100 ms on a small server.
KDF_TIME_COST = 3
KDF_MEMORY_KIB = 65536
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
RECOVERY_GROUPS = 5


class DecryptionError(Exception):
    """The ciphertext was altered, sealed for another purpose, or the key is wrong or gone."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError):
        raise DecryptionError("not base64") from None
    # The decoder skips stray characters and ignores spare bits: accept only what _b64 writes,
    # so an altered ciphertext never opens.
    if _b64(data) != text:
        raise DecryptionError("not canonical base64")
    return data


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError):
        raise DecryptionError("authentication failed") from None


class Keyring:
    """Server-held AES-GCM keys: the current one encrypts, all of them decrypt."""

    def __init__(self, keys: Mapping[str, bytes], current_id: str) -> None:
        if current_id not in keys:
            raise ValueError("the current key must be one of the keys")
        self._keys = dict(keys)
        self.current_id = current_id

    def encrypt(self, plaintext: str, purpose: str) -> str:
        sealed = _seal(self._keys[self.current_id], plaintext.encode(), purpose.encode())
        return f"{self.current_id}.{_b64(sealed)}"

    def decrypt(self, ciphertext: str, purpose: str) -> str:
        key_id, sep, body = ciphertext.partition(".")
        if not sep or key_id not in self._keys:
            raise DecryptionError(f"no key {key_id!r} to decrypt with")
        return _open(self._keys[key_id], _unb64(body), purpose.encode()).decode()

    def is_current(self, ciphertext: str) -> bool:
        return ciphertext.partition(".")[0] == self.current_id


def lookup_hash(key: bytes, value: str) -> str:
    """A keyed hash for finding a row by a secret value without storing the value."""
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def _password_kek(password: str, salt: bytes) -> bytes:
    return hash_secret_raw(
        password.encode(), salt, time_cost=KDF_TIME_COST, memory_cost=KDF_MEMORY_KIB,
        parallelism=1, hash_len=32, type=Type.ID,
    )


def _secret_kek(secret: str, salt: bytes, purpose: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=purpose.encode())
    return hkdf.derive(secret.encode())


def wrap_with_password(data_key: bytes, password: str) -> str:
    salt = secrets.token_bytes(16)
    return f"pw1.{_b64(salt)}.{_b64(_seal(_password_kek(password, salt), data_key, b'data-key'))}"


def wrap_many_with_password(data_keys: list[bytes], password: str) -> list[str]:
    """One key derivation for many keys (demo accounts that share one known password)."""
    salt = secrets.token_bytes(16)
    kek = _password_kek(password, salt)
    return [f"pw1.{_b64(salt)}.{_b64(_seal(kek, key, b'data-key'))}" for key in data_keys]


def unwrap_with_password(wrapped: str, password: str) -> bytes:
    scheme, salt, sealed = _parts(wrapped, "pw1")
    return _open(_password_kek(password, salt), sealed, b"data-key")


def wrap_with_secret(data_key: bytes, secret: str, purpose: str) -> str:
    """Wrap under a high-entropy secret (a recovery code, a session token): HKDF is enough."""
    salt = secrets.token_bytes(16)
    return f"s1.{_b64(salt)}.{_b64(_seal(_secret_kek(secret, salt, purpose), data_key, purpose.encode()))}"


def unwrap_with_secret(wrapped: str, secret: str, purpose: str) -> bytes:
    _, salt, sealed = _parts(wrapped, "s1")
    return _open(_secret_kek(secret, salt, purpose), sealed, purpose.encode())


def _parts(wrapped: str, scheme: str) -> tuple[str, bytes, bytes]:
    parts = wrapped.split(".")
    if len(parts) != 3 or parts[0] != scheme:
        raise DecryptionError("unknown wrapping")
    return parts[0], _unb64(parts[1]), _unb64(parts[2])


def new_recovery_code() -> str:
    """About 100 random bits, written as five groups of four easy-to-read characters."""
    chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * 4))
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def normalize_recovery_code(typed: str) -> str:
    """Accept what a person types: any case, spaces or no dashes, O for 0, I or L for 1."""
    cleaned = typed.upper().translate(str.maketrans("OIL", "011", " -_\t\n"))
    groups = [cleaned[i : i + 4] for i in range(0, len(cleaned), 4)]
    return "-".join(groups)


# Associated-data labels, one per encrypted field, so ciphertexts cannot be swapped between them.
EMAIL = "member.email"
SESSION_DATA_KEY = "session.data-key"
RECOVERY = "member.recovery"
OUTBOX = "outbox"


def encrypt_with(key: bytes, plaintext: str, purpose: str) -> str:
    """Seal a member's own field under their data key (the server cannot open it alone)."""
    return "m1." + _b64(_seal(key, plaintext.encode(), purpose.encode()))


def decrypt_with(key: bytes, ciphertext: str, purpose: str) -> str:
    scheme, sep, body = ciphertext.partition(".")
    if scheme != "m1" or not sep:
        raise DecryptionError("unknown sealing")
    return _open(key, _unb64(body), purpose.encode()).decode()
