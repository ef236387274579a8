"""The creditor registry: look-up by name, alias and misspelling; members' proposals; organizers
verifying, editing and merging; and nobody else getting in. (The rules of a name:
`test_creditor_names.py`.)"""

from __future__ import annotations

import asyncio
import html
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import pool
from sqlalchemy.ext.asyncio import create_async_engine
from starlette.testclient import TestClient

from debts.creditors import queries as registry
from debts.creditors.routes import routes as registry_routes
from debts.creditors.service import propose
from debts.creditors.tables import creditor_aliases, creditors
from debts.vault.tables import debts
from server import members as accounts
from server.app import create_app
from server.db import async_url, utcnow
from server.migrate import downgrade, upgrade
from server.settings import Settings
from server.tables import audit_log
from tests.conftest import csrf_token, make_settings, post, run, sign_up
from tests.factories.accounts import log_in_admin, make_admin, organizer

SEED_MIGRATION = Path(__file__).resolve().parents[2] / "server/migrations/versions/0003_seed_creditors.py"


def load_seed(database_url: str) -> int:
    """Run the seed migration's loader again; returns how many creditors it added (none when
    the database already holds the seed, as every test database should)."""
    spec = importlib.util.spec_from_file_location("seed_creditors", SEED_MIGRATION)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)

    async def main() -> int:
        engine = create_async_engine(async_url(database_url), poolclass=pool.NullPool)
        try:
            async with engine.begin() as connection:
                return int(await connection.run_sync(migration.load_seed))
        finally:
            await engine.dispose()

    return asyncio.run(main())


@pytest.fixture
def client(settings: Settings, database_url: str) -> Iterator[TestClient]:
    assert load_seed(database_url) == 0, "the test database lacks the seed the migrations put in"
    app = create_app(settings, background=False)
    if not any(getattr(r, "name", "") == "creditor_registry" for r in app.router.routes):
        app.router.routes.extend(registry_routes)  # until server/app.py mounts them
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def creditor_named(client: TestClient, name: str) -> dict[str, Any]:
    row = run(client, lambda db: db.fetch_one(creditors.select().where(creditors.c.name == name)))
    assert row is not None, name
    return row


def aliases(client: TestClient, creditor_id: int) -> set[str]:
    return {a["alias"] for a in run(client, registry.aliases_of, creditor_id)}


def audit(client: TestClient, action: str) -> list[dict[str, Any]]:
    query = audit_log.select().where(audit_log.c.action == action).order_by(audit_log.c.id)
    return [{**e, "detail": json.loads(e["detail"])} for e in run(client, lambda db: db.fetch_all(query))]


def edit_data(**changes: str) -> dict[str, str]:
    empty = dict.fromkeys(("parent", "note", "aliases", "recipient", "address_lines", "city", "state", "postal_code",
                           "purpose", "source", "address_checked_on"), "")
    return {"name": "Tiny Town Clinic", "kind": "hospital", **empty, **changes}


# --- look-up --------------------------------------------------------------------------------


def test_look_up_finds_names_aliases_and_small_misspellings(client: TestClient) -> None:
    def best(text: str) -> dict[str, Any]:
        return run(client, registry.search, text)[0]

    for typed in ("Navient Solutions", "navient", "NAVIENT, Inc."):
        assert best(typed)["name"] == "Navient" and best(typed)["exact"] and best(typed)["score"] == 100
    naveint = best("Naveint")
    assert (naveint["name"], naveint["exact"]) == ("Navient", False) and 75 <= naveint["score"] < 100
    great_lakes = best("Great Lakes")
    assert (great_lakes["name"], great_lakes["matched"], great_lakes["exact"]) == ("Nelnet", "Great Lakes", True)
    assert best("Portfolio Recovry")["name"] == "Portfolio Recovery Associates, LLC"
    assert set(best("Equifx")) == {"id", "name", "kind", "verified", "matched", "score", "exact"}
    for nothing in ("", "  .,;  ", "qqqzzzxxx"):
        assert run(client, registry.search, nothing) == []
    assert len(run(client, registry.search, "bank " * 5000)) == 8


