"""The member sees what they will send: every letter of the catalogue previews, with a blank line
where a detail typed only at download (a Social Security number) goes."""

from __future__ import annotations

import html
import re

import pytest
from starlette.testclient import TestClient

from letters.catalogue import CATALOGUE
from tests.conftest import post, sign_up
from tests.factories.debts import add_debt, debt_id_from
from tests.factories.letters import letter_id_from
from tests.letters.values import debt_kind_for, typed_example


def written(client: TestClient, code: str, language: str = "en", **changes: str) -> int:
    letter_type = CATALOGUE[code]
    debt = debt_id_from(add_debt(client, kind=debt_kind_for(letter_type), notes=""))
    typed = {**typed_example(letter_type, language), "sender_name": "Maria Quintero", **changes}
    return letter_id_from(post(client, f"/debts/{debt}/letters/{code}", typed, follow_redirects=False))


def preview_text(client: TestClient, letter: int) -> str:
    response = client.get(f"/letters/{letter}/preview")
    assert response.status_code == 200, response.text
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_every_letter_previews_with_the_members_name_and_its_body(client: TestClient, code: str) -> None:
    sign_up(client, "maria")
    text = preview_text(client, written(client, code, recipient_address="PO Box 9 Dallas, TX 75201"))
    assert "Maria Quintero" in text and "PO Box 9 Dallas, TX 75201" in text
    body = re.search(r'<div class="body">(.*?)</div>\s*<div class="closing">', client.get(
        f"/letters/{written(client, code)}/preview").text, re.DOTALL)
    assert body and len(re.sub(r"<[^>]+>|\s+", "", body.group(1))) > 200


def test_a_student_loan_preview_leaves_a_line_for_the_ssn_in_the_letters_language(client: TestClient) -> None:
    sign_up(client, "maria")
    for code in ("borrower_defense", "garnishment_hearing", "offset_review"):
        english = preview_text(client, written(client, code))
        assert "Social Security number: ________________ (" in english
        spanish = preview_text(client, written(client, code, "es"))
        assert "Número de Seguro Social: ________________ (" in spanish and "descargar" in spanish
    needed = preview_text(client, written(client, "offset_review"))
    assert "(you type it when you download the letter)" in needed
    optional = preview_text(client, written(client, "garnishment_hearing"))
    assert "(only if you type it when you download the letter)" in optional
