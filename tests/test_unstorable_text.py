"""Text no database stores (a NUL character, half of a UTF-16 surrogate pair) typed into any field
of any form is refused next to the field, with what was typed kept, never a 500 (PostgreSQL
refuses NUL in text). The forms are found on the pages themselves, so a new form is covered
without being listed here."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import sqlalchemy as sa
from starlette.testclient import TestClient

from server import members as queries
from server.db import utcnow
from server.settings import Settings
from server.tables import members
from tests.conftest import new_client, post, run
from tests.factories.accounts import as_member, organizer
from tests.factories.campaigns import activate, campaign, join
from tests.factories.debts import navient_debt
from tests.factories.letters import letter_id_from, write
from tests.factories.mutual_aid import SLUG, ask, make_pool, request_id

TYPED = ("text", "search", "email", "url", "tel", "number", "date", "month", "password")
# forms that would end this browser's session, or the member: nothing typed in them is stored
LEAVES = ("/logout", "/account/sessions/all", "/account/sessions/others", "/account/erase")
UNSTORABLE = ("a\x00b",)  # browsers send no half surrogate pairs: UTF-8 has none
MESSAGE = "This has a character that cannot be saved"


class Forms(HTMLParser):
    """Every form of a page: its method, action and fields, each filled as a person would."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"method": a.get("method", "get").lower(), "action": a.get("action", ""),
                               "fields": [], "typed": []})
        if not self.forms or "name" not in a and tag not in ("option",):
            return
        form = self.forms[-1]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in TYPED:
                form["typed"].append(a["name"])
                form["fields"].append((a["name"], a.get("value", "")))
            elif kind == "hidden" or kind in ("checkbox", "radio") and "checked" in a:
                form["fields"].append((a["name"], a.get("value", "")))
            elif kind == "radio" and a["name"] not in [n for n, _ in form["fields"]]:
                form["fields"].append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.textarea = a["name"]
            form["typed"].append(a["name"])
            form["fields"].append((a["name"], ""))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select is not None:
            names = [n for n, _ in form["fields"]]
            if self.select not in names or "selected" in a:
                form["fields"] = [f for f in form["fields"] if f[0] != self.select]
                form["fields"].append((self.select, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        if tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None and self.forms:
            fields = self.forms[-1]["fields"]
            fields[-1] = (fields[-1][0], fields[-1][1] + data)


def forms_on(browser: TestClient, page: str) -> list[dict[str, Any]]:
    response = browser.get(page)
    assert response.status_code == 200, (page, response.status_code)
    parser = Forms()
    parser.feed(response.text)
    for form in parser.forms:
        form["action"] = urljoin(page, form["action"] or page)
        form["page"] = page
    return [f for f in parser.forms if f["typed"] and not f["action"].split("?")[0].endswith(LEAVES)]


def send(browser: TestClient, form: dict[str, Any], bad: str) -> Any:
    data: dict[str, list[str]] = {}
    for name, value in form["fields"]:
        typed = (html.unescape(value) or "typed") + bad if name in form["typed"] else html.unescape(value)
        data.setdefault(name, []).append(typed)
    if form["method"] == "post":
        return browser.post(form["action"], data=data, follow_redirects=False)
    return browser.get(form["action"], params=data, follow_redirects=False)


def said_why(page: str) -> bool:
    """Our message, or another next to the field (a password is never stored, an email address
    with a NUL is not one): the page's summary of what to fix."""
    return MESSAGE in html.unescape(page) or 'class="error-summary"' in page or '<p class="error"' in page


def every_form_refuses(browser: TestClient, pages: list[str], tried: set[tuple[Any, ...]]) -> list[str]:
    """What went wrong, form by form; [] when every one refused the text or shrugged it off.
    Each form tried is added to `tried`."""
    wrong: list[str] = []
    seen = tried
    for page in pages:
        for form in forms_on(browser, page):
            key = (form["method"], form["action"], tuple(form["typed"]))
            if key in seen:
                continue
            seen.add(key)
            for bad in UNSTORABLE:
                response = send(browser, form, bad)
                where = f"{form['method'].upper()} {form['action']} (on {page}) with {bad!r}"
                if response.status_code >= 500:
                    wrong.append(f"{where}: {response.status_code}")
                elif form["method"] == "post" and response.status_code < 400:
                    wrong.append(f"{where}: accepted ({response.status_code})")
                elif response.status_code == 400 and not said_why(response.text):
                    wrong.append(f"{where}: 400 without saying why")
    return wrong


def test_no_form_stores_or_breaks_on_text_no_database_can_store(settings: Settings) -> None:
    app_client = new_client(settings)
    with app_client as client:
        make_pool(client, ["anabel", "benito"], stewards=("anabel",), funds=500_00)
        anabel = run(client, lambda db: db.fetch_val(sa.select(members.c.id).where(members.c.handle == "anabel")))
        for role in ("organizer", "administrator"):
            run(client, lambda db, role=role: queries.grant_role(db, anabel, role, None, utcnow()))
        as_member(client, "benito")
        rid = request_id(ask(client))
        as_member(client, "anabel")
        debt = navient_debt(client)
        letter = letter_id_from(write(client, debt))
        campaign_id = campaign(client)
        assert join(client, [debt]).status_code == 303
        activate(client, campaign_id)
        organize = f"/organize/campaigns/{campaign_id}"
        # a draft collective letter, which members may sign
        assert post(client, f"{organize}/letter", {"recipient": "Navient\nPO Box 9500", "body": "We demand.",
                                                   "language": "en"}).status_code == 200
        pages = [
            "/", "/account", "/account/data", "/admin/roles", "/notifications",
            "/debts", "/debts/new", f"/debts/{debt}", f"/debts/{debt}/edit", f"/debts/{debt}/letters",
            f"/debts/{debt}/letters/validation", "/letters", f"/letters/{letter}", f"/letters/{letter}/edit",
            "/creditors/search", "/organize/creditors", "/organize/creditors/1", "/organize/creditors/1/merge",
            "/campaigns", "/campaigns/navient-strike", "/campaigns/navient-strike/me",
            "/organize/campaigns", "/organize/campaigns/new", f"{organize}/edit", organize,
            f"{organize}/announcements", f"{organize}/letter",
            "/pools", "/pools/new", f"/pools/{SLUG}", f"/pools/{SLUG}/me", f"/pools/{SLUG}/requests",
            f"/pools/{SLUG}/requests/new", f"/pools/{SLUG}/requests/{rid}", f"/pools/{SLUG}/steward",
            f"/pools/{SLUG}/steward/rules", f"/pools/{SLUG}/steward/payouts", f"/pools/{SLUG}/steward/ledger",
        ]
        tried: set[tuple[Any, ...]] = set()
        wrong = every_form_refuses(client, pages, tried)
        sent = post(client, f"/letters/{letter}/sent", {"sent_on": utcnow().date().isoformat(), "method": "mail"},
                    follow_redirects=False)
        assert sent.status_code == 303, sent.text
        wrong += every_form_refuses(client, [f"/letters/{letter}"], tried)  # now with the answer's form
    with new_client(settings) as visitor:
        wrong += every_form_refuses(visitor, ["/signup", "/login", "/recover"], tried)
    assert wrong == [], "\n".join(wrong)
    assert len(tried) >= 26, "\n".join(sorted(action for _, action, _ in tried))


def test_the_refused_text_comes_back_with_everything_typed(client: TestClient, settings: Settings) -> None:
    campaign_id = campaign(client)
    organizer(client, settings)
    response = post(client, f"/organize/campaigns/{campaign_id}/letter",
                    {"recipient": "Navient\x00 Solutions\nPO Box 9500", "body": "We demand relief.", "language": "es"})
    page = html.unescape(response.text)
    assert response.status_code == 400
    assert MESSAGE in page
    assert "Navient\ufffd Solutions" in page and "We demand relief." in page
