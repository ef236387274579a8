"""The pool's ledger: every entry balances, nothing is lost or doubled, corrections only by reversal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, initialize, invariant, precondition, rule

from mutual_aid.aid_requests.limits import payable_now
from mutual_aid.ledger.book import (
    AID_PAID,
    CONTRIBUTIONS,
    POOL_CASH,
    Entry,
    Posting,
    Refused,
    apply,
    balanced,
    balances,
    contribution,
    payout,
    pool_balance,
    reversal,
)

members = st.sampled_from(["ana", "bo", "chen", "dee"])
cents = st.integers(min_value=1, max_value=10**7)


def _book(*entries: Entry) -> list[Entry]:
    ledger: list[Entry] = []
    for entry in entries:
        ledger = apply(ledger, entry)
    return ledger


def test_a_worked_month_by_hand() -> None:
    # Ana puts in 50.00 and Bo 30.00; Bo receives 60.00 of aid; Ana's 50.00 turns out never to have
    # arrived and is reversed. The pool holds 80.00 - 60.00 - 50.00 = -30.00: the book says what is true.
    ana = contribution("c1", "ana", 50_00)
    ledger = _book(ana, contribution("c2", "bo", 30_00), payout("p1", "bo", 60_00), reversal("r1", ana))
    assert pool_balance(ledger) == -30_00
    assert balances(ledger) == {POOL_CASH: -30_00, CONTRIBUTIONS: -30_00, AID_PAID: 60_00}


def test_a_contribution_moves_cash_in_and_names_the_member() -> None:
    entry = contribution("c1", "ana", 12_34)
    assert balanced(entry)
    assert balances([entry]) == {POOL_CASH: 12_34, CONTRIBUTIONS: -12_34}
    assert {p.account for p in entry.postings} == {POOL_CASH, CONTRIBUTIONS, "member:ana"}


def test_a_payout_moves_cash_out_and_names_the_member() -> None:
    entry = payout("p1", "bo", 99)
    assert balanced(entry)
    assert balances([entry]) == {POOL_CASH: -99, AID_PAID: 99}
    assert "member:bo" in {p.account for p in entry.postings}


@pytest.mark.parametrize(
    ("postings", "ok"),
    [
        pytest.param((Posting("a", 5), Posting("b", -5)), True, id="two-lines-that-match"),
        pytest.param((Posting("a", 5), Posting("b", -4)), False, id="one-cent-off"),
        pytest.param((Posting("a", 0), Posting("b", 0)), False, id="zero-postings"),
        pytest.param((Posting("a", 5), Posting("b", -5), Posting("c", 0)), False, id="one-zero-line"),
        pytest.param((), False, id="empty"),
        pytest.param((Posting("a", 5),), False, id="one-line"),
    ],
)
def test_only_balanced_entries_balance(postings: tuple[Posting, ...], ok: bool) -> None:
    assert balanced(Entry("k", postings)) is ok


def test_an_unbalanced_entry_is_refused() -> None:
    with pytest.raises(Refused):
        apply([], Entry("k", (Posting(POOL_CASH, 5), Posting(CONTRIBUTIONS, -4))))


def test_a_form_sent_twice_records_once() -> None:
    ledger = _book(contribution("c1", "ana", 10_00))
    assert apply(ledger, contribution("c1", "ana", 10_00)) == ledger


def test_a_different_entry_under_a_used_key_is_refused() -> None:
    ledger = _book(contribution("c1", "ana", 10_00))
    with pytest.raises(Refused, match="already records"):
        apply(ledger, contribution("c1", "ana", 11_00))


def test_an_entry_is_reversed_at_most_once() -> None:
    original = payout("p1", "bo", 10_00)
    ledger = _book(original, reversal("r1", original))
    assert apply(ledger, reversal("r1", original)) == ledger  # the same correction sent twice
    with pytest.raises(Refused, match="already reversed"):
        apply(ledger, reversal("r2", original))


def test_an_unknown_entry_cannot_be_reversed() -> None:
    with pytest.raises(Refused, match="no entry"):
        apply([], reversal("r1", contribution("c1", "ana", 10_00)))


def test_a_correction_is_not_itself_reversed() -> None:
    original = contribution("c1", "ana", 10_00)
    correction = reversal("r1", original)
    ledger = _book(original, correction)
    with pytest.raises(Refused):
        reversal("r2", correction)
    sneaky = Entry("r2", tuple(Posting(p.account, -p.cents) for p in correction.postings), reverses="r1")
    with pytest.raises(Refused):
        apply(ledger, sneaky)


def test_a_reversal_must_undo_exactly_the_original() -> None:
    ledger = _book(contribution("c1", "ana", 10_00))
    partial = Entry("r1", (Posting(POOL_CASH, -5_00), Posting(CONTRIBUTIONS, 5_00)), reverses="c1")
    with pytest.raises(Refused, match="exactly"):
        apply(ledger, partial)


@pytest.mark.parametrize("amount", [0, -1])
def test_an_amount_below_one_cent_is_refused(amount: int) -> None:
    with pytest.raises(ValueError):
        contribution("c1", "ana", amount)
    with pytest.raises(ValueError):
        payout("p1", "ana", amount)


def test_a_member_needs_a_pseudonym() -> None:
    with pytest.raises(ValueError):
        contribution("c1", "", 1)


def test_the_book_given_is_never_changed() -> None:
    ledger = _book(contribution("c1", "ana", 10_00))
    before = list(ledger)
    apply(ledger, payout("p1", "ana", 1_00))
    assert ledger == before


@given(member=members, amount=cents, paid_out=st.booleans())
def test_a_reversal_brings_every_account_back(member: str, amount: int, paid_out: bool) -> None:
    original = payout("e1", member, amount) if paid_out else contribution("e1", member, amount)
    assert balances(_book(original, reversal("r1", original))) == {}


@given(moves=st.lists(st.tuples(st.booleans(), members, cents), max_size=20), data=st.data())
def test_the_order_entries_arrive_in_does_not_change_balances(
    moves: list[tuple[bool, str, int]], data: st.DataObject
) -> None:
    entries = [(contribution if c else payout)(f"k{i}", m, a) for i, (c, m, a) in enumerate(moves)]
    shuffled = data.draw(st.permutations(entries))
    assert balances(_book(*shuffled)) == balances(_book(*entries))
    assert pool_balance(entries) == sum(a if c else -a for c, _, a in moves)


class PoolBook(RuleBasedStateMachine):
    """Random months of a pool: contributions, payouts above the reserve, corrections, forms sent twice."""

    recorded = Bundle("recorded")

    def __init__(self) -> None:
        super().__init__()
        self.ledger: list[Entry] = []
        self.reserve = 0
        self.next_key = 0
        self.reversed: set[str] = set()

    def _key(self) -> str:
        self.next_key += 1
        return f"k{self.next_key}"

    def _record(self, entry: Entry) -> None:
        before = len(self.ledger)
        self.ledger = apply(self.ledger, entry)
        assert len(self.ledger) == before + 1

    def _expected_balance(self) -> int:
        # Confirmed contributions minus payouts: a reversed entry counts for nothing.
        total = 0
        for e in self.ledger:
            if e.reverses is None and e.key not in self.reversed:
                total += sum(p.cents for p in e.postings if p.account == POOL_CASH)
        return total

    @initialize(reserve=st.integers(min_value=0, max_value=10**5))
    def open_pool(self, reserve: int) -> None:
        # The members open the pool with its reserve in hand; that opening entry is never reversed.
        self.reserve = reserve
        if reserve:
            self._record(contribution("opening", "founders", reserve))

    @rule(target=recorded, member=members, amount=cents)
    def contribute(self, member: str, amount: int) -> Entry:
        entry = contribution(self._key(), member, amount)
        self._record(entry)
        return entry

    @rule(target=recorded, member=members, amount=cents)
    def pay_aid(self, member: str, amount: int) -> Entry | None:
        can_pay = payable_now(amount, pool_balance(self.ledger), self.reserve)
        if can_pay == 0:
            return None  # nothing above the reserve: no payout is recorded
        entry = payout(self._key(), member, can_pay)
        self._record(entry)
        return entry

    @rule(entry=recorded)
    def send_the_same_form_again(self, entry: Entry | None) -> None:
        if entry is not None:
            assert apply(self.ledger, entry) == self.ledger

    @rule(entry=consumes(recorded))
    def correct(self, entry: Entry | None) -> None:
        if entry is None or entry.key in self.reversed:
            return
        # A contribution that never arrived is reversed only here when the pool can bear it, so that
        # this machine can check the reserve; the ledger itself records the truth either way.
        undo = reversal(self._key(), entry)
        if pool_balance([*self.ledger, undo]) < self.reserve:
            return
        self._record(undo)
        self.reversed.add(entry.key)
        with pytest.raises(Refused):
            apply(self.ledger, reversal(self._key(), entry))

    @precondition(lambda self: bool(self.ledger))
    @rule(data=st.data())
    def reuse_a_key_for_something_else(self, data: st.DataObject) -> None:
        used = data.draw(st.sampled_from(self.ledger))
        with pytest.raises(Refused):
            apply(self.ledger, contribution(used.key, "ana", 10**8))

    @invariant()
    def every_entry_balances(self) -> None:
        assert all(balanced(e) for e in self.ledger)

    @invariant()
    def the_balance_is_what_was_confirmed(self) -> None:
        assert pool_balance(self.ledger) == self._expected_balance()

    @invariant()
    def never_below_the_reserve(self) -> None:
        assert pool_balance(self.ledger) >= self.reserve

    @invariant()
    def every_key_is_recorded_once(self) -> None:
        keys = [e.key for e in self.ledger]
        assert len(keys) == len(set(keys))


PoolBook.TestCase.settings = settings(max_examples=150, stateful_step_count=40)
TestPoolBook = PoolBook.TestCase
