"""The figures of a pool's public page, through the same small-group rule as campaigns. Pure.

What the page may say about money comes from the ledger only, entry by entry (`Fact`): money in
is contributions, money out is aid paid, and a reversal counts against the month and the category
of the entry it undoes (a mistaken contribution of March, reversed in April, leaves March as if it
had never been recorded). So a month's figure can change when a mistake is corrected later, and the
figures always add up to what the ledger says, to the cent.

Who stands behind a figure: for money in, the distinct contributors (their ledger pseudonyms); for
money out, the distinct recipients (the member who asked, when the request is still known; its
recipient pseudonym otherwise, so an erased member still counts as one person). A member whose
contributions of a month were all reversed is not behind that month.

A cell (a month's money in, a month's money out, a category's money out) is published only when at
least k people stand behind it, and complementary suppression hides one more cell so no hidden
cell follows by subtraction from the total: the cells to hide are chosen by
`server.disclosure.suppression.suppress`, which looks only at member counts and labels. Unlike a
campaign's figures, a pool's amounts are exact to the cent (members check them against the ledger);
a hidden cell therefore still hides its amount, but the sum of the hidden cells of one table is
total minus the shown ones, and it always covers at least k people (see `suppress`).

`flows` is the rule, entry by entry; the page has the database add up the same figures
(`queries.flows`, grouped by month, category and person, then by cell), so that its cost
follows the last twelve months of one pool, not its whole history. Tests hold the two together.

The balance is always shown (it is what the pool holds, and members plan with it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mutual_aid.vocabulary import CATEGORIES
from server.disclosure.suppression import Hidden, Shown, Tally, suppress
from server.fields import month_of

MONTHS = 12


@dataclass(frozen=True)
class Fact:
    """One ledger entry as the public figures see it: its cash movement and who stands behind it."""

    key: str
    kind: str  # contribution, payout, reversal
    happened_on: dt.date
    cash_cents: int  # into the pool's cash (positive) or out of it (negative)
    person: str  # who stands behind it (a contributor, or a recipient)
    category: str | None = None
    reverses: str | None = None


@dataclass(frozen=True)
class Flows:
    """Exact money in and out per month and out per category, with the people behind each."""

    money_in: dict[str, Tally]
    money_out: dict[str, Tally]
    out_by_category: dict[str, Tally]
    total_in: Tally
    total_out: Tally


Cell = Shown | Hidden


@dataclass(frozen=True)
class PublicFlows:
    """What the page publishes: each cell exact when shown, `Hidden()` otherwise."""

    months: list[str]
    money_in: dict[str, Cell]
    money_out: dict[str, Cell]
    out_by_category: dict[str, Cell]
    total_in: Cell
    total_out: Cell
    hidden_any: bool = field(default=False)


def last_months(today: dt.date, count: int = MONTHS) -> list[str]:
    """The `count` months up to and including today's, oldest first ("2026-03", ...)."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _effective(facts: Sequence[Fact]) -> list[tuple[str, str, str | None, int, str]]:
    """(direction, month, category, cents, person) per entry, a reversal taking its original's month,
    category, direction and person. A reversal whose original is unknown is left out."""
    by_key = {fact.key: fact for fact in facts}
    moves = []
    for fact in facts:
        original = fact
        if fact.kind == "reversal":
            found = by_key.get(fact.reverses or "")
            if found is None or found.kind == "reversal":
                continue
            original = found
        direction = "in" if original.kind == "contribution" else "out"
        cents = fact.cash_cents if direction == "in" else -fact.cash_cents
        moves.append((direction, month_of(original.happened_on), original.category, cents, original.person))
    return moves


def _tallies(amounts: Mapping[str, Mapping[str, int]], labels: Iterable[str]) -> dict[str, Tally]:
    """label -> person -> net cents, as Tallies of the people with a positive net."""
    cells = {}
    for label in labels:
        people = amounts.get(label, {})
        cells[label] = Tally(sum(1 for cents in people.values() if cents > 0), sum(people.values()))
    return cells


