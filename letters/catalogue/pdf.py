"""A letter of the catalogue as HTML, in its own language, on the shared layout
(`server.letter_layout`); `server.pdf` makes the PDF. Each letter's words are in
`letters/templates/letters/catalogue/<code>.<language>.html`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from letters.catalogue.letter_type import LetterType, legal_basis_of
from server import letter_layout

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"


def _choice_name(letter_type: LetterType, field_name: str, code: str) -> str:
    for item in letter_type.fields:
        if item.name == field_name:
            return str(item.choices[code])
    raise KeyError(f"{letter_type.code} has no field {field_name}")


def letter_html(letter_type: LetterType, language: str, values: Mapping[str, Any], today: dt.date) -> str:
    """The letter from `letters/catalogue/<code>.<language>.html`, citing the law that applies to it."""
    kind = dataclasses.replace(letter_type, legal_basis=legal_basis_of(letter_type, values))
    return letter_layout.letter_html(
        letter_layout.environment(TEMPLATES_DIR), f"letters/catalogue/{letter_type.code}", kind, language,
        values, today, choice_name=partial(_choice_name, letter_type),
    )
