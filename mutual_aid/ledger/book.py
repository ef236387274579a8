"""The pool's book of what money moved: an append-only double-entry ledger, in cents.

Money moves outside Jubilee; the book only records it. Nothing is ever changed or deleted: a
mistake is corrected by a reversing entry. Pure rules with no I/O; `ledger.queries` stores the entries.

Accounts (a posting is positive for a debit, negative for a credit):

- `pool_cash`: what the pool holds, in whatever bank or box the members keep it. Its balance is
  the pool's balance.
- `contributions`: the pool's income. Its balance is negative (credits): minus all money put in.
- `aid_paid`: the pool's expense. Its balance is plus all aid paid out.
- `member:<pseudonym>`: what stands between the pool and one member. A member's contribution is
  first owed (debit), then received (credit); an aid payout is first owed to the member (credit),
  then paid (debit). Each builder below records both steps at once, so the member's account nets to
  zero, and its postings say who put money in and who received aid. A later pledge that is owed but
  not yet paid, or aid approved but not yet handed over, can leave it non-zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

POOL_CASH = "pool_cash"
CONTRIBUTIONS = "contributions"
AID_PAID = "aid_paid"
MEMBER_PREFIX = "member:"


class Refused(ValueError):
    """An entry the book will not take; the message says why."""


@dataclass(frozen=True)
class Posting:
    """One line of an entry: `cents` is positive for a debit and negative for a credit."""

    account: str
    cents: int


@dataclass(frozen=True)
class Entry:
    """One recorded movement of money.

    `key` is the idempotency key the form submitted with: a form sent twice records once.
    `reverses` is the key of the entry this one undoes, if it is a correction.
    """

    key: str
    postings: tuple[Posting, ...]
    reverses: str | None = None
    memo: str = ""


def member_account(member: str) -> str:
    """The account between the pool and the member known by this pseudonym."""
    if not member:
        raise ValueError("a member needs a pseudonym")
    return MEMBER_PREFIX + member


def balanced(entry: Entry) -> bool:
    """Whether the entry can go in the book: two postings or more, none zero, debits equal credits."""
    return (
        len(entry.postings) >= 2
        and all(p.cents != 0 for p in entry.postings)
        and sum(p.cents for p in entry.postings) == 0
    )


def _positive(cents: int) -> None:
    if cents <= 0:
        raise ValueError("an amount must be at least one cent")


def contribution(key: str, member: str, cents: int) -> Entry:
    """A member put `cents` into the pool: owed by the member, then received in the pool's cash."""
    _positive(cents)
    account = member_account(member)
    return Entry(
        key,
        (
            Posting(account, cents),
            Posting(CONTRIBUTIONS, -cents),
            Posting(POOL_CASH, cents),
            Posting(account, -cents),
        ),
        memo=f"contribution from {member}",
    )


def payout(key: str, member: str, cents: int) -> Entry:
    """The pool paid `cents` of aid to a member: owed to the member, then paid from the pool's cash."""
    _positive(cents)
    account = member_account(member)
    return Entry(
        key,
        (
            Posting(AID_PAID, cents),
            Posting(account, -cents),
            Posting(account, cents),
            Posting(POOL_CASH, -cents),
        ),
        memo=f"aid paid to {member}",
    )


def reversal(key: str, original: Entry) -> Entry:
    """The entry that undoes `original`: the same postings with debit and credit swapped."""
    if original.reverses is not None:
        raise Refused("a correction is not reversed; record the movement again under a new key")
    return Entry(
        key,
        tuple(Posting(p.account, -p.cents) for p in original.postings),
        reverses=original.key,
        memo=f"reverses {original.key}",
    )


def apply(ledger: Sequence[Entry], entry: Entry) -> list[Entry]:
    """The book with `entry` added at the end, or `Refused` saying why it cannot go in.

    The same entry submitted again (same key, same content) is recorded once: the book comes back
    unchanged. Refused: an unbalanced entry; a different entry under a key already used; a
    correction of an entry that is not in the book, is itself a correction, or was already reversed;
    a correction whose postings are not exactly the original's with debit and credit swapped.
    """
    by_key = {e.key: e for e in ledger}
    if entry.key in by_key:
        if by_key[entry.key] == entry:
            return list(ledger)
        raise Refused(f"key {entry.key!r} already records a different entry")
    if not balanced(entry):
        raise Refused("debits and credits must match, with at least two non-zero postings")
    if entry.reverses is not None:
        original = by_key.get(entry.reverses)
        if original is None:
            raise Refused(f"there is no entry {entry.reverses!r} to reverse")
        if original.reverses is not None:
            raise Refused("a correction is not reversed; record the movement again under a new key")
        if any(e.reverses == entry.reverses for e in ledger):
            raise Refused(f"entry {entry.reverses!r} was already reversed")
        if entry.postings != reversal(entry.key, original).postings:
            raise Refused("a reversal must undo exactly the original postings")
    return [*ledger, entry]


def balances(entries: Iterable[Entry]) -> dict[str, int]:
    """Each account's balance (debits minus credits); accounts that net to zero are left out."""
    totals: dict[str, int] = {}
    for entry in entries:
        for p in entry.postings:
            totals[p.account] = totals.get(p.account, 0) + p.cents
    return {account: cents for account, cents in totals.items() if cents != 0}


def pool_balance(entries: Iterable[Entry]) -> int:
    """What the pool holds now, in cents."""
    return balances(entries).get(POOL_CASH, 0)
