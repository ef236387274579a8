"""Letters as PDFs: WeasyPrint alone against the worker pool and the app, 50 letters at once, a
collective letter of 10,000 signatories, and a plain page's latency while letters render.

    python -m bench.letters [--repeat 30] [--burst 50] [--rounds 3] [--signatories 10000] [--no-http]

(a) One-page letter (the cease-communication letter, in English): `html_to_pdf` in this process against
    `render_pdf` through the worker pool, on the same HTML, alternating, `--repeat` times each;
    then, through a real `jubilee serve`, `GET /letters/<id>/pdf` against `html_to_pdf` on the
    letter's own preview HTML (the HTML the route renders). Medians; the goal is < 20 % overhead.
(b) `--burst` different one-page letters through `render_pdf`: one after the other, then all at
    once (`asyncio.gather`), `--rounds` times each: letters per second and their ratio (goal:
    at least 1.6x on two cores).
(c) A campaign's collective letter (campaigns.collective_letter.contents, collective.en.html) with
    `--signatories` named signers and 250 unnamed. Checked for its first and last names; rendered by
    `html_to_pdf` in a fresh worker process: seconds, pages, the worker's peak RSS.
(d) Through the running server: `/` and `/healthz`, one at a time, idle and then while `--burst`
    PDFs are requested at once: p50 / p95 / max (goal: p50 and p95 < 50 ms).

The server runs on SQLite in a temporary directory; a bench member is signed up, adds a debt and
writes that cease letter through the real forms. Writes bench/results/letters-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import multiprocessing
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.client import Connection, build_request, percentile
from bench.common import HOST, ROOT, BenchError
from bench.cpu import background_busy, process_cpu_seconds
from bench.report import RESULTS_DIR, machine_info
from bench.servers import Server, Servers, free_port, jubilee_command, server_env, wait_ready
from bench.signup import sign_up

TODAY = dt.date(2026, 11, 23)


def one_page_html(who: str = "Zephyrine Quackenbush") -> tuple[str, str]:
    """The cease-communication letter ("stop all contact"), in English: (html, title)."""
    from letters.catalogue import CATALOGUE
    from letters.catalogue.pdf import letter_html
    from server import letter_layout
    from tests.letters.values import example_values

    cease = CATALOGUE["cease"]
    values = example_values(cease, sender_name=who, sender_address="12 Elm Street\nSpringfield, IL 62704",
                            recipient_name="Brightwater Recovery Partners",
                            recipient_address="PO Box 9981\nDallas, TX 75201", account_number="QZ4471958832",
                            variant="stop", restrictions=[], lawyer_name=None, lawyer_address=None, also_dispute=False)
    return letter_html(cease, "en", values, TODAY), letter_layout.letter_title(cease, "en")


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def pages_of(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


async def part_a(repeat: int) -> dict[str, Any]:
    from server import pdf

    html, title = one_page_html()
    for _ in range(3):  # warm both: fonts in this process, the workers' start
        pdf.html_to_pdf(html, title=title, language="en")
        await pdf.render_pdf(html, title=title, language="en")
    alone, pooled = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        pdf.html_to_pdf(html, title=title, language="en")
        t1 = time.perf_counter()
        data = await pdf.render_pdf(html, title=title, language="en")
        t2 = time.perf_counter()
        alone.append(t1 - t0)
        pooled.append(t2 - t1)
    median_alone, median_pooled = statistics.median(alone), statistics.median(pooled)
    return {"pages": pages_of(data), "html_bytes": len(html), "pdf_bytes": len(data), "repeat": repeat,
            "weasyprint_alone_ms": ms(median_alone), "render_pdf_pool_ms": ms(median_pooled),
            "pool_overhead_pct": round(100 * (median_pooled / median_alone - 1), 1), "workers": pdf.pool.workers}


async def part_b(burst: int, rounds: int) -> dict[str, Any]:
    from server import pdf

    letters = [one_page_html(f"Member Number {i}") for i in range(burst)]
    await pdf.render_pdf(letters[0][0], title=letters[0][1], language="en")  # the workers are up

    def workers_cpu() -> float:
        return sum(process_cpu_seconds(p.pid) for p in pdf.pool._pools[False]._pool)  # type: ignore[attr-defined]

    sequential, together, cpu = [], [], {"one": 0.0, "all": 0.0}
    for _ in range(rounds):
        c0, t0 = workers_cpu(), time.perf_counter()
        for html, title in letters:
            await pdf.render_pdf(html, title=title, language="en")
        c1, t1 = workers_cpu(), time.perf_counter()
        made = await asyncio.gather(*(pdf.render_pdf(html, title=title, language="en") for html, title in letters))
        c2, t2 = workers_cpu(), time.perf_counter()
        assert len(made) == burst
        sequential.append(t1 - t0)
        together.append(t2 - t1)
        cpu["one"] += c1 - c0
        cpu["all"] += c2 - c1
    one, all_ = statistics.median(sequential), statistics.median(together)
    return {"letters": burst, "rounds": rounds, "workers": pdf.pool.workers,
            "one_at_a_time_s": round(one, 2), "all_at_once_s": round(all_, 2),
            "one_at_a_time_per_s": round(burst / one, 2), "all_at_once_per_s": round(burst / all_, 2),
            "speedup": round(one / all_, 2),
            "workers_cpu_ms_per_letter": {mode: ms(seconds / (burst * rounds)) for mode, seconds in cpu.items()}}


def collective_html(signatories: int) -> tuple[str, str]:
    """(html, source): the campaign's collective letter with `signatories` named signers."""
    from campaigns.collective_letter.contents import collective_html as real_collective_html
    from campaigns.collective_letter.rules import CollectiveLetter, PrintedTotals, Signer, printed_order, signer_counts

    signers = [(f"Signer{i:05d} Lastname{i % 977}", f"City {i % 311}") for i in range(signatories)]
    body = ("We, the members of the Bench Campaign, write to you together about the alleged debts you are "
            "collecting from us.\n\n- Cancel the alleged debts of former students of the closed school.\n"
            "- Correct every credit report you furnished about them.")
    letter = CollectiveLetter(
        campaign="Bench Campaign", contact="https://jubilee.example.org/campaigns/bench",
        recipient="Brightwater Recovery Partners\nPO Box 9981\nDallas, TX 75201", body=body, language="en",
        dated=TODAY, totals=PrintedTotals(TODAY, 12_345, 987_654_321_00, "USD"),
        signers=printed_order(Signer(name, city) for name, city in signers),
        counts=signer_counts(signatories, 250, 5), k=5)
    return real_collective_html(letter), "campaigns/templates/campaigns/collective_letter/pdf/collective.en.html"


