"""The debt vault, as a member uses it through the pages, and as nobody else can."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from debts.creditors.tables import creditors
from debts.vault.tables import debt_history, debts
from server import crypto
from server.tables import sessions
from tests.conftest import log_in, log_out, new_client, post, run, sign_up
from tests.dumps import dump_database

NAVIENT_DEBT = {
    "kind": "private_student", "original_creditor": "Navient", "current_holder": "", "balance": "12,345.67",
    "currency": "USD", "status": "default", "region": "US-TX", "interest_rate": "6.8",
    "opened_on": "2015-08-20", "first_delinquency_on": "2023-02-01", "experiences": ["calls", "letters"],
    "account_number": "ACCT-7788-SECRET", "notes": "They called my mother twice. Private note xyzzy.",
}


def add_debt(client, **changes):
    data = {**NAVIENT_DEBT, **changes}
    return post(client, "/debts/new", data, page="/debts/new", follow_redirects=False)


def debt_id_from(response) -> int:
    assert response.status_code == 303, response.text
    return int(re.search(r"/debts/(\d+)", response.headers["location"]).group(1))


def test_a_member_adds_a_debt_and_sees_it_with_its_private_fields(client):
    sign_up(client, "maria")
    response = add_debt(client)
    debt_id = debt_id_from(response)
    assert response.headers["location"] == f"/debts/{debt_id}"
    page = client.get(f"/debts/{debt_id}").text
    assert "The debt is in your vault." in page
    assert "The debt is in your vault." not in client.get(f"/debts/{debt_id}").text, "said once"
    assert "Navient" in page
    assert "$12,345.67" in page
    assert "ACCT-7788-SECRET" in page
    assert "They called my mother twice" in page
    assert "6.8%" in page
    listing = client.get("/debts").text
    assert "Private student loan" in listing and "$12,345.67" in listing


def test_totals_are_by_kind_and_formatted_for_the_members_language(client):
    sign_up(client, "maria", language="es")
    add_debt(client)
    add_debt(client, balance="1000", kind="private_student")
    add_debt(client, balance="250.5", kind="medical", original_creditor="Navient")
    listing = client.get("/debts").text
    assert "$13,345.67" in listing
    assert "$250.50" in listing


def test_a_misspelled_creditor_is_offered_and_can_be_chosen(client):
    sign_up(client, "maria")
    response = add_debt(client, original_creditor="Naveint")
    assert response.status_code == 400
    assert 'value="Naveint"' in response.text
    navient = re.search(r'name="original_creditor_choice" value="(\d+)"> <span>Navient', response.text)
    assert navient, response.text
    debt_id = debt_id_from(add_debt(client, original_creditor="Naveint", original_creditor_choice=navient.group(1)))
    assert "Navient" in client.get(f"/debts/{debt_id}").text


def test_an_unknown_creditor_is_added_as_new_and_marked_unchecked(client):
    sign_up(client, "maria")
    name = "Sunrise Valley Medical Billing"
    first = add_debt(client, kind="medical", original_creditor=name)
    assert first.status_code == 400
    assert "add “Sunrise Valley Medical Billing” as a new creditor" in first.text
    debt_id = debt_id_from(add_debt(client, kind="medical", original_creditor=name,
                                    original_creditor_choice="new", original_creditor_new_kind="hospital"))
    assert "not yet checked by an organizer" in client.get(f"/debts/{debt_id}").text

    async def creditor(db):
        return await db.fetch_one(creditors.select().where(creditors.c.name == name))

    row = run(client, creditor)
    assert row["verified"] is False and row["kind"] == "hospital"


def test_a_forged_creditor_id_is_not_attached(client):
    sign_up(client, "maria")
    response = add_debt(client, original_creditor="Naveint", original_creditor_choice="999999")
    assert response.status_code == 400

    async def count(db):
        return await db.fetch_val(sa.select(sa.func.count()).select_from(debts))

    assert run(client, count) == 0


def test_changing_balance_and_status_is_kept_as_a_timeline(client):
    sign_up(client, "maria")
    debt_id = debt_id_from(add_debt(client))
    edit = client.get(f"/debts/{debt_id}/edit").text
    assert 'value="12345.67"' in edit and "ACCT-7788-SECRET" in edit
    changed = {**NAVIENT_DEBT, "balance": "11000", "status": "disputed"}
    response = post(client, f"/debts/{debt_id}/edit", changed, page=f"/debts/{debt_id}/edit", follow_redirects=False)
    assert response.status_code == 303
    page = client.get(f"/debts/{debt_id}").text
    assert "Your changes are saved." in page
    assert "added: $12,345.67 owed; status: In default" in page
    assert "amount owed changed to $11,000.00" in page
    assert "status changed to: Disputed" in page


def test_deleting_a_debt_removes_it_and_its_history(client):
    sign_up(client, "maria")
    debt_id = debt_id_from(add_debt(client))
    assert "Delete this debt?" in client.get(f"/debts/{debt_id}/delete").text
    listing = post(client, f"/debts/{debt_id}/delete", {}, page=f"/debts/{debt_id}/delete")
    assert "The debt was deleted, with its history." in listing.text
    assert client.get(f"/debts/{debt_id}").status_code == 404

    async def rows(db):
        return await db.fetch_all(debt_history.select())

    assert run(client, rows) == []


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"balance": "-5"}, "Write an amount like 1,250.00"),
        ({"balance": "99999999999"}, "That is more than any one debt"),
        ({"balance": ""}, "Write how much is owed now"),
        ({"opened_on": "2999-01-01"}, "This date is in the future"),
        ({"opened_on": "31/31/2020"}, "Write the date like 2024-03-31"),
        ({"kind": "yacht"}, "Choose what kind of debt this is"),
        ({"status": "happy"}, "Choose where this debt stands now"),
        ({"interest_rate": "lots"}, "Write the yearly interest rate in percent"),
        ({"account_number": "9" * 300}, "An account number has at most 64 characters"),
        ({"currency": "XXX"}, "Choose a currency from the list"),
        ({"region": "<script>"}, "Choose a state, territory or country"),
    ],
)
def test_wrong_input_is_refused_on_the_same_page_with_what_was_typed(client, changes, field_message):
    sign_up(client, "maria")
    response = add_debt(client, **changes)
    assert response.status_code == 400
    assert field_message in response.text
    assert 'value="Navient"' in response.text
    assert "They called my mother twice" in response.text
    assert "<script>" not in response.text.split("<main", 1)[1]


def test_a_ten_megabyte_note_is_refused_on_the_form(client):
    sign_up(client, "maria")
    response = add_debt(client, notes="x" * 10_000_000)
    assert response.status_code == 400
    assert "Notes can hold up to 5,000 characters; yours had 10,000,000" in response.text
    assert 'value="Navient"' in response.text
    assert "x" * 10_000 in response.text


@pytest.fixture
def two_members(client, settings):
    sign_up(client, "maria")
    debt_id = debt_id_from(add_debt(client))
    log_out(client)
    sign_up(client, "intruder")
    return debt_id


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/debts/{id}", "/debts/{id}/edit", "/debts/{id}/delete"])
def test_another_member_guessing_a_debt_id_gets_404_for_every_route_and_method(client, two_members, method, path):
    url = path.format(id=two_members)
    data = {"csrf_token": re.search(r'name="csrf_token" value="([0-9a-f]+)"', client.get("/debts").text).group(1),
            **NAVIENT_DEBT, "balance": "1"}
    response = client.request(method, url, data=data if method != "GET" else None)
    assert response.status_code == 404
    assert "ACCT-7788-SECRET" not in response.text

    async def balance(db):
        return await db.fetch_val(sa.select(debts.c.balance_cents).where(debts.c.id == two_members))

    assert run(client, balance) == 1234567


@pytest.mark.parametrize("path", ["/debts/99999999999999999999", "/debts/0", "/debts/-1", "/debts/abc/edit"])
def test_impossible_debt_ids_are_404(client, path):
    sign_up(client, "maria")
    assert client.get(path).status_code == 404


def test_my_debts_lists_only_my_own(client, two_members):
    add_debt(client, balance="5")
    listing = client.get("/debts").text
    assert "$5.00" in listing and "$12,345.67" not in listing


def test_administrators_and_organizers_see_no_individual_debt(client, settings, two_members):
    from accounts.admin.service import create_administrator

    run(client, create_administrator, "boss", "tin roof rusted in the rain", "en")
    with new_client(settings) as boss:
        log_in(boss, "boss")
        for url in (f"/debts/{two_members}", f"/debts/{two_members}/edit", "/admin/roles?q=maria"):
            response = boss.get(url)
            assert "12,345.67" not in response.text and "ACCT-7788" not in response.text
        assert "$12,345.67" not in boss.get("/debts").text


def test_a_database_copy_holds_no_account_number_note_or_email(client, settings):
    from accounts import email_address
    from server.tables import members

    sign_up(client, "maria")
    add_debt(client)
    keyring = crypto.Keyring(settings.encryption_keys, settings.current_key_id)

    async def attach(db):
        row = await db.fetch_one(members.select().where(members.c.handle == "maria"))
        await email_address.confirm_email(db, settings, keyring, row["id"], "maria.private@example.org")

    run(client, attach)
    dump = dump_database(settings.database_url)
    assert "12345" not in dump or "1234567" in dump  # the amount is there, in cents (campaigns count it)
    for secret in ("ACCT-7788-SECRET", "7788", "xyzzy", "called my mother", "maria.private@example.org"):
        assert secret not in dump


def test_the_server_keys_alone_cannot_open_the_account_number_or_the_notes(client, settings):
    sign_up(client, "maria")
    add_debt(client)

    async def sealed(db):
        debt = await db.fetch_one(debts.select())
        session = await db.fetch_one(sessions.select())
        from server.tables import members

        member = await db.fetch_one(members.select())
        return debt, session, member

    debt, session, member = run(client, sealed)
    keyring = crypto.Keyring(settings.encryption_keys, settings.current_key_id)
    for field in ("account_number_sealed", "notes_sealed"):
        with pytest.raises(crypto.DecryptionError):
            keyring.decrypt(debt[field], "debt")
        for key in settings.encryption_keys.values():
            for purpose in (f"debt.account_number:{member['id']}", f"debt.notes:{member['id']}"):
                with pytest.raises(crypto.DecryptionError):
                    crypto.decrypt_with(key, debt[field], purpose)
    # the data key itself is stored only wrapped by secrets the server does not hold
    for wrapped, secret in ((member["data_key_by_recovery"], settings.secret_key),
                            (session["data_key"], settings.secret_key)):
        with pytest.raises(crypto.DecryptionError):
            crypto.unwrap_with_secret(wrapped, secret, crypto.RECOVERY)
    with pytest.raises(crypto.DecryptionError):
        crypto.unwrap_with_password(member["data_key_by_password"], settings.secret_key)
