"""A campaign's story and demands: CommonMark, rendered safe to put in the public page; and plain
text (a summary, an announcement) split into paragraphs.

Organizers write Markdown; readers get HTML with nothing that runs or loads. Raw HTML is escaped
(never passed through); links go only to http, https, mailto or a page of this site, and carry
`rel="nofollow noopener"`; an image becomes a link to it, since loading it would tell a third
party who reads the campaign; headings start at `<h3>`, under the page's own `<h1>` and `<h2>`s.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup

SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"
FIRST_HEADING = 3  # a story's `#` is an <h3>
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def is_allowed_link(url: str) -> bool:
    """http, https, mailto, or no scheme at all (a page of this site, an anchor)."""
    # as markdown-it gives it (percent-encoded) and decoded, without what browsers skip in a scheme
    for form in (url, unquote(url)):
        scheme = _SCHEME.match(re.sub(r"[\x00-\x20]", "", form).lower())
        if scheme is not None and scheme.group(1) not in SCHEMES:
            return False
    return True


class _CampaignMarkdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # noqa: N802 (markdown-it's name)
        return is_allowed_link(url)


def _without_images(tokens: list[Token]) -> list[Token]:
    """Each image replaced by a link to it with its words (only the words inside another link):
    nothing is loaded from elsewhere."""
    result: list[Token] = []
    in_link = 0
    for token in tokens:
        in_link += {"link_open": 1, "link_close": -1}.get(token.type, 0)
        if token.type != "image":
            result.append(token)
            continue
        source = str(token.attrGet("src") or "")
        words = token.children or [Token("text", "", 0, content=source)]
        if in_link:
            result += words
        else:
            result += [Token("link_open", "a", 1, attrs={"href": source}), *words, Token("link_close", "a", -1)]
    return result


def _shift_headings_and_mark_links(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1:]) + FIRST_HEADING - 1)}"
        if token.children is None:
            continue
        token.children = _without_images(token.children)
        for child in token.children:
            if child.type == "link_open":
                child.attrSet("rel", LINK_REL)


_markdown = _CampaignMarkdown("commonmark", {"html": False})
_markdown.core.ruler.push("campaign_page", _shift_headings_and_mark_links)


def markdown_to_html(text: str) -> Markup:
    """Safe HTML for a campaign's story or demands; empty (and falsy) for empty text."""
    if not text.strip():
        return Markup("")
    return Markup(_markdown.render(text))  # noqa: S704 (html off, links checked: escaped by markdown-it)


def paragraphs(text: str) -> list[str]:
    """Plain text split into paragraphs at blank lines (escaped by the template, never raw HTML)."""
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block.strip()]
