"""The debt form as a member found it: what it says is needed is what it asks for; a creditor not
in the registry is a calm next step, not an error; a new creditor's kind follows the debt's kind."""

from __future__ import annotations

import re

import sqlalchemy as sa

from debts.creditors.tables import creditors
from debts.vault.tables import debts
from tests.conftest import run, sign_up
from tests.factories.debts import add_debt, debt_id_from

NEW_NAME = "Sunrise Valley Medical Billing"


def _intro(page: str) -> str:
    match = re.search(r"</h1>\s*<p>(.*?)</p>", page, re.S)
    assert match, page
    return match[1]


def _debt_count(client) -> int:
    return int(run(client, lambda db: db.fetch_val(sa.select(sa.func.count()).select_from(debts))))


def test_the_form_says_where_it_stands_is_needed_and_asks_for_it(client):
    sign_up(client, "maria")
    page = client.get("/debts/new").text
    assert "where it stands" in _intro(page)
    label = re.search(r'<label for="f-status">(.*?)</label>', page, re.S)
    assert label and "(optional)" not in label[1]
    refused = add_debt(client, status="")
    assert refused.status_code == 400 and "Choose where this debt stands now." in refused.text
    assert 'value="12,345.67"' in refused.text
    assert _debt_count(client) == 0


def test_a_creditor_not_in_the_registry_is_a_calm_next_step_not_an_error(client):
    sign_up(client, "maria")
    for typed in (NEW_NAME, "Naveint"):
        page = add_debt(client, kind="medical", original_creditor=typed)
        assert page.status_code == 400  # not saved yet: the member chooses first
        assert f"“{typed}” is not in the registry yet" in page.text
        assert "One more step" in page.text
        assert 'class="error' not in page.text and "error-summary" not in page.text and "aria-invalid" not in page.text
        assert f'value="{typed}"' in page.text and 'value="12,345.67"' in page.text
    assert _debt_count(client) == 0
    debt_id_from(add_debt(client, kind="medical", original_creditor=NEW_NAME, original_creditor_choice="new"))
    assert _debt_count(client) == 1


def _selected_kind(page: str, name: str) -> str:
    select = re.search(rf'<select id="f-{name}_new_kind".*?</select>', page, re.S)
    assert select, page
    selected = re.search(r'<option value="([a-z_]+)" selected>', select[0])
    assert selected, select[0]
    return selected[1]


def test_a_new_creditors_kind_follows_the_debts_kind(client):
    sign_up(client, "maria")
    medical = add_debt(client, kind="medical", original_creditor=NEW_NAME).text
    assert _selected_kind(medical, "original_creditor") == "hospital"
    federal = add_debt(client, kind="federal_student", original_creditor="Dept of Educashun Unknown",
                       current_holder="Zenith Loan Servicing Unknown").text
    assert _selected_kind(federal, "original_creditor") == "government"
    assert _selected_kind(federal, "current_holder") == "servicer"
    card = add_debt(client, kind="credit_card", original_creditor=NEW_NAME).text
    assert _selected_kind(card, "original_creditor") == "original_creditor"
    # what the member chose is kept when the form comes back
    kept = add_debt(client, kind="medical", original_creditor=NEW_NAME, original_creditor_new_kind="collector",
                    balance="").text
    assert _selected_kind(kept, "original_creditor") == "collector"
    # a form sent without a kind (an old page) still files the new creditor by the debt's kind
    debt_id_from(add_debt(client, kind="medical", original_creditor=NEW_NAME, original_creditor_choice="new"))
    kind = run(client, lambda db: db.fetch_val(sa.select(creditors.c.kind).where(creditors.c.name == NEW_NAME)))
    assert kind == "hospital"
