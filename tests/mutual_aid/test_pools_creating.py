"""Starting a pool through its page: each contribution rule, every rule checked with the typed
values kept, the creator as first steward; and a steward's rule changes, kept as versions and
announced to every member."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from mutual_aid.tables import pool_members, pool_rule_changes, pools
from server.tables import notifications
from tests.conftest import log_out, new_client, post, run, sign_up
from tests.factories.mutual_aid import GOOD, pool_row, start_pool
from tests.factories.pages import text


def test_a_fixed_pool_is_started_with_its_creator_as_steward(client):
    sign_up(client, "maria")
    slug = start_pool(client)
    pool = pool_row(client, slug)
    assert slug == "rent-circle"
    assert (pool["contribution_kind"], pool["contribution_cents"], pool["reserve_cents"]) == ("fixed", 20_00, 100_00)
    assert (pool["max_per_request_cents"], pool["waiting_days"]) == (500_00, 30)
    page = text(client.get(f"/pools/{slug}/steward"))
    assert "Stewards of Rent circle" in page and "maria" in page
    assert "The pool is ready. Share the invitation link" in page  # said once, after starting it
    assert "The pool is ready." not in text(client.get(f"/pools/{slug}/steward"))
    assert "Rent circle" in text(client.get("/pools")) and "Steward" in text(client.get("/pools"))


def test_an_income_share_pool_keeps_share_floor_and_cap(client):
    sign_up(client, "maria")
    slug = start_pool(client, name="Income circle", contribution_kind="income_share", contribution_amount="",
                      share_percent="3.5", floor="10", cap="150", hardship_enabled="yes", hardship_max_months="6",
                      decision_method="vote", quorum_percent="40", majority_percent="66", automatic_up_to="50",
                      allocation_rule="needs_first")
    pool = pool_row(client, slug)
    assert (pool["share_basis_points"], pool["floor_cents"], pool["cap_cents"]) == (350, 10_00, 150_00)
    assert (pool["hardship_enabled"], pool["hardship_max_months"]) == (True, 6)
    assert (pool["decision_method"], pool["quorum_percent"], pool["majority_percent"]) == ("vote", 40, 66)
    assert (pool["automatic_up_to_cents"], pool["allocation_rule"]) == (50_00, "needs_first")


def test_a_pool_named_like_a_fixed_page_gets_another_address(client):
    sign_up(client, "maria")
    assert start_pool(client, name="New") == "new-pool"
    assert start_pool(client, name="New") == "new-pool-2"


@pytest.mark.parametrize(("changes", "field", "kept"), [
    ({"contribution_amount": "99999999999999999999"}, "contribution_amount", "99999999999999999999"),
    ({"contribution_amount": "-5"}, "contribution_amount", "-5"),
    ({"contribution_amount": "lots"}, "contribution_amount", "lots"),
    ({"contribution_kind": "income_share", "share_percent": "3", "floor": "200", "cap": "100"}, "cap", "200"),
    ({"contribution_kind": "income_share", "share_percent": "101"}, "share_percent", "101"),
    ({"requests_enabled": ""}, "requests_enabled", "Rent circle"),
    ({"hardship_enabled": "yes", "hardship_max_months": "25"}, "hardship_max_months", "25"),
    ({"waiting_days": "366"}, "waiting_days", "366"),
    ({"decision_method": "vote", "majority_percent": "100"}, "majority_percent", "100"),
    ({"decision_method": "vote", "quorum_percent": "0"}, "quorum_percent", "0"),
    ({"decision_days": "31"}, "decision_days", "31"),
    ({"reserve": "-1"}, "reserve", "-1"),
    ({"name": ""}, "name", "We help with rent."),
    ({"currency": "XXX"}, "currency", "Rent circle"),
])
def test_bad_rules_are_shown_again_with_the_error_and_what_was_typed(client, changes, field, kept):
    sign_up(client, "maria")
    response = post(client, "/pools/new", {**GOOD, **changes})
    assert response.status_code == 400
    page = text(response)
    assert f'href="#f-{field}"' in page and 'class="error"' in page
    assert kept in page
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(pools))) == 0


def test_visitors_see_open_pools_and_are_asked_to_log_in_to_start_one(client):
    sign_up(client, "maria")
    start_pool(client)
    log_out(client)
    page = text(client.get("/pools"))
    assert "Rent circle" in page and "Log in to start a pool" in page
    assert client.get("/pools/new", follow_redirects=False).headers["location"].startswith("/login")


def test_a_rule_change_is_a_new_version_listed_with_what_changed_and_announced(client, settings):
    sign_up(client, "maria")
    slug = start_pool(client)
    code = pool_row(client, slug)["invite_code"]
    with new_client(settings) as other:
        sign_up(other, "ana")
        post(other, f"/pools/join/{code}")
    form = text(client.get(f"/pools/{slug}/steward/rules"))
    assert 'value="20.00"' in form
    response = post(client, f"/pools/{slug}/steward/rules", {**GOOD, "contribution_amount": "25", "version": "1"})
    assert response.status_code == 200
    page = text(response)
    assert "Version 2" in page and "Monthly amount: $20.00 → $25.00" in page
    assert run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(pool_rule_changes))) == 2
    told = run(client, lambda db: db.fetch_all(
        sa.select(notifications.c.member_id).where(notifications.c.kind == "pool_rules_changed")))
    assert len(told) == 2
    pseudonym = run(client, lambda db: db.fetch_val(sa.select(pool_members.c.pseudonym).where(
        pool_members.c.role == "steward")))
    assert f"By {pseudonym}." in page


def test_a_rule_change_over_someone_elses_is_refused_and_shown_again(client):
    sign_up(client, "maria")
    slug = start_pool(client)
    post(client, f"/pools/{slug}/steward/rules", {**GOOD, "contribution_amount": "25", "version": "1"})
    stale = post(client, f"/pools/{slug}/steward/rules", {**GOOD, "contribution_amount": "30", "version": "1"})
    assert stale.status_code == 409
    assert "Another steward changed the rules" in text(stale) and 'value="30"' in stale.text
    assert pool_row(client, slug)["contribution_cents"] == 25_00
