"""`jubilee letters samples DIR`: every letter type in every language as a PDF with fake values, for
a lawyer to read before a release; a clear failure where no PDF can be made."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from letters.catalogue import CATALOGUE
from server import cli
from server.letter_layout import LANGUAGES, letter_title

pytestmark = pytest.mark.usefixtures("keep_logging")


def jubilee(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        cli.main(list(args))
        code = 0
    except SystemExit as stopped:
        code = stopped.code if isinstance(stopped.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def operator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment of an operator with a fresh SQLite file."""
    for name in [n for n in os.environ if n.startswith("JUBILEE_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("JUBILEE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("JUBILEE_DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'jubilee.sqlite3'}")


@pytest.mark.usefixtures("operator")
def test_samples_writes_every_letter_in_every_language(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = jubilee(capsys, "letters", "samples", str(tmp_path / "samples"))
    assert code == 0
    for letter_type in CATALOGUE.values():
        for language in LANGUAGES:
            path = tmp_path / "samples" / f"{letter_type.code}.{language}.pdf"
            assert str(path) in out
            reader = PdfReader(io.BytesIO(path.read_bytes()))
            assert reader.metadata is not None and reader.metadata.title == letter_title(letter_type, language)
            text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
            assert "Jane Example" in text and "Example Recipient, Inc." in text
    assert f"{len(CATALOGUE) * len(LANGUAGES)} sample letters" in out


@pytest.mark.usefixtures("operator")
def test_samples_says_so_and_fails_where_weasyprint_cannot_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as on a machine without it
    code, out, err = jubilee(capsys, "letters", "samples", str(tmp_path / "samples"))
    assert code == 1 and ".pdf" not in out
    assert "no sample was written, PDFs cannot be made on this machine: WeasyPrint cannot be loaded" in err
