"""A debt fits a campaign when it matches every kind of target the campaign lists."""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from campaigns.counters.eligibility import Targets, fits, fitting, targets_of

CREDITORS = st.integers(1, 6)
KINDS = st.sampled_from(["medical", "federal_student", "credit_card", "housing"])
REGIONS = st.sampled_from(["US-TX", "US-CA", "US-NY", None])


def debt(kind: str = "medical", region: str | None = "US-TX", original: int | None = 1, holder: int | None = None,
         currency: str = "USD") -> dict[str, Any]:
    return {"kind": kind, "region": region, "original_creditor_id": original, "current_holder_id": holder,
            "currency": currency}


debts = st.builds(debt, kind=KINDS, region=REGIONS, original=st.none() | CREDITORS, holder=st.none() | CREDITORS)
targets = st.builds(
    Targets, currency=st.just("USD"), creditor_ids=st.frozensets(CREDITORS, max_size=3),
    kinds=st.frozensets(KINDS, max_size=2), regions=st.frozensets(REGIONS.filter(bool), max_size=2),
)


def only(t: Targets, dimension: str) -> Targets:
    """The campaign with only one kind of target kept."""
    return Targets(t.currency, **{dimension: getattr(t, dimension)})


def test_a_debt_owed_to_a_target_creditor_fits_whether_original_or_current():
    navient = Targets("USD", creditor_ids=frozenset({7}))
    assert fits(navient, debt(original=7))
    assert fits(navient, debt(original=3, holder=7))
    assert not fits(navient, debt(original=3, holder=4))
    assert not fits(navient, debt(original=None, holder=None))


def test_every_listed_kind_of_target_must_match():
    campaign = Targets("USD", creditor_ids=frozenset({7}), kinds=frozenset({"medical"}), regions=frozenset({"US-TX"}))
    assert fits(campaign, debt("medical", "US-TX", original=7))
    assert not fits(campaign, debt("credit_card", "US-TX", original=7))
    assert not fits(campaign, debt("medical", "US-CA", original=7))
    assert not fits(campaign, debt("medical", None, original=7))
    assert not fits(campaign, debt("medical", "US-TX", original=8))


def test_a_campaign_without_targets_takes_every_debt_in_its_currency():
    assert fits(Targets("USD"), debt(original=None, region=None))
    assert not fits(Targets("USD"), debt(currency="MXN"))


def test_targets_are_read_from_the_campaigns_rows():
    rows = [{"creditor_id": 7, "debt_kind": None, "region": None},
            {"creditor_id": None, "debt_kind": "medical", "region": None},
            {"creditor_id": None, "debt_kind": None, "region": "US-TX"}]
    assert targets_of("USD", rows) == Targets("USD", frozenset({7}), frozenset({"medical"}), frozenset({"US-TX"}))


@given(targets, debts)
def test_a_debt_fits_exactly_when_it_fits_each_kind_of_target_alone(t, d):
    assert fits(t, d) == all(fits(only(t, dimension), d) for dimension in ("creditor_ids", "kinds", "regions"))


@given(targets, debts)
def test_swapping_original_creditor_and_current_holder_changes_nothing(t, d):
    swapped = {**d, "original_creditor_id": d["current_holder_id"], "current_holder_id": d["original_creditor_id"]}
    assert fits(t, d) == fits(t, swapped)


@given(targets, debts, st.sampled_from(["creditor_ids", "kinds", "regions"]), CREDITORS, KINDS, REGIONS.filter(bool))
def test_adding_a_target_to_a_list_already_there_only_lets_more_debts_in(t, d, dimension, creditor, kind, region):
    present = getattr(t, dimension)
    assume(present)  # adding the first target of a kind narrows instead
    extra = {"creditor_ids": creditor, "kinds": kind, "regions": region}[dimension]
    wider = Targets(t.currency, **{**{n: getattr(t, n) for n in ("creditor_ids", "kinds", "regions")},
                                   dimension: present | {extra}})
    assert not fits(t, d) or fits(wider, d)


@given(targets, debts)
def test_a_debt_in_another_currency_never_fits(t, d):
    assert not fits(t, {**d, "currency": "CAD"})


def test_fitting_keeps_the_debts_that_fit_in_their_order():
    campaign = Targets("USD", kinds=frozenset({"medical"}))
    ds = [debt("medical", original=1), debt("housing"), debt("medical", original=2)]
    assert fitting(campaign, ds) == [ds[0], ds[2]]
