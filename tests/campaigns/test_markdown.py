"""A campaign's story and demands are Markdown that can neither run a script nor load anything."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from campaigns.markdown import markdown_to_html

MARKDOWN_TAGS = {"p", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "hr", "br", "a", "h3", "h4", "h5",
                 "h6"}


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every start tag a browser would see, with its attributes."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def test_emphasis_lists_and_links_render():
    html = markdown_to_html("We are *many* and **angry**.\n\n- cancel it\n- refund it\n\n1. first\n\n"
                            "[Read the report](https://example.org/report) or <organizers@example.org>")
    assert isinstance(html, Markup)
    assert "<em>many</em>" in html and "<strong>angry</strong>" in html
    assert "<ul>\n<li>cancel it</li>\n<li>refund it</li>\n</ul>" in html and "<ol>\n<li>first</li>" in html
    assert '<a href="https://example.org/report" rel="nofollow noopener">Read the report</a>' in html
    assert '<a href="mailto:organizers@example.org" rel="nofollow noopener">' in html


def test_headings_sit_under_the_pages_own_headings():
    html = markdown_to_html("# Why\n\n## How\n\nWhen\n----\n\n##### Small")
    assert "<h3>Why</h3>" in html and "<h4>How</h4>" in html and "<h4>When</h4>" in html
    assert "<h6>Small</h6>" in html and "<h1" not in html and "<h2" not in html


def test_raw_html_and_script_tags_are_shown_as_text():
    html = markdown_to_html("<script>alert(1)</script>\n\nHello <b>there</b>\n\n<div>\nblock\n</div>")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "<div>" not in html


@pytest.mark.parametrize("text", [
    '<img src="x" onerror="alert(1)">',
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    '<p onmouseover="alert(1)">x</p>',
    '[x](https://example.org "a\\" onclick=\\"alert(1)")',
])
def test_no_event_handler_attribute_gets_through(text):
    assert all(not name.startswith("on") for _tag, attrs in tags(markdown_to_html(text)) for name in attrs)


@pytest.mark.parametrize("link", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java&#x09;script:alert(1)",
    "&#106;avascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "file:///etc/passwd",
])
def test_links_to_anything_but_the_web_or_mail_are_not_links(link):
    for text in (f"[click]({link})", f"<{link}>", f"[click][ref]\n\n[ref]: {link}"):
        html = markdown_to_html(text)
        assert "<a " not in html, html


def test_images_are_never_loaded_but_stay_reachable_as_links():
    html = markdown_to_html("![our march](https://photos.example/march.jpg) and "
                            "[![logo](https://cdn.example/logo.png)](https://union.example)")
    assert "<img" not in html
    assert '<a href="https://photos.example/march.jpg" rel="nofollow noopener">our march</a>' in html
    assert '<a href="https://union.example" rel="nofollow noopener">logo</a>' in html


def test_empty_text_renders_nothing():
    assert markdown_to_html("  \n\n ") == "" and not markdown_to_html("")


@given(st.text(alphabet=st.sampled_from(list("<>&\"'/=:*_[]()!#` \nabcjsvrt;-x%09")), max_size=80))
def test_no_text_whatever_makes_a_tag_or_attribute_markdown_does_not(text):
    for tag, attrs in tags(markdown_to_html(text)):
        assert tag in MARKDOWN_TAGS, tag
        assert set(attrs) <= ({"href", "title", "rel"} if tag == "a" else {"class", "start"}), attrs
        if tag == "a":
            assert attrs["rel"] == "nofollow noopener"
            scheme = re.match(r"([a-z][a-z0-9+.-]*):", re.sub(r"%09|\s", "", attrs["href"] or "").lower())
            assert scheme is None or scheme.group(1) in ("http", "https", "mailto"), attrs["href"]
