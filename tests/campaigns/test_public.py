"""A campaign's public page, counter and embed show honest totals and never a small group or a member."""

from __future__ import annotations

import datetime as dt
import re

from campaigns.chart import growth_chart
from campaigns.counters import pledging, queries
from campaigns.public.figures import breakdown_labels, public_figures
from server.db import Database, utcnow
from server.disclosure.suppression import Hidden, Shown
from server.i18n import format_date, format_money, using_language
from tests.conftest import run
from tests.factories.accounts import organizer
from tests.factories.campaigns import NOW, make_debt, make_pledgers, pages

HIDDEN = "hidden to protect small groups"


async def open_campaign(db: Database, debts: list[tuple[int, str]], *, status: str = "open", slug: str = "medical-strike",
                        title: str = "Medical debt strike", story: str = "", currency: str = "USD") -> None:
    """A campaign where each (cents, kind) is one member's pledged debt."""
    campaign = await queries.create_campaign(
        db, slug=slug, title=title, summary="We owe together.", story=story, demands="Cancel it.", status="open",
        currency=currency, threshold_members=100, threshold_cents=None, created_at=NOW, start_delay_days=0)
    for member, (cents, kind) in zip(await make_pledgers(db, len(debts), slug[:8]), debts, strict=True):
        await pledging.pledge(db, None, campaign, member, await make_debt(db, member, cents, kind), "pledged", 0, NOW)
    if status != "open":
        await queries.set_status(db, campaign, "open", status=status)


def main_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html.split('<main', 1)[1].split("</main>", 1)[0])


def test_three_members_with_k_five_show_neither_their_number_nor_their_debt(client):
    run(client, open_campaign, [(1234_56, "medical")] * 3)
    page, counter, embed = pages(client)
    assert counter["members"] is None and counter["amount_cents"] is None
    assert all(cell == {"members": None, "amount_cents": None}
               for cells in counter["breakdowns"].values() for cell in cells.values())
    for html in (page, embed):
        text = main_text(html)
        assert not re.search(r"(?<![\d,.])3(?![\d,.])", text), text
        for amount in ("1,234", "1,200", "3,703", "3,700"):
            assert amount not in text
    assert HIDDEN in page


def test_a_kind_with_one_member_is_hidden_with_its_complement_on_the_page_and_in_json(client):
    run(client, open_campaign, [(1000_00, "medical")] * 5 + [(777_77, "credit_card")])
    page, counter, _embed = pages(client)
    kinds = counter["breakdowns"]["kind"]
    assert kinds["credit_card"] == kinds["medical"] == {"members": None, "amount_cents": None}
    assert kinds["payday"] == {"members": None, "amount_cents": None}  # no kind left shown: all hidden
    assert counter["members"] == 6 and counter["amount_cents"] == 5800_00
    assert counter["breakdowns"]["level"]["pledged"] == {"members": 6, "amount_cents": 5800_00}
    text = main_text(page)
    assert "Members and debt by kind of debt" in text and "This breakdown is hidden to protect small groups." in text
    assert "Credit card" not in text and "$800" not in text and "$780" not in text and "$5,000" not in text
    assert "$5,800.00" in text


def test_no_member_handle_appears_to_a_visitor_or_an_organizer(client, settings):
    run(client, open_campaign, [(500_00, "medical")] * 6)
    page, counter, embed = pages(client)
    assert "pledger-qx" not in page + embed + str(counter)
    organizer(client, settings, "organizer-one")
    page, counter, embed = pages(client)
    assert "organizer-one" in page  # logged in: the page is theirs to read, yet names no one else
    assert "pledger-qx" not in page + embed + str(counter)


def test_drafts_and_unknown_campaigns_are_not_found(client):
    run(client, lambda db: open_campaign(db, [(500_00, "medical")] * 6, status="draft"))
    for path in ("/campaigns/medical-strike", "/campaigns/medical-strike/counter.json",
                 "/campaigns/medical-strike/embed", "/campaigns/no-such-campaign",
                 "/campaigns/no-such-campaign/counter.json"):
        assert client.get(path).status_code == 404, path


