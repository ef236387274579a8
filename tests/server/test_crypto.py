"""Field encryption, key rotation and the member's own data key, as properties that hold for any input."""

from __future__ import annotations

import os
import string
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from accounts import email_address
from accounts.notices import PASSWORD_CHANGED
from server import crypto, rotation
from server import members as queries
from server.crypto import DecryptionError, Keyring
from server.db import Database
from server.notices.outbox import notify
from server.registry import DOMAINS
from server.settings import Settings
from tests.conftest import STRONG_PASSWORD, log_in, make_settings, new_client, run, sign_up
from tests.conftest import test_keys as server_keys

FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KDF = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])

keys = st.binary(min_size=32, max_size=32)
key_ids = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=16)
purposes = st.text(alphabet=string.ascii_lowercase + ".-", min_size=1, max_size=30)
data_keys = st.binary(min_size=crypto.DATA_KEY_BYTES, max_size=crypto.DATA_KEY_BYTES)


def keyring(current: str = "t1", **extra: bytes) -> Keyring:
    return Keyring({**extra, **server_keys()}, current)


@FEW
@given(plaintext=st.text(), purpose=purposes)
def test_any_text_comes_back_exactly_as_it_was_encrypted(plaintext: str, purpose: str) -> None:
    ring = keyring()
    sealed = ring.encrypt(plaintext, purpose)

    assert ring.decrypt(sealed, purpose) == plaintext
    # a fresh nonce each time: equal values (two members' same email) do not look equal in a copy
    assert ring.encrypt(plaintext, purpose) != sealed


@FEW
@given(plaintext=st.text(), purpose=purposes, other=purposes)
def test_a_ciphertext_opens_only_for_its_own_purpose(plaintext: str, purpose: str, other: str) -> None:
    assume(purpose != other)
    sealed = keyring().encrypt(plaintext, purpose)

    with pytest.raises(DecryptionError):
        keyring().decrypt(sealed, other)


@settings(max_examples=10, deadline=None)
@given(plaintext=st.text(max_size=40))
def test_changing_any_character_of_a_ciphertext_makes_it_fail(plaintext: str) -> None:
    ring = keyring()
    sealed = ring.encrypt(plaintext, crypto.EMAIL)
    opened = []
    for position, original in enumerate(sealed):
        for replacement in string.ascii_letters + string.digits + "-_+/=.":
            if replacement == original:
                continue
            tampered = sealed[:position] + replacement + sealed[position + 1:]
            try:
                ring.decrypt(tampered, crypto.EMAIL)
            except DecryptionError:
                continue
            opened.append(tampered)

    assert opened == [], f"altered copies of {sealed} were accepted"


@FEW
@given(plaintext=st.text(), new_id=key_ids, new_key=keys)
def test_old_ciphertexts_still_open_after_a_new_key_is_added(plaintext: str, new_id: str, new_key: bytes) -> None:
    assume(new_id not in server_keys())
    old_sealed = keyring("t1").encrypt(plaintext, crypto.EMAIL)
    older_sealed = keyring("t0").encrypt(plaintext, crypto.EMAIL)

    rotated = keyring(new_id, **{new_id: new_key})

    assert rotated.decrypt(old_sealed, crypto.EMAIL) == plaintext
    assert rotated.decrypt(older_sealed, crypto.EMAIL) == plaintext
    assert rotated.encrypt(plaintext, crypto.EMAIL).startswith(new_id + ".")


def test_a_ciphertext_whose_key_was_dropped_fails_cleanly() -> None:
    sealed = keyring("t0").encrypt("maria@example.org", crypto.EMAIL)

    with pytest.raises(DecryptionError):
        Keyring({"t1": server_keys()["t1"]}, "t1").decrypt(sealed, crypto.EMAIL)


@KDF
@given(data_key=data_keys, password=st.text(min_size=1, max_size=40), wrong=st.text(min_size=1, max_size=40))
def test_the_data_key_is_unwrapped_by_the_password_and_by_nothing_else(
    data_key: bytes, password: str, wrong: str
) -> None:
    assume(wrong != password)
    wrapped = crypto.wrap_with_password(data_key, password)

    assert crypto.unwrap_with_password(wrapped, password) == data_key
    assert data_key.hex() not in wrapped
    with pytest.raises(DecryptionError):
        crypto.unwrap_with_password(wrapped, wrong)


