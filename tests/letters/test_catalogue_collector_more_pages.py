"""The old-debt response and the No Surprises Act dispute through the pages: the form opens with
the debt's state and last payment and shows what the table says for them, the member sees the
revival rule again on the letter's page, and a bill under $400 over the estimate is sent back
with every value kept."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from letters.tracking import routes as tracking_routes
from letters.writing import routes as writing_routes
from server import pages
from server.pdf import pdf_text
from tests.conftest import post, sign_up
from tests.factories.debts import add_debt, debt_id_from
from tests.factories.letters import letter_id_from

D = dt.date


def flat(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The pages' clock: call it with a day to set it."""
    def set_to(day: dt.date) -> None:
        now = dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC)
        for module in (tracking_routes, writing_routes, pages):
            monkeypatch.setattr(module, "utcnow", lambda: now)

    return set_to


OLD_DEBT = {"letter_language": "en", "sender_name": "Maria Quintero", "sender_address": "12 Elm St\nEl Paso, TX 79901",
            "recipient_name": "Brightwater Recovery Partners", "recipient_address": "PO Box 9\nDallas, TX 75201",
            "account_number": "HPB-3301", "state": "US-TX", "obligation": "written_contract",
            "last_activity_on": "2020-03-02", "notice_date": "2026-11-02"}


def test_the_old_debt_form_shows_the_state_s_period_then_the_letter_is_saved_and_says_may(client: TestClient,
                                                                                         clock: Any) -> None:
    clock(D(2026, 12, 8))
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", region="US-TX", last_payment_on="2020-03-02",
                                 first_delinquency_on="2020-01-02", account_number="HPB-3301", notes=""))
    assert f"/debts/{debt}/letters/time_barred" in client.get(f"/debts/{debt}/letters").text
    form = client.get(f"/debts/{debt}/letters/time_barred").text
    assert '<option value="US-TX" selected' in form and 'value="2020-03-02"' in form
    words = flat(form)
    assert "Restarting the clock in Texas. For a consumer debt, no payment or acknowledgment restarts" in words
    assert "raise the statute of limitations yourself" in words

    letter_id = letter_id_from(post(client, f"/debts/{debt}/letters/time_barred", OLD_DEBT, follow_redirects=False))
    page = flat(client.get(f"/letters/{letter_id}").text)
    assert ("In Texas, written contracts: 4 years (Tex. Civ. Prac. & Rem. Code § 16.004; checked on Dec 8, 2026)."
            in page or "In Texas, written contracts: 4 years (Tex. Civ. Prac. & Rem. Code § 16.004; checked on "
            "December 8, 2026)." in page)
    assert "Your last payment or activity was more than 4 years ago: the debt may be past the limit." in page
    assert "The law gives the collector no deadline to answer this letter." in page
    words = flat(pdf_text(post(client, f"/letters/{letter_id}/pdf", {}).content))
    assert "may be beyond the statute of limitations of Texas" in words
    assert "2020" not in words  # the last payment's date is never printed


NSA = {"letter_language": "en", "sender_name": "Maria Quintero", "sender_address": "12 Elm St\nEl Paso, TX 79901",
       "recipient_name": "Mesa Imaging Center", "recipient_address": "PO Box 77\nEl Paso, TX 79902",
       "account_number": "MI-5512", "dates_of_service": "May 4, 2026", "estimate_date": "2026-04-20",
       "estimate_amount": "1,000.00", "bill_date": "2026-08-04", "bill_amount": "1,399.99"}


def test_a_bill_under_400_over_the_estimate_is_sent_back_then_at_400_the_deadline_is_counted(
        client: TestClient, clock: Any) -> None:
    clock(D(2026, 9, 1))
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="medical", account_number="MI-5512", notes=""))
    response = post(client, f"/debts/{debt}/letters/no_surprises_dispute", NSA, follow_redirects=False)
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert "The bill is $399.99 over the estimate." in page and 'value="Mesa Imaging Center"' in page
    assert 'value="1,399.99"' in page

    letter_id = letter_id_from(post(client, f"/debts/{debt}/letters/no_surprises_dispute",
                                    {**NSA, "bill_amount": "1,400.00"}, follow_redirects=False))
    page = flat(client.get(f"/letters/{letter_id}").text)
    # Tue Aug 4: the 120th day after is Wed Dec 2
    assert "Dec 2, 2026" in page
    assert "within 120 calendar days of the initial bill" in page
    preview = flat(client.get(f"/letters/{letter_id}/preview").text)
    assert "Your bill totals $1,400.00, which is $400.00 more than the estimate" in preview


def test_on_the_spanish_site_the_form_gives_the_table_s_words_in_spanish(client: TestClient, clock: Any) -> None:
    clock(D(2026, 12, 8))
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", region="US-TX", last_payment_on="2020-03-02",
                                 account_number="HPB-3301", notes=""))
    post(client, "/account/language", {"language": "es"})
    response = post(client, f"/debts/{debt}/letters/time_barred", {**OLD_DEBT, "state": ""}, follow_redirects=False)
    assert response.status_code == 400  # the state is needed; what was typed stays
    words = flat(response.text)
    assert "Elige tu estado para ver su plazo de prescripción" in words
    letter_id = letter_id_from(post(client, f"/debts/{debt}/letters/time_barred", OLD_DEBT, follow_redirects=False))
    page = flat(client.get(f"/letters/{letter_id}").text)
    assert ("En Texas, contratos escritos: 4 años (Tex. Civ. Prac. & Rem. Code § 16.004; verificado el 8 de "
            "diciembre de 2026)." in page)
    assert "puede que la deuda haya superado el plazo" in page


@pytest.mark.parametrize("payment, delinquency, shown", [
    ("2020-03-02", "2020-06-01", "2020-06-01"),  # the later of the two: the safe side
    ("", "2021-01-15", "2021-01-15"),
    ("2019-11-30", "", "2019-11-30"),
])
def test_the_old_debt_form_starts_from_the_later_of_the_last_payment_and_the_first_missed_one(
        client: TestClient, payment: str, delinquency: str, shown: str) -> None:
    sign_up(client, "maria")
    debt = debt_id_from(add_debt(client, kind="credit_card", region="US-NY", last_payment_on=payment,
                                 first_delinquency_on=delinquency, account_number="", notes=""))
    form = client.get(f"/debts/{debt}/letters/time_barred").text
    assert re.search(rf'name="last_activity_on"[^>]*value="{shown}"|value="{shown}"[^>]*name="last_activity_on"', form)
