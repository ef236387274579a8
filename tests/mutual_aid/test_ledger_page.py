"""The stewards' ledger: every entry under pseudonyms, a running balance, and a CSV download."""

from __future__ import annotations

import csv
import io
import re

from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.tables import ledger_entries
from tests.conftest import log_in, run
from tests.factories.accounts import sign_up_all
from tests.factories.mutual_aid import HANDLES, build_with
from tests.factories.pages import money


def test_a_steward_sees_every_entry_under_pseudonyms_with_a_running_balance(client):
    sign_up_all(client, "sam", "pia")
    assert log_in(client, "sam").status_code == 303
    history = run(client, build_with("sam", "pia"))
    balance = run(client, ledger_queries.balance, history.pool_id)
    page = client.get("/pools/rent-circle/steward/ledger?order=oldest")
    assert page.status_code == 200
    text = page.text[page.text.index("<main"):page.text.index("</main>")]  # the header names who is logged in
    assert f"<dt>Balance</dt><dd>{money(balance)}</dd>" in text and balance == 8 * 25_00 - 60_00
    for handle in HANDLES + ["stella", "sam", "pia", "evicted"]:
        assert handle not in text
    assert history.pseudonyms["neighbour0"] in text and history.recipients["rent"] in text
    assert "Aid: Rent" in text and "Reversal" in text
    contribution_id = run(client, lambda db: db.fetch_val(
        ledger_entries.select().with_only_columns(ledger_entries.c.reverses)
        .where(ledger_entries.c.reverses.is_not(None))))
    number = contribution_id.removeprefix("contribution:")
    assert f"reverses contribution no. {number}" in text
    assert f"reversed by reversal of contribution no. {number}" in text
    assert "contribution:" not in text and "payout:" not in text  # the keys in words, not as codes
    balances = re.findall(r"<td>(-?\$[\d,.]+)</td>\s*<td>\s*<span class=\"hint\">", text)
    assert balances[-1] == money(balance)
    newest = client.get("/pools/rent-circle/steward/ledger").text
    assert re.findall(r"<td>(-?\$[\d,.]+)</td>\s*<td>\s*<span class=\"hint\">", newest)[0] == money(balance)


def test_the_ledger_pages_by_200(client):
    sign_up_all(client, "sam", "pia")
    log_in(client, "sam")
    run(client, build_with("sam", "pia", extra_contributions=200))  # 8 + 2 + 1 + 200 = 211 entries
    first = client.get("/pools/rent-circle/steward/ledger").text
    assert "Page 1 of 2" in first and "page=2" in first
    second = client.get("/pools/rent-circle/steward/ledger?page=2").text
    assert second.count("<span class=\"hint\">Contribution no. ") + second.count("<span class=\"hint\">Payout no. ") \
        + second.count("<span class=\"hint\">Reversal of ") == 11
    assert client.get("/pools/rent-circle/steward/ledger?page=junk").status_code == 200
    assert client.get("/pools/rent-circle/steward/ledger?page=99999999999999999999").status_code == 200


def test_the_csv_is_the_same_rows_under_pseudonyms(client):
    sign_up_all(client, "sam", "pia")
    log_in(client, "sam")
    history = run(client, build_with("sam", "pia"))
    response = client.get("/pools/rent-circle/steward/ledger.csv")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert re.search(r'filename="rent-circle-ledger-\d{4}-\d{2}-\d{2}\.csv"', response.headers["content-disposition"])
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 8 + 2 + 1
    assert rows[-1]["balance"] == f"{(8 * 25_00 - 60_00) // 100}.00"
    assert {row["account"] for row in rows} == {history.pseudonyms[h] for h in HANDLES} | {history.recipients["rent"]}
    assert sum(1 for row in rows if row["reversed_by"]) == 1 and sum(1 for row in rows if row["reverses"]) == 1
    for handle in HANDLES + ["stella", "sam", "pia", "evicted"]:
        assert handle not in response.text


def test_the_ledger_is_404_to_a_plain_member_and_to_a_stranger(client):
    sign_up_all(client, "sam", "pia", "zed")
    run(client, build_with("sam", "pia"))
    for handle in ("pia", "zed"):
        log_in(client, handle)
        assert client.get("/pools/rent-circle/steward/ledger").status_code == 404
        assert client.get("/pools/rent-circle/steward/ledger.csv").status_code == 404
    client.cookies.clear()
    visitor = client.get("/pools/rent-circle/steward/ledger.csv", follow_redirects=False)
    assert visitor.status_code == 303 and visitor.headers["location"].startswith("/login")


def test_a_csv_cell_that_a_spreadsheet_would_run_is_guarded():
    import datetime as dt

    from mutual_aid.ledger.lines import LedgerLine
    from mutual_aid.ledger.spreadsheet import ledger_csv

    line = LedgerLine(key="=HYPERLINK(\"x\")", kind="reversal", category=None, happened_on=dt.date(2026, 1, 2),
                      account="@SUM(A1)", in_cents=0, out_cents=5_00, balance_cents=-5_00, reverses="+cmd",
                      reversed_by=None, original_kind="payout")
    rows = list(csv.reader(io.StringIO(ledger_csv([line], "USD"))))
    assert rows[1][1] == "'=HYPERLINK(\"x\")" and rows[1][4] == "'@SUM(A1)" and rows[1][9] == "'+cmd"
    assert rows[1][6] == "5.00" and rows[1][7] == "'-5.00"
