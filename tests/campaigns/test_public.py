"""A campaign's public page, counter and embed show its latest release: approximate figures that
no member's action changes before the next scheduled release, and never a member."""

from __future__ import annotations

import datetime as dt
import re

from campaigns.chart import growth_chart
from campaigns.counters import pledging, queries
from campaigns.counters.release_figures import figures as campaign_figures
from campaigns.counters.release_figures import subject
from campaigns.public.figures import public_figures
from server import crypto, maintenance
from server.db import Database, utcnow
from server.disclosure import noise, store
from server.disclosure.publication import Point, Publication
from server.disclosure.release import scales
from server.disclosure.schedule import release_due
from server.disclosure.wording import Approx
from server.disclosure.wording import amount as amount_words
from server.i18n import format_date, using_language
from tests.conftest import run
from tests.factories.accounts import organizer
from tests.factories.campaigns import NOW, make_debt, make_pledgers, pages, release

OFFSET = 1000  # every released node is exact + 1000: large enough to be shown, and predictable


async def open_campaign(db: Database, debts: list[tuple[int, str]], *, status: str = "open", slug: str = "medical-strike",
                        title: str = "Medical debt strike", story: str = "", currency: str = "USD") -> int:
    """A campaign where each (cents, kind) is one member's pledged debt."""
    campaign = await queries.create_campaign(
        db, slug=slug, title=title, summary="We owe together.", story=story, demands="Cancel it.", status="open",
        currency=currency, threshold_members=100, threshold_cents=None, created_at=NOW, opened_at=NOW,
        start_delay_days=0)
    await pledge_more(db, campaign, debts, slug[:8])
    if status != "open":
        await queries.set_status(db, campaign, "open", status=status)
    return campaign


async def pledge_more(db: Database, campaign: int, debts: list[tuple[int, str]], batch: str) -> None:
    for member, (cents, kind) in zip(await make_pledgers(db, len(debts), batch), debts, strict=True):
        await pledging.pledge(db, None, campaign, member, await make_debt(db, member, cents, kind), "pledged", 0, NOW)


def main_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split('<main', 1)[1].split("</main>", 1)[0]))


def members_margin(settings, terms: int = 1) -> int:
    scale = scales(campaign_figures(settings.dp_clip_dollars), settings.privacy_budget)["members"].scale
    return noise.margin(scale, terms)


def test_before_the_first_release_nothing_is_shown_and_the_page_says_when_figures_come(client):
    run(client, open_campaign, [(1234_56, "medical")] * 30)
    page, counter, embed = pages(client)
    assert counter["released_at"] is None
    assert counter["members"] == {"value": None, "margin": None}
    assert all(value is None for cells in counter["breakdowns"].values() for value in cells.values())
    text = main_text(page)
    assert "No figures yet." in text and "Figures are published once a day" in text
    assert not re.search(r"(?<![\d,.])30(?![\d,.])", main_text(page) + main_text(embed))


def test_the_page_counter_and_embed_show_the_release_with_its_margin(client, settings):
    campaign = run(client, open_campaign, [(1000_00, "medical")] * 6)
    publication = release(client, campaign, offset=OFFSET)
    assert publication.value("members") == 6 + OFFSET  # one period: one node per figure
    page, counter, embed = pages(client)
    margin = members_margin(settings)
    assert counter["members"] == {"value": 6 + OFFSET, "margin": margin}
    assert counter["amount"]["value"] == 6_000 + OFFSET  # whole dollars
    assert counter["released_at"] == publication.released_at.isoformat()
    # each level's node is exact + 1000 too; scaled to the total, each is within twice its margin
    assert counter["breakdowns"]["level"] == {"counted": None, "pledged": None, "striking": None}
    text = main_text(page)
    assert "Members who have joined: about" in text and "give or take" in text
    assert "These figures were published on" in text and "The next update is on" in text
    assert "jubilee-counter" in embed and "about" in embed


def test_published_figures_do_not_change_between_releases_whatever_members_do(client):
    campaign = run(client, open_campaign, [(1000_00, "medical")] * 10)
    release(client, campaign, offset=OFFSET)
    before = pages(client)
    run(client, pledge_more, campaign, [(5000_00, "credit_card")] * 3, "later")

    async def leave_one(db: Database) -> None:
        pledge = (await queries.all_pledges(db, campaign))[0]
        await pledging.withdraw(db, campaign, pledge["member_id"], pledge["debt_id"], dt.datetime.now(dt.UTC))

    run(client, leave_one)
    assert pages(client) == before  # joins, a level change and a departure: nothing moves
    assert release(client, campaign, offset=OFFSET) is None  # the same period is not released twice
    assert pages(client) == before
    release(client, campaign, days=2, offset=OFFSET)
    after = pages(client)[1]
    assert after["members"]["value"] != before[1]["members"]["value"]


