"""A pool's public page shows its figures as last released, never the live ledger: a payout,
a contribution, a member joining or a request funded changes nothing there until the next
scheduled release, which then shows exactly what was released. The stewards' books stay exact.

The releases here use `OffsetNoise`: each node of a figure's tree gets a known offset, so a
released running total is the exact one plus the offset times the nodes it adds up."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

from mutual_aid.domain import DOMAIN
from mutual_aid.pools import queries as pool_queries
from mutual_aid.public import released
from server.db import utcnow
from server.disclosure import store, tree
from server.disclosure.schedule import release_due
from tests.conftest import log_in, run, sign_up
from tests.factories.accounts import as_member
from tests.factories.mutual_aid import (
    HANDLES,
    NOW,
    SLUG,
    aid,
    ask,
    contribute,
    make_pool,
    member,
    months_ago,
    payout_ids,
    pool,
    receive,
    request_id,
    send,
    vote,
)
from tests.factories.noise import OffsetNoise
from tests.factories.pages import money

OFFSET = 7
DAY = dt.timedelta(days=1)


def shown(text: str, figure: str) -> int | None:
    """The value a figure of the page's summary stands for (its `<data value>`), or None if absent."""
    match = re.search(rf'<dd id="{figure}"><data value="(-?\d+)">', text)
    return int(match[1]) if match else None


def summary(client, slug: str) -> dict[str, int | None]:
    text = client.get(f"/pools/{slug}").text
    return {figure: shown(text, figure) for figure in ("balance", "money-in", "money-out", "members", "funded")}


def release(client, pool_id: int, now: dt.datetime) -> store.Publication | None:
    return run(client, released.release_due_for, client.app_state["settings"], pool_id, now, OffsetNoise(OFFSET))


def with_offset(exact: int, publication: store.Publication) -> int:
    """What a running total is released as under `OffsetNoise`: one offset per node of the tiling."""
    return exact + OFFSET * len(tree.tiling(publication.period, 365))


def test_a_payout_changes_nothing_on_the_page_until_the_next_release(client):
    ids = make_pool(client, ["anabel", "benito", "carmen", "dora", "elena"], funds=500_00)
    first = release(client, ids["pool"], utcnow())  # the seed was recorded 90 days ago, the payout comes now
    assert first is not None
    before = summary(client, SLUG)
    assert before["money-out"] == with_offset(0, first) and before["money-in"] == with_offset(500, first)
    assert before["balance"] == with_offset(500, first) - with_offset(0, first)

    as_member(client, "benito")
    rid = request_id(ask(client, "120.00"))
    as_member(client, "anabel")
    assert vote(client, rid, "yes").status_code == 303
    assert send(client, rid, "120.00").status_code == 303
    as_member(client, "benito")
    assert receive(client, rid, payout_ids(client, rid)[0]).status_code == 303

    # the stewards' books are exact at once
    as_member(client, "anabel")
    ledger = html.unescape(client.get(f"/pools/{SLUG}/steward/ledger").text)
    assert money(500_00 - 120_00) in ledger
    # the public page is not: the same figures, also after a release is asked for again today
    assert summary(client, SLUG) == before
    assert release(client, ids["pool"], utcnow()) is None
    assert summary(client, SLUG) == before

    second = release(client, ids["pool"], utcnow() + DAY)
    assert second is not None and second.period == first.period + 1
    after = summary(client, SLUG)
    assert after["money-out"] == second.value("money_out") == with_offset(120, second)
    assert after["money-in"] == second.value("money_in") == with_offset(500, second)
    assert after["balance"] == with_offset(500, second) - with_offset(120, second)
    assert after["funded"] == second.value("funded") == with_offset(1, second)


def test_members_and_requests_funded_are_released_figures_not_live_counts(client):
    async def build(db):
        history = await pool(db, "big-circle", "stella", HANDLES)  # 9 members
        for i in range(3):
            await aid(db, history, f"rent{i}", f"neighbour{i}", months_ago(1, 3), 10_00)
        return history

    history = run(client, build)
    tomorrow = NOW + DAY  # everything above was recorded at NOW, before tomorrow's release instant
    first = release(client, history.pool_id, tomorrow)
    assert first is not None
    page = summary(client, "big-circle")
    assert page["members"] == with_offset(9, first) and page["funded"] == with_offset(3, first)

    async def more(db):
        await pool_queries.add_member(db, history.pool_id, await member(db, "newcomer"), NOW, status="active")
        await aid(db, history, "rent9", "neighbour5", months_ago(0, 1), 10_00)

    run(client, more)
    assert summary(client, "big-circle") == page  # nobody's joining or aid shows before the next release
    second = release(client, history.pool_id, tomorrow + DAY)
    assert second is not None
    page = summary(client, "big-circle")
    assert page["members"] == with_offset(10, second) and page["funded"] == with_offset(4, second)


def test_before_its_first_release_the_page_says_when_figures_come_and_shows_none(client):
    run(client, pool, "young-circle", "stella", HANDLES[:2])
    text = html.unescape(client.get("/pools/young-circle").text)
    assert "<data" not in text and "first figures will be published on" in text
    assert "Figures are approximate on purpose" in text


