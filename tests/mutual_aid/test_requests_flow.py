"""Asking a pool for aid and deciding on it, through the pages: each decision method reaches the
right outcome, ballots are secret, requests stay private to their deciders, limits are explained."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from mutual_aid.aid_requests import jobs as request_jobs
from mutual_aid.tables import aid_payouts, aid_requests
from server.db import utcnow
from tests.conftest import post, run, sign_up
from tests.factories.accounts import as_member
from tests.factories.mutual_aid import EXPLANATION, JOINED, NEEDED, SLUG, ask, make_pool, request_id, status, vote


def test_stewards_decide_with_two_of_three_and_the_requester_sees_who_voted_not_how(client):
    make_pool(client, ["anabel", "benito", "cyrus", "delia"], stewards=("anabel", "benito", "cyrus"), decision_method="stewards",
              stewards_k=2)
    as_member(client, "delia")
    rid = request_id(ask(client))
    as_member(client, "anabel")
    page = client.get(f"/pools/{SLUG}/requests/{rid}").text
    assert "delia" in page and EXPLANATION in page and 'name="choice"' in page
    assert vote(client, rid, "yes").status_code == 303
    assert status(client, rid) == "under_decision"
    page = client.get(f"/pools/{SLUG}/requests/{rid}").text
    assert "You voted" in page and 'name="choice"' not in page and "Votes for" not in page
    as_member(client, "delia")
    page = client.get(f"/pools/{SLUG}/requests/{rid}").text
    assert "anabel" in page and "Votes for" not in page and "Votes against" not in page
    assert vote(client, rid, "yes").status_code == 403  # nobody decides their own request
    as_member(client, "benito")
    assert vote(client, rid, "yes").status_code == 303
    assert status(client, rid) == "approved"
    assert "Votes for: 2. Votes against: 0." in client.get(f"/pools/{SLUG}/requests/{rid}").text
    as_member(client, "cyrus")
    assert vote(client, rid, "no").status_code == 409  # decided: the late ballot changes nothing
    assert status(client, rid) == "approved"
    as_member(client, "delia")
    assert "was approved" in client.get("/notifications").text


def test_a_member_vote_needs_its_quorum_and_majority(client):
    make_pool(client, ["anabel", "benito", "cyrus", "delia", "evita"], decision_method="vote", quorum_percent=50,
              majority_percent=50)
    as_member(client, "anabel")
    rid = request_id(ask(client))
    assert vote(client, rid, "yes").status_code == 403
    for handle, choice, after in (("benito", "yes", "under_decision"), ("cyrus", "yes", "under_decision"),
                                  ("delia", "no", "under_decision"), ("evita", "yes", "approved")):
        as_member(client, handle)
        assert vote(client, rid, choice).status_code == 303
        assert status(client, rid) == after
    assert vote(client, rid, "no").status_code == 409


def test_a_vote_without_quorum_is_declined_when_its_time_runs_out(client):
    make_pool(client, ["anabel", "benito", "cyrus", "delia", "evita"], decision_method="vote", quorum_percent=60, decision_days=3)
    as_member(client, "anabel")
    rid = request_id(ask(client))
    as_member(client, "benito")
    vote(client, rid, "yes")
    keyring = client.app_state["keyring"]
    run(client, lambda db: request_jobs.aid_requests_over_time(db, keyring, utcnow() + dt.timedelta(days=1)))
    assert status(client, rid) == "under_decision"
    run(client, lambda db: request_jobs.aid_requests_over_time(db, keyring, utcnow() + dt.timedelta(days=4)))
    assert status(client, rid) == "declined"
    as_member(client, "anabel")
    assert "was not approved" in client.get("/notifications").text


def test_a_small_request_is_approved_at_once(client):
    make_pool(client, ["anabel", "benito"], automatic_up_to_cents=50_00)
    as_member(client, "benito")
    rid = request_id(ask(client, "40.00"))
    assert status(client, rid) == "approved"
    assert "Automatically" in client.get(f"/pools/{SLUG}/requests/{rid}").text


def test_the_only_steward_asking_goes_to_a_member_vote(client):
    make_pool(client, ["anabel", "benito", "cyrus"], decision_method="stewards")
    as_member(client, "anabel")
    response = ask(client)
    rid = request_id(response)
    assert response.headers["location"] == f"/pools/{SLUG}/requests/{rid}"
    assert "so the other members vote on it instead" in client.get(response.headers["location"]).text
    as_member(client, "benito")
    assert "anabel" in client.get(f"/pools/{SLUG}/requests/{rid}").text


def test_the_requester_reads_their_own_explanation(client):
    make_pool(client, ["anabel", "benito"], decision_method="stewards")
    as_member(client, "benito")
    rid = request_id(ask(client))
    page = client.get(f"/pools/{SLUG}/requests/{rid}").text
    assert EXPLANATION in page
    assert "Only you and those who decide on your request can read it." in page


def test_someone_elses_request_is_hidden_from_members_who_do_not_decide(client):
    make_pool(client, ["anabel", "benito", "cyrus"], decision_method="stewards")
    as_member(client, "benito")
    rid = request_id(ask(client))
    as_member(client, "cyrus")
    assert client.get(f"/pools/{SLUG}/requests/{rid}").status_code == 404
    assert vote(client, rid, "yes").status_code == 404
    listing = client.get(f"/pools/{SLUG}/requests").text
    assert "benito" not in listing and EXPLANATION not in listing
    as_member(client, "anabel")
    listing = client.get(f"/pools/{SLUG}/requests").text
    assert "benito" in listing


def test_limits_are_refused_with_their_reasons(client):
    ids = make_pool(client, ["anabel", "benito"], max_per_request_cents=500_00, max_per_member_year_cents=800_00,
                    waiting_days=30)
    as_member(client, "benito")
    response = ask(client, "600.00")
    assert response.status_code == 400
    assert "at most $500.00 per request" in response.text and 'value="600.00"' in response.text

    async def received_before(db: Any) -> None:  # aid ben received two months ago
        rid = await db.insert(aid_requests.insert().values(
            pool_id=ids["pool"], requester_id=ids["benito"], recipient_pseudonym="R-AAAA", kind="one_off",
            category="food", amount_cents=400_00, needed_by=JOINED.date(), status="paid", decision_method="automatic",
            decide_by=JOINED, form_key="x" * 20, submitted_at=JOINED, received_cents=400_00))
        await db.insert(aid_payouts.insert().values(
            pool_id=ids["pool"], request_id=rid, installment=1, month="2020-01", amount_cents=400_00, method="cash",
            status="received", sent_on=(utcnow() - dt.timedelta(days=60)).date(), sent_at=JOINED))

    run(client, received_before)
    response = ask(client, "450.00")
    assert response.status_code == 400
    assert "you have received or asked for $400.00 in the last 12 months" in response.text
    assert ask(client, "400.00").status_code == 303
    # the request waiting for its decision counts too: two requests cannot pass the limit together
    response = ask(client, "10.00")
    assert response.status_code == 400 and "asked for $800.00 in the last 12 months" in response.text

    async def new_member(db: Any) -> None:
        await db.execute(sa.text(f"UPDATE pool_members SET joined_at = CURRENT_TIMESTAMP WHERE member_id = {ids['benito']}"))

    run(client, new_member)
    response = ask(client, "10.00")
    assert response.status_code == 400 and "New members can ask from" in response.text


def test_bad_input_is_shown_back_with_a_message_per_field(client):
    make_pool(client, ["anabel", "benito"])
    sign_up(client, "zedd")
    response = ask_as(client, "benito", amount="99999999999999999999", needed_by="2001-01-01", category="jewels",
                      debt="12345", explanation="x" * 4001)
    assert response.status_code == 400
    for words in ("than can be recorded", "today or a day after", "what the aid is for", "at most 4,000 characters"):
        assert words in response.text
    assert ask_as(client, "benito", amount="-5").status_code == 400


def ask_as(client: Any, handle: str, **data: str) -> Any:
    as_member(client, handle)
    return ask(client, **data)


def test_a_form_sent_twice_makes_one_request(client):
    make_pool(client, ["anabel", "benito"])
    as_member(client, "benito")
    data = {"form_key": "k" * 22, "kind": "one_off", "amount": "50", "category": "food", "needed_by": NEEDED}
    first = post(client, f"/pools/{SLUG}/requests/new", data, follow_redirects=False)
    second = post(client, f"/pools/{SLUG}/requests/new", data, follow_redirects=False)
    assert request_id(first) == request_id(second)
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(aid_requests))) == 1


def test_a_request_can_be_withdrawn_while_nothing_was_paid(client):
    make_pool(client, ["anabel", "benito"])
    as_member(client, "benito")
    rid = request_id(ask(client))
    path = f"/pools/{SLUG}/requests/{rid}"
    assert post(client, f"{path}/withdraw", follow_redirects=False).status_code == 303
    assert status(client, rid) == "withdrawn"
    as_member(client, "anabel")
    assert vote(client, rid, "yes").status_code == 409


def test_the_export_has_my_requests_and_votes_but_never_a_choice(client):
    make_pool(client, ["anabel", "benito", "cyrus"], stewards=("anabel", "cyrus"), decision_method="stewards", stewards_k=2)
    as_member(client, "benito")
    rid = request_id(ask(client))
    as_member(client, "anabel")
    vote(client, rid, "no")
    exported = post(client, "/account/data/export", {}).json()
    section = exported["mutual_aid_requests"]
    assert section["votes"] == [{"pool": "Care pool", "request": rid, "voted_on": dt.date.today().isoformat()}]
    assert "no_votes" not in str(exported) and "choice" not in str(section)
    as_member(client, "benito")
    mine = post(client, "/account/data/export", {}).json()["mutual_aid_requests"]
    assert mine["requests"][0]["explanation"] == EXPLANATION
    assert "yes_votes" not in str(mine) and "no_votes" not in str(mine)
