"""Tried as a new member would, in a real browser at phone size: from the demo collective, write a
debt-validation letter in Spanish, download the PDF, mark it sent, and find its deadline on the
home page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from server.pdf import pdf_text
from tests.browser.conftest import DemoCollective
from tests.browser.pages import PHONE, fits_the_screen, log_in

pytestmark = pytest.mark.browser


def test_a_demo_member_writes_a_spanish_validation_letter_and_tracks_its_deadline(
    chromium: Browser, demo_collective: DemoCollective, tmp_path: Path
) -> None:
    context = chromium.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = demo_collective.server.url
    member = demo_collective.members[1]  # not the accessibility test's member: each sees only its own changes
    log_in(page, base, member, demo_collective.password)

    # a debt that a collector could be chasing: one whose letters include the validation request
    page.goto(base + "/debts")
    debts = page.locator("main a[href^='/debts/']").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    chosen = None
    for debt in [d for d in debts if re.fullmatch(r"/debts/\d+", d)]:
        page.goto(base + debt)
        page.locator(f"main a[href='{debt}/letters']").click()
        if page.locator(f"main a[href='{debt}/letters/validation']").count():
            chosen = debt
            break
    assert chosen, f"none of {member}'s debts fits a validation letter"
    fits_the_screen(page)
    page.locator(f"main a[href='{chosen}/letters/validation']").click()

    notice = dt.date.today() - dt.timedelta(days=5)
    page.locator("#f-letter_language").select_option("es")
    page.locator("#f-sender_name").fill("María Quintero")
    page.locator("#f-sender_address").fill("12 Elm St\nEl Paso, TX 79901")
    if not page.locator("#f-recipient_name").input_value():
        page.locator("#f-recipient_name").fill("Acme Recovery LLC")
    page.locator("#f-recipient_address").fill("PO Box 9\nDallas, TX 75201")
    page.locator("#f-notice_date").fill(notice.isoformat())
    page.locator("input[name=reasons][value=more_information]").check()
    fits_the_screen(page)
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("iframe.letter-preview")).to_be_visible()

    # the first PDF of a run starts the renderer's worker (WeasyPrint and its fonts): on a loaded
    # two-core machine that alone can pass the 15 s given to every other step
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("button", name=re.compile("PDF")).click(timeout=90_000)
    pdf = Path(download.value.path()).read_bytes()
    words = pdf_text(pdf)
    assert "María Quintero" in words and "presunta deuda" in words.lower() and "Página 1" in words

    page.locator("#f-sent_on").fill(dt.date.today().isoformat())
    page.locator("#f-method").select_option("certified")
    page.locator("#f-tracking_number").fill("9407 1000 0000 0000 0000 00")
    page.locator("form[action$='/sent'] button[type=submit]").click()
    letter = re.search(r"/letters/(\d+)", page.url)
    assert letter, page.url
    page.screenshot(path=str(tmp_path / "letter-sent.png"), full_page=True)

    page.goto(base + "/")
    expect(page.locator(f"main a[href='/letters/{letter.group(1)}']")).to_be_visible()
    context.close()