def test_the_maintenance_loop_releases_on_the_clock_with_opendp_noise(client, settings):
    campaign = run(client, open_campaign, [(1000_00, "medical")] * 5)
    domains = client.app_state["domains"]

    async def clean_up(db: Database) -> None:
        await maintenance.clean_up(db, settings, crypto.Keyring(settings.encryption_keys, settings.current_key_id),
                                   domains)

    run(client, clean_up)
    publication = run(client, lambda db: store.latest(db, subject(campaign, settings.privacy_budget.period)))
    assert publication is not None
    assert publication.released_at == release_due(utcnow(), settings.privacy_budget.period)
    assert noise.OPENDP_NOISE.__class__.__name__ == "OpenDPNoise"
    # 57 states and 14 kinds, nearly all empty: with OpenDP's noise they cannot all come out exact
    cells = list(publication.cells["region"].values()) + list(publication.cells["kind"].values())
    assert any(value != 0 for value in cells[:-1])


def test_no_member_handle_appears_to_a_visitor_or_an_organizer(client, settings):
    campaign = run(client, open_campaign, [(500_00, "medical")] * 6)
    release(client, campaign, offset=OFFSET)
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
    campaign = run(client, lambda db: open_campaign(db, [(1000_00, "medical")] * 6, currency="MXN"))
    publication = release(client, campaign, offset=OFFSET)
    page = client.get("/campaigns/medical-strike", headers={"Accept-Language": "es"}).text
    amount = Approx(6_000 + OFFSET, publication.margins["amount"])  # far within its margin: "less than about"
    with using_language("es"):
        spanish, day = amount_words(amount, "MXN"), format_date(publication.released_at.date(), "long")
    with using_language("en"):
        english = amount_words(amount, "MXN")
    assert spanish != english
    assert '<html lang="es"' in page and spanish in page and english not in page
    assert day in page  # the growth table's date: the day of the release
    assert "Miembros que se han sumado: unos" in main_text(page)


def test_story_and_title_are_plain_text_and_the_embed_snippet_is_escaped(client):
    campaign = run(client, lambda db: open_campaign(db, [(500_00, "medical")] * 6, title="Strike <b>now</b>",
                                                    story="First <script>alert(1)</script>\n\nSecond paragraph"))
    release(client, campaign, offset=OFFSET)
    page, _counter, embed = pages(client)
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<b>now" not in page
    assert "<p>Second paragraph</p>" in page
    snippet = embed.split('<pre id="snippet"', 1)[1].split("</pre>", 1)[0]
    assert "&lt;a href=&#34;http://127.0.0.1:8000/campaigns/medical-strike&#34;&gt;" in snippet
    assert "&amp;lt;b&amp;gt;" in snippet and "<script" not in snippet


def _publication(cells: dict, margins: dict) -> Publication:
    return Publication(1, dt.datetime(2026, 11, 2, tzinfo=dt.UTC), cells, margins)


def test_every_label_is_published_including_empty_ones_and_target_creditors_only():
    cells = {"members": {"all": 900}, "amount": {"all": 9}, "creditor": {"12": 400, "77": 900}}
    margins = {"members": 50, "amount": 5, "level": 10, "kind": 10, "creditor": 10, "region": 10}
    figures = public_figures(_publication(cells, margins), [], [12], 5)
    assert list(figures.breakdowns["creditor"]) == ["12"]
    assert figures.breakdowns["creditor"]["12"] == 400
    assert set(figures.breakdowns["level"]) == {"counted", "pledged", "striking"}


def test_a_cell_within_twice_its_margin_is_hidden_and_everything_while_the_total_is_within_its_own():
    margins = {"members": 50, "amount": 5, "level": 10, "kind": 30, "creditor": 10, "region": 10}
    shown = public_figures(_publication({"members": {"all": 900}, "kind": {"medical": 61, "payday": 59}}, margins),
                           [], [], 5)
    assert shown.breakdowns["kind"]["medical"] == 61 and shown.breakdowns["kind"]["payday"] is None
    small = public_figures(_publication({"members": {"all": 40}, "kind": {"medical": 500}}, margins), [], [], 5)
    assert small.members is not None and not small.members.telling
    assert all(value is None for value in small.breakdowns["kind"].values())


def test_the_series_is_every_release_never_negative():
    points = [Point(dt.datetime(2026, 11, day, tzinfo=dt.UTC), {"members": {"all": value}, "amount": {"all": value * 10}})
              for day, value in ((2, -3), (3, 7))]
    latest = {"members": {"all": 7}, "amount": {"all": 70}}
    figures = public_figures(_publication(latest, {"members": 1, "amount": 1}), points, [], 5)
    assert figures.series == [(dt.date(2026, 11, 2), 0, 0), (dt.date(2026, 11, 3), 7, 70)]
    # the debt within its margin: the series keeps its members, not its amounts
    figures = public_figures(_publication(latest, {"members": 1, "amount": 500}), points, [], 5)
    assert figures.series == [(dt.date(2026, 11, 2), 0, None), (dt.date(2026, 11, 3), 7, None)]
    # the members within their margin: no series at all, a chart of noise would only mislead
    assert public_figures(_publication(latest, {"members": 50, "amount": 1}), points, [], 5).series == []


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
