"""What a debt's own page says can be done about it (issue 14): the letters that fit, the deadlines
of the letters written about it with the days left, whether it may be past the time limit to sue in
the member's state and past the credit-report period, always as "may". Read through the real page.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from debts.vault import routes as vault_routes
from letters.writing import routes as writing_routes
from tests.conftest import log_out, run, sign_up
from tests.factories.campaigns import campaign
from tests.factories.debts import add_debt, debt_id_from
from tests.factories.letters import letter_id_from, write
from tests.factories.mutual_aid import pool

NOW = dt.datetime(2026, 12, 8, 15, 0, tzinfo=dt.UTC)  # a Tuesday


@pytest.fixture(autouse=True)
def today_is_december_8(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vault_routes, "utcnow", lambda: NOW)
    monkeypatch.setattr(writing_routes, "utcnow", lambda: NOW)


def _credit_card(client, **changes) -> int:
    values = {"kind": "credit_card", "original_creditor": "Navient", "status": "collections", "region": "US-TX",
              "interest_rate": "", "opened_on": "2015-08-20", "account_number": "", "notes": "", **changes}
    return debt_id_from(add_debt(client, **values))


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))).replace(" .", ".")


def test_an_old_texas_credit_card_may_be_past_the_time_limit_with_the_texas_statute(client):
    sign_up(client, "maria")
    debt = _credit_card(client, last_payment_on="2021-03-01", first_delinquency_on="2021-04-01")
    page = _text(client.get(f"/debts/{debt}").text)
    assert "This debt may be past the time limit to sue." in page
    assert ("In Texas the limit for open accounts such as credit cards is 4 years "
            "(Tex. Civ. Prac. & Rem. Code § 16.004(c)). Counted from April 1, 2021, it may have ended on "
            "April 1, 2025.") in page
    assert "checked on December 8, 2026" in page
    assert f'href="/debts/{debt}/letters/time_barred"' in client.get(f"/debts/{debt}").text
    # the letters that fit a credit card, each a link to write it from this debt
    assert f'href="/debts/{debt}/letters/validation"' in client.get(f"/debts/{debt}").text


def test_a_recent_texas_credit_card_may_not_be_past_it(client):
    sign_up(client, "maria")
    debt = _credit_card(client, last_payment_on="2024-06-15", first_delinquency_on="2024-07-15")
    response = client.get(f"/debts/{debt}")
    page = _text(response.text)
    assert "This debt may not be past the time limit to sue yet." in page
    assert "Counted from July 15, 2024, it may end on July 15, 2028." in page
    assert "This debt may be past the time limit to sue." not in page
    assert f'class="button secondary" href="/debts/{debt}/letters/time_barred"' not in response.text
    assert ("This debt may stay on your credit report until about January 11, 2032: 7 years after 180 days "
            "from the first missed payment") in page


def test_without_a_state_or_dates_the_page_says_what_is_missing(client):
    sign_up(client, "maria")
    debt = _credit_card(client, region="", first_delinquency_on="", last_payment_on="")
    page = _text(client.get(f"/debts/{debt}").text)
    assert "Jubilee cannot tell yet whether this debt may be past the time limit to sue." in page
    assert "Add the state where you live." in page
    assert "Add the date of your last payment or of the first missed payment." in page
    assert "Add the date of the first missed payment to see when this debt should come off your credit report." in page


def test_a_federal_student_loan_has_no_statute_of_limitations(client):
    sign_up(client, "maria")
    debt = _credit_card(client, kind="federal_student", original_creditor="Navient",
                        last_payment_on="2012-01-10", first_delinquency_on="2012-02-10")
    page = _text(client.get(f"/debts/{debt}").text)
    assert "Federal student loans have no time limit to sue or to collect (20 U.S.C. § 1091a(a))" in page
    assert "may be past the time limit" not in page and "may not be past the time limit" not in page
    assert "Federal student loans follow the Higher Education Act's own reporting rules (20 U.S.C. § 1080a(f)" in page
    assert "credit-report period" not in page


def test_a_debt_first_missed_in_2018_may_be_past_the_credit_report_period(client):
    sign_up(client, "maria")
    debt = _credit_card(client, kind="medical", first_delinquency_on="2018-05-01", last_payment_on="")
    response = client.get(f"/debts/{debt}")
    page = _text(response.text)
    assert "This debt may be past the credit-report period." in page
    # 180 days after May 1, 2018 is October 28, 2018; 7 years later
    assert "about October 28, 2025" in page
    assert f'href="/debts/{debt}/letters/bureau_dispute"' in response.text


def test_a_written_validation_letter_shows_its_deadline_with_the_days_left(client):
    sign_up(client, "maria")
    debt = _credit_card(client, last_payment_on="2025-10-01", first_delinquency_on="2025-11-01")
    letter = letter_id_from(write(client, debt, notice_date="2026-12-01"))
    # the letter's own page: 30 days from the notice, mailed a week before so that it arrives
    assert "Must arrive by Dec 31, 2026: mail it by Dec 23, 2026" in _text(client.get(f"/letters/{letter}").text)
    page = _text(client.get(f"/debts/{debt}").text)
    assert "Must arrive by December 31, 2026: mail it by December 23, 2026 — 15 days left" in page
    assert "Deadlines of your letters about this debt" in page


def test_the_page_reads_in_spanish(client):
    sign_up(client, "esperanza", language="es")
    debt = _credit_card(client, last_payment_on="2021-03-01", first_delinquency_on="2021-04-01")
    page = _text(client.get(f"/debts/{debt}").text)
    assert "Es posible que esta deuda haya superado el plazo para demandar." in page
    assert "Tex. Civ. Prac. & Rem. Code § 16.004(c)" in page


def test_another_members_debt_is_not_found(client):
    sign_up(client, "maria")
    debt = _credit_card(client, last_payment_on="2021-03-01")
    log_out(client)
    sign_up(client, "rosa")
    assert client.get(f"/debts/{debt}").status_code == 404


def test_the_campaigns_that_target_the_debts_creditor_are_shown_and_others_are_not(client):
    campaign(client, "navient-strike", title="Navient debt strike")
    campaign(client, "navient-medical", title="Navient medical strike", kinds=("medical",))
    campaign(client, "navient-won", title="Navient strike won", status="won")
    sign_up(client, "maria")
    debt = _credit_card(client, last_payment_on="2024-06-15")
    response = client.get(f"/debts/{debt}")
    page = _text(response.text)
    assert "Campaigns that target this debt" in page
    assert "Navient debt strike (Open for pledges). We owe together. Join with this debt" in page
    assert 'href="/campaigns/navient-strike/join"' in response.text
    assert "Navient medical strike" not in page, "a campaign for medical debts only"
    assert "Navient strike won" not in page, "a campaign that takes no pledges"


def test_without_a_campaign_the_page_says_how_one_starts(client):
    sign_up(client, "maria")
    debt = _credit_card(client, last_payment_on="2024-06-15")
    page = _text(client.get(f"/debts/{debt}").text)
    assert "No campaign targets this debt's creditor yet." in page


def test_the_pools_the_member_is_in_and_the_open_ones_are_offered(client):
    sign_up(client, "maria")
    run(client, lambda db: pool(db, "valley-pool", "rosa", ["maria"]))
    run(client, lambda db: pool(db, "river-pool", "luis", []))
    run(client, lambda db: pool(db, "closed-pool", "ana", ["maria"], status="closed"))
    debt = _credit_card(client, last_payment_on="2024-06-15")
    response = client.get(f"/debts/{debt}")
    page = _text(response.text)
    assert "Pools that can help" in page
    assert "Valley Pool · Ask your pool for help" in page
    assert 'href="/pools/valley-pool/requests/new"' in response.text
    assert "River Pool · Ask to join" in page
    assert "Closed Pool" not in page


def test_a_day_to_mail_by_that_has_passed_is_said_so_not_counted_below_zero(client, monkeypatch):
    sign_up(client, "maria")
    debt = _credit_card(client, last_payment_on="2025-10-01", first_delinquency_on="2025-11-01")
    write(client, debt, notice_date="2026-12-01")
    # December 28: after the day to mail it by (December 23), before the deadline (December 31)
    monkeypatch.setattr(vault_routes, "utcnow", lambda: NOW + dt.timedelta(days=20))
    page = _text(client.get(f"/debts/{debt}").text)
    assert "mail it by December 23, 2026 — that day has passed" in page
    assert "days left" not in page
