"""Every letter of the catalogue, written through its form by a demo member and previewed in
Chromium at phone size: the recipient's address and the body are there, and nothing is cut off."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from letters.catalogue import CATALOGUE
from letters.catalogue.letter_type import LetterType
from tests.browser.conftest import DemoCollective
from tests.browser.pages import PHONE, fits_the_screen, log_in
from tests.letters.values import debt_kind_for, typed_example

pytestmark = pytest.mark.browser

RECIPIENT_LINES = ["Attn: Consumer Correspondence and Disputes Processing Department",
                   "PO Box 9876543, Mail Stop 12-B", "San Francisco, CA 94105-1234"]

# What is cut off in a document (the page, or the letter in its frame): sideways scrolling, and
# any line of the recipient's address or the body outside the visible width.
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const wider = document.documentElement.scrollWidth - width;
  if (wider > 0) found.push(`${wider}px wider than ${width}px`);
  for (const part of document.querySelectorAll("address.recipient, .body")) {
    if (!part.innerText.trim()) found.push(`${part.className} is empty`);
    const lines = document.createRange();
    lines.selectNodeContents(part);
    for (const line of lines.getClientRects()) {
      if (line.width && (line.left < 0 || line.right > width + 0.5)) {
        found.push(`${part.className}: a line from ${Math.round(line.left)} to ${Math.round(line.right)}px of ${width}px`);
      }
    }
  }
  return found;
}"""


def add_debt(page: Page, base: str, kind: str) -> str:
    """A debt of `kind`, added through the vault's form; its path."""
    page.goto(base + "/debts/new")
    page.locator("#f-kind").select_option(kind)
    page.locator("#f-original_creditor").fill("Navient")
    page.locator("#f-balance").fill("2,500.00")
    page.locator("#f-status").select_option("collections")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/debts/\d+$"))
    return re.sub(r"^https?://[^/]+", "", page.url)


def fill_in(page: Page, letter_type: LetterType) -> None:
    """Every field of the letter's form, each as its kind is filled in."""
    typed: dict[str, Any] = {**typed_example(letter_type), "recipient_address": "\n".join(RECIPIENT_LINES)}
    for name, value in typed.items():
        if name == "letter_language":
            continue  # as the form opens, in the page's language
        box = page.locator(f"#f-{name}")
        if isinstance(value, list):
            for code in value:
                page.locator(f"input[name={name}][value={code}]").check()
        elif value == "yes" and box.evaluate("element => element.tagName") == "FIELDSET":
            page.locator(f"input[name={name}][value=yes]").check()
        elif box.evaluate("element => element.tagName") == "SELECT":
            box.select_option(value)
        else:
            box.fill(value)


def cut_off(document: Page | Frame) -> list[str]:
    found: list[str] = document.evaluate(CUT_OFF)
    return found


def test_every_letter_previews_at_phone_size_with_nothing_cut_off(
    chromium: Browser, demo_collective: DemoCollective
) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = demo_collective.server.url
    member = demo_collective.members[2]  # none of the other browser tests' members
    log_in(page, base, member, demo_collective.password)
    debts: dict[str, str] = {}

    for code, letter_type in CATALOGUE.items():
        kind = debt_kind_for(letter_type)
        debt = debts[kind] = debts.get(kind) or add_debt(page, base, kind)
        page.goto(f"{base}{debt}/letters/{code}")
        fill_in(page, letter_type)
        fits_the_screen(page)
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        errors = page.locator("main p.error").all_inner_texts()
        assert re.search(r"/letters/\d+$", page.url), f"{code}: the form was refused: {errors}"
        fits_the_screen(page)

        frame = page.locator("iframe.letter-preview")
        frame.scroll_into_view_if_needed()
        expect(frame).to_be_visible()
        box = frame.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{code}: the frame sticks out"
        letter = frame.element_handle().content_frame()
        assert letter is not None
        letter.wait_for_selector("address.recipient")
        address = letter.locator("address.recipient").first.inner_text()
        assert all(line in " ".join(address.split()) for line in RECIPIENT_LINES), f"{code}: {address!r}"
        assert cut_off(letter) == [], f"{code}, in its frame on the letter's page"

        page.goto(page.url + "/preview")
        assert cut_off(page) == [], f"{code}, its preview on its own"
    context.close()