def _total(amounts: Mapping[str, Mapping[str, int]], labels: Iterable[str]) -> Tally:
    people: dict[str, int] = {}
    for label in labels:
        for person, cents in amounts.get(label, {}).items():
            people[person] = people.get(person, 0) + cents
    return Tally(sum(1 for cents in people.values() if cents > 0), sum(people.values()))


def flows(facts: Sequence[Fact], months: Sequence[str]) -> Flows:
    """Money in and out of the pool in these months, exact, with the people behind each cell."""
    window = set(months)
    in_month: dict[str, dict[str, int]] = {}
    out_month: dict[str, dict[str, int]] = {}
    out_category: dict[str, dict[str, int]] = {}
    for direction, month, category, cents, person in _effective(facts):
        if month not in window:
            continue
        target = in_month if direction == "in" else out_month
        people = target.setdefault(month, {})
        people[person] = people.get(person, 0) + cents
        if direction == "out":
            by_category = out_category.setdefault(category or "other", {})
            by_category[person] = by_category.get(person, 0) + cents
    categories = list(CATEGORIES)
    return Flows(
        money_in=_tallies(in_month, months),
        money_out=_tallies(out_month, months),
        out_by_category=_tallies(out_category, categories),
        total_in=_total(in_month, months),
        total_out=_total(out_month, months),
    )


def _exact(published: Cell, tally: Tally) -> Cell:
    """The cell with its exact amount when `suppress` lets it through (it rounds; a pool does not)."""
    return Shown(tally.members, tally.amount_cents) if isinstance(published, Shown) else Hidden()


@dataclass(frozen=True)
class Sum:
    """One cell of `Flows` as the database adds it up (`queries.flows`): in a breakdown
    ("month", "category" or "total") and a direction ("in" or "out"), the people with a positive
    net behind the label, and the net cents."""

    breakdown: str
    direction: str
    label: str
    members: int
    cents: int


def flows_from_sums(sums: Iterable[Sum], months: Sequence[str]) -> Flows:
    """The same `Flows` as `flows`, from sums made elsewhere: every month and category named (a label
    with no entry is an empty cell), labels outside them left out."""
    found = {(s.breakdown, s.direction, s.label): Tally(s.members, s.cents) for s in sums}
    empty = Tally(0, 0)
    return Flows(
        money_in={m: found.get(("month", "in", m), empty) for m in months},
        money_out={m: found.get(("month", "out", m), empty) for m in months},
        out_by_category={c: found.get(("category", "out", c), empty) for c in CATEGORIES},
        total_in=found.get(("total", "in", ""), empty),
        total_out=found.get(("total", "out", ""), empty),
    )


def public_flows(facts: Sequence[Fact], months: Sequence[str], k: int) -> PublicFlows:
    """What the public page may show of `flows`: cells of fewer than k people hidden, and one more
    in each table so that no hidden cell follows from the total minus the others."""
    return publish(flows(facts, months), months, k)


def publish(figures: Flows, months: Sequence[str], k: int) -> PublicFlows:
    """What the public page may show of these exact figures (see `public_flows`)."""
    money_in = suppress(figures.total_in, {"month": figures.money_in}, k)
    money_out = suppress(figures.total_out, {"month": figures.money_out, "category": figures.out_by_category}, k)
    result_in = {m: _exact(money_in.breakdowns["month"][m], figures.money_in[m]) for m in months}
    result_out = {m: _exact(money_out.breakdowns["month"][m], figures.money_out[m]) for m in months}
    result_category = {
        c: _exact(money_out.breakdowns["category"][c], figures.out_by_category[c]) for c in figures.out_by_category
    }
    cells = [*result_in.values(), *result_out.values(), *result_category.values()]
    return PublicFlows(
        months=list(months),
        money_in=result_in,
        money_out=result_out,
        out_by_category=result_category,
        total_in=_exact(money_in.total, figures.total_in),
        total_out=_exact(money_out.total, figures.total_out),
        hidden_any=any(isinstance(cell, Hidden) for cell in cells),
    )


def is_shown(cell: Cell) -> bool:
    return isinstance(cell, Shown)


def all_hidden(cells: Mapping[str, Cell]) -> bool:
    return all(isinstance(cell, Hidden) for cell in cells.values())
