"""HTML made into PDFs by WeasyPrint, in a bounded pool of worker processes.

The web process never imports WeasyPrint: it runs only in the workers (and in `html_to_pdf` when
called directly, by tests and benchmarks), so Jubilee starts, and every other page works, on a
machine without Pango; there `render_pdf` raises `PdfUnavailable`. WeasyPrint fetches nothing:
its URL fetcher refuses every URL, so no template or member input can make it reach the network or
the disk, and the fonts are the ones installed on the machine (Liberation Serif, DejaVu Serif).
A PDF is made when asked and never stored.

Workers are spawned, not forked, so a script that calls `render_pdf` needs the usual
`if __name__ == "__main__":` guard (Jubilee's commands have it); without it the workers cannot
start and `render_pdf` says so with PdfUnavailable after START_TIMEOUT.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import multiprocessing
import multiprocessing.pool
import os
import signal
import threading
import weakref
from typing import Any, NoReturn

# A worker is replaced after this many letters: a safety net against slow growth of its memory
# (WeasyPrint 69 itself does not leak; a replacement costs about a second of CPU).
LETTERS_PER_WORKER = 500
# Letters longer than this (characters of HTML: a one-page letter has 3,000 to 8,000, a collective
# letter about 36 a named signatory, so from about 5,000 of them) are made one at a time, each by
# a fresh worker.
LONG_LETTER = 200_000
# Workers run at a lower priority, so that pages stay quick while letters are being made.
WORKER_NICENESS = 10
# How long a new worker may take to start (load WeasyPrint and the fonts) before giving up.
START_TIMEOUT = 60.0
# How long a member may wait for a PDF, queueing included, before being told to try again.
RENDER_TIMEOUT = 180.0
# How long stopping a pool of workers may take before the hand-over of a letter is cut (see `stop`).
STOP_PATIENCE = 10.0

log = logging.getLogger("jubilee.pdf")


class PdfUnavailable(Exception):
    """No PDF can be made right now: WeasyPrint or its libraries (Pango) are missing, the worker
    pool could not start or was closed, or the letter waited longer than the time allowed.
    Pages answer 503 with an explanation."""


def refuse_url(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    """WeasyPrint's URL fetcher: nothing is fetched, not even data: or file: URLs. WeasyPrint logs
    the refusal and goes on without the resource."""
    raise PermissionError(f"letters fetch nothing (refused {url[:100]})")


def html_to_pdf(html: str, *, title: str, language: str) -> bytes:
    """The PDF of `html`, with `title` and `language` in its metadata. Synchronous: in the web
    process, call `render_pdf` instead."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or another native library is missing
        raise PdfUnavailable(f"WeasyPrint cannot be loaded: {error}") from None
    document = weasyprint.HTML(string=html, url_fetcher=refuse_url).render()
    document.metadata.title = title
    document.metadata.lang = "en" if language == "bilingual" else language
    pdf = document.write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def pdf_text(pdf: bytes) -> str:
    """The text of every page, in order (pypdf, a development dependency: for tests and benchmarks)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


WARM_UP_HTML = '<html lang="en"><body><p style="font-family: \'Liberation Serif\'">Jubilee</p></body></html>'


def _start_worker() -> None:
    """In each new worker: yield the CPU to the web process, leave Ctrl-C to the server, load
    WeasyPrint and the fonts once."""
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):  # an initializer that raises would restart forever
        html_to_pdf(WARM_UP_HTML, title="", language="en")


def default_workers() -> int:
    """One worker per CPU, at least two."""
    return max(2, os.cpu_count() or 1)


def _settle(future: asyncio.Future[bytes], pdf: bytes | None, error: BaseException | None) -> None:
    if future.done():  # the member gave up waiting
        return
    if error is not None:
        future.set_exception(error)
    else:
        assert pdf is not None
        future.set_result(pdf)


class RenderPool:
    """Worker processes, started at the first letter (spawned: they inherit no socket, lock or
    key of the web process), and a limit on letters in flight per event loop: a burst waits
    here, holding only its HTML, instead of piling work onto the workers.

    A very long letter (a collective letter with thousands of signatories) goes, one at a time,
    to a worker of its own that exits after it, so the memory it took goes back to the system
    instead of staying with a worker that then makes one-page letters for hours."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.timeout = RENDER_TIMEOUT
        self._pools: dict[bool, multiprocessing.pool.Pool] = {}  # by "is it a long letter"
        self._lock = threading.Lock()
        self._slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[bool, asyncio.Semaphore]] = (
            weakref.WeakKeyDictionary())
        self._waiting: dict[asyncio.Future[bytes], asyncio.AbstractEventLoop] = {}

    @property
    def running(self) -> bool:
        return bool(self._pools)

    def resize(self, workers: int | None) -> None:
        """Use `workers` processes (None or 0: one per CPU, at least two) from the next letter."""
        workers = workers or default_workers()
        if workers != self.workers:
            self.close()
            self.workers = workers

    def _open(self, long: bool) -> multiprocessing.pool.Pool:
        with self._lock:
            if long not in self._pools:
                context = multiprocessing.get_context("spawn")
                try:
                    started = context.Pool(1 if long else self.workers, initializer=_start_worker,
                                           maxtasksperchild=1 if long else LETTERS_PER_WORKER)
                except OSError as error:
                    raise PdfUnavailable(f"the PDF workers could not start: {error}") from None
                # A worker that dies as it starts is replaced, forever: make sure one can work.
                try:
                    started.apply_async(os.getpid).get(timeout=START_TIMEOUT)
                except multiprocessing.TimeoutError:
                    started.terminate()
                    raise PdfUnavailable(f"the PDF workers did not start within {START_TIMEOUT:.0f} s") from None
                self._pools[long] = started
            return self._pools[long]

    def _slots_for(self, loop: asyncio.AbstractEventLoop, long: bool) -> asyncio.Semaphore:
        slots = self._slots.get(loop)
        if slots is None:
            # Two letters per worker keep every worker busy while the next one is handed over.
            slots = self._slots[loop] = {False: asyncio.Semaphore(2 * self.workers), True: asyncio.Semaphore(1)}
        return slots[long]

    async def render(self, html: str, *, title: str, language: str) -> bytes:
        loop = asyncio.get_running_loop()
        long = len(html) > LONG_LETTER
        try:
            async with asyncio.timeout(self.timeout):
                async with self._slots_for(loop, long):
                    pool = self._pools.get(long)
                    if pool is None:
                        pool = await asyncio.to_thread(self._open, long)
                    future: asyncio.Future[bytes] = loop.create_future()

                    # Called in the pool's result thread, which must never see an exception.
                    def done(pdf: bytes) -> None:
                        with contextlib.suppress(RuntimeError):  # the loop has closed
                            loop.call_soon_threadsafe(_settle, future, pdf, None)

                    def failed(error: BaseException) -> None:
                        with contextlib.suppress(RuntimeError):
                            loop.call_soon_threadsafe(_settle, future, None, error)

                    self._waiting[future] = loop
                    try:
                        try:
                            pool.apply_async(html_to_pdf, (html,), {"title": title, "language": language},
                                             callback=done, error_callback=failed)
                        except ValueError:  # "Pool not running": closed meanwhile
                            raise PdfUnavailable("the PDF workers were stopped") from None
                        return await future
                    finally:
                        self._waiting.pop(future, None)
        except TimeoutError:
            raise PdfUnavailable(f"the PDF took longer than {self.timeout:.0f} s") from None

    def close(self) -> None:
        """Stop the workers; letters being made fail with PdfUnavailable. The next letter starts
        new workers."""
        with self._lock:
            pools, self._pools = self._pools, {}
            waiting, self._waiting = self._waiting, {}
        for stopping in pools.values():
            stop(stopping)
        for future, loop in waiting.items():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, future, None, PdfUnavailable("the PDF workers were stopped"))


