"""The collective letter's rules, without a database: how signers are counted out loud, which of the
campaign's published totals it prints, what its hash covers, and what a signature needs."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaigns.collective_letter.rules import (
    CollectiveLetter,
    PrintedTotals,
    Signer,
    SignerCounts,
    body_blocks,
    content_hash,
    draw_not_named,
    printed_order,
    printed_totals,
    recipient_parts,
    signature_form,
    signer_counts,
)
from server.disclosure import noise
from server.disclosure.publication import Publication

DAY = dt.date(2026, 11, 22)


@given(named=st.integers(0, 10_000), released=st.integers(-100, 10_000), margin=st.integers(1, 500))
def test_unnamed_signers_are_said_only_as_released_and_only_above_their_margin(
    named: int, released: int, margin: int,
) -> None:
    counts = signer_counts(named, released, margin)
    assert counts.named == named and counts.counted
    if released <= margin:
        assert counts.not_named is None
    else:
        assert counts.not_named is not None and abs(counts.not_named - released) <= margin
    assert signer_counts(named, None, None) == SignerCounts(named, None, False)  # a draft gives no number


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        signer_counts(-1, None, None)


def test_the_unnamed_number_is_drawn_once_with_noise_of_the_release_epsilon() -> None:
    from tests.factories.noise import OffsetNoise

    source = OffsetNoise(7)
    value, margin = draw_not_named(40, 0.11, source)
    assert value == 47 and source.drawn == 1 and margin == noise.margin(noise.laplace_scale(0.11, 1))
    values = {draw_not_named(40, 0.11)[0] for _ in range(20)}  # OpenDP's noise: not the exact number every time
    assert values != {40}


def test_totals_are_the_release_rounded_to_what_its_margin_allows() -> None:
    released_at = dt.datetime.combine(DAY, dt.time(), tzinfo=dt.UTC)
    release = Publication(9, released_at, {"members": {"all": 1_234}, "amount": {"all": 5_678_901}},
                          {"members": 150, "amount": 400_000})
    # the release at midnight of the letter's day describes the day before
    assert printed_totals(release, "USD") == PrintedTotals(DAY - dt.timedelta(days=1), 1_200, 5_700_000_00, "USD")
    within = Publication(9, released_at, {"members": {"all": 120}, "amount": {"all": 5_678_901}},
                         {"members": 150, "amount": 400_000})
    assert printed_totals(within, "USD") == PrintedTotals(None, None, None, "USD")  # too few to say
    small_debt = Publication(9, released_at, {"members": {"all": 1_234}, "amount": {"all": 300_000}},
                             {"members": 150, "amount": 400_000})
    assert printed_totals(small_debt, "USD") == PrintedTotals(DAY - dt.timedelta(days=1), 1_200, None, "USD")
    assert printed_totals(None, "USD") == PrintedTotals(None, None, None, "USD")


def letter(**changes: object) -> CollectiveLetter:
    base = CollectiveLetter(
        campaign="Navient strike", contact="https://jubilee.example/campaigns/navient-strike",
        recipient="Navient\nPO Box 9000", body="We demand:\n- Cancel it", language="en", dated=DAY,
        totals=PrintedTotals(DAY - dt.timedelta(days=1), 12, 12_000_00, "USD"),
        signers=(Signer("Ana Ruiz", "Austin"), Signer("María Quintero", "El Paso")),
        counts=signer_counts(2, 300, 30), k=5,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_the_hash_covers_everything_the_letter_says_and_nothing_else() -> None:
    digest = content_hash(letter())
    assert len(digest) == 64 and digest == content_hash(letter())
    for change in (
        {"campaign": "Navient strike!"}, {"recipient": "Navient\nPO Box 9001"}, {"body": "We demand:\n- Cancel all"},
        {"language": "es"}, {"dated": DAY + dt.timedelta(days=1)},
        {"totals": PrintedTotals(DAY - dt.timedelta(days=1), 13, 12_000_00, "USD")},
        {"signers": (Signer("Ana Ruiz", "Austin"),)}, {"signers": (Signer("Ana Ruiz", "Dallas"), Signer("María Quintero", "El Paso"))},
        {"counts": signer_counts(2, 400, 30)}, {"counts": signer_counts(2, 10, 30)},
    ):
        assert content_hash(letter(**change)) != digest, change
    assert content_hash(letter(contact="https://elsewhere.example/campaigns/navient-strike")) == digest
    # what is printed is hashed: 301 and 299 both read "about 300"
    assert content_hash(letter(counts=signer_counts(2, 301, 30))) == digest


@given(st.lists(st.tuples(st.text(min_size=1, max_size=5), st.text(min_size=1, max_size=5)), max_size=20))
def test_the_printed_order_does_not_depend_on_the_order_of_signing(pairs: list[tuple[str, str]]) -> None:
    signers = [Signer(name, city) for name, city in pairs]
    assert printed_order(signers) == printed_order(reversed(signers))
    assert sorted(printed_order(signers), key=repr) == sorted(signers, key=repr)


def test_the_body_reads_as_paragraphs_and_lists() -> None:
    body = "We owe together.\nWe act together.\n\nWe demand:\n- Cancel the loans\n  made to students\n* Stop the suits\n\nMeet us."
    assert body_blocks(body) == [
        ("paragraph", "We owe together. We act together."),
        ("paragraph", "We demand:"), ("list", ["Cancel the loans made to students", "Stop the suits"]),
        ("paragraph", "Meet us."),
    ]
    assert body_blocks("") == []
    assert recipient_parts("  Navient \n\n PO Box 9 \nWilmington") == ("Navient", "PO Box 9\nWilmington")


def test_a_signature_with_a_name_needs_the_name_and_the_city() -> None:
    assert signature_form({"signing": "named", "name": "  Ana \n Ruiz ", "city": " Austin "}).clean == {
        "named": True, "name": "Ana Ruiz", "city": "Austin"}
    assert signature_form({"signing": "not_named", "name": "Ana", "city": "Austin"}).clean == {
        "named": False, "name": None, "city": None}
    missing = signature_form({"signing": "named", "name": "", "city": "Austin"})
    assert set(missing.errors) == {"name"} and missing.values["city"] == "Austin"
    assert set(signature_form({"signing": "named", "name": "A" * 121, "city": "B" * 81}).errors) == {"name", "city"}
    assert set(signature_form({"signing": "named", "name": "A" * 120, "city": "B" * 80}).errors) == set()
    assert set(signature_form({"name": "Ana", "city": "Austin"}).errors) == {"signing"}
    assert set(signature_form({"signing": ["named"]}).errors) == {"signing"}  # a forged form
