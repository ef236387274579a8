"""Who received aid, and why they asked, reach only that request's deciders (and the recipient):
a member who does not decide it, a visitor, and every export but the recipient's own never show
them; and how anyone voted is shown to nobody, ever."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import post
from tests.factories.accounts import as_member
from tests.factories.mutual_aid import EXPLANATION, SLUG, ask, make_pool, payout_ids, receive, request_id, send, vote

PAGES = ["/pools", f"/pools/{SLUG}", f"/pools/{SLUG}/me", f"/pools/{SLUG}/rules", f"/pools/{SLUG}/requests",
         f"/pools/{SLUG}/requests/new", "/notifications", "/", "/account/data"]
STEWARD_PAGES = [f"/pools/{SLUG}/steward", f"/pools/{SLUG}/steward/payouts", f"/pools/{SLUG}/steward/ledger",
                 f"/pools/{SLUG}/steward/ledger.csv", f"/pools/{SLUG}/steward/rules"]


def words(client: Any, path: str) -> str:
    return client.get(path).text


def export(client: Any) -> str:
    return str(post(client, "/account/data/export", {}).text)


def test_a_member_who_does_not_decide_never_learns_who_asked_or_why(client):
    make_pool(client, ["anabel", "benito", "carmen", "dora"], stewards=("anabel", "carmen"), stewards_k=2,
              funds=500_00)
    as_member(client, "benito")
    rid = request_id(ask(client, "120.00"))
    for steward in ("anabel", "carmen"):
        as_member(client, steward)
        assert "benito" in words(client, f"/pools/{SLUG}/requests/{rid}")  # deciders see who asks, and why
        assert EXPLANATION in words(client, f"/pools/{SLUG}/requests/{rid}")
        vote(client, rid, "yes" if steward == "anabel" else "no")
    as_member(client, "anabel")
    # one yes and one no of the two stewards needed: declined; benito asks again, both say yes
    as_member(client, "benito")
    rid = request_id(ask(client, "120.00"))
    for steward in ("anabel", "carmen"):
        as_member(client, steward)
        vote(client, rid, "yes")
    as_member(client, "anabel")
    assert send(client, rid, "120.00").status_code == 303
    as_member(client, "benito")
    assert receive(client, rid, payout_ids(client, rid)[0]).status_code == 303

    as_member(client, "dora")  # a member, not a steward: stewards decide here
    for path in [*PAGES, f"/pools/{SLUG}/requests/{rid}", f"/pools/{SLUG}/requests/{rid - 1}"]:
        page = words(client, path)
        assert not re.search(r"\bbenito\b", page) and EXPLANATION not in page, path
    for path in STEWARD_PAGES:
        assert client.get(path).status_code == 404, path
    dump = export(client)
    assert "benito" not in dump and EXPLANATION not in dump

    # stewards' ledger and CSV name the aid by the request's own pseudonym, never the recipient
    as_member(client, "carmen")
    for path in STEWARD_PAGES[2:4]:
        page = words(client, path)
        assert not re.search(r"\bbenito\b", page) and EXPLANATION not in page and re.search(r"\bR-[A-Z0-9]{4}\b", page)

    # nobody's export or page says how anyone voted, not even after the decision
    for handle in ("anabel", "benito", "carmen", "dora"):
        as_member(client, handle)
        dump = export(client)
        assert not re.search(r'"(choice|vote|yes|ballot_choice)"\s*:\s*(true|false|"yes"|"no")', dump), handle
        page = words(client, f"/pools/{SLUG}/requests/{rid}")
        assert not re.search(r"\b(anabel|carmen)\b[^<]{0,40}\b(yes|no|for|against)\b", page, re.I), handle