def test_an_alias_shared_by_several_creditors_finds_them_all(client: TestClient) -> None:
    found = run(client, registry.search, "fedloan")

    exact = sorted(f["name"] for f in found if f["exact"])
    assert exact == ["Aidvantage", "EdFinancial Services", "MOHELA", "Nelnet"]
    assert "U.S. Department of Education, Office of Federal Student Aid" not in [f["name"] for f in found], \
        "the alias ED is not found inside the word fedloan"


def test_the_seed_is_verified_linked_and_loads_only_once(client: TestClient, database_url: str) -> None:
    count = run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(creditors)))
    drg, education = creditor_named(client, "Default Resolution Group"), creditor_named(
        client, "U.S. Department of Education, Office of Federal Student Aid")
    equifax = creditor_named(client, "Equifax Information Services LLC")

    assert count == 91
    assert drg["verified"] and drg["parent_id"] == education["id"]
    assert json.loads(equifax["address"])["city"] == "Atlanta" and equifax["address_checked_on"].year == 2026
    assert "Parent company: Equifax Inc." in equifax["note"]
    assert {"Great Lakes", "FedLoan"} <= aliases(client, creditor_named(client, "Nelnet")["id"])
    assert load_seed(database_url) == 0


def test_the_seed_goes_down_and_up_again_keeping_creditors_that_debts_name(client: TestClient, database_url: str) -> None:
    sign_up(client, "marcus")
    member, navient, now = run(client, accounts.member_by_handle_key, "marcus"), creditor_named(client, "Navient"), utcnow()
    run(client, lambda db: db.insert(debts.insert().values(
        member_id=member["id"], kind="federal_student", original_creditor_id=navient["id"], balance_cents=1,
        currency="USD", status="current", created_at=now, updated_at=now)))
    count = sa.select(sa.func.count()).select_from(creditors)

    downgrade(database_url, "0002")
    assert run(client, lambda db: db.fetch_val(count)) == 1
    upgrade(database_url)

    assert run(client, lambda db: db.fetch_val(count)) == 91
    assert creditor_named(client, "Firstmark Services")["parent_id"] == creditor_named(client, "Nelnet")["id"]
    assert creditor_named(client, "Navient")["id"] == navient["id"]


# --- members' proposals ---------------------------------------------------------------------


def test_a_proposed_creditor_is_usable_at_once_unverified_and_never_doubled(client: TestClient) -> None:
    new = run(client, propose, "Tiny  Town Clinic", "hospital")

    assert run(client, propose, "TINY TOWN CLINIC, Inc.", "collector") == new
    assert run(client, propose, "Navient Corporation", "servicer") == creditor_named(client, "Navient")["id"]
    found = run(client, registry.search, "tiny town clinc")[0]
    assert (found["id"], found["name"], found["verified"]) == (new, "Tiny Town Clinic", False)
    assert run(client, registry.creditors_by_ids, [new, 10**12, -1]).keys() == {new}
    for name, kind in (("!!!", "hospital"), ("x" * 121, "hospital"), ("Fine Name", "lender")):
        with pytest.raises(ValueError):
            run(client, propose, name, kind)


# --- organizers -----------------------------------------------------------------------------


