"""The key a creditor's name is found by: case, accents, punctuation and company words make no
difference."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from debts.creditors.names import name_key


@pytest.mark.parametrize(("typed", "key"), [
    ("Navient Solutions, LLC", "navient solutions"),
    ("  NAVIENT   solutions inc. ", "navient solutions"),
    ("Citibank, N.A.", "citibank"),
    ("Wells Fargo & Company", "wells fargo"),
    ("JPMorgan Chase & Co., Inc.", "jpmorgan chase"),
    ("I.C. System, Inc.", "ic system"),
    ("Check 'n Go", "check n go"),
    ("Clínica Médica São José, S.A. de C.V.", "clinica medica sao jose"),
    ("Equifax Information Services LLC", "equifax information services"),
    ("Company", "company"),
    ("L.L.C.", "llc"),
    ("!!!", ""),
])
def test_a_name_key_ignores_case_accents_punctuation_and_trailing_company_words(typed: str, key: str) -> None:
    assert name_key(typed) == key


@given(st.text(max_size=300))
def test_a_key_is_its_own_key(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key
    assert len(key) <= 120
    assert key == " ".join(key.split())


@given(st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8), min_size=1, max_size=5),
       st.sampled_from([" Inc.", ", LLC", " Corp", ", N.A.", " Company", " L.P."]))
def test_a_corporate_suffix_never_changes_the_key(words: list[str], suffix: str) -> None:
    name = " ".join(words)
    assume(words[-1] != "and")
    assert name_key(name + suffix) == name_key(name)
    assert name_key(name.upper()) == name_key(name)
