"""A letter as HTML, ready to be made into a PDF: the layout every letter shares (sender,
recipient, date, subject, body, closing, signature, references, page numbers; US Letter, for a
#10 window envelope), written in the letter's own language, or in both ("bilingual": the English
letter, then the Spanish one from a new page, headed in both languages as a translation for
reference under the English letter, which controls, and with no second line to sign).

A domain's letter templates (`<name>.<lang>.html` in its own template folder) extend
`letter_layout.html` and fill its `subject` and `body` blocks.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import jinja2

from server import i18n

LANGUAGES = ("en", "es", "bilingual")
SHELL_TEMPLATES = Path(__file__).resolve().parent / "templates"

# The words the base layout prints, in the letter's language (not the page's: no gettext).
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "re": "Re: account number",
        "closing": "Sincerely,",
        "references": "References:",
        "page": "Page",
        "of": "of",
        "signature": "Signature",
    },
    "es": {
        "re": "Ref.: número de cuenta",
        "closing": "Atentamente,",
        "references": "Referencias:",
        "page": "Página",
        "of": "de",
        "signature": "Firma",
    },
}
# Over the Spanish half of a bilingual letter, in both languages: the recipient reads the English
# letter, and that is the one the member signs.
TRANSLATION_HEADING = (
    "Spanish translation, for reference: the English letter above controls",
    "Traducción al español, para referencia: la carta en inglés es la que vale",
)



class LetterKind(Protocol):
    """What the layout needs of a kind of letter: its name and what it cites."""

    @property
    def title(self) -> Any: ...  # a lazy string, put into words in the letter's language

    @property
    def legal_basis(self) -> Sequence[str]: ...


@functools.cache
def environment(folder: Path) -> jinja2.Environment:
    """Letters' templates in `folder`, over the shared layout; formatted in the current language,
    which `letter_html` sets to the letter's."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([folder, SHELL_TEMPLATES]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(date=i18n.format_date, money=i18n.format_money, number=i18n.format_number,
                       whole_money=i18n.format_whole_money)
    return env


def letter_title(kind: LetterKind, language: str) -> str:
    """The letter's title in the letter's language (both when bilingual)."""
    if language == "bilingual":
        return f"{letter_title(kind, 'en')} / {letter_title(kind, 'es')}"
    with i18n.using_language(language):
        return str(kind.title)


def _render(env: jinja2.Environment, template: str, kind: LetterKind, language: str, values: Mapping[str, Any],
            today: dt.date, extra: Mapping[str, Any], **document: Any) -> str:
    with i18n.using_language(language):
        return env.get_template(f"{template}.{language}.html").render(
            letter=kind, values=values, today=today, language=language, labels=LABELS[language],
            translation_labels=LABELS["es"], translation_heading=TRANSLATION_HEADING, **extra, **document,
        )


def letter_html(env: jinja2.Environment, template: str, kind: LetterKind, language: str, values: Mapping[str, Any],
                today: dt.date, **extra: Any) -> str:
    """The letter as one HTML document, from `<template>.<language>.html` (for "bilingual", the
    `.en` and `.es` ones). `extra` goes to the templates as it is."""
    if language not in LANGUAGES:
        raise ValueError(f"no letters in {language!r}")
    title = letter_title(kind, language)
    if language != "bilingual":
        return _render(env, template, kind, language, values, today, extra, part="whole", title=title,
                       document_language=language, translation=False)
    return (_render(env, template, kind, "en", values, today, extra, part="first", title=title,
                    document_language="en", translation=False)
            + _render(env, template, kind, "es", values, today, extra, part="last", title=title,
                      document_language="en", translation=True))
