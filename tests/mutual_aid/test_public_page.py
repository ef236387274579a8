"""Building a pool's history directly in storage, for the public page and ledger tests."""

from __future__ import annotations

import datetime as dt

# --- the public page ---------------------------------------------------------------------------
import random  # noqa: E402
import re  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mutual_aid.ledger import queries as ledger_queries  # noqa: E402
from mutual_aid.pools import queries as pool_queries
from mutual_aid.public.figures import last_months  # noqa: E402
from tests.conftest import log_in, run, sign_up  # noqa: E402
from tests.factories.mutual_aid import HANDLES, NOW, aid, contribute, member, months_ago, pool
from tests.factories.pages import money


def row_of(text: str, month: str) -> str:
    """The table row of one month ("2026-03") on the public page."""
    label = dt.date(int(month[:4]), int(month[5:]), 1).strftime("%B %Y")
    match = re.search(r"<tr><th scope=\"row\">" + label + r"</th>(.*?)</tr>", text)
    assert match, label
    return match.group(1)


def test_a_visitor_sees_the_rules_balance_and_flows_with_no_one_named(client):
    async def build(db):
        history = await pool(db, "rent-circle", "stella", HANDLES)
        for handle in ["stella", *HANDLES]:
            await contribute(db, history, handle, months_ago(1), 25_00)
        await contribute(db, history, "neighbour0", months_ago(1, 6), 25_00, reverse=True)
        await aid(db, history, "lone", "neighbour3", months_ago(1, 20), 120_00, "medical",
                  explanation="my private diagnosis")
        return history

    history = run(client, build)
    balance = run(client, ledger_queries.balance, history.pool_id)
    assert balance == 9 * 25_00 - 120_00
    page = client.get("/pools/rent-circle")
    assert page.status_code == 200
    text = page.text
    assert money(balance) in text
    assert "$25.00" in text and "Nobody decides their own request." in text
    assert row_of(text, f"{months_ago(1):%Y-%m}").startswith(f"<td>{money(9 * 25_00)}</td>")
    # one recipient: hidden everywhere, and nothing about them anywhere
    assert "hidden to protect small groups" in row_of(text, f"{months_ago(1):%Y-%m}")
    assert "$120.00" not in text
    for secret in [*history.members, *history.pseudonyms.values(), *history.recipients.values(),
                   "my private diagnosis", "R-", "M-"]:
        assert secret not in text, secret
    assert "Log in to ask to join" in text and 'action="/pools/rent-circle/join"' not in text
    # one request funded, for one person: saying "1" would tell a visitor that someone was paid
    assert re.search(r"<dt>Requests funded</dt><dd>hidden to protect small groups</dd>", text)


def test_requests_funded_are_counted_once_k_people_stand_behind_them(client):
    async def build(db):
        history = await pool(db, "big-circle", "stella", HANDLES)
        for i in range(4):  # two requests each for 4 people, then a fifth person's
            await aid(db, history, f"first{i}", f"neighbour{i}", months_ago(2, 3), 10_00)
            await aid(db, history, f"second{i}", f"neighbour{i}", months_ago(1, 3), 10_00)
        return history

    history = run(client, build)
    assert re.search(r"<dt>Requests funded</dt><dd>hidden to protect small groups</dd>",
                     client.get("/pools/big-circle").text)  # 8 requests, but only 4 people
    run(client, aid, history, "fifth", "neighbour4", months_ago(1, 4), 10_00)
    assert re.search(r"<dt>Requests funded</dt><dd>9</dd>", client.get("/pools/big-circle").text)


def test_members_are_a_count_and_fewer_than_k_is_said_so(client):
    run(client, pool, "small-circle", "stella", ["neighbour0"])
    text = client.get("/pools/small-circle").text
    assert "fewer than 5" in text
    run(client, pool, "big-circle", "stella", HANDLES)
    assert re.search(r"<dt>Members</dt><dd>9</dd>", client.get("/pools/big-circle").text)
    assert client.get("/pools/no-such-pool").status_code == 404


