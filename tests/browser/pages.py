"""What the browser tests share: the phone they run at, and steps they all take."""

from __future__ import annotations

from playwright.sync_api import Page, ViewportSize, expect

PHONE: ViewportSize = {"width": 360, "height": 740}


def fits_the_screen(page: Page) -> None:
    """Nothing sticks out sideways: no horizontal scrolling on a small phone."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than a {PHONE['width']}px screen"


def log_in(page: Page, base: str, handle: str, password: str) -> None:
    """Log in through the page, and wait for the header's log-out button."""
    page.goto(base + "/login")
    page.locator("#f-login").fill(handle)
    page.locator("#f-password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("banner").locator("form[action='/logout']")).to_have_count(1)
