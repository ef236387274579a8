"""A pool's rules, forms and book in plain words, in both languages: a number of days or months as a
phrase ("7 days", "Up to 2 months", "No waiting"), never "Days: 0"; the month a payment is for
named as a month ("December 2026"), not only as the code a browser without a month picker wants;
a ledger entry as "contribution no. 77", not "contribution:77"."""

from __future__ import annotations

import dataclasses

from mutual_aid.ledger.routes import entry_name
from mutual_aid.pools.rule_words import words
from mutual_aid.pools.rules import PoolRules
from server.db import utcnow
from server.fields import month_of
from server.i18n import format_month, using_language
from tests.conftest import new_client, sign_up
from tests.factories.mutual_aid import join, start_pool
from tests.factories.pages import text


def said(language: str, name: str, value: int) -> str:
    with using_language(language):
        return words(dataclasses.replace(PoolRules(), **{name: value}), name, "USD")


def test_days_and_months_read_as_phrases_in_both_languages() -> None:
    assert said("en", "waiting_days", 0) == "No waiting" and said("es", "waiting_days", 0) == "Sin espera"
    assert said("en", "waiting_days", 1) == "1 day" and said("en", "decision_days", 7) == "7 days"
    assert said("es", "decision_days", 7) == "7 días" and said("es", "decision_days", 0) == "El mismo día"
    assert said("en", "hardship_max_months", 2) == "Up to 2 months"
    assert said("es", "hardship_max_months", 1) == "Hasta 1 mes"
    assert "Days:" not in said("en", "decision_days", 0) and "Días:" not in said("es", "waiting_days", 3)


def test_the_month_a_payment_is_for_is_named(client, settings) -> None:
    sign_up(client, "maria")
    slug = start_pool(client)
    with new_client(settings) as ana:
        sign_up(ana, "ana")
        join(ana, slug)
        month = month_of(utcnow().date())
        with using_language("en"):
            named = format_month(month)
        assert f"Written {month} for {named}." in text(ana.get(f"/pools/{slug}/me"))


def test_a_ledger_entry_is_named_in_words_not_by_its_key() -> None:
    with using_language("en"):
        assert entry_name("contribution:77") == "contribution no. 77"
        assert entry_name("reversal:contribution:77") == "reversal of contribution no. 77"
        assert entry_name("payout:5") == "payout no. 5"
    with using_language("es"):
        assert entry_name("reversal:contribution:77") == "reversión del aporte n.º 77"
    assert entry_name("=HYPERLINK(1)") == "=HYPERLINK(1)" and entry_name(None) == ""