def test_a_month_with_fewer_than_k_contributors_cannot_be_worked_out_from_the_total(client):
    async def build(db):
        history = await pool(db, "rent-circle", "stella", HANDLES)
        for handle in HANDLES[:6]:
            await contribute(db, history, handle, months_ago(3), 25_00)
        for handle in HANDLES[:7]:
            await contribute(db, history, handle, months_ago(2), 30_00)
        await contribute(db, history, "neighbour7", months_ago(1), 77_77)  # alone this month
        return history

    run(client, build)
    text = client.get("/pools/rent-circle").text
    lonely = row_of(text, f"{months_ago(1):%Y-%m}")
    assert "hidden to protect small groups" in lonely and "$77.77" not in text
    # the total is shown to the cent, so one more month (the smallest shown) is hidden with it
    assert money(6 * 25_00 + 7 * 30_00 + 77_77) in text
    assert "hidden to protect small groups" in row_of(text, f"{months_ago(3):%Y-%m}")
    assert money(7 * 30_00) in row_of(text, f"{months_ago(2):%Y-%m}")


def test_a_category_with_one_recipient_hides_with_another(client):
    async def build(db):
        history = await pool(db, "rent-circle", "stella", HANDLES)
        for handle in ["stella", *HANDLES]:
            await contribute(db, history, handle, months_ago(2), 500_00)
        for index, handle in enumerate(HANDLES[:5]):
            await aid(db, history, f"rent{index}", handle, months_ago(1, 10), 100_00, "rent")
        for index, handle in enumerate(HANDLES[:6]):
            await aid(db, history, f"food{index}", handle, months_ago(1, 11), 40_00, "food")
        await aid(db, history, "medical", "neighbour7", months_ago(1, 12), 333_00, "medical")

    run(client, build)
    text = client.get("/pools/rent-circle").text
    categories = text[text.index("Money out, by kind of need"):]
    assert re.search(r"Medical</th><td><span class=\"hidden-figure\">", categories)
    assert re.search(r"Rent</th><td><span class=\"hidden-figure\">", categories)  # the smallest shown one
    assert re.search(r"Food</th><td>\$240\.00</td>", categories)
    assert "$333.00" not in text and "$500.00" not in categories


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


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10_000))
def test_the_public_figures_agree_with_the_ledger_to_the_cent(client, seed):
    rng = random.Random(seed)
    slug = f"circle-{seed}-{rng.randrange(10**9)}"

    async def build(db):
        history = await pool(db, slug, "stella", HANDLES)
        for back in range(11, -1, -1):
            for handle in rng.sample(["stella", *HANDLES], rng.randint(0, 9)):
                day = months_ago(back, rng.randint(1, min(NOW.day, 28) if back == 0 else 28))
                await contribute(db, history, handle, day, rng.randint(1, 90_00), reverse=rng.random() < 0.1)
            if back > 0 and rng.random() < 0.7:
                for _ in range(rng.randint(1, 6)):
                    handle = rng.choice(HANDLES)
                    await aid(db, history, f"{back}-{handle}", handle, months_ago(back, 20), rng.randint(1, 40_00),
                              rng.choice(["rent", "food", "medical"]))
        return history

    history = run(client, build)
    rows = run(client, ledger_queries.entry_rows, history.pool_id)
    text = client.get(f"/pools/{slug}").text
    assert money(run(client, ledger_queries.balance, history.pool_id)) in text
    kinds = {row["key"]: row for row in rows}
    for month in last_months(NOW.date()):
        def month_of(row):
            original = kinds[row["reverses"]] if row["reverses"] else row
            return f"{original['happened_on']:%Y-%m}", original["kind"]

        money_in = sum(int(r["cash_cents"]) for r in rows if month_of(r) == (month, "contribution"))
        money_out = -sum(int(r["cash_cents"]) for r in rows if month_of(r) == (month, "payout"))
        cells = re.findall(r"<td>(.*?)</td>", row_of(text, month))
        for shown, exact in zip(cells, (money_in, money_out), strict=True):
            assert "hidden" in shown or shown == money(exact), (month, shown, exact)
