"""A campaign's collective letter: what it says, who may sign it, and what is printed of its signers.

Pure functions, no I/O. The rules that matter here:
- Members who sign with their name consent to its printing (name and city, nothing else). Members
  who sign without it are a group whose number is released once, with noise, when the letter is
  marked sent (`draw_not_named`), and printed as "about N" only when it says more than its noise
  (`signer_counts`); a draft gives no number, so that nobody can watch it move as members sign.
- The campaign's totals are printed as released on its page, from the last release made by the
  start of the letter's date (`printed_totals`), rounded as the page words them ("about 1,200"),
  so a letter sent today reads the same whenever it is rendered.
- Once sent, the letter is frozen: `content_hash` is the SHA-256 of what it says, kept with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from server.disclosure import noise, shaping, wording
from server.disclosure.noise import OPENDP_NOISE, NoiseSource
from server.disclosure.publication import Publication
from server.forms import Form
from server.i18n import format_number
from server.i18n import gettext as _
from server.letter_layout import LANGUAGES

NAME_MAX = 120
CITY_MAX = 80
RECIPIENT_MAX = 1_000
BODY_MAX = 20_000
LANGUAGE_NAMES = {"en": "English", "es": "Español", "bilingual": "English + español"}
SIGNING = ("named", "not_named")
LIST_MARKERS = ("- ", "* ", "• ")


@dataclass(frozen=True)
class Signer:
    """A signer who chose to be named, as printed."""

    name: str
    city: str


@dataclass(frozen=True)
class SignerCounts:
    """How many signed, as the letter and the organizer's page may say it."""

    named: int  # exact: their names are printed
    not_named: int | None  # about this many (rounded to the noise's step); None: not said
    counted: bool  # False while the letter is a draft: the number is released when it is sent


@dataclass(frozen=True)
class PrintedTotals:
    """The campaign's published total as of `as_of`; all None when nothing may be printed."""

    as_of: dt.date | None
    members: int | None
    amount_cents: int | None
    currency: str


@dataclass(frozen=True)
class CollectiveLetter:
    """Everything the letter says (what the PDF prints and the hash covers)."""

    campaign: str
    contact: str
    recipient: str
    body: str
    language: str
    dated: dt.date
    totals: PrintedTotals
    signers: tuple[Signer, ...]  # named signers, in printed order
    counts: SignerCounts
    k: int


def signer_counts(named: int, released: int | None, margin: int | None) -> SignerCounts:
    """Named signers are printed by name, so their number is no secret. The members who chose not
    to be named are said only as released when the letter was sent (`released`, noisy, with its
    margin): "about N" when that says more than the noise, nothing otherwise."""
    if named < 0:
        raise ValueError("counts cannot be negative")
    if released is None or margin is None:
        return SignerCounts(named, None, False)
    if released <= margin:
        return SignerCounts(named, None, True)
    return SignerCounts(named, wording.rounded(released, margin)[0], True)


def draw_not_named(exact: int, epsilon: float, source: NoiseSource = OPENDP_NOISE) -> tuple[int, int]:
    """The number of members who signed without their name, released once with noise of ε (one
    member signing or not changes it by one), and its margin."""
    scale = noise.laplace_scale(epsilon, 1)
    [value] = source.add_noise([exact], scale)
    return value, noise.margin(scale)


def printed_totals(publication: Publication | None, currency: str) -> PrintedTotals:
    """The campaign's totals as released by `publication` (the last release made by the start of
    the letter's date), rounded to what their margin allows. Nothing is printed before the first
    release, nor while the number of members is within its own margin (too few to say)."""
    if publication is None:
        return PrintedTotals(None, None, None, currency)
    members, amount = shaping.whole(publication.value("members")), shaping.whole(publication.value("amount"))
    if members <= publication.margins["members"]:
        return PrintedTotals(None, None, None, currency)
    as_of = (publication.released_at - dt.timedelta(microseconds=1)).date()  # the events before the release
    shown_members, _margin = wording.rounded(members, publication.margins["members"])
    shown_amount, _margin = wording.rounded(amount, publication.margins["amount"])
    telling = amount > publication.margins["amount"]  # else the amount is left out: mostly noise
    return PrintedTotals(as_of, shown_members, shown_amount * 100 if telling else None, currency)


def printed_order(signers: Iterable[Signer]) -> tuple[Signer, ...]:
    """Alphabetical by name, then city: an order that says nothing about who signed when."""
    return tuple(sorted(signers, key=lambda s: (s.name.casefold(), s.city.casefold(), s.name, s.city)))


