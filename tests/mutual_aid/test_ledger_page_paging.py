"""The stewards' ledger read a page or a batch at a time: the same lines as the whole book."""

from __future__ import annotations

import csv
import io
import re

from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.ledger import routes as ledger_routes
from mutual_aid.ledger.lines import ledger_lines
from mutual_aid.ledger.routes import entry_name
from mutual_aid.ledger.spreadsheet import CSV_HEADER
from server.i18n import using_language
from tests.conftest import log_in, run
from tests.factories.accounts import sign_up_all
from tests.factories.mutual_aid import build_with
from tests.factories.pages import money

BALANCES = r"<td>(-?\$[\d,.]+)</td>\s*<td>\s*<span class=\"hint\">([^<]+)</span>"


def whole_book(client, pool_id: int):
    return ledger_lines(run(client, ledger_queries.entry_rows, pool_id))


def test_every_page_carries_the_running_balance_of_the_whole_book(client):
    sign_up_all(client, "sam", "pia")
    log_in(client, "sam")
    history = run(client, build_with("sam", "pia", extra_contributions=420))  # 431 entries: 3 pages
    with using_language("en"):  # each line shows its entry's name, "Contribution no. 12"
        expected = {entry_name(line.key).capitalize(): money(line.balance_cents)
                    for line in whole_book(client, history.pool_id)}
    seen: dict[str, list[str]] = {"newest": [], "oldest": []}
    for order in seen:
        for page in (1, 2, 3):
            text = client.get(f"/pools/rent-circle/steward/ledger?order={order}&page={page}").text
            assert f"Page {page} of 3" in text
            for balance, key in re.findall(BALANCES, text):
                assert balance == expected[key], (order, page, key)
                seen[order].append(key)
    assert seen["oldest"] == list(expected) and seen["newest"] == list(expected)[::-1]


def test_a_reversal_and_its_original_on_different_pages_still_name_each_other(client):
    sign_up_all(client, "sam", "pia")
    log_in(client, "sam")
    # 8 contributions, a contribution and its reversal, a payout, then 198 more: newest first, the
    # reversal is the last line of page 1 and what it undoes the first of page 2
    run(client, build_with("sam", "pia", extra_contributions=198))
    first = client.get("/pools/rent-circle/steward/ledger?order=newest&page=1").text
    second = client.get("/pools/rent-circle/steward/ledger?order=newest&page=2").text
    assert "reverses contribution no. " in first and "reversed by" not in first
    assert "reversed by reversal of contribution no. " in second and "reverses " not in second


def test_the_csv_streams_in_batches_that_join_up(client, monkeypatch):
    monkeypatch.setattr(ledger_routes, "CSV_BATCH", 4)
    sign_up_all(client, "sam", "pia")
    log_in(client, "sam")
    history = run(client, build_with("sam", "pia", extra_contributions=9))  # 20 entries, 5 batches
    lines = whole_book(client, history.pool_id)
    response = client.get("/pools/rent-circle/steward/ledger.csv")
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["key"] for row in rows] == [line.key for line in lines]
    assert [row["balance"] for row in rows] == [f"{line.balance_cents // 100}.{line.balance_cents % 100:02d}"
                                                for line in lines]
    assert [row["reversed_by"] for row in rows] == [line.reversed_by or "" for line in lines]
    assert [row["category"] for row in rows] == [line.category or "" for line in lines]
    assert response.content.count(b"date,key,kind") == 1


def test_an_empty_book_is_a_header_and_an_empty_page(client):
    sign_up_all(client, "sam", "pia")
    log_in(client, "sam")

    async def build(db):
        from mutual_aid.pools import queries as pool_queries
        from tests.factories.mutual_aid import NOW, member, pool

        history = await pool(db, "rent-circle", "stella", [])
        await pool_queries.add_member(db, history.pool_id, await member(db, "sam"), NOW, status="active",
                                      role="steward")

    run(client, build)
    assert "Nothing is in the ledger yet." in client.get("/pools/rent-circle/steward/ledger").text
    response = client.get("/pools/rent-circle/steward/ledger.csv")
    assert response.content.decode("utf-8-sig").splitlines() == [",".join(CSV_HEADER)]