def test_an_organizer_edits_a_creditor_and_the_change_is_audited(client: TestClient, settings: Settings) -> None:
    rosa = organizer(client, settings)
    firstmark = client.get("/organize/creditors/{}".format(creditor_named(client, "Firstmark Services")["id"])).text
    assert 'name="parent" type="text" value="Nelnet"' in firstmark
    new = run(client, propose, "Tiny Twn Clinic", "collector")
    page = f"/organize/creditors/{new}"
    assert "Tiny Twn Clinic" in client.get(page).text

    response = post(client, page, edit_data(
        parent="nelnet", aliases="TTC\nTiny Town Hospital\nttc", note="Only in Ohio.", recipient="Tiny Town Clinic",
        address_lines="PO Box 1", city="Tiny Town", state="OH", postal_code="43001",
        address_checked_on="2026-01-05"), follow_redirects=False)

    assert response.status_code == 303
    saved = run(client, registry.creditor_by_id, new)
    assert (saved["name"], saved["kind"], saved["note"]) == ("Tiny Town Clinic", "hospital", "Only in Ohio.")
    assert saved["parent_id"] == creditor_named(client, "Nelnet")["id"]
    assert json.loads(saved["address"])["lines"] == ["PO Box 1"]
    assert aliases(client, new) == {"TTC", "Tiny Town Hospital"}
    assert run(client, registry.search, "ttc")[0]["id"] == new
    entry = audit(client, "creditor_edit")[-1]
    assert (entry["actor_id"], entry["subject_id"]) == (rosa, None)
    assert entry["detail"]["fields"] == ["address", "address_checked_on", "aliases", "kind", "name", "note", "parent_id"]
    assert "Saved, and written to the audit log." in client.get(response.headers["location"]).text
    again = post(client, page, edit_data(
        parent="Nelnet", aliases="Tiny Town Hospital\nTTC", note="Only in Ohio.", recipient="Tiny Town Clinic",
        address_lines="PO Box 1", city="Tiny Town", state="OH", postal_code="43001",
        address_checked_on="2026-01-05"))
    assert '<p class="notice notice-info" role="status">Nothing was changed.</p>' in again.text
    assert len(audit(client, "creditor_edit")) == 1


def test_an_administrator_verifies_a_proposal_found_by_unverified_first(client: TestClient) -> None:
    make_admin(client)
    log_in_admin(client)
    new = run(client, propose, "Zeta Recovery Partners", "collector")
    listing = client.get("/organize/creditors", params={"order": "unverified"}).text
    assert listing.index("Zeta Recovery Partners") < listing.index("Absolute Resolutions Investments")

    page = post(client, f"/organize/creditors/{new}/verify", {})

    assert run(client, registry.creditor_by_id, new)["verified"] is True
    assert audit(client, "creditor_verify")[-1]["detail"] == {
        "creditor_id": new, "name": "Zeta Recovery Partners", "verified": True}
    assert "Marked as verified." in page.text and f'action="/organize/creditors/{new}/unverify"' in page.text

    page = post(client, f"/organize/creditors/{new}/unverify", {})

    assert run(client, registry.creditor_by_id, new)["verified"] is False
    assert audit(client, "creditor_verify")[-1]["detail"] == {
        "creditor_id": new, "name": "Zeta Recovery Partners", "verified": False}
    assert "Marked as not verified." in page.text and f'action="/organize/creditors/{new}/verify"' in page.text


@pytest.mark.parametrize("direction", ["into_this", "into_other"])
def test_a_merge_moves_every_reference_keeps_both_names_and_removes_the_duplicate(
    client: TestClient, settings: Settings, direction: str
) -> None:
    rosa = organizer(client, settings)
    navient = creditor_named(client, "Navient")
    duplicate, child = (run(client, propose, name, "servicer") for name in ("Naviant Loans", "Naviant Sub"))
    run(client, lambda db: db.insert(creditor_aliases.insert().values(creditor_id=duplicate, alias="Naviant LN",
                                                                      alias_key="naviant ln")))
    run(client, lambda db: db.execute(creditors.update().where(creditors.c.id == child).values(parent_id=duplicate)))
    now = utcnow()
    debt = run(client, lambda db: db.insert(debts.insert().values(
        member_id=rosa, kind="federal_student", original_creditor_id=duplicate, current_holder_id=duplicate,
        balance_cents=100, currency="USD", status="current", created_at=now, updated_at=now)))
    this, other = (navient["id"], duplicate) if direction == "into_this" else (duplicate, navient["id"])
    offered = client.get(f"/organize/creditors/{this}/merge", params={"q": "naviant loans navient"}).text
    assert f'name="other" value="{other}"' in offered

    response = post(client, f"/organize/creditors/{this}/merge", {"other": other, "direction": direction, "q": "x"},
                    follow_redirects=False)

    assert response.headers["location"] == f"/organize/creditors/{navient['id']}"
    assert "The two creditors are now one." in client.get(response.headers["location"]).text
    row = run(client, lambda db: db.fetch_one(debts.select().where(debts.c.id == debt)))
    assert row["original_creditor_id"] == row["current_holder_id"] == navient["id"]
    assert run(client, registry.creditor_by_id, child)["parent_id"] == navient["id"]
    assert {"Naviant Loans", "Naviant LN", "Navient Solutions, LLC"} <= aliases(client, navient["id"])
    assert run(client, registry.creditor_by_id, navient["id"])["name"] == "Navient"
    assert client.get(f"/organize/creditors/{duplicate}").status_code == 404
    assert run(client, registry.search, "Naviant Loans")[0]["id"] == navient["id"]
    entry = audit(client, "creditor_merge")[-1]
    assert entry["subject_id"] is None and entry["actor_id"] == rosa
    assert entry["detail"] == {"kept_id": navient["id"], "kept_name": "Navient", "merged_id": duplicate,
                               "merged_name": "Naviant Loans"}


