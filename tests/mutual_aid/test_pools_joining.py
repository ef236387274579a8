"""Joining a pool by invitation or by asking, stewards answering, leaving and asking again,
naming stewards; and nobody outside a pool (or not a steward) reaches its private pages."""

from __future__ import annotations

import re

import sqlalchemy as sa

from mutual_aid.tables import pool_members
from server.tables import notifications
from tests.conftest import new_client, post, run, sign_up
from tests.factories.mutual_aid import pool_row, start_pool
from tests.factories.pages import text


def statuses(client, slug):
    pool_id = pool_row(client, slug)["id"]
    rows = run(client, lambda db: db.fetch_all(sa.select(pool_members).where(pool_members.c.pool_id == pool_id)))
    return {r["member_id"]: (r["status"], r["role"]) for r in rows}


def kinds_told(client, kind):
    return run(client, lambda db: db.fetch_all(sa.select(notifications.c.member_id).where(notifications.c.kind == kind)))


def test_an_invitation_link_shows_the_rules_and_joins_at_once(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    code = pool_row(client, slug)["invite_code"]
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        page = text(ana.get(f"/pools/join/{code}"))
        assert "Join Rent circle" in page and "$20.00" in page and "Monthly amount" in page
        response = post(ana, f"/pools/join/{code}")
        assert "Welcome to the pool." in text(response)
        assert "Your page in Rent circle" in text(ana.get(f"/pools/{slug}/me"))
    assert sorted(statuses(client, slug).values()) == [("active", "member"), ("active", "steward")]


def test_a_replaced_invitation_link_stops_working(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    old = pool_row(client, slug)["invite_code"]
    replaced = post(client, f"/pools/{slug}/steward/invitation")
    assert "The invitation link was replaced" in text(replaced)
    new = pool_row(client, slug)["invite_code"]
    assert new != old
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        assert ana.get(f"/pools/join/{old}").status_code == 404
        assert ana.get(f"/pools/join/{new}").status_code == 200


def test_asking_to_join_waits_for_a_steward_who_approves(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        post(ana, f"/pools/{slug}/join")
        assert "waiting for a steward" in text(ana.get("/pools"))
        assert ana.get(f"/pools/{slug}/me").status_code == 404
        assert len(kinds_told(client, "pool_join_requested")) == 1
        steward_page = text(client.get(f"/pools/{slug}/steward"))
        assert "ana" in steward_page and "Asking to join" in steward_page
        pseudonym = [r for r in run(client, lambda db: db.fetch_all(sa.select(pool_members)))
                     if r["status"] == "requested"][0]["pseudonym"]
        answer = post(client, f"/pools/{slug}/steward/approve", {"member": pseudonym})
        assert "The member is in." in text(answer)
        again = post(client, f"/pools/{slug}/steward/decline", {"member": pseudonym})
        assert "Another steward already answered" in text(again)
        assert ana.get(f"/pools/{slug}/me").status_code == 200
    assert len(kinds_told(client, "pool_join_approved")) == 1


def test_a_member_who_left_can_ask_again_under_the_same_row(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    code = pool_row(client, slug)["invite_code"]
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        post(ana, f"/pools/join/{code}")
        assert "Leave the pool?" in text(ana.get(f"/pools/{slug}/me?leave=1"))
        left = post(ana, f"/pools/{slug}/me/leave")
        assert "You left the pool." in text(left)
        assert ana.get(f"/pools/{slug}/me").status_code == 404
        post(ana, f"/pools/{slug}/join")
    assert sorted(statuses(client, slug).values()) == [("active", "steward"), ("requested", "member")]


def test_the_only_steward_cannot_leave_or_step_down(client):
    sign_up(client, "maria")
    slug = start_pool(client)
    refused = post(client, f"/pools/{slug}/me/leave")
    assert refused.status_code == 409 and "only steward" in text(refused)
    me = next(iter(statuses(client, slug)))
    pseudonym = run(client, lambda db: db.fetch_val(sa.select(pool_members.c.pseudonym).where(
        pool_members.c.member_id == me)))
    answer = post(client, f"/pools/{slug}/steward/step-down", {"member": pseudonym})
    assert "needs at least one steward" in text(answer)
    assert list(statuses(client, slug).values()) == [("active", "steward")]


def test_a_steward_names_another_who_can_then_step_the_first_down(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    code = pool_row(client, slug)["invite_code"]
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        post(ana, f"/pools/join/{code}")
        assert ana.get(f"/pools/{slug}/steward").status_code == 404
        rows = run(client, lambda db: db.fetch_all(sa.select(pool_members)))
        ana_row = next(r for r in rows if r["role"] == "member")
        maria_row = next(r for r in rows if r["role"] == "steward")
        post(client, f"/pools/{slug}/steward/promote", {"member": ana_row["pseudonym"]})
        assert ana.get(f"/pools/{slug}/steward").status_code == 200
        post(ana, f"/pools/{slug}/steward/step-down", {"member": maria_row["pseudonym"]})
    assert statuses(client, slug) == {maria_row["member_id"]: ("active", "member"),
                                      ana_row["member_id"]: ("active", "steward")}
    assert client.get(f"/pools/{slug}/steward").status_code == 404


def test_strangers_and_plain_members_get_404_on_private_pages(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    code = pool_row(client, slug)["invite_code"]
    with new_client(settings) as stranger:
        sign_up(stranger, "olga")
        for path in (f"/pools/{slug}/me", f"/pools/{slug}/steward", f"/pools/{slug}/steward/rules",
                     f"/pools/{slug}/rules", "/pools/no-such-pool/me", "/pools/join/not-a-code"):
            assert stranger.get(path).status_code == 404, path
        for path in (f"/pools/{slug}/steward/invitation", f"/pools/{slug}/steward/rules"):
            assert post(stranger, path).status_code == 404, path
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        post(ana, f"/pools/join/{code}")
        for path in (f"/pools/{slug}/steward", f"/pools/{slug}/steward/rules"):
            assert ana.get(path).status_code == 404, path
        for path in (f"/pools/{slug}/steward/invitation", f"/pools/{slug}/steward/rules"):
            assert post(ana, path).status_code == 404, path
    assert pool_row(client, slug)["invite_code"] == code


def test_a_closed_pool_takes_no_one_new_and_no_contribution_until_reopened(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    code = pool_row(client, slug)["invite_code"]
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        post(ana, f"/pools/join/{code}")
        unconfirmed = post(client, f"/pools/{slug}/steward/close")
        assert "Tick the box" in text(unconfirmed) and pool_row(client, slug)["status"] == "open"
        closed = post(client, f"/pools/{slug}/steward/close", {"confirmed": "yes"})
        assert "The pool is closed." in text(closed)
        assert [r["member_id"] for r in kinds_told(client, "pool_closed")] == [
            statuses_of(client, slug, "member")]
        page = text(ana.get(f"/pools/{slug}/me"))
        assert "This pool is closed" in page and f'action="/pools/{slug}/me/paid"' not in page
        refused = post(ana, f"/pools/{slug}/me/paid", {"form_key": "k" * 22, "amount": "20.00", "month": "2026-11",
                                                       "method": "cash", "paid_on": "2026-11-20"})
        assert refused.status_code == 409
        assert ana.get(f"/pools/{slug}/requests/new").status_code == 200
        assert "This pool is closed" in text(ana.get(f"/pools/{slug}"))
    with new_client(settings) as jose:
        sign_up(jose, "jose")
        assert jose.get(f"/pools/join/{code}").status_code == 404
        assert post(jose, f"/pools/{slug}/join").status_code == 404
    reopened = post(client, f"/pools/{slug}/steward/reopen")
    assert "open again" in text(reopened) and pool_row(client, slug)["status"] == "open"


def statuses_of(client, slug, role):
    (member_id,) = [m for m, (status, r) in statuses(client, slug).items() if r == role and status == "active"]
    return member_id


def test_a_member_named_steward_reads_it_in_their_log_and_administrators_never_see_pool_life(client, settings):
    from tests.factories.accounts import member

    sign_up(client, "maria")
    slug = start_pool(client)
    code = pool_row(client, slug)["invite_code"]
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        post(ana, f"/pools/join/{code}")
        pseudonym = [r for r in run(client, lambda db: db.fetch_all(sa.select(pool_members)))
                     if r["role"] == "member"][0]["pseudonym"]
        post(client, f"/pools/{slug}/steward/promote", {"member": pseudonym})
        log = text(ana.get("/account/data"))
        assert f"maria made ana a steward of the pool {slug}." in log
    with new_client(settings) as admin:
        member(admin, settings, "alba", "administrator")
        roles = text(admin.get("/admin/roles"))
        assert "pool_" not in roles and slug not in roles and "ana" not in re.findall(r"\w+", roles)