def _memory_mb(field: str) -> float:
    """VmRSS or VmHWM (peak) of this process, from /proc: unlike getrusage's ru_maxrss, VmHWM
    starts afresh in a spawned process instead of carrying its parent's peak over the exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    raise BenchError(f"no {field} in /proc/self/status")


def _render_in_fresh_worker(html: str) -> dict[str, Any]:
    """Runs in a new spawned process, started like a pool worker."""
    from server import pdf

    pdf._start_worker()
    before = _memory_mb("VmRSS")
    t0 = time.perf_counter()
    data = pdf.html_to_pdf(html, title="Collective letter", language="en")
    seconds = time.perf_counter() - t0
    return {"seconds": round(seconds, 2), "rss_before_mb": before, "peak_rss_mb": _memory_mb("VmHWM"),
            "pdf": data}


def part_c(signatories: int) -> dict[str, Any]:
    from server import pdf

    html, source = collective_html(signatories)
    with multiprocessing.get_context("spawn").Pool(1) as worker:
        result = worker.apply(_render_in_fresh_worker, (html,))
    data = result.pop("pdf")
    text = pdf.pdf_text(data)
    first, last = "Signer00000", f"Signer{signatories - 1:05d}"
    if first not in text or last not in text:
        raise BenchError("the collective letter lost signatories")
    return {"signatories": signatories, "source": source, "html_bytes": len(html), "pdf_bytes": len(data),
            "pages": pages_of(data), **result}


async def timed_get(connection: Connection, request: bytes) -> tuple[float, int, bytes]:
    t0 = time.perf_counter()
    status, body = await connection.get(request)
    return time.perf_counter() - t0, status, body


def latency(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {"requests": len(values), "p50_ms": ms(percentile(values, 0.5)), "p95_ms": ms(percentile(values, 0.95)),
            "max_ms": ms(values[-1])}


def write_a_letter(port: int) -> tuple[int, dict[str, str]]:
    """Sign up, add a debt and write the same cease letter as `one_page_html` through the forms:
    (letter id, cookies)."""
    import httpx

    cookies = sign_up(port)
    with httpx.Client(base_url=f"http://{HOST}:{port}", cookies=cookies, timeout=30.0) as client:
        def token(path: str) -> str:
            page = client.get(path)
            match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            if page.status_code != 200 or match is None:
                raise BenchError(f"{path}: status {page.status_code}, no form")
            return match.group(1)

        debt = client.post("/debts/new", data={
            "csrf_token": token("/debts/new"), "kind": "credit_card", "original_creditor": "Navient",
            "balance": "1,234.56", "currency": "USD", "status": "collections", "account_number": "QZ4471958832"})
        found = re.search(r"/debts/(\d+)", debt.headers.get("location", ""))
        if debt.status_code != 303 or found is None:
            raise BenchError(f"adding a debt failed: {debt.status_code} {debt.text[:300]}")
        form = f"/debts/{found.group(1)}/letters/cease"
        letter = client.post(form, data={
            "csrf_token": token(form), "letter_language": "en", "sender_name": "Zephyrine Quackenbush",
            "sender_address": "12 Elm Street\nSpringfield, IL 62704", "recipient_name": "Brightwater Recovery Partners",
            "recipient_address": "PO Box 9981\nDallas, TX 75201", "account_number": "QZ4471958832",
            "variant": "stop"})
        written = re.search(r"/letters/(\d+)", letter.headers.get("location", ""))
        if letter.status_code != 303 or written is None:
            raise BenchError(f"writing the letter failed: {letter.status_code} {letter.text[:300]}")
        return int(written.group(1)), {name: client.cookies[name] for name in ("jubilee_csrf", "jubilee_session")}


async def part_http(server: Server, letter_id: int, cookies: dict[str, str], repeat: int, burst: int) -> dict[str, Any]:
    from server import pdf

    port = server.port
    pdf_request = build_request(port, f"/letters/{letter_id}/pdf", cookies)
    connection = Connection(HOST, port)
    _, status, html_bytes = await timed_get(connection, build_request(port, f"/letters/{letter_id}/preview", cookies))
    if status != 200:
        raise BenchError(f"/letters/{letter_id}/preview: status {status}")
    html = html_bytes.decode()
    for _ in range(3):
        _, status, body = await timed_get(connection, pdf_request)
        if status != 200 or not body.startswith(b"%PDF"):
            raise BenchError(f"/letters/{letter_id}/pdf: status {status}, {body[:200]!r}")
        pdf.html_to_pdf(html, title="Letter", language="en")
    alone, http, preview = [], [], []
    preview_request = build_request(port, f"/letters/{letter_id}/preview", cookies)
    for _ in range(repeat):
        t0 = time.perf_counter()
        pdf.html_to_pdf(html, title="Letter", language="en")
        alone.append(time.perf_counter() - t0)
        http.append((await timed_get(connection, pdf_request))[0])
        preview.append((await timed_get(connection, preview_request))[0])
    median_alone, median_http = statistics.median(alone), statistics.median(http)
    # the preview does all the route's own work (member, letter, unsealing, HTML) but the PDF
    one_page = {"pages": pages_of(body), "weasyprint_alone_ms": ms(median_alone), "http_ms": ms(median_http),
                "http_overhead_pct": round(100 * (median_http / median_alone - 1), 1),
                "preview_ms": ms(statistics.median(preview))}

    plain = {path: build_request(port, path, {}) for path in ("/", "/healthz")}
    idle: dict[str, list[float]] = {path: [] for path in plain}
    for _ in range(100):
        for path, request in plain.items():
            idle[path].append((await timed_get(connection, request))[0])

    busy: dict[str, list[float]] = {path: [] for path in plain}
    done = asyncio.Event()

    async def fetch_pdf() -> float:
        own = Connection(HOST, port)
        try:
            seconds, status, _ = await timed_get(own, pdf_request)
            if status != 200:
                raise BenchError(f"a PDF in the burst answered {status}")
            return seconds
        finally:
            own.close()

    async def probe() -> None:
        while not done.is_set():
            for path, request in plain.items():
                busy[path].append((await timed_get(connection, request))[0])
            await asyncio.sleep(0.01)

    prober = asyncio.create_task(probe())
    t0 = time.perf_counter()
    try:
        pdf_times = await asyncio.gather(*(fetch_pdf() for _ in range(burst)))
    finally:
        done.set()
        await prober
    elapsed = time.perf_counter() - t0
    connection.close()
    return {"one_page": one_page, "burst": {"letters": burst, "seconds": round(elapsed, 2),
                                            "letters_per_s": round(burst / elapsed, 2),
                                            "slowest_pdf_ms": ms(max(pdf_times)), "workers_peak_rss_mb": workers_hwm(server)},
            "plain_idle": {path: latency(v) for path, v in idle.items()},
            "plain_during_burst": {path: latency(v) for path, v in busy.items()}}


def workers_hwm(server: Server) -> list[float]:
    """Peak RSS (VmHWM) of the server's child processes: its PDF workers."""
    import os

    peaks = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry.name}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(server.process.pid) and "VmHWM" in fields:
            peaks.append(round(int(fields["VmHWM"].split()[0]) / 1024, 1))
    return sorted(peaks)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.letters", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="one-page letters measured each way (default 30)")
    parser.add_argument("--burst", type=int, default=50, help="letters requested at once (default 50)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the burst comparison (default 3)")
    parser.add_argument("--signatories", type=int, default=10_000, help="names on the collective letter")
    parser.add_argument("--no-http", action="store_true", help="leave out the parts that need a running server")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/letters-<time>.json)")
    args = parser.parse_args(argv)
    if not (1 <= args.repeat <= 10_000 and 1 <= args.burst <= 1000 and 1 <= args.rounds <= 100
            and 1 <= args.signatories <= 200_000):
        parser.error("--repeat, --burst, --rounds and --signatories must be positive (and sensible)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    from importlib import metadata

    from server import pdf

    args = parse_args(argv)
    started = dt.datetime.now(dt.UTC)
    info = machine_info()
    info["packages"].update({p: metadata.version(p) for p in ("weasyprint", "pydyf", "fonttools", "pypdf")})
    document: dict[str, Any] = {"benchmark": "bench.letters", "started_at": started.isoformat(timespec="seconds"),
                                "machine": info, "options": {k: v for k, v in vars(args).items() if k != "output"},
                                "results": {}, "failure": None}
    results = document["results"]
    work_dir = Path(tempfile.mkdtemp(prefix="jubilee-bench-letters-"))
    servers = Servers(work_dir)
    try:
        results["background_busy_pct"] = background_busy(2.0)
        print(f"the machine was {results['background_busy_pct']} % busy before the benchmark", flush=True)
        results["a_one_page"] = asyncio.run(part_a(args.repeat))
        print(f"(a) one page: WeasyPrint alone {results['a_one_page']['weasyprint_alone_ms']} ms, "
              f"pool {results['a_one_page']['render_pdf_pool_ms']} ms "
              f"({results['a_one_page']['pool_overhead_pct']:+} %)", flush=True)
        results["b_burst"] = asyncio.run(part_b(args.burst, args.rounds))
        print(f"(b) {args.burst} letters: one at a time {results['b_burst']['one_at_a_time_per_s']}/s, "
              f"at once {results['b_burst']['all_at_once_per_s']}/s ({results['b_burst']['speedup']}x)", flush=True)
        pdf.close_pool()
        results["c_collective"] = part_c(args.signatories)
        print(f"(c) {args.signatories:,} signatories: {results['c_collective']['seconds']} s, "
              f"{results['c_collective']['pages']} pages, peak RSS {results['c_collective']['peak_rss_mb']} MB",
              flush=True)
        if not args.no_http:
            port = free_port()
            server = servers.start("jubilee", jubilee_command(port),
                                   server_env(JUBILEE_DATA_DIR=str(work_dir / "data")), port)
            wait_ready(server, "/healthz")
            letter_id, cookies = write_a_letter(port)
            results["http"] = asyncio.run(part_http(server, letter_id, cookies, args.repeat, args.burst))
            http = results["http"]
            print(f"(a) through the app: WeasyPrint alone {http['one_page']['weasyprint_alone_ms']} ms, "
                  f"GET /letters/<id>/pdf {http['one_page']['http_ms']} ms ({http['one_page']['http_overhead_pct']:+} %)")
            for when in ("plain_idle", "plain_during_burst"):
                print(f"(d) {when}: " + ", ".join(f"{path} p50 {v['p50_ms']} ms p95 {v['p95_ms']} ms"
                                                  for path, v in http[when].items()), flush=True)
        results["background_busy_pct_after"] = background_busy(2.0)
    except BenchError as error:
        document["failure"] = str(error)
    except KeyboardInterrupt:
        document["failure"] = "interrupted"
    finally:
        pdf.close_pool()
        servers.stop_all()
        shutil.rmtree(work_dir, ignore_errors=True)
    output = args.output or RESULTS_DIR / f"letters-{started:%Y%m%dT%H%M%SZ}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    document["finished_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    output.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nResults written to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    if document["failure"]:
        print(f"bench.letters failed: {document['failure']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