def test_members_without_an_organizing_role_are_refused_everywhere(client: TestClient) -> None:
    sign_up(client, "marcus")
    before = run(client, registry.creditor_by_id, 1)
    for path in ("/organize/creditors", "/organize/creditors/1", "/organize/creditors/1/verify",
                 "/organize/creditors/1/unverify", "/organize/creditors/1/merge"):
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            data = {"csrf_token": csrf_token(client), "verified": "no", "other": "2", "direction": "into_this",
                    **edit_data(name="Hijacked")}
            assert client.request(method, path, data=data).status_code == 403, (method, path)
    assert run(client, registry.creditor_by_id, 1) == before
    assert audit(client, "creditor_merge") == audit(client, "creditor_edit") == []


def test_visitors_are_sent_to_log_in(client: TestClient) -> None:
    response = client.get("/organize/creditors/1", follow_redirects=False)
    assert response.headers["location"] == "/login?next=/organize/creditors/1"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": "N" * 10_000}, "name", "Use at most 120 characters."),
    ({"name": "Navient, Inc."}, "name", "Navient already has this name."),
    ({"kind": "loan_shark"}, "kind", "Choose what kind of creditor this is."),
    ({"parent": "Nelnet", "parent_choice": "999999"}, "parent", "Choose one of the creditors listed"),
    ({"parent": "qqqzzzxxx"}, "parent", "No creditor in the registry has that name."),
    ({"address_checked_on": "2999-01-01", "city": "Atlanta"}, "address_checked_on", "Use a date between"),
    ({"aliases": "ok\n" + "A" * 500}, "aliases", "Write one name per line"),
    ({"note": "n" * 5000}, "note", "Use at most 2000 characters."),
])
def test_wrong_input_comes_back_with_what_was_typed(
    client: TestClient, settings: Settings, changes: dict[str, str], field: str, message: str
) -> None:
    organizer(client, settings)
    new = run(client, propose, "Tiny Town Clinic", "hospital")
    data = edit_data(**{"note": "keep this note", "recipient": "Keep Recipient", **changes})

    response = post(client, f"/organize/creditors/{new}", data)

    page = html.unescape(response.text)
    assert response.status_code == 400
    assert message in page and f'id="f-{field}-error"' in page
    for typed in [v[:1000] for k, v in data.items() if k not in ("kind", "parent_choice") and v]:
        assert typed in page, typed[:40]
    assert run(client, registry.creditor_by_id, new)["kind"] == "hospital"


def test_a_creditor_cannot_become_its_own_parent_company(client: TestClient, settings: Settings) -> None:
    organizer(client, settings)
    nelnet = creditor_named(client, "Nelnet")

    data = edit_data(name="Nelnet", kind="servicer", parent="Firstmark Services")

    loop = post(client, f"/organize/creditors/{nelnet['id']}", data)

    assert loop.status_code == 400 and "cannot be its parent" in html.unescape(loop.text)
    assert run(client, registry.creditor_by_id, nelnet["id"])["parent_id"] is None


