"""One Spanish term for each concept across every letter and form (the glossary at the top of the
Spanish catalogue, and in docs/letters.md): no Spanish letter template and no Spanish message uses a
term the glossary set aside."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SET_ASIDE = {
    r"\bsupuestas? deudas?\b": "presunta deuda",
    r"\bbancarrota\b": "quiebra",
    r"\bagencias? de crédito\b": "agencia de informes de crédito",
    r"\bagencias? de reportes de crédito\b": "agencia de informes de crédito",
    r"\breportes? de crédito\b": "informe de crédito",
    r"\bdefensa contra el reembolso\b": "defensa contra la obligación de pago (a refund is reembolso, repayment is not)",
    r"\bcobro médico\b": "cuenta de cobranza de deuda médica",
}


def spanish_texts() -> list[tuple[str, str]]:
    templates = [*ROOT.glob("letters/templates/letters/**/*.es.html"),
                 *ROOT.glob("campaigns/templates/campaigns/collective_letter/pdf/*.es.html")]
    texts = [(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")) for path in templates]
    with open(ROOT / "locales/es/LC_MESSAGES/messages.po", "rb") as po:
        for message in read_po(po):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            texts += [(f"msgstr of {message.id!r:.60}", " ".join(strings))]
    return texts


@pytest.mark.parametrize("pattern", list(SET_ASIDE))
def test_no_spanish_letter_or_message_uses_a_term_the_glossary_set_aside(pattern: str) -> None:
    texts = spanish_texts()
    assert len(texts) > 1000  # the templates and the catalogue were read
    found = [where for where, text in texts if re.search(pattern, " ".join(text.split()), re.IGNORECASE)]
    assert not found, f"{pattern} (use {SET_ASIDE[pattern]}) in {found}"