def content_hash(letter: CollectiveLetter) -> str:
    """SHA-256 of a canonical serialization (sorted keys, UTF-8 JSON) of what the letter says:
    the campaign's name, the recipient, the body, the language, the date, the totals and the
    signers exactly as printed. Not the contact address, which follows the site's address."""
    totals = letter.totals
    document: dict[str, Any] = {
        "campaign": letter.campaign,
        "recipient": letter.recipient,
        "body": letter.body,
        "language": letter.language,
        "dated": letter.dated.isoformat(),
        "totals": {
            "as_of": totals.as_of.isoformat() if totals.as_of else None,
            "members": totals.members, "amount_cents": totals.amount_cents, "currency": totals.currency,
        },
        "signers": [[s.name, s.city] for s in letter.signers],
        "not_named": letter.counts.not_named if letter.counts.not_named is not None else "not counted",
    }
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def recipient_parts(recipient: str) -> tuple[str, str]:
    """The recipient block's first line (the name) and the rest (the address)."""
    lines = [line.strip() for line in recipient.splitlines() if line.strip()]
    return (lines[0], "\n".join(lines[1:])) if lines else ("", "")


def body_blocks(body: str) -> list[tuple[str, Any]]:
    """The body as blocks: ("paragraph", text) at blank lines, ("list", [items]) for lines that
    start with "- ", "* " or "• " (an indented line after an item continues it). Plain text: the
    templates escape it, nothing is raw HTML."""
    blocks: list[tuple[str, Any]] = []
    for chunk in body.replace("\r\n", "\n").split("\n\n"):
        paragraph: list[str] = []
        items: list[str] | None = None
        for raw in chunk.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith(LIST_MARKERS):
                if paragraph:
                    blocks.append(("paragraph", " ".join(paragraph)))
                    paragraph = []
                if items is None:
                    items = []
                    blocks.append(("list", items))
                items.append(line[2:].strip())
            elif items and not paragraph and raw[:1].isspace():
                items[-1] = f"{items[-1]} {line}"
            else:
                items = None
                paragraph.append(line)
        if paragraph:
            blocks.append(("paragraph", " ".join(paragraph)))
    return blocks


def _one(data: Mapping[str, Any], name: str, limit: int) -> str:
    value = data.get(name)
    return value.replace("\r\n", "\n").strip()[: limit + 1] if isinstance(value, str) else ""


def letter_form(data: Mapping[str, Any]) -> Form:
    """The organizer's form: recipient (name on the first line, then the address), body, language."""
    form = Form({"recipient": _one(data, "recipient", RECIPIENT_MAX), "body": _one(data, "body", BODY_MAX),
                 "language": _one(data, "language", 10)})
    recipient, body, language = form.values["recipient"], form.values["body"], form.values["language"]
    if not recipient:
        form.errors["recipient"] = _("Write who the letter goes to: their name on the first line, then their address.")
    elif len(recipient) > RECIPIENT_MAX:
        form.errors["recipient"] = _("Keep the recipient to %(max)s characters.", max=format_number(RECIPIENT_MAX))
    if not body:
        form.errors["body"] = _("Write the letter: what the campaign's members demand.")
    elif len(body) > BODY_MAX:
        form.errors["body"] = _("Keep the letter to %(max)s characters.", max=format_number(BODY_MAX))
    if language not in LANGUAGES:
        form.errors["language"] = _("Choose the letter's language.")
    if form.ok:
        form.clean = {"recipient": recipient, "body": body, "language": language}
    return form


def _single_line(data: Mapping[str, Any], name: str, limit: int) -> str:
    value = data.get(name)
    return " ".join(value.split())[: limit + 1] if isinstance(value, str) else ""


def signature_form(data: Mapping[str, Any]) -> Form:
    """A member's signature: with their name and city (both required then), or not named."""
    form = Form({"signing": _one(data, "signing", 10), "name": _single_line(data, "name", NAME_MAX),
                 "city": _single_line(data, "city", CITY_MAX)})
    signing, name, city = form.values["signing"], form.values["name"], form.values["city"]
    if signing not in SIGNING:
        form.errors["signing"] = _("Choose how to sign: with your name and city, or without your name.")
    elif signing == "named":
        if not name:
            form.errors["name"] = _("Write your name as it should appear in the letter.")
        elif len(name) > NAME_MAX:
            form.errors["name"] = _("Keep your name to %(max)s characters.", max=NAME_MAX)
        if not city:
            form.errors["city"] = _("Write your city.")
        elif len(city) > CITY_MAX:
            form.errors["city"] = _("Keep your city to %(max)s characters.", max=CITY_MAX)
    if form.ok:
        named = signing == "named"
        form.clean = {"named": named, "name": name if named else None, "city": city if named else None}
    return form