@pytest.mark.parametrize(("path", "data", "status"), [
    ("/organize/creditors/abc", None, 404),
    ("/organize/creditors/0", None, 404),
    ("/organize/creditors/99999999999999999999", None, 404),
    ("/organize/creditors/999999/merge", None, 404),
    ("/organize/creditors/{navient}/merge", {"other": "abc", "direction": "into_this", "q": "nav"}, 400),
    ("/organize/creditors/{navient}/merge", {"other": "999999", "direction": "into_this", "q": "nav"}, 400),
    ("/organize/creditors/{navient}/merge", {"other": "{navient}", "direction": "into_this", "q": "nav"}, 400),
    ("/organize/creditors/{navient}/merge", {"other": "{nelnet}", "direction": "sideways", "q": "nav"}, 400),
])
def test_unknown_creditors_and_forged_merges_are_refused(
    client: TestClient, settings: Settings, path: str, data: dict[str, str] | None, status: int
) -> None:
    organizer(client, settings)
    ids = {"navient": creditor_named(client, "Navient")["id"], "nelnet": creditor_named(client, "Nelnet")["id"]}
    path = path.format(**ids)

    response = client.get(path) if data is None else post(client, path, {k: v.format(**ids) for k, v in data.items()})

    assert response.status_code == status
    assert run(client, registry.creditor_by_id, ids["nelnet"]) is not None
    assert audit(client, "creditor_merge") == []


# --- look-up for everyone -------------------------------------------------------------------


def test_suggestions_are_json_for_the_text_typed_so_far(client: TestClient) -> None:
    found = client.get("/creditors/suggest", params={"q": "Naveint"}).json()
    navient = creditor_named(client, "Navient")

    assert found["results"][0] == {"id": navient["id"], "name": "Navient", "kind": "original_creditor",
                                   "verified": True}
    assert all(set(r) == {"id", "name", "kind", "verified"} for r in found["results"])
    assert client.get("/creditors/suggest", params={"q": "  "}).json() == {"results": []}
    assert client.get("/creditors/suggest").json() == {"results": []}
    assert len(client.get("/creditors/suggest", params={"q": "bank"}).json()["results"]) == 8
    assert client.get("/creditors/suggest", params={"q": "é" * 5000}).status_code == 200


def test_anyone_can_look_a_creditor_up_on_a_plain_page(client: TestClient) -> None:
    page = html.unescape(client.get("/creditors/search", params={"q": "Great Lakes"}).text)
    nothing = html.unescape(client.get("/creditors/search", params={"q": "qqqzzzxxx"}).text)

    assert "Nelnet" in page and "also known as Great Lakes" in page
    assert 'src="/static/creditor-search.js"' in page
    assert "No creditor in the registry matches that." in nothing
    assert client.get("/static/creditor-search.js").status_code == 200


def test_creditor_look_ups_from_one_address_are_limited(database_url: str, tmp_path: Path) -> None:
    settings = make_settings(database_url, tmp_path, lookups_per_address=3)
    with TestClient(create_app(settings, background=False), base_url="http://testserver") as browser:
        assert [browser.get("/creditors/suggest", params={"q": "nav"}).status_code for _ in range(2)] == [200, 200]
        assert browser.get("/creditors/search", params={"q": "navient"}).status_code == 200
        assert browser.get("/creditors/search").status_code == 200  # the empty page looks nothing up
        suggested = browser.get("/creditors/suggest", params={"q": "nav"})
        assert suggested.status_code == 429 and int(suggested.headers["retry-after"]) > 0
        assert suggested.json()["results"] == []
        page = browser.get("/creditors/search", params={"q": "navient"})
        assert page.status_code == 429 and int(page.headers["retry-after"]) > 0
        assert "You have looked up many creditors in a short time." in html.unescape(page.text)
        assert 'value="navient"' in page.text and "Navient Solutions" not in page.text
        spanish = browser.get("/creditors/search", params={"q": "navient"}, headers={"accept-language": "es"})
        assert spanish.status_code == 429
        assert "Has buscado muchos acreedores en poco tiempo." in html.unescape(spanish.text)