@FEW
@given(data_key=data_keys, secret=st.text(min_size=1), wrong=st.text(min_size=1), purpose=purposes, other=purposes)
def test_the_data_key_is_unwrapped_by_its_secret_for_its_purpose_only(
    data_key: bytes, secret: str, wrong: str, purpose: str, other: str
) -> None:
    assume(wrong != secret and other != purpose)
    wrapped = crypto.wrap_with_secret(data_key, secret, purpose)

    assert crypto.unwrap_with_secret(wrapped, secret, purpose) == data_key
    with pytest.raises(DecryptionError):
        crypto.unwrap_with_secret(wrapped, wrong, purpose)
    with pytest.raises(DecryptionError):
        crypto.unwrap_with_secret(wrapped, secret, other)


def test_a_password_wrapping_is_not_accepted_as_a_secret_wrapping_or_the_reverse() -> None:
    data_key = crypto.new_data_key()
    by_password = crypto.wrap_with_password(data_key, STRONG_PASSWORD)
    by_secret = crypto.wrap_with_secret(data_key, STRONG_PASSWORD, crypto.RECOVERY)

    with pytest.raises(DecryptionError):
        crypto.unwrap_with_secret(by_password, STRONG_PASSWORD, crypto.RECOVERY)
    with pytest.raises(DecryptionError):
        crypto.unwrap_with_password(by_secret, STRONG_PASSWORD)


# --- recovery codes as people type them ------------------------------------------------------

recovery_codes = st.lists(st.sampled_from(crypto.RECOVERY_ALPHABET), min_size=20, max_size=20).map(
    lambda chars: "-".join("".join(chars[i:i + 4]) for i in range(0, 20, 4))
)
LOOKALIKES = {"0": "oO", "1": "iIlL"}


@st.composite
def typed_versions(draw: st.DrawFn, code: str) -> str:
    """What a person might type for `code`: any case, spaces or nothing between groups, O for 0, I/L for 1."""
    groups = []
    for group in code.split("-"):
        chars = []
        for char in group:
            choices = [char, char.lower()] + list(LOOKALIKES.get(char, ""))
            chars.append(draw(st.sampled_from(choices)))
        groups.append("".join(chars))
    separators = draw(st.lists(st.sampled_from(["-", " ", "", "  ", " - "]), min_size=4, max_size=4))
    typed = groups[0] + "".join(sep + group for sep, group in zip(separators, groups[1:], strict=True))
    return draw(st.sampled_from(["", " "])) + typed + draw(st.sampled_from(["", " ", "\n"]))


@FEW
@given(data=st.data(), code=recovery_codes)
def test_a_recovery_code_is_recognised_however_it_is_typed(data: st.DataObject, code: str) -> None:
    typed = data.draw(typed_versions(code), label="typed")

    assert crypto.normalize_recovery_code(typed) == code


def test_a_new_recovery_code_is_five_groups_of_four_unambiguous_characters() -> None:
    codes = {crypto.new_recovery_code() for _ in range(50)}

    assert len(codes) == 50
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4] * 5
        assert set("".join(groups)) <= set(crypto.RECOVERY_ALPHABET)
        assert crypto.normalize_recovery_code(code) == code


def test_a_recovery_code_typed_loosely_still_unlocks_the_data_key() -> None:
    data_key = crypto.new_data_key()
    code = "0A1B-2C3D-4E5F-6G7H-8J9K"
    wrapped = crypto.wrap_with_secret(data_key, code, crypto.RECOVERY)

    typed = "oa1b 2c3d4e5f-6g7h 8j9k"

    assert crypto.unwrap_with_secret(wrapped, crypto.normalize_recovery_code(typed), crypto.RECOVERY) == data_key


# --- key rotation against a real database -----------------------------------------------------

FIELDS = (*rotation.SHELL_FIELDS, *DOMAINS.encrypted_fields)