def stop(workers: multiprocessing.pool.Pool, patience: float = STOP_PATIENCE) -> None:
    """Terminate `workers`, and be sure it ends.

    `Pool.terminate` can wait for ever (CPython issues 73945 and 78178, open): when it starts just
    before the pool's task thread hands a letter bigger than the pipe's buffer (64 KiB) to the
    workers, that thread blocks writing it, the workers are killed, and nobody reads the pipe
    again. After `patience` seconds the pool's own end of the pipe is closed: the write fails, the
    letter fails with the others, and the pool finishes stopping."""
    stopping = threading.Thread(target=workers.terminate, name="stopping PDF workers", daemon=True)
    stopping.start()
    stopping.join(patience)
    if stopping.is_alive():
        log.warning("the PDF workers were stopped while a letter was being handed over; the hand-over was cut")
        workers._inqueue._reader.close()  # type: ignore[attr-defined]  # the pool's end of the pipe
        stopping.join()
    workers.join()


pool = RenderPool()


async def render_pdf(html: str, *, title: str, language: str) -> bytes:
    """`html_to_pdf` in a worker process, off the event loop. Raises PdfUnavailable when no PDF
    can be made (no WeasyPrint or Pango on this machine, workers stopped, waited longer than
    `pool.timeout`, queueing included)."""
    return await pool.render(html, title=title, language=language)


def close_pool() -> None:
    """Stop the PDF workers (at the app's shutdown, and in tests)."""
    pool.close()
