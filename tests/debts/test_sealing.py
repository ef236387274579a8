"""Account numbers and notes sealed under a member's own data key: what goes in comes out, only
for that member, that field and that key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from debts.vault.sealing import ACCOUNT_NUMBER, NOTES
from server import crypto
from server.sealing import open_sealed, seal

keys = st.binary(min_size=32, max_size=32)
member_ids = st.integers(min_value=1, max_value=2**31 - 1)


@given(key=keys, member=member_ids, text=st.text(min_size=1, max_size=5000))
def test_any_text_comes_back_exactly(key: bytes, member: int, text: str) -> None:
    sealed = seal(key, member, NOTES, text)
    assert sealed is not None
    if len(text) >= 8:  # short strings can occur in base64 by chance
        assert text not in sealed
    assert open_sealed(key, member, NOTES, sealed) == text


@given(key=keys, member=member_ids, other=member_ids, text=st.text(min_size=1, max_size=64))
def test_a_sealed_value_opens_only_for_its_member_and_field(key: bytes, member: int, other: int, text: str) -> None:
    sealed = seal(key, member, ACCOUNT_NUMBER, text)
    with pytest.raises(crypto.DecryptionError):
        open_sealed(key, member, NOTES, sealed)
    if other != member:
        with pytest.raises(crypto.DecryptionError):
            open_sealed(key, other, ACCOUNT_NUMBER, sealed)


@given(key=keys, wrong=keys, text=st.text(min_size=1, max_size=64))
def test_another_key_cannot_open_it(key: bytes, wrong: bytes, text: str) -> None:
    sealed = seal(key, 7, ACCOUNT_NUMBER, text)
    if wrong != key:
        with pytest.raises(crypto.DecryptionError):
            open_sealed(wrong, 7, ACCOUNT_NUMBER, sealed)


def test_an_empty_field_is_stored_as_nothing() -> None:
    assert seal(b"k" * 32, 1, NOTES, "") is None
    assert open_sealed(b"k" * 32, 1, NOTES, None) == ""
