"""Which figures of a campaign are released, how much of the budget each spends, and their
exact values (pure: `campaigns.counters.released` makes the releases).

What one member can move, and so what each figure's noise covers (the sensitivity, `Figure`):
- members (1) and the debt in whole dollars, each member's debts together clipped at
  JUBILEE_DP_CLIP_DOLLARS;
- members by level, counting each member once at their highest level; by kind, state and target
  creditor, each member in at most two cells of each (the first two in a fixed order: members
  with more are counted in two);
- for organizers: how members first joined (one cell each), confirmations, departures after
  activation, and retaliation reports (members who reported any, and by kind, at most two).
The year's ε is shared by the weights below: most goes to the total, which everyone reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from campaigns.vocabulary import LEVELS, REPORT_KINDS
from debts.api import DEBT_KINDS, US_REGIONS
from server.disclosure.budget import Figure, Period, clip_in_dollars
from server.disclosure.continual import Cells
from server.disclosure.publication import subject_of

UNKNOWN_REGION = "unknown"
ALL = "all"
JOINED_LABELS = ("counted_converted", "counted_not_converted", "pledged", "striking")
RETALIATION_LABELS = (*REPORT_KINDS, "any")
CELLS_PER_MEMBER = 2  # kinds, states, creditors, retaliation kinds
# the figures drawn as a series: the growth chart, the levels over time, the letter's totals
SERIES = ("members", "amount", "level")


def subject(campaign_id: int, period: Period) -> str:
    return subject_of("campaign", campaign_id, period)


def figures(clip_dollars: int) -> dict[str, Figure]:
    """Every released figure of a campaign and its share of the budget."""
    return {
        "members": Figure("members", 20),
        "amount": Figure("amount", 2, unit=clip_dollars),
        "level": Figure("level", 1, breakdown=True),
        "kind": Figure("kind", 1, cells_per_member=CELLS_PER_MEMBER, breakdown=True),
        "region": Figure("region", 1, cells_per_member=CELLS_PER_MEMBER, breakdown=True),
        "creditor": Figure("creditor", 1, cells_per_member=CELLS_PER_MEMBER, breakdown=True),
        "joined": Figure("joined", 0.5, breakdown=True),
        "confirmed": Figure("confirmed", 0.25),
        "departures": Figure("departures", 0.25),
        "retaliation": Figure("retaliation", 0.5, cells_per_member=CELLS_PER_MEMBER + 1, breakdown=True),
    }


def labels(creditor_ids: Iterable[int]) -> dict[str, list[str]]:
    """Every label of every figure, whether anyone is in it or not: creditors are the campaign's
    own targets, a fixed list, so a creditor never appears because someone pledged a debt it holds."""
    return {
        "members": [ALL], "amount": [ALL], "level": list(LEVELS), "kind": list(DEBT_KINDS),
        "region": [*US_REGIONS, UNKNOWN_REGION], "creditor": [str(creditor) for creditor in creditor_ids],
        "joined": list(JOINED_LABELS), "confirmed": [ALL], "departures": [ALL],
        "retaliation": list(RETALIATION_LABELS),
    }


def _first(values: Iterable[str], order: Mapping[str, int]) -> list[str]:
    return sorted(set(values), key=lambda value: (order.get(value, len(order)), value))[:CELLS_PER_MEMBER]


def exact_figures(pledge_rows: Iterable[Mapping[str, object]], history: Mapping[tuple[str, str], int],
                  retaliation: Mapping[int, set[str]], creditor_ids: Iterable[int], clip_dollars: int) -> Cells:
    """The exact figures (internal, never shown) from the campaign's pledges with their debts, its
    history counters ((dimension, label) -> members) and each member's retaliation kinds."""
    targets = {str(creditor) for creditor in creditor_ids}
    by_member: dict[int, list[Mapping[str, object]]] = {}
    for row in pledge_rows:
        by_member.setdefault(int(row["member_id"]), []).append(row)  # type: ignore[call-overload]
    kinds = {kind: position for position, kind in enumerate(DEBT_KINDS)}
    regions = {region: position for position, region in enumerate([*US_REGIONS, UNKNOWN_REGION])}
    cells: Cells = {name: {} for name in labels(())}

    def add(name: str, label: str) -> None:
        cells[name][label] = cells[name].get(label, 0) + 1

    amount = 0
    for rows in by_member.values():
        add("members", ALL)
        amount += clip_in_dollars(sum(int(row["balance_cents"]) for row in rows), clip_dollars)  # type: ignore[call-overload]
        add("level", max((str(row["level"]) for row in rows), key=LEVELS.index))
        for kind in _first((str(row["kind"]) for row in rows), kinds):
            add("kind", kind)
        for region in _first((str(row["region"] or UNKNOWN_REGION) for row in rows), regions):
            add("region", region)
        held = {str(row[column]) for row in rows for column in ("original_creditor_id", "current_holder_id")
                if row[column] is not None}
        for creditor in _first(held & targets, {}):
            add("creditor", creditor)
    cells["amount"][ALL] = amount
    joined_counted = history.get(("joined_as", "counted"), 0)
    converted = min(history.get(("converted", "counted"), 0), joined_counted)
    cells["joined"] = {"counted_converted": converted, "counted_not_converted": joined_counted - converted,
                       "pledged": history.get(("joined_as", "pledged"), 0),
                       "striking": history.get(("joined_as", "striking"), 0)}
    cells["confirmed"] = {ALL: history.get(("confirmed", "in"), 0)}
    cells["departures"] = {ALL: history.get(("departures", "left"), 0)}
    order = {kind: position for position, kind in enumerate(REPORT_KINDS)}
    for reported in retaliation.values():
        if reported:
            add("retaliation", "any")
            for kind in _first(reported, order):
                add("retaliation", kind)
    return cells
