"""`jubilee letters samples DIR`: every letter of the catalogue, in every language, as a PDF filled
with plainly fake values, for a lawyer to read before a release."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Any

from letters.catalogue import CATALOGUE
from letters.catalogue.letter_type import Field, LetterType
from letters.catalogue.pdf import letter_html
from letters.writing.forms import printed_values
from server.crypto import Keyring
from server.db import Database
from server.domain import Command
from server.letter_layout import LANGUAGES, letter_title
from server.pdf import PdfUnavailable, html_to_pdf

# Values no reader could take for a real person's: reserved or never-issued numbers, "Example" names.
SAMPLE_TEXT = {
    "sender_name": "Jane Example",
    "sender_address": "123 Example Street\nAnytown, ST 00000",
    "recipient_name": "Example Recipient, Inc.",
    "recipient_address": "PO Box 0000\nAnytown, ST 00000",
    "account_number": "EXAMPLE-0000",
    "ssn": "000-00-0000",  # never issued
}
SAMPLE_BIRTH_DATE = dt.date(1980, 1, 1)


def _typed(item: Field, today: dt.date) -> Any:
    """What a member could have typed in `item`, plainly an example."""
    if item.name in SAMPLE_TEXT:
        return SAMPLE_TEXT[item.name]
    if item.kind == "date":
        return (SAMPLE_BIRTH_DATE if "birth" in item.name else today - dt.timedelta(days=7)).isoformat()
    if item.kind == "money":
        return "1,234.56"
    if item.kind == "choice":
        return next(iter(item.choices))
    if item.kind == "choices":
        return list(item.choices)
    if item.kind == "checkbox":
        return "yes"
    words = item.name.replace("_", " ")
    return f"[Example {words}]"[: item.max_length] if item.max_length >= 12 else "3"


def sample_values(letter_type: LetterType, language: str, today: dt.date) -> dict[str, Any]:
    """The values a sample letter prints: every field filled, cleaned as the form cleans them."""
    typed = {item.name: _typed(item, today) for item in letter_type.fields if not item.never_stored}
    never_stored = {item.name: _typed(item, today) for item in letter_type.fields if item.never_stored}
    return printed_values(letter_type, {**typed, "letter_language": language}, today, never_stored)


def write_samples(folder: Path, today: dt.date) -> list[Path]:
    """Every type × language as `<folder>/<code>.<language>.pdf`; raises PdfUnavailable when no PDF
    can be made here."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for letter_type in CATALOGUE.values():
        for language in LANGUAGES:
            html = letter_html(letter_type, language, sample_values(letter_type, language, today), today)
            path = folder / f"{letter_type.code}.{language}.pdf"
            path.write_bytes(html_to_pdf(html, title=letter_title(letter_type, language), language=language))
            print(path, flush=True)
            written.append(path)
    return written


def _arguments(parser: argparse.ArgumentParser) -> None:
    letters = parser.add_subparsers(dest="letters_command", required=True)
    samples = letters.add_parser("samples", help="write every letter type in every language as a sample PDF")
    samples.add_argument("folder", metavar="DIR", type=Path, help="where to write them (made if missing)")


async def _letters(args: argparse.Namespace, db: Database, keyring: Keyring) -> int:
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # not its progress through every page
    try:
        written = write_samples(args.folder, dt.date.today())
    except PdfUnavailable as error:
        print(f"jubilee: no sample was written, PDFs cannot be made on this machine: {error}", file=sys.stderr)
        return 1
    print(f"{len(written)} sample letters in {args.folder}, with fake names, numbers and addresses.")
    return 0


LETTERS = Command("letters", "the catalogue's letters (samples: every letter as a sample PDF)", _letters, _arguments)
