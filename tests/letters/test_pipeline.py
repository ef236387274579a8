"""The PDF pipeline itself, with a letter type of its own: nothing is fetched, the letter is in its
own language whatever the page's, member input stays text, the address sits in the envelope's
window, and the worker pool renders letters side by side, can be closed and starts again."""

from __future__ import annotations

import asyncio
import datetime as dt
import http.server
import io
import multiprocessing
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import jinja2
import pytest
from pypdf import PdfReader

from letters.catalogue.letter_type import Field, LetterType, account_field, recipient_fields, sender_fields
from letters.catalogue.pdf import TEMPLATES_DIR, letter_html
from server import letter_layout, pdf
from server.i18n import lazy_gettext as _l
from server.i18n import using_language
from tests.letters.values import example_values

PROBE = LetterType(
    code="pipeline_probe",
    title=_l("Debt validation request"),
    summary=_l("Debt validation request"),
    recipient=_l("The debt collector"),
    legal_basis=("15 U.S.C. § 1692g", "12 CFR 1006.38"),
    fields=(
        *sender_fields(),
        *recipient_fields(_l("The debt collector")),
        account_field(),
        Field("amount", _l("Amount"), kind="money"),
        Field("notice_date", _l("Date"), kind="date"),
        Field("reasons", _l("Why"), kind="choices", choices={"paid": _l("Paid"), "other": _l("Other")}),
        Field("details", _l("Details"), kind="textarea"),
    ),
    cautions=(),
    kinds=None,
    checked_on=dt.date(2026, 11, 22),
)
BODY = """{% extends "letter_layout.html" %}
{% block subject %}SUBJECT{% endblock %}
{% block body %}
<p>BODY {{ values.amount|money("USD") }} {{ values.notice_date|date("long") }}</p>
<ul>{% for code in values.reasons %}<li>{{ choice_name("reasons", code) }}</li>{% endfor %}</ul>
<p>{{ values.details }}</p>
{% endblock %}"""
TEMPLATES = {
    "letters/catalogue/pipeline_probe.en.html": BODY.replace("SUBJECT", "Request about an alleged debt").replace(
        "BODY", "I dispute the amount of"),
    "letters/catalogue/pipeline_probe.es.html": BODY.replace("SUBJECT", "Solicitud sobre una presunta deuda").replace(
        "BODY", "Disputo el monto de"),
    "letters/catalogue/typo.en.html": '{% extends "letter_layout.html" %}{% block body %}{{ values.nme }}{% endblock %}',
}
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def probe_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    loader = jinja2.ChoiceLoader([jinja2.DictLoader(TEMPLATES), letter_layout.environment(TEMPLATES_DIR).loader])  # type: ignore[list-item]
    monkeypatch.setattr(letter_layout.environment(TEMPLATES_DIR), "loader", loader)


@pytest.fixture(scope="module", autouse=True)
def workers() -> Iterator[None]:
    yield
    pdf.close_pool()


def flat(text: str) -> str:
    return " ".join(text.split())


def probe_html(language: str, **overrides: Any) -> str:
    values = example_values(PROBE, sender_name="Zephyrine Quackenbush", account_number="QZ4471958832",
                            recipient_name="Brightwater Recovery Partners", **overrides)
    return letter_html(PROBE, language, values, TODAY)


class CountingServer(http.server.ThreadingHTTPServer):
    requests: list[str]
    url: str