def test_the_maintenance_loop_releases_pools_once_a_period(client):
    assert released.release_pools in DOMAIN.releases
    history = run(client, pool, "rent-circle", "stella", HANDLES)
    settings = client.app_state["settings"]
    midnight = release_due(NOW + DAY, "daily")
    assert run(client, released.release_pools, settings, midnight + dt.timedelta(minutes=10), OffsetNoise(0)) == 1
    assert run(client, released.release_pools, settings, midnight + dt.timedelta(hours=23), OffsetNoise(0)) == 0
    assert run(client, released.latest, history.pool_id, "daily") is not None


def test_a_visitor_sees_the_rules_and_figures_with_no_one_named(client):
    async def build(db):
        history = await pool(db, "rent-circle", "stella", HANDLES)
        for handle in ["stella", *HANDLES]:
            await contribute(db, history, handle, months_ago(1), 25_00)
        await contribute(db, history, "neighbour0", months_ago(1, 6), 25_00, reverse=True)
        await aid(db, history, "lone", "neighbour3", months_ago(1, 20), 120_00, "medical",
                  explanation="my private diagnosis")
        return history

    history = run(client, build)
    release(client, history.pool_id, NOW + DAY)
    text = html.unescape(client.get("/pools/rent-circle").text)
    assert "$25.00" in text and "Nobody decides their own request." in text
    assert "give or take" in text or "less than about" in text
    assert text.count("Figures are approximate on purpose") == 1
    assert "$120" not in text and "$225" not in text  # no exact figure of the ledger
    for secret in [*history.members, *history.pseudonyms.values(), *history.recipients.values(),
                   "my private diagnosis", "R-", "M-"]:
        assert secret not in text, secret
    assert "Log in to ask to join" in text and 'action="/pools/rent-circle/join"' not in text
    assert client.get("/pools/no-such-pool").status_code == 404


def test_a_member_gets_their_links_a_logged_in_visitor_may_ask_to_join_and_a_closed_pool_says_so(client):
    sign_up(client, "ana")
    assert log_in(client, "ana").status_code == 303

    async def build(db):
        await pool(db, "closed-circle", "stella", HANDLES[:2], status="closed")
        return await pool(db, "open-circle", "stella", HANDLES[:2])

    async def join(db, history):
        await pool_queries.add_member(db, history.pool_id, await member(db, "ana"), NOW, status="active")

    history = run(client, build)
    text = client.get("/pools/open-circle").text
    assert 'action="/pools/open-circle/join"' in text and 'name="csrf_token"' in text
    run(client, join, history)
    text = client.get("/pools/open-circle").text
    assert "/pools/open-circle/me" in text and "/pools/open-circle/requests" in text
    assert 'action="/pools/open-circle/join"' not in text
    closed = client.get("/pools/closed-circle").text
    assert "This pool is closed" in closed and "/join" not in closed


def test_the_joining_page_gives_no_live_count_of_members(client):
    make_pool(client, ["anabel", "benito"])
    sign_up(client, "newcomer")
    code = run(client, pool_queries.pool_by_slug, SLUG)["invite_code"]
    text = client.get(f"/pools/join/{code}").text
    assert "Members:" not in text and f'href="/pools/{SLUG}"' in text


def test_months_and_kinds_of_need_are_released_differences_and_small_ones_are_hidden(client):
    """Releases written as the store keeps them, with small margins (as in a large pool), to see the
    tables: a month is the change of the released running totals over it; a small one is hidden."""
    history = run(client, pool, "big-circle", "stella", HANDLES)
    months = [months_ago(back, 1) for back in (3, 2, 1, 0)]  # the first days of four months
    money_in = [0, 5_000, 9_000, 9_010]  # released running totals at each month's start

    async def write(db):
        for period, (day, total) in enumerate(zip(months, money_in, strict=True), start=1):
            cells = {"money_in": {"all": total}, "money_out": {"all": 1_000 * (period - 1)},
                     "members": {"all": 900}, "funded": {"all": 40},
                     "category": {"rent": 1_000 * (period - 1), "food": 3}}  # scaled to the total
            margins = {"money_in": 100, "money_out": 100, "members": 20, "funded": 10, "category": 100}
            await db.execute(store.disclosure_releases.insert().values(
                subject=released.subject(history.pool_id, "daily"), period=period,
                released_at=dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC),
                figures=json.dumps({"cells": cells, "margins": margins}),
                series=json.dumps({"money_in": cells["money_in"], "money_out": cells["money_out"]})))

    run(client, write)
    text = html.unescape(client.get("/pools/big-circle").text)
    assert "about $9,000 (give or take $100)" in text and "about 900 (give or take 20)" in text

    def row(day: dt.date) -> str:
        found = re.search(rf'<th scope="row">{day:%B %Y}</th>(.*?)</tr>', text)
        assert found, day
        return found[1]

    assert '<data value="5000">$5,000</data>' in row(months[0]) and '<data value="1000">$1,000</data>' in row(months[0])
    assert '<data value="4000">$4,000</data>' in row(months[1])
    assert "too small to show" in row(months[2])  # $10 in, below its margin
    categories = text[text.index("Aid paid, by kind of need"):]
    assert re.search(r'Rent</th><td><data value="2997">\$3,000</data>', categories)
    assert re.search(r"Food</th><td><span class=\"hidden-figure\">too small to show", categories)
