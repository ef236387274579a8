"""What a campaign's collective letter says right now (read from the database, names opened with the
server keys), the letter as HTML for its preview and PDF, and the member's part of their campaign
page (`/campaigns/{slug}/me`).

Signers' names and cities are sealed with the server keys, not the member's own key: the letter
the organizers download prints them, which is what signing with one's name means. Members who
sign without it have nothing sealed: the letter only counts them, approximately, once sent
(`rules.signer_counts`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.support import LazyProxy
from starlette.requests import Request

from campaigns.collective_letter import queries
from campaigns.collective_letter.rules import (
    CollectiveLetter,
    Signer,
    body_blocks,
    content_hash,
    printed_order,
    printed_totals,
    recipient_parts,
    signer_counts,
)
from campaigns.collective_letter.tables import campaign_letter_signers
from campaigns.counters import queries as campaign_queries
from campaigns.counters import release_figures
from server import letter_layout
from server.auth import me
from server.crypto import Keyring
from server.db import Database, Row, utcnow
from server.disclosure import store
from server.disclosure.budget import Period
from server.forms import Form
from server.i18n import lazy_gettext as _l
from server.rotation import EncryptedField

NAME = "letter.signer.name"
CITY = "letter.signer.city"
# `jubilee rotate-keys` re-encrypts these with the newest server key
ENCRYPTED_FIELDS = (EncryptedField(campaign_letter_signers, "name_sealed", NAME),
                    EncryptedField(campaign_letter_signers, "city_sealed", CITY))

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class CollectiveKind:
    """The collective letter, as the letter layout sees it: a title, and no law to cite."""

    title: LazyProxy
    legal_basis: tuple[str, ...] = ()


COLLECTIVE = CollectiveKind(_l("Collective letter"))

def precise_now() -> dt.datetime:
    """To the microsecond: a member told "the letter changed after you signed it" compares when the
    letter changed with when they signed, which may fall within one second."""
    return dt.datetime.now(dt.UTC)


def sealed_signature(keyring: Keyring, clean: dict[str, Any]) -> dict[str, Any]:
    """The columns of a signature: name and city sealed when named, nothing kept otherwise."""
    named = bool(clean["named"])
    return {
        "named": named,
        "name_sealed": keyring.encrypt(clean["name"], NAME) if named else None,
        "city_sealed": keyring.encrypt(clean["city"], CITY) if named else None,
    }


def opened_signer(keyring: Keyring, row: Row) -> Signer:
    return Signer(keyring.decrypt(row["name_sealed"], NAME), keyring.decrypt(row["city_sealed"], CITY))


def contact_of(base_url: str, campaign: Row) -> str:
    """The campaign's contact printed on its letter: its public page, never a member's address."""
    return f"{base_url}/campaigns/{campaign['slug']}"


def letter_date(letter: Row, today: dt.date) -> dt.date:
    """The letter's date: the day it was sent, or today while it is a draft."""
    sent_at: dt.datetime | None = letter["sent_at"]
    return sent_at.date() if sent_at is not None else today


async def collective_letter(db: Database, keyring: Keyring, campaign: Row, letter: Row, *, k: int,
                            contact: str, today: dt.date | None = None, period: Period = "daily") -> CollectiveLetter:
    """What the letter says. While it is a draft, its signers are the members still taking part
    in the campaign; once sent, the signers it was sent with (less any who erased their account)."""
    dated = letter_date(letter, today or utcnow().date())
    rows = await queries.signer_rows(db, campaign["id"], taking_part_only=letter["status"] == "draft")
    signers = printed_order(opened_signer(keyring, row) for row in rows if row["named"])
    counts = signer_counts(len(signers), letter.get("not_named_released"), letter.get("not_named_margin"))
    start_of_day = dt.datetime.combine(dated, dt.time(), tzinfo=dt.UTC) + dt.timedelta(microseconds=1)
    publication = await store.latest_before(db, release_figures.subject(campaign["id"], period), start_of_day)
    return CollectiveLetter(
        campaign=campaign["title"], contact=contact, recipient=letter["recipient"], body=letter["body"],
        language=letter["language"], dated=dated, totals=printed_totals(publication, campaign["currency"]),
        signers=signers, counts=counts, k=k,
    )


def collective_html(letter: CollectiveLetter) -> str:
    """The letter as one HTML document, through the layout of every letter
    (`campaigns/collective_letter/pdf/collective.<lang>.html`)."""
    name, address = recipient_parts(letter.recipient)
    values = {
        "sender_name": letter.campaign, "sender_address": letter.contact,
        "recipient_name": name, "recipient_address": address, "account_number": None,
        "blocks": body_blocks(letter.body), "totals": letter.totals, "signers": letter.signers,
        "counts": letter.counts, "k": letter.k,
    }
    return letter_layout.letter_html(letter_layout.environment(TEMPLATES_DIR),
                                     "campaigns/collective_letter/pdf/collective", COLLECTIVE, letter.language,
                                     values, letter.dated)


def pdf_title(letter: CollectiveLetter) -> str:
    return f"{letter.campaign}: {letter_layout.letter_title(COLLECTIVE, letter.language)}"


def matches_hash(letter: CollectiveLetter, stored: str | None) -> bool:
    return stored is not None and content_hash(letter) == stored


def _saved_form(signature: Row | None, signer: Signer | None) -> Form:
    if signature is None:
        return Form({"signing": "", "name": "", "city": ""})
    if signer is None:
        return Form({"signing": "not_named", "name": "", "city": ""})
    return Form({"signing": "named", "name": signer.name, "city": signer.city})


async def member_part(request: Request, campaign: Row) -> dict[str, Any]:
    """The member's part of the campaign's letter, for `campaigns/collective_letter/_sign.html`: the letter
    (None until an organizer has written one), their signature, and the form (as they typed it,
    with messages, when the signing route stored it in `request.state.letter_form`)."""
    db, member, keyring = request.state.db, me(request), request.state.keyring
    letter = await queries.letter_of(db, campaign["id"])
    if letter is None:
        return {"letter": None}
    signature = await queries.signature_of(db, campaign["id"], member.id)
    signer = opened_signer(keyring, signature) if signature is not None and signature["named"] else None
    form: Form = getattr(request.state, "letter_form", None) or _saved_form(signature, signer)
    return {
        "letter": letter,
        "recipient_name": recipient_parts(letter["recipient"])[0],
        "blocks": body_blocks(letter["body"]),
        "signature": signature,
        "signer": signer,
        "taking_part": await campaign_queries.participation(db, campaign["id"], member.id) is not None,
        "changed_since_signing": signature is not None and letter["updated_at"] > signature["signed_at"],
        "form": form,
        "refusal": getattr(request.state, "letter_refusal", ""),
    }