async def _all_encrypted(db: Database) -> dict[tuple[str, str, int], str]:
    """Every server-key ciphertext in the database, by (table, column, row id)."""
    values = {}
    for field in FIELDS:
        key = next(iter(field.table.primary_key.columns))
        column = field.table.c[field.column]
        for row in await db.fetch_all(sa.select(key, column).where(column.is_not(None))):
            values[(field.table.name, field.column, row[key.name])] = row[field.column]
    return values


def _plaintexts(ring: Keyring, values: dict[tuple[str, str, int], str]) -> dict[tuple[str, str, int], str]:
    purposes = {(f.table.name, f.column): f.purpose for f in FIELDS}
    return {where: ring.decrypt(value, purposes[where[:2]]) for where, value in values.items()}


async def _give_email(db: Database, settings: Settings, ring: Keyring, handle: str, email: str) -> int:
    member = await queries.member_by_handle_key(db, handle)
    assert member is not None
    assert await email_address.confirm_email(db, settings, ring, member["id"], email)
    return int(member["id"])


def fill_with_encrypted_values(client: TestClient, settings: Settings, ring_for: dict[str, Keyring]) -> None:
    """Members with confirmed emails and queued emails, sealed under several keys."""
    for number, (handle, ring) in enumerate(ring_for.items()):
        sign_up(client, handle, email=f"{handle}@example.org")  # queues a confirmation email
        client.cookies.clear()
        member_id = run(client, _give_email, settings, ring, handle, f"{handle}@example.org")
        for _ in range(number + 1):
            run(client, notify, ring, member_id, PASSWORD_CHANGED)  # queues a notice email


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rotation, "BATCH", 3)


@pytest.mark.usefixtures("small_batches")
def test_rotation_moves_every_value_to_the_new_key_and_loses_nothing(
    client: TestClient, settings: Settings, database_url: str, tmp_path: Path
) -> None:
    old_current, older = keyring("t1"), keyring("t0")
    fill_with_encrypted_values(client, settings, {"maria": old_current, "kwame": older, "lupita": old_current,
                                                  "wen": older})
    before = run(client, _all_encrypted)
    assert len(before) == 4 + 4 * 3 + (1 + 2 + 3 + 4) * 3  # emails; confirmation and notice emails' 3 fields
    assert {value.partition(".")[0] for value in before.values()} == {"t1", "t0"}
    new_key = os.urandom(32)
    new = keyring("t2", t2=new_key)

    counts = run(client, rotation.rotate, new, DOMAINS.encrypted_fields)
    after = run(client, _all_encrypted)

    assert sum(counts.values()) == len(before)
    assert set(after) == set(before)
    assert all(value.startswith("t2.") for value in after.values())
    assert _plaintexts(new, after) == _plaintexts(new, before)
    assert run(client, rotation.remaining, new, DOMAINS.encrypted_fields) == 0
    assert run(client, rotation.rotate, new, DOMAINS.encrypted_fields) == dict.fromkeys(counts, 0), "a second run found more to do"
    # Once rotated, the old keys can go: the app runs on the new key alone.
    alone = make_settings(database_url, tmp_path, encryption_keys={"t2": new_key}, current_key_id="t2")
    with new_client(alone) as browser:
        assert log_in(browser, "kwame@example.org").status_code == 303
        assert "kwame@example.org" in browser.get("/account").text


def test_rotation_tells_apart_key_ids_that_differ_only_in_case(client: TestClient, settings: Settings) -> None:
    """SQLite's LIKE ignores case: key "K" must not pass for the current key "k"."""
    upper = keyring("K", K=b"\x05" * 32, k=b"\x06" * 32)
    fill_with_encrypted_values(client, settings, {"maria": upper})
    lower = keyring("k", K=b"\x05" * 32, k=b"\x06" * 32)

    assert run(client, rotation.remaining, lower, DOMAINS.encrypted_fields) > 0
    run(client, rotation.rotate, lower, DOMAINS.encrypted_fields)

    after = run(client, _all_encrypted)
    assert all(value.startswith("k.") for value in after.values())
    assert run(client, rotation.remaining, lower, DOMAINS.encrypted_fields) == 0
