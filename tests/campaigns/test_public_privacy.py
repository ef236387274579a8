"""No published document — page, counter JSON, embed — reveals a group of fewer than k members,
directly, by subtraction, or by comparing two readings a moment apart.

The pure tests build random campaigns as pledges, count them with the same functions `pledging`
uses, and check the counter document against the ground truth: which members each hidden cell
holds. The page tests pledge through the database and read the real routes.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from campaigns.counters import pledging, queries
from campaigns.counters.recount import expected_counters
from campaigns.public.figures import breakdown_labels, counter_document, public_figures
from tests.conftest import run
from tests.factories.campaigns import NOW, make_debt, make_pledgers, pages

KINDS = ("medical", "federal_student", "credit_card", "payday")
REGIONS = ("US-TX", "US-CA", "US-NM", None)
CREDITORS = (11, 12, 13, 14)
LEVELS = ("counted", "pledged", "striking")
CAMPAIGN = {"title": "Strike", "currency": "USD", "threshold_members": 50, "threshold_cents": None,
            "deadline": None, "status": "open"}

debt = st.fixed_dictionaries({
    "kind": st.sampled_from(KINDS), "region": st.sampled_from(REGIONS), "level": st.sampled_from(LEVELS),
    "original_creditor_id": st.sampled_from((*CREDITORS, None)), "current_holder_id": st.sampled_from((*CREDITORS, None)),
    "balance_cents": st.integers(min_value=1, max_value=50_000_000),
})
campaigns = st.lists(st.lists(debt, min_size=1, max_size=3), max_size=30)  # members, each with their debts
ks = st.integers(min_value=2, max_value=8)


def pledge_rows(members: list[list[dict]]) -> list[dict]:
    return [{**d, "member_id": member, "min_others": 0} for member, debts in enumerate(members) for d in debts]


def who_is_in(rows: list[dict]) -> dict[tuple[str, str], set[int]]:
    """Ground truth: the members behind each (breakdown, label) cell."""
    from campaigns.counters.counting import cells_of

    cells: dict[tuple[str, str], set[int]] = {}
    for row in rows:
        for cell in cells_of(row["level"], row):
            cells.setdefault(cell, set()).add(row["member_id"])
    return cells


def published(rows: list[dict], k: int) -> dict:
    counters = expected_counters(rows)  # type: ignore[arg-type]
    cell_rows = [{"dimension": d, "label": label, "members": m, "amount_cents": a}
                 for (d, label), (m, a) in counters.cells.items()]
    total = counters.cells.get(("total", "all"), (0, 0))
    daily = [{"day": NOW.date(), "members": total[0], "amount_cents": total[1]}]
    figures = public_figures(cell_rows, daily, breakdown_labels(CREDITORS), k)
    return counter_document(CAMPAIGN, figures, "https://example.org/campaigns/strike")


@given(campaigns, ks)
def test_no_published_number_describes_fewer_than_k_members(members: list[list[dict]], k: int) -> None:
    document = published(pledge_rows(members), k)
    cells = [document, *(c for breakdown in document["breakdowns"].values() for c in breakdown.values())]
    for cell in cells:
        assert cell["members"] is None or cell["members"] == 0 or cell["members"] >= k
        assert (cell["members"] is None) == (cell["amount_cents"] is None)


@given(campaigns, ks)
def test_what_the_hidden_cells_of_a_breakdown_hold_together_is_k_members_or_none(members: list[list[dict]], k: int) -> None:
    """Subtracting the shown cells from the total leaves the hidden ones together: a group that
    must hold no one or at least k different members, in every breakdown that shows anything."""
    rows = pledge_rows(members)
    document, truth = published(rows, k), who_is_in(rows)
    if document["members"] is None:  # nothing to subtract from: everything is hidden
        assert all(c["members"] is None for b in document["breakdowns"].values() for c in b.values())
        return
    for dimension, breakdown in document["breakdowns"].items():
        if all(cell["members"] is None for cell in breakdown.values()):
            continue  # nothing of this breakdown is published but the word "hidden"
        hidden = set().union(*(truth.get((dimension, label), set())
                               for label, cell in breakdown.items() if cell["members"] is None))
        assert len(hidden) == 0 or len(hidden) >= k, (dimension, breakdown)


@given(campaigns, ks)
def test_a_shown_figure_is_exact_in_members_and_rounded_in_amount(members: list[list[dict]], k: int) -> None:
    rows = pledge_rows(members)
    document, truth = published(rows, k), who_is_in(rows)
    for dimension, breakdown in document["breakdowns"].items():
        for label, cell in breakdown.items():
            if cell["members"] is not None:
                assert cell["members"] == len(truth.get((dimension, label), set()))
                assert cell["amount_cents"] % 100_00 == 0


async def _campaign_with(db, count: int) -> int:
    campaign = await queries.create_campaign(
        db, slug="medical-strike", title="Medical debt strike", summary="", status="open", currency="USD",
        threshold_members=1000, created_at=NOW, start_delay_days=0)
    await _pledge(db, campaign, count, "a")
    return campaign


async def _pledge(db, campaign: int, count: int, batch: str) -> None:
    for member in await make_pledgers(db, count, batch):
        await pledging.pledge(db, None, campaign, member, await make_debt(db, member, 1234_56, "medical"),
                              "pledged", 0, NOW)


def test_reloading_after_one_member_joins_shows_exactly_the_same_figures(client):  # noqa: F811
    campaign = run(client, _campaign_with, 10)
    page, counter, embed = pages(client)
    assert counter["members"] == 10
    run(client, _pledge, campaign, 1, "b")  # one more: the live total is 11
    assert pages(client) == (page, counter, embed)
    run(client, _pledge, campaign, 3, "c")  # four since the last publication: still fewer than k = 5
    assert pages(client)[1] == counter
    run(client, _pledge, campaign, 1, "d")  # five since: a group of k may show
    assert pages(client)[1]["members"] == 15


def test_a_member_leaving_does_not_show_until_k_have_moved(client):  # noqa: F811
    async def leave_one(db, campaign: int) -> None:
        pledge = (await queries.all_pledges(db, campaign))[0]
        await pledging.withdraw(db, campaign, pledge["member_id"], pledge["debt_id"], dt.datetime.now(dt.UTC))

    campaign = run(client, _campaign_with, 12)
    before = pages(client)
    run(client, leave_one, campaign)
    assert pages(client) == before