def test_the_counter_may_be_read_by_other_sites_and_cached_for_a_minute(client):
    run(client, open_campaign, [(500_00, "medical")] * 6)
    response = client.get("/campaigns/medical-strike/counter.json")
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cache-control"] == "public, max-age=60"
    assert response.json()["url"] == "http://127.0.0.1:8000/campaigns/medical-strike"
    assert response.json()["threshold"] == {"members": 100, "amount_cents": None, "deadline": None}
    assert response.json()["status"] == "open"


def test_a_spanish_reader_gets_money_and_dates_formatted_for_spanish(client):
    run(client, lambda db: open_campaign(db, [(1000_00, "medical")] * 6, currency="MXN"))
    page = client.get("/campaigns/medical-strike", headers={"Accept-Language": "es"}).text
    with using_language("es"):
        spanish = format_money(6000_00, "MXN")
    with using_language("en"):
        english = format_money(6000_00, "MXN")
    assert spanish != english
    assert '<html lang="es"' in page and spanish in page and english not in page
    with using_language("es"):
        today = format_date(utcnow().date(), "medium")
    assert today in page  # the growth table's date: the day the figures were published


def test_story_and_title_are_plain_text_and_the_embed_snippet_is_escaped(client):
    run(client, lambda db: open_campaign(db, [(500_00, "medical")] * 6, title="Strike <b>now</b>",
                                         story="First <script>alert(1)</script>\n\nSecond paragraph"))
    page, _counter, embed = pages(client)
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<b>now" not in page
    assert "<p>Second paragraph</p>" in page
    snippet = embed.split('<pre id="snippet"', 1)[1].split("</pre>", 1)[0]
    assert "&lt;a href=&#34;http://127.0.0.1:8000/campaigns/medical-strike&#34;&gt;" in snippet
    assert "&amp;lt;b&amp;gt;" in snippet and "<script" not in snippet


def test_the_published_total_is_the_last_shown_point_so_one_more_member_does_not_show():
    day1, day2 = dt.date(2026, 11, 1), dt.date(2026, 11, 2)
    cells = [{"dimension": "total", "label": "all", "members": 6, "amount_cents": 600_00}]
    daily = [{"day": day1, "members": 5, "amount_cents": 500_00}, {"day": day2, "members": 6, "amount_cents": 600_00}]
    figures = public_figures(cells, daily, breakdown_labels([]), 5)
    assert figures.total == Shown(5, 500_00)
    assert figures.series == [(day1, Shown(5, 500_00))]


def test_every_label_is_published_including_empty_ones_and_target_creditors_only():
    cells = [{"dimension": "total", "label": "all", "members": 9, "amount_cents": 9},
             {"dimension": "creditor", "label": "77", "members": 9, "amount_cents": 9}]
    figures = public_figures(cells, [], breakdown_labels([12]), 5)
    assert list(figures.breakdowns["creditor"]) == ["12"]
    assert figures.breakdowns["creditor"]["12"] == Shown(0, 0)
    assert set(figures.breakdowns["level"]) == {"counted", "pledged", "striking"}
    assert figures.total == Hidden()  # no series point shown yet


def test_the_chart_uses_no_inline_style_and_escapes_its_title():
    svg = str(growth_chart([(dt.date(2026, 11, 1), 5), (dt.date(2026, 11, 9), 12)], title="<Growth>"))
    assert "style=" not in svg and "&lt;Growth&gt;" in svg and "<polyline" in svg
    assert growth_chart([], title="x") == ""


def test_campaigns_past_their_draft_stay_public_with_their_status(client):
    for status, words in (("active", "the strike is on"), ("won", "Won"), ("ended", "Ended"),
                          ("expired", "the threshold was not met in time")):
        run(client, lambda db, s=status: open_campaign(db, [(500_00, "medical")], status=s, slug=f"c-{s}"))
        assert words in client.get(f"/campaigns/c-{status}").text
        assert client.get(f"/campaigns/c-{status}/counter.json").json()["status"] == status
