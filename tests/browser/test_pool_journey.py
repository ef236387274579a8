"""Tried as a new member would, in a real browser at phone size and in Spanish: join a demo pool by
its invitation link, report a contribution, see a steward confirm it, ask the pool for aid, and see
that a steward voted without seeing how."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import DemoCollective
from tests.browser.pages import PHONE, fits_the_screen, log_in
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

POOL = "rent-relief-circle"
WHY = "Me recortaron las horas y la renta vence el primero."


def test_a_new_member_joins_a_pool_in_spanish_pays_and_asks_for_aid(
    chromium: Browser, own_demo_collective: DemoCollective, tmp_path: Path
) -> None:
    demo = own_demo_collective  # a copy of its own: the steward's decisions change pool pages other tests check
    base = demo.server.url
    assert POOL in demo.pool_stewards, demo.pool_stewards
    steward = chromium.new_context(viewport=PHONE, locale="en-US")
    steward.set_default_timeout(15_000)
    stewarding = steward.new_page()
    log_in(stewarding, base, demo.pool_stewards[POOL], demo.password)
    stewarding.goto(base + f"/pools/{POOL}/steward")
    invitation = stewarding.locator("#invite-link").input_value()
    assert "/pools/join/" in invitation

    member = chromium.new_context(viewport=PHONE, locale="es-MX", is_mobile=True, has_touch=True)
    member.set_default_timeout(15_000)
    page = member.new_page()
    page.goto(base + "/signup")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator("#f-handle").fill("rosario-pool")
    page.locator("#f-password").fill(STRONG_PASSWORD)
    page.locator("#f-password_confirm").fill(STRONG_PASSWORD)
    page.locator("input[name=language][value=es]").check()
    page.locator("input[name=understood]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#recovery-code")).to_have_count(1)

    # the invitation link shows the pool's rules in Spanish, and joins at once
    page.goto(invitation.replace("http://testserver", base))
    expect(page.get_by_role("main")).to_contain_text("$25.00")
    fits_the_screen(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/pools/{POOL}/me")
    expect(page.get_by_role("status")).to_contain_text("fondo")
    fits_the_screen(page)

    # "Ya pagué": the amount owed is already filled in
    expect(page.locator("#f-amount")).to_have_value("25.00")
    page.locator("#f-method").select_option("app")
    page.locator("form:has(#f-amount) button[type=submit]").click()
    expect(page.locator("main table")).to_contain_text("$25.00")

    # the steward confirms it; the member sees it confirmed and nothing more to pay
    stewarding.goto(base + f"/pools/{POOL}/steward")
    confirm = "form[action$='/confirm'] button:not([formaction])"  # "Not received" posts elsewhere
    row = stewarding.locator("main tr", has_text="rosario-pool").filter(has=stewarding.locator(confirm))
    row.locator(confirm).click()
    expect(stewarding.get_by_role("status")).to_be_visible()  # in the steward's own language
    page.reload()
    expect(page.get_by_role("main")).to_contain_text("Confirmado")

    # asking for aid, in Spanish, with an explanation only the stewards read
    page.goto(base + f"/pools/{POOL}/requests/new")
    fits_the_screen(page)
    page.locator("#f-amount").fill("80")
    page.locator("#f-category").select_option("rent")
    page.locator("#f-needed_by").fill((dt.date.today() + dt.timedelta(days=6)).isoformat())
    page.locator("#f-explanation").fill(WHY)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("main")).to_contain_text("$80.00")
    request_page = page.url.split("?")[0]
    page.screenshot(path=str(tmp_path / "aid-request-es.png"), full_page=True)

    # the steward reads why, and votes; the member sees who voted, never how
    stewarding.goto(request_page)
    expect(stewarding.get_by_role("main")).to_contain_text(WHY)
    expect(stewarding.get_by_role("main")).to_contain_text("rosario-pool")
    stewarding.locator("input[name=choice][value=yes]").check()
    stewarding.locator("form:has(input[name=choice]) button[type=submit]").click()
    expect(stewarding.locator("input[name=choice]")).to_have_count(0)
    page.reload()
    main = page.get_by_role("main")
    expect(main).to_contain_text(demo.pool_stewards[POOL])
    expect(main).not_to_contain_text("1 sí")
    fits_the_screen(page)
    steward.close()
    member.close()