@pytest.fixture
def web_server() -> Iterator[CountingServer]:
    """A server on this machine that counts every request it gets: a test checks `requests`."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append(self.path)
            self.send_response(200)
            self.send_header("content-type", "image/png" if self.path.endswith(".png") else "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args: Any) -> None:
            pass

    server = CountingServer(("127.0.0.1", 0), Handler)
    server.requests = []
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def html_with_urls(base: str) -> str:
    return probe_html("en").replace("</style>", f"""body {{ background-image: url("{base}/background.png"); }}
        @font-face {{ font-family: Remote; src: url("{base}/font.woff2"); }}
        </style><style>@import url("{base}/imported.css");</style>
        <link rel="stylesheet" href="{base}/linked.css">""").replace(
        "</article>", f'<img src="{base}/image.png" alt="x"><img src="file:///etc/hostname" alt="y"></article>')


def test_a_letter_fetches_nothing(web_server: CountingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    refused: list[str] = []
    refuse = pdf.refuse_url

    def recording_refusal(url: str, *args: Any, **kwargs: Any) -> Any:
        refused.append(url)
        return refuse(url, *args, **kwargs)

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(pdf, "refuse_url", recording_refusal)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    letter = pdf.html_to_pdf(html_with_urls(web_server.url), title="Letter", language="en")

    assert {url.removeprefix(web_server.url) for url in refused} >= {
        "/imported.css", "/linked.css", "/image.png", "/background.png", "/font.woff2"}
    assert "file:///etc/hostname" in refused
    assert "Zephyrine Quackenbush" in pdf_text(letter)
    assert web_server.requests == [], f"WeasyPrint fetched {web_server.requests}"


def test_the_pool_fetches_nothing_either(web_server: CountingServer) -> None:
    """In the worker processes nothing can be patched: the server itself says what was asked of it
    (WeasyPrint fetches while it renders, so every request has arrived when the PDF is back)."""
    letter = asyncio.run(pdf.render_pdf(html_with_urls(web_server.url), title="Letter", language="en"))
    assert "Brightwater Recovery Partners" in pdf_text(letter)
    assert web_server.requests == [], f"WeasyPrint fetched {web_server.requests}"


def pdf_text(letter: bytes) -> str:
    return flat(pdf.pdf_text(letter))


def test_the_letter_is_in_its_own_language_whatever_the_page_is_in() -> None:
    with using_language("es"):
        english = flat(letter_html(PROBE, "en", example_values(PROBE), TODAY))
    with using_language("en"):
        spanish = flat(letter_html(PROBE, "es", example_values(PROBE), TODAY))

    assert "November 23, 2026" in english and "I dispute the amount of $1,234.56 March 2, 2026" in english
    assert "Sincerely," in english and "References: 15 U.S.C. § 1692g; 12 CFR 1006.38" in english
    assert "23 de noviembre de 2026" in spanish and "Disputo el monto de $1,234.56 2 de marzo de 2026" in spanish
    assert "Atentamente," in spanish and "Referencias: 15 U.S.C. § 1692g" in spanish
    assert "Sincerely" not in spanish and "Atentamente" not in english


def test_a_bilingual_letter_is_english_then_a_spanish_copy_from_a_new_page() -> None:
    letter = pdf.html_to_pdf(probe_html("bilingual"), title=letter_layout.letter_title(PROBE, "bilingual"), language="bilingual")
    reader = PdfReader(io.BytesIO(letter))
    pages = [flat(page.extract_text()) for page in reader.pages]
    total = len(pages)
    spanish_start = next(i for i, text in enumerate(pages) if "Traducción al español, para referencia" in text)

    assert spanish_start > 0
    assert "Sincerely," in " ".join(pages[:spanish_start]) and "Atentamente," in " ".join(pages[spanish_start:])
    assert f"Page 1 of {total}" in pages[0] and f"Página {total} de {total}" in pages[-1]
    assert reader.trailer["/Root"]["/Lang"] == "en"


@pytest.mark.parametrize("language", ["en", "es"])
def test_title_and_language_are_in_the_pdf_metadata(language: str) -> None:
    letter = pdf.html_to_pdf(probe_html(language), title="Solicitud de validación", language=language)
    reader = PdfReader(io.BytesIO(letter))
    assert reader.metadata is not None and reader.metadata.title == "Solicitud de validación"
    assert reader.trailer["/Root"]["/Lang"] == language


def test_what_a_member_types_stays_text() -> None:
    typed = '<img src="http://127.0.0.1:9/x.png"> <b>bold</b> {{ 7*7 }} & co'
    html = probe_html("en", details=typed)
    assert "<img src=\"http://127.0.0.1:9" not in html.split("</style>")[1]
    assert typed in pdf_text(pdf.html_to_pdf(html, title="Letter", language="en"))


def test_a_mistyped_value_in_a_template_is_an_error_not_a_blank() -> None:
    typo = LetterType(**{**PROBE.__dict__, "code": "typo"})
    with pytest.raises(jinja2.UndefinedError):
        letter_html(typo, "en", example_values(PROBE), TODAY)


def test_the_recipient_address_sits_in_the_window_of_a_number_10_envelope() -> None:
    """Folded in three, the top third shows the address through a window 7/8 in from the left
    and about 2 to 3 1/4 in from the top of the sheet."""
    reader = PdfReader(io.BytesIO(pdf.html_to_pdf(probe_html("en"), title="Letter", language="en")))
    page = reader.pages[0]
    height = float(page.mediabox.height)
    positions: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], *args: Any) -> None:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip():
            positions.setdefault(text.strip(), (x / 72, (height - y) / 72))

    page.extract_text(visitor_text=visit)
    left, top = next(at for text, at in positions.items() if text.startswith("Brightwater"))
    assert 0.8 < left < 1.0
    assert 2.0 < top < 2.5
    assert float(page.mediabox.width) == 8.5 * 72 and height == 11 * 72


def test_pdfs_are_unavailable_without_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # what a missing Pango looks like to Python
    with pytest.raises(pdf.PdfUnavailable):
        pdf.html_to_pdf(probe_html("en"), title="Letter", language="en")


def test_ten_letters_at_once_each_get_their_own_pdf() -> None:
    names = [f"Member Number{chr(65 + i)}x" for i in range(10)]

    async def ten() -> list[bytes]:
        return await asyncio.gather(*(
            pdf.render_pdf(probe_html("en", details=name), title="Letter", language="en") for name in names))

    letters = asyncio.run(ten())
    for name, letter in zip(names, letters, strict=True):
        text = pdf_text(letter)
        assert name in text
        assert not any(other in text for other in names if other != name)


def test_the_pool_can_be_closed_and_opened_again() -> None:
    first = asyncio.run(pdf.render_pdf(probe_html("en"), title="Letter", language="en"))
    pdf.close_pool()
    assert not pdf.pool.running
    second = asyncio.run(pdf.render_pdf(probe_html("es"), title="Carta", language="es"))
    assert pdf.pool.running
    assert "Sincerely," in pdf_text(first) and "Atentamente," in pdf_text(second)


def test_a_letter_being_made_when_the_pool_closes_fails_cleanly() -> None:
    long_letter = probe_html("en", details="Many words. " * 20_000)

    async def close_while_rendering() -> None:
        rendering = asyncio.ensure_future(pdf.render_pdf(long_letter, title="Letter", language="en"))
        for _ in range(1000):  # until it is with a worker
            if pdf.pool._waiting:
                break
            await asyncio.sleep(0.01)
        await asyncio.to_thread(pdf.close_pool)
        with pytest.raises(pdf.PdfUnavailable):
            await rendering

    asyncio.run(close_while_rendering())
    assert "Sincerely," in pdf_text(asyncio.run(pdf.render_pdf(probe_html("en"), title="Letter", language="en")))


class HeldLetter:
    """A letter bigger than a pipe's buffer that the pool's task thread can hand over only once
    `go` is set: it is pickled there, as it is handed over."""

    def __init__(self, go: threading.Event) -> None:
        self.go = go

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        self.go.wait()
        return str, ("x" * 1_000_000,)


def test_stopping_the_workers_ends_even_when_a_big_letter_is_handed_over_as_they_stop() -> None:
    """Pool.terminate alone waits for ever here (CPython issue 73945): the server would not stop,
    nor the test suite end."""
    # Its one worker is still starting (as after it made its LETTERS_PER_WORKER letters), so
    # nothing reads the pipe but the pool itself.
    workers = multiprocessing.get_context("spawn").Pool(1, initializer=time.sleep, initargs=(60,))
    go = threading.Event()
    letter = workers.apply_async(len, (HeldLetter(go),))
    stopping = threading.Thread(target=pdf.stop, args=(workers,), kwargs={"patience": 1.0}, daemon=True)
    stopping.start()
    stopping.join(0.5)  # the pool has stopped reading its pipe: now hand the letter over
    go.set()
    stopping.join(30)
    assert not stopping.is_alive()
    with pytest.raises(Exception):  # noqa: B017  # the letter failed (the exception is the pool's)
        letter.get(timeout=1)


def test_a_long_letter_gets_a_worker_of_its_own_that_then_exits() -> None:
    """So the memory of a 10,000-signatory letter is not kept by a worker for hours."""
    long_letter = probe_html("en").replace("</article>", "<!--" + " " * pdf.LONG_LETTER + "--></article>")
    letter = asyncio.run(pdf.render_pdf(long_letter, title="Letter", language="en"))
    assert "Zephyrine Quackenbush" in pdf_text(letter)
    long_letters = pdf.pool._pools[True]
    assert long_letters.apply(os.getpid) != long_letters.apply(os.getpid)  # each task, a new process
