"""Every letter of the catalogue, in English, in Spanish and bilingual, made into a PDF through the
worker pool and read back: it is addressed to its recipient, carries the member's name and the
debt's account number, cites its legal basis, numbers its pages, has its title and language in
its metadata — and holds nothing of the member whose letter was made just before."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader

from letters.catalogue import CATALOGUE
from letters.catalogue.letter_type import LetterType, legal_basis_of
from letters.catalogue.pdf import letter_html
from server import letter_layout, pdf
from tests.letters.values import example_values

LANGUAGES = ("en", "es", "bilingual")
EXPECTED = {"validation", "cease", "bureau_dispute", "furnisher_dispute", "medical_assistance", "borrower_defense",
            "garnishment_hearing", "offset_review", "identity_theft_block", "verification_method", "dispute_statement",
            "bankruptcy_discharge", "time_barred", "no_surprises_dispute", "without_validating"}
TODAY = dt.date(2026, 11, 23)

MEMBER = {"sender_name": "Zephyrine Quackenbush", "account_number": "QZ4471958832",
          "recipient_name": "Brightwater Recovery Partners"}
OTHER_MEMBER = {"sender_name": "Marisol Thistlewood", "account_number": "XK9920031177",
                "recipient_name": "Dunmore Collections Group"}


@pytest.fixture(scope="module", autouse=True)
def workers() -> Iterator[None]:
    yield
    pdf.close_pool()


def flat(text: str) -> str:
    """Whitespace as one space, whatever line or page it broke on."""
    return " ".join(text.split())


def make_pdf(letter_type: LetterType, language: str, who: dict[str, str]) -> bytes:
    overrides: dict[str, Any] = {name: value for name, value in who.items()
                                 if any(item.name == name for item in letter_type.fields)}
    html = letter_html(letter_type, language, example_values(letter_type, **overrides), TODAY)
    return asyncio.run(pdf.render_pdf(html, title=letter_layout.letter_title(letter_type, language), language=language))


def test_the_catalogue_has_every_letter_of_the_issue() -> None:
    assert set(CATALOGUE) == EXPECTED
    assert len(CATALOGUE) == 15


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", list(CATALOGUE))
def test_the_pdf_holds_this_letter_and_nothing_of_another_member(code: str, language: str) -> None:
    letter_type = CATALOGUE[code]
    make_pdf(letter_type, language, OTHER_MEMBER)  # just before, through the same workers
    reader = PdfReader(io.BytesIO(make_pdf(letter_type, language, MEMBER)))
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    pages = len(reader.pages)

    assert MEMBER["recipient_name"] in text
    assert MEMBER["sender_name"] in text
    if any(item.name == "account_number" for item in letter_type.fields):
        assert MEMBER["account_number"] in text
    for citation in legal_basis_of(letter_type, example_values(letter_type)):
        assert flat(citation) in text, citation
    for value in OTHER_MEMBER.values():
        assert value not in text
    if language in ("en", "bilingual"):
        assert f"Page 1 of {pages}" in text and "Sincerely," in text
    if language in ("es", "bilingual"):
        assert f"Página {pages} de {pages}" in text and "Atentamente," in text
    if language == "bilingual":
        assert ("Spanish translation, for reference: the English letter above controls "
                "Traducción al español, para referencia: la carta en inglés es la que vale") in text
    assert reader.metadata is not None and reader.metadata.title == letter_layout.letter_title(letter_type, language)
    assert reader.trailer["/Root"]["/Lang"] == ("en" if language == "bilingual" else language)
