"""A pool's first month, entirely through its pages, on both databases: members join by invitation
and by asking, report what they paid, stewards confirm, a member asks for aid, the others vote, a
steward pays, the recipient confirms; then the member's page, the steward's ledger, its CSV and the
public page agree with the book (the public page from the next release, in whole dollars), and none
of them names who received aid."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from mutual_aid.ledger import queries as ledger_queries
from mutual_aid.public import released
from server.db import utcnow
from tests.conftest import new_client, post, run, sign_up
from tests.factories.mutual_aid import pool_row, start_pool
from tests.factories.noise import OffsetNoise
from tests.factories.pages import text

TODAY = dt.date.today()
WHY = "My landlord will not wait past Friday."


def hidden(page: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]+)"', page)


def form_actions(page: str, ending: str) -> list[str]:
    """Where the page's forms (or their buttons) that end with `ending` post to."""
    return re.findall(rf'(?:action|formaction)="([^"]+/{ending})"', page)


def i_paid(client: Any, slug: str, amount: str) -> None:
    page = client.get(f"/pools/{slug}/me").text
    data = {"form_key": hidden(page, "form_key")[0], "amount": amount,
            "month": TODAY.strftime("%Y-%m"), "method": "transfer", "paid_on": TODAY.isoformat()}
    (paid,) = form_actions(page, "me/paid")
    response = post(client, paid, data)
    assert response.status_code == 200, text(response)


def steward(client: Any, slug: str, action: str, **data: str) -> str:
    return text(post(client, f"/pools/{slug}/steward/{action}", data))


def cents(typed: str) -> int:
    return int(Decimal(typed or "0") * 100)


def test_a_pool_from_joining_to_aid_paid_agrees_with_its_book(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client, decision_method="vote", quorum_percent="50", majority_percent="50", waiting_days="0",
                      reserve="20", max_per_request="300")
    code = pool_row(client, slug)["invite_code"]
    with new_client(settings) as ana, new_client(settings) as ben:
        sign_up(ana, "ana")
        post(ana, f"/pools/join/{code}")
        sign_up(ben, "ben")
        post(ben, f"/pools/{slug}/join")
        # maria approves ben's request to join from her steward page, and names ana a steward
        page = client.get(f"/pools/{slug}/steward").text
        asking = re.search(r'<span id="j-(M-[A-Z0-9]{4})">ben</span>', page)
        assert asking, page
        assert f'action="/pools/{slug}/steward/approve"' in page
        assert "The member is in." in steward(client, slug, "approve", member=asking[1])
        page = client.get(f"/pools/{slug}/steward").text
        ana_row = re.search(r'<td id="m-(M-[A-Z0-9]{4})">ana</td>', page)
        assert ana_row, page
        assert f'action="/pools/{slug}/steward/promote"' in page
        assert "now a steward" in steward(client, slug, "promote", member=ana_row[1])

        for member, amount in ((ana, "20.00"), (ben, "20.00"), (client, "25.25")):
            i_paid(member, slug, amount)
        # each contribution is confirmed by a steward other than the one who paid
        for who in (client, ana):
            for confirm in form_actions(who.get(f"/pools/{slug}/steward").text, r"contributions/\d+/confirm"):
                assert "Contribution confirmed" in text(post(who, confirm))
        assert "Nothing more to pay this month." in text(ben.get(f"/pools/{slug}/me"))

        # ben asks for aid; the page tells him who decides
        form = ben.get(f"/pools/{slug}/requests/new").text
        asked = post(ben, f"/pools/{slug}/requests/new", {
            "form_key": hidden(form, "form_key")[0], "kind": "one_off", "amount": "35.50", "category": "rent",
            "needed_by": (TODAY + dt.timedelta(days=5)).isoformat(), "explanation": WHY,
        }, follow_redirects=False)
        assert asked.status_code == 303
        request_path = asked.headers["location"].split("?")[0]

        # the two others find it waiting on their home page, and vote; ben sees that they voted, never how
        home = text(ana.get("/"))
        assert "Your mutual-aid pools" in home and "Requests waiting for your decision: 1" in home
        for voter in (client, ana):
            page = text(voter.get(request_path))
            assert "ben" in page and WHY in page
            (vote,) = form_actions(voter.get(request_path).text, "vote")
            post(voter, vote, {"choice": "yes"})
        own = text(ben.get(request_path))
        assert "maria" in own and "ana" in own and "Approved" in own

        # a steward sends the money (the home page says there is aid to pay); ben confirms he received it
        assert "Approved aid to pay: 1" in text(client.get("/"))
        payouts = f"/pools/{slug}/steward/payouts"
        page = client.get(payouts).text
        installment = re.search(r'name="installment" value="(\d+)"', page)
        assert installment
        (send,) = form_actions(page, "payouts/send")
        sent = post(client, send, {"request": request_path.rsplit("/", 1)[1],
                                   "installment": installment[1], "amount": "35.50", "method": "app",
                                   "sent_on": TODAY.isoformat()})
        assert sent.status_code == 200, text(sent)
        (received,) = form_actions(ben.get(request_path).text, r"payouts/\d+/received")
        post(ben, received)
        assert "Paid" in text(ben.get(request_path))

    book = run(client, ledger_queries.balance, pool_row(client, slug)["id"])
    assert book == 20_00 + 20_00 + 25_25 - 35_50

    # the steward's ledger and its CSV: pseudonyms only, and sums equal to the book
    ledger_page = text(client.get(f"/pools/{slug}/steward/ledger"))
    assert "$29.75" in ledger_page and "ben" not in ledger_page
    rows = list(csv.DictReader(io.StringIO(client.get(f"/pools/{slug}/steward/ledger.csv").text.lstrip("\ufeff"))))
    assert sum(cents(r["in"]) - cents(r["out"]) for r in rows) == book
    assert {r["account"][:2] for r in rows} == {"M-", "R-"}

    # the public page, for a visitor: no live figure; from the next release (here without noise),
    # the balance as released (whole dollars per entry: $20 + $20 + $25 - $35), nobody named
    with new_client(settings) as visitor:
        public = text(visitor.get(f"/pools/{slug}"))
        assert "$29.75" not in public and "<data" not in public and "first figures will be published" in public
        pool_id = pool_row(client, slug)["id"]
        assert run(client, released.release_due_for, settings, pool_id, utcnow() + dt.timedelta(days=1), OffsetNoise(0))
        public = text(visitor.get(f"/pools/{slug}"))
    assert re.search(r'Balance</dt><dd id="balance"><data value="30">', public)
    assert re.search(r'Requests funded</dt><dd id="funded"><data value="1">', public)
    for private in (r"\bben\b", r"\bana\b", r"\bmaria\b", re.escape(WHY), r"\b[RM]-[A-Z0-9]{4}\b"):
        assert not re.search(private, public), private
