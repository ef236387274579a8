"""A member's first visit, in a real browser: join, keep the recovery code, log out, log in, switch language.

Runs at phone size (360×740), the screen most members use, and keeps screenshots of the sign-up
and recovery-code pages in the test's tmp dir for a person to look at.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import RunningServer
from tests.browser.pages import PHONE, fits_the_screen
from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

HANDLE = "maria"
RECOVERY_CODE = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$")


def header(page: Page) -> Locator:
    return page.get_by_role("banner")


def test_join_log_out_log_in_and_switch_to_spanish(
    chromium: Browser, jubilee_server: RunningServer, tmp_path: Path
) -> None:
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []  # script errors and CSP violations reported by the browser
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    base = jubilee_server.url

    page.goto(base + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # Join, through the header link.
    header(page).get_by_role("link", name="Join", exact=True).click()
    expect(page).to_have_url(base + "/signup")
    fits_the_screen(page)
    page.screenshot(path=tmp_path / "signup-360x740.png", full_page=True)
    page.get_by_label("Name to be known by").fill(HANDLE)
    page.get_by_label("Password", exact=True).fill(STRONG_PASSWORD)
    page.get_by_label("Password again").fill(STRONG_PASSWORD)
    page.get_by_label("English").check()
    understood = page.get_by_label("I understand, and I will keep the recovery code somewhere safe.")
    understood.focus()
    page.keyboard.press("Space")
    expect(understood).to_be_checked()
    page.get_by_role("main").get_by_role("button", name="Join").click()

    # The recovery code, shown this once.
    expect(page.get_by_role("heading", level=1)).to_contain_text(HANDLE)
    code_element = page.locator("#recovery-code")
    expect(code_element).to_have_count(1)
    code = code_element.inner_text().strip()
    assert RECOVERY_CODE.match(code), f"recovery code {code!r} is not five groups of four"
    assert page.content().count(code) == 1
    fits_the_screen(page)
    page.screenshot(path=tmp_path / "recovery-code-360x740.png", full_page=True)

    page.get_by_role("link", name="I have saved it — continue").click()
    expect(page).to_have_url(base + "/account")
    expect(page.get_by_role("main")).to_contain_text(f"You are known here as {HANDLE}.")
    assert code not in page.content()
    with contextlib.suppress(PlaywrightError):  # Chromium refuses to show the no-store POST result again
        page.go_back()
    page.wait_for_load_state()
    expect(page.get_by_text(code)).to_have_count(0)  # the Back button does not show the code again
    page.goto(base + "/signup")  # a member who comes back to the sign-up page gets their account, no code
    expect(page).to_have_url(base + "/account")
    assert code not in page.content()

    # Log out from the header.
    header(page).get_by_role("button", name="Log out", exact=True).click()
    expect(page).to_have_url(base + "/")
    expect(header(page).get_by_role("link", name="Log in", exact=True)).to_be_visible()

    # The account page now asks to log in, and brings the member back to it afterwards.
    page.goto(base + "/account")
    expect(page).to_have_url(base + "/login?next=/account")
    page.get_by_label("Name or email").fill(HANDLE)
    page.get_by_label("Password", exact=True).fill(STRONG_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + "/account")
    expect(page.get_by_role("main")).to_contain_text(f"You are known here as {HANDLE}.")
    expect(header(page).get_by_role("button", name="Log out", exact=True)).to_be_visible()
    assert code not in page.content()

    # Logging in from the header's link lands on the home page.
    header(page).get_by_role("button", name="Log out", exact=True).click()
    header(page).get_by_role("link", name="Log in", exact=True).click()
    expect(page).to_have_url(base + "/login")
    page.get_by_label("Name or email").fill(HANDLE)
    page.get_by_label("Password", exact=True).fill(STRONG_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in", exact=True).click()
    expect(page).to_have_url(base + "/")
    expect(page.get_by_role("main").get_by_role("link", name="Go to your account")).to_be_visible()
    header(page).get_by_role("link", name="Account (maria)", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text(f"You are known here as {HANDLE}.")

    # Switch to Spanish from the header; the page stays where it was.
    header(page).get_by_role("button", name="Español").click()
    expect(page).to_have_url(base + "/account")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(header(page).get_by_role("button", name="Cerrar sesión", exact=True)).to_be_visible()
    expect(header(page).get_by_role("button", name="English")).to_be_visible()
    fits_the_screen(page)

    assert problems == [], f"the browser reported errors: {problems}"
    context.close()
