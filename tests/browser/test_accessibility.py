"""Accessibility, checked by the axe-core engine in Debian's Chromium, and by the keyboard.

axe-core comes from npm (`package.json`; `make test` runs `npm ci`). Each page is checked at phone
size (360×740) against WCAG 2.0 and 2.1, levels A and AA, in English and in Spanish, as a visitor,
a member, an organizer, an administrator and the stewards of the demo's mutual-aid pools; no page may
scroll sideways at that size (SC 1.4.10, Reflow), and every link of an error summary must lead to a
field. The site's Content-Security-Policy
forbids scripts from anywhere but itself, so these contexts bypass it to inject axe; the journey test
keeps checking the policy.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import DemoCollective
from tests.browser.pages import PHONE

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
BROKEN_SUMMARY_LINKS = """() => [...document.querySelectorAll(".error-summary a[href^='#']")]
  .filter(a => !document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1))))
  .map(a => a.outerHTML)"""


def axe_script() -> Path:
    """axe-core as `npm ci` installs it; its absence fails the test (never a skip)."""
    if not AXE.is_file():
        if shutil.which("npm") is None:
            pytest.fail(f"axe-core is missing at {AXE}, and npm is not installed: install Node.js and npm, "
                        "then run `make test` (it runs `npm ci`)")
        pytest.fail(f"axe-core is missing at {AXE}: run `make test` or `npm ci --no-audit --no-fund`")
    return AXE


class Audit:
    """Runs axe on pages in one language, and collects every violation with the page it is on."""

    def __init__(self, browser: Browser, base: str, language: str, axe: Path) -> None:
        self.browser, self.base, self.language, self.axe = browser, base, language, axe
        self.violations: list[str] = []
        self.pages = 0

    def context(self) -> BrowserContext:
        context = self.browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True,
            locale="es-US" if self.language == "es" else "en-US",
            extra_http_headers={"Accept-Language": self.language},
        )
        context.set_default_timeout(15_000)
        return context

    def visit(self, page: Page, path: str) -> None:
        page.goto(self.base + path)
        self.check(page, path)

    def check(self, page: Page, label: str) -> None:
        page.wait_for_load_state()
        expect(page.locator("html")).to_have_attribute("lang", self.language)
        page.add_script_tag(path=self.axe)
        results: dict[str, Any] = page.evaluate(RUN_AXE, WCAG)
        self.pages += 1
        path = page.url.removeprefix(self.base)
        where = f"[{self.language}] {label}" + (f" ({path})" if path != label else "")
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > PHONE["width"]:
            self.violations.append(f"{where}: the page is {wide} px wide on a {PHONE['width']} px phone: "
                                   "something too wide scrolls the whole page sideways")
        for link in page.evaluate(BROKEN_SUMMARY_LINKS):
            self.violations.append(f"{where}: an error summary link leads nowhere: {link}")
        for rule in results["violations"]:
            self.violations.append(f"{where}: {rule['id']} ({rule['impact']}): {rule['help']}")
            for node in rule["nodes"]:
                html = re.sub(r"\s+", " ", node["html"])[:200]
                self.violations.append(f"    {' '.join(map(str, node['target']))}: {html}")

    def log_in(self, page: Page, handle: str, password: str) -> None:
        page.goto(self.base + "/login")
        page.locator("#f-login").fill(handle)
        page.locator("#f-password").fill(password)
        page.locator("main form button[type=submit]").click()
        expect(page.get_by_role("banner").locator("form[action='/logout']")).to_have_count(1)
        if page.locator("html").get_attribute("lang") != self.language:  # the member's own setting wins
            page.get_by_role("banner").get_by_role("button", name=LANGUAGE_NAMES[self.language]).click()
            expect(page.locator("html")).to_have_attribute("lang", self.language)


def page_links(page: Page, pattern: str) -> list[str]:
    """The links in the page's main part whose whole address matches `pattern`, in page order."""
    links = page.locator("main a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [link for link in links if re.fullmatch(pattern, link)]


@pytest.mark.parametrize("language", ["en", "es"])
def test_pages_pass_axe_at_phone_size(
    chromium: Browser, demo_collective: DemoCollective, language: str
) -> None:
    audit = Audit(chromium, demo_collective.server.url, language, axe_script())
    password = demo_collective.password

    # A visitor.
    context = audit.context()
    page = context.new_page()
    for path in ["/", "/signup", "/login", "/recover", "/privacy", "/no-such-page", "/creditors/search?q=navient",
                 "/campaigns", "/campaigns/medical-debt-strike"]:
        audit.visit(page, path)
    page.goto(audit.base + "/signup")
    page.locator("#f-handle").fill("x")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    audit.check(page, "sign-up with errors")
    page.goto(audit.base + "/login")
    page.locator("#f-login").fill("nobody-here")
    page.locator("#f-password").fill("not the right password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    audit.check(page, "log-in with an error")
    context.close()

    # A member with debts.
    context = audit.context()
    page = context.new_page()
    audit.log_in(page, demo_collective.members[0], password)
    for path in ["/account", "/account/data", "/account/erase", "/notifications", "/debts", "/debts/new",
                 "/creditors/search?q=navient"]:
        audit.visit(page, path)
    page.goto(audit.base + "/debts/new")
    page.locator("#f-kind").select_option("private_student")
    page.locator("#f-original_creditor").fill("Naveint")
    page.locator("#f-balance").fill("12,500.00")
    page.locator("#f-status").select_option("late")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".creditor-choices")).to_be_visible()
    audit.check(page, "new debt with creditor choices")
    page.goto(audit.base + "/debts")
    links = page.locator("main a[href^='/debts/']").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    debt = next((link for link in links if re.fullmatch(r"/debts/\d+", link)), None)
    assert debt, f"{demo_collective.members[0]} has no debt listed on /debts"
    for path in [debt, f"{debt}/edit", f"{debt}/delete", f"{debt}/letters", f"{debt}/letters/bureau_dispute",
                 "/letters"]:
        audit.visit(page, path)
    page.goto(audit.base + f"{debt}/letters/bureau_dispute")
    for name, value in [("sender_name", "Ana Ruiz"), ("sender_address", "1 Main St\nAustin, TX 78701"),
                        ("recipient_name", "Equifax"), ("recipient_address", "PO Box 740256\nAtlanta, GA 30374"),
                        ("furnisher", "Navient"), ("what_is_wrong", "The balance is wrong."),
                        ("correction", "Report the right balance.")]:
        page.locator(f"#f-{name}").fill(value)
    page.locator("#f-bureau").select_option("equifax")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("iframe.letter-preview")).to_be_visible()
    audit.check(page, "a letter, saved, with its preview and tracking")
    context.close()

    # A member on strike, and the campaigns they could join.
    context = audit.context()
    page = context.new_page()
    audit.log_in(page, demo_collective.striker, password)
    strike = "/campaigns/medical-debt-strike"
    for path in ["/campaigns", f"{strike}/me", f"{strike}/me/stopped"]:
        audit.visit(page, path)
    page.goto(audit.base + f"{strike}/me")
    withdraw = page.locator("main a[href$='/withdraw']").first.get_attribute("href")
    assert withdraw, f"{demo_collective.striker} has no debt to withdraw on {strike}/me"
    audit.visit(page, withdraw)
    context.close()

    # An organizer.
    context = audit.context()
    page = context.new_page()
    audit.log_in(page, "demo-organizer", password)
    audit.visit(page, "/organize/creditors")
    creditor = page.locator("main .cards a[href^='/organize/creditors/']").first.get_attribute("href")
    assert creditor, "no creditor listed on /organize/creditors"
    for path in [creditor, f"{creditor}/merge", f"{creditor}/merge?q=navient"]:
        audit.visit(page, path)
    # ... who starts a campaign, opens it, and looks at its public page and embed snippet
    audit.visit(page, "/organize/campaigns")
    audit.visit(page, "/organize/campaigns/new")
    page.locator("#f-title").fill(f"Strike {language}")
    page.locator("input[name=kinds][value=medical]").check()
    page.locator("#f-threshold_members").fill("500")
    page.locator("main form[method=post]:not(.inline) button[type=submit]").first.click()
    page.wait_for_load_state()
    audit.check(page, "a new campaign's edit page")
    page.locator("main a[href$='/open']").click()
    audit.check(page, "the confirmation before opening a campaign, with its public page's preview")
    page.locator("main form[action$='/open'] button[type=submit]").click()
    page.wait_for_load_state()
    for path in [f"/campaigns/strike-{language}", f"/campaigns/strike-{language}/embed"]:
        audit.visit(page, path)
    # ... and follows the demo's active campaign from the dashboard
    audit.visit(page, "/organize/campaigns")
    figures = page.locator("main tr:has-text('Medical Debt Strike') a[href^='/organize/campaigns/']"
                           ":not([href$='/edit'])").first.get_attribute("href")
    assert figures, "no campaign dashboard linked from /organize/campaigns"
    for path in [figures, f"{figures}/announcements", f"{figures}/letter", f"{figures}/end"]:
        audit.visit(page, path)
    context.close()

    # The member on strike has medical debts: the new campaign (any medical debt) is theirs to join.
    context = audit.context()
    page = context.new_page()
    audit.log_in(page, demo_collective.striker, password)
    audit.visit(page, f"/campaigns/strike-{language}/join")
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator(".error-summary")).to_be_visible()
    audit.check(page, "joining with nothing chosen")
    context.close()

    # An administrator.
    context = audit.context()
    page = context.new_page()
    audit.log_in(page, "demo-admin", password)
    audit.visit(page, "/admin/roles?q=a")
    context.close()

    # Mutual-aid pools: a visitor finds the demo pools on /pools, and looks at their public pages.
    context = audit.context()
    page = context.new_page()
    audit.visit(page, "/pools")
    pools = sorted({link.split("/")[2] for link in page_links(page, r"/pools/[a-z0-9-]+")} - {"new"})
    assert pools == sorted(demo_collective.pool_stewards), f"/pools lists {pools}, the demo made " \
        f"{sorted(demo_collective.pool_stewards)}"
    for slug in pools:
        audit.visit(page, f"/pools/{slug}")
    context.close()

    # A steward of each demo pool: every page of their pool, and its forms sent with mistakes.
    income_forms = payout_forms = 0
    for slug in pools:
        pool = f"/pools/{slug}"
        context = audit.context()
        page = context.new_page()
        audit.log_in(page, demo_collective.pool_stewards[slug], password)
        audit.visit(page, "/pools")
        assert f"{pool}/steward" in page_links(page, r"/pools/.+"), f"/pools links to no stewards' page of {slug}"
        if slug == pools[0]:  # starting a pool: the same form for everyone
            audit.visit(page, "/pools/new")
            page.locator("main form button[type=submit]").click()
            expect(page.locator(".error-summary")).to_be_visible()
            audit.check(page, "a new pool sent empty")
            page.locator("#f-name").fill(f"Pool {language}")
            for name, value in [("contribution_amount", "-5"), ("share_percent", "lots"),
                                ("waiting_days", "99999999999999999999"), ("stewards_k", "0")]:
                page.locator(f"#f-{name}").fill(value)
            page.locator("main form button[type=submit]").click()
            expect(page.locator(".error-summary")).to_be_visible()
            audit.check(page, "a new pool with wrong values")
        for path in ["/me", "/rules", "/steward", "/steward/rules", "/steward/payouts", "/steward/ledger",
                     "/requests", "/requests/new"]:
            audit.visit(page, pool + path)
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator(".error-summary")).to_be_visible()
        audit.check(page, f"asking {slug} for aid with nothing filled in")
        page.goto(audit.base + f"{pool}/requests")
        requests = page_links(page, rf"{pool}/requests/\d+")
        assert requests, f"{pool}/requests links to no request"
        audit.visit(page, requests[0])
        # reversing a confirmed contribution asks first
        page.goto(audit.base + f"{pool}/steward")
        reversals = page_links(page, rf"{pool}/steward\?reverse=\d+#reverse")
        assert reversals, f"{pool}/steward offers no contribution to reverse"
        audit.visit(page, reversals[0])
        # "I paid" with a wrong amount, and (income-share pools) an income that is not one
        page.goto(audit.base + f"{pool}/me")
        page.locator("#f-amount").fill("twelve")
        page.locator("form:has(#f-amount) button[type=submit]").click()
        expect(page.locator(".error-summary")).to_be_visible()
        audit.check(page, f"reporting a contribution to {slug} with a wrong amount")
        if page.locator("#f-income").count():
            income_forms += 1
            page.locator("#f-income").fill("-300")
            page.locator("form:has(#f-income) button[type=submit]").click()
            expect(page.locator(".error-summary")).to_be_visible()
            audit.check(page, f"declaring a wrong income to {slug}")
        # a payout recorded with a wrong amount: the error summary leads to that payout's field
        page.goto(audit.base + f"{pool}/steward/payouts")
        if page.locator("main form input[name=amount]").count():
            payout_forms += 1
            page.locator("main form input[name=amount]").first.fill("lots")
            page.locator("main form:has(input[name=amount]) button[type=submit]").first.click()
            expect(page.locator(".error-summary")).to_be_visible()
            target = page.locator(".error-summary a").first.get_attribute("href") or "#"
            expect(page.locator(target)).to_have_value("lots")
            audit.check(page, f"a payout of {slug} with a wrong amount")
        context.close()
    # A member of neither pool (the administrator) asks to join one.
    context = audit.context()
    page = context.new_page()
    audit.log_in(page, "demo-admin", password)
    audit.visit(page, f"/pools/{pools[0]}/join")
    context.close()
    assert income_forms == 1, "no demo pool's /me had an income form (the income-share pool)"
    assert payout_forms == 1, "no demo pool had a payout to make (the income pool's monthly hardship support)"

    assert audit.pages == 83  # with the confirmations before opening and ending a campaign
    assert not audit.violations, (f"axe-core found WCAG 2.1 A/AA violations on {language} pages:\n"
                                  + "\n".join(audit.violations))


FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  el.dataset.tabbed = "yes";
  const style = getComputedStyle(el);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {html: el.outerHTML.slice(0, 150), skipLink: el.classList.contains("skip-link"),
          visible: outlined || style.boxShadow !== "none"};
}"""
NOT_TABBED = """() => [...document.querySelectorAll(
    "main form :is(input:not([type=hidden]), select, textarea, button)")]
  .filter(el => !el.dataset.tabbed
          && !(el.type === "radio" && document.querySelector(`input[name="${el.name}"][data-tabbed]`)))
  .map(el => el.outerHTML.slice(0, 150))"""


def test_sign_up_by_keyboard_shows_where_the_focus_is(chromium: Browser, demo_collective: DemoCollective) -> None:
    context = chromium.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    page.goto(demo_collective.server.url + "/signup")
    focused: list[dict[str, Any]] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is None or (focused and now["skipLink"]):
            break  # past the last element, or back round to the first
        focused.append(now)
    assert focused and focused[0]["skipLink"], f"the first Tab does not reach the skip link: {focused[:1]}"
    unseen = [f["html"] for f in focused if not f["visible"]]
    assert not unseen, "focused without a visible outline:\n" + "\n".join(unseen)
    missed = page.evaluate(NOT_TABBED)
    assert not missed, "form controls the Tab key never reaches:\n" + "\n".join(missed)

    # The skip link leads past the header, to the first field.
    page.reload()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#f-handle")).to_be_focused()
    context.close()


def tab_through(page: Page, presses: int) -> list[dict[str, Any]]:
    """What each press of Tab focuses, from the top of the page until focus leaves it or comes round."""
    focused: list[dict[str, Any]] = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is None or (focused and now["skipLink"]):
            break
        focused.append(now)
    return focused


def test_pool_forms_by_keyboard(chromium: Browser, demo_collective: DemoCollective) -> None:
    """A steward on a phone reaches every field and button of the pool pages by Tab, and sees where."""
    context = chromium.new_context(viewport=PHONE, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    base = demo_collective.server.url
    checked = 0
    for slug, steward in sorted(demo_collective.pool_stewards.items()):
        context.clear_cookies()
        page.goto(base + "/login")
        page.locator("#f-login").fill(steward)
        page.locator("#f-password").fill(demo_collective.password)
        page.locator("main form button[type=submit]").click()
        expect(page.get_by_role("banner").locator("form[action='/logout']")).to_have_count(1)
        for path in ["/pools/new", f"/pools/{slug}/me", f"/pools/{slug}/steward/payouts", f"/pools/{slug}/requests/new"]:
            page.goto(base + path)
            focused = tab_through(page, 250)
            assert focused and focused[0]["skipLink"], f"{path}: the first Tab does not reach the skip link"
            unseen = [f["html"] for f in focused if not f["visible"]]
            assert not unseen, f"{path}: focused without a visible outline:\n" + "\n".join(unseen)
            missed = page.evaluate(NOT_TABBED)
            assert not missed, f"{path}: form controls the Tab key never reaches:\n" + "\n".join(missed)
            checked += 1
    assert checked == 2 * 4
    context.close()
